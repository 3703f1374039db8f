import { Type } from 'typebox';
import { applicant, defineAction, staff } from './base.js';

/** Rút hồ sơ: the applicant takes the dossier back before there is a result. */
export const withdraw = defineAction<{ reason?: string }>({
  name: 'withdraw',
  label: { vi: 'Rút hồ sơ', en: 'Withdraw' },
  from: ['submitted', 'received', 'processing', 'supplement_requested', 'awaiting_approval', 'suspended'],
  performers: [applicant, staff('dossiers.receive', 'receiving', 'handling')],
  body: Type.Object({ reason: Type.Optional(Type.String({ maxLength: 2000 })) }, { additionalProperties: false }),
  run({ input }) {
    return {
      to: 'withdrawn',
      set: { pausedSince: null, resumeStatus: null },
      details: input.reason ? { reason: input.reason } : {},
    };
  },
});
