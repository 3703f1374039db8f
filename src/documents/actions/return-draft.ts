import { Type } from 'typebox';
import { defineAction, staff } from './base.js';

/** Trả lại: the unit head or the signing leader sends the draft back to its drafter, saying why. */
export const returnDraft = defineAction<{ reason: string }>({
  name: 'return',
  label: { vi: 'Trả lại dự thảo', en: 'Return the draft' },
  direction: 'outgoing',
  from: ['in_review', 'in_approval', 'approved'],
  performers: [staff('documents.review', 'drafting_unit'), staff('documents.approve')],
  body: Type.Object({ reason: Type.String({ minLength: 1, maxLength: 4000 }) }, { additionalProperties: false }),
  run({ input, document: d }) {
    return { to: 'draft', details: { reason: input.reason, version: d.version } };
  },
});
