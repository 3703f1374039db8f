import { Type } from 'typebox';
import { defineAction, staff } from './base.js';

/**
 * Thu hồi, hủy: an outgoing document stopped before it is issued (a number already given stays on
 * its register line with this document, never reused: the register shows it withdrawn, not a gap);
 * an incoming one registered by mistake (misaddressed: returned to its sender, Nghị định 30 art. 21).
 */
export const withdraw = defineAction<{ reason: string }>({
  name: 'withdraw',
  label: { vi: 'Thu hồi / hủy', en: 'Withdraw' },
  direction: 'both',
  from: ['draft', 'in_review', 'in_approval', 'approved', 'numbered', 'signed', 'registered', 'assigned'],
  performers: [
    staff('documents.approve'),
    staff('documents.register'),
    {
      permission: 'documents.draft',
      scopes: ['drafting_unit', 'agency'],
      only: (d, who) => d.drafterId === who && d.status === 'draft',
    },
  ],
  body: Type.Object({ reason: Type.String({ minLength: 1, maxLength: 2000 }) }, { additionalProperties: false }),
  run({ input }) {
    return { to: 'withdrawn', details: { reason: input.reason } };
  },
});
