import { Type } from 'typebox';
import { defineAction, staff } from './base.js';

/** Từ chối: the dossier cannot be granted; the reasons are given to the applicant in writing. */
export const refuse = defineAction<{ reasons: string[] }>({
  name: 'refuse',
  label: { vi: 'Từ chối giải quyết', en: 'Refuse' },
  from: ['submitted', 'received', 'processing', 'supplement_requested', 'awaiting_approval', 'suspended'],
  performers: [staff('dossiers.refuse', 'receiving', 'current')],
  body: Type.Object(
    { reasons: Type.Array(Type.String({ minLength: 1, maxLength: 2000 }), { minItems: 1, maxItems: 20 }) },
    { additionalProperties: false },
  ),
  run({ input, now }) {
    return {
      to: 'refused',
      set: { completedAt: now, pausedSince: null, resumeStatus: null },
      details: { reasons: input.reasons },
      notify: true,
    };
  },
});
