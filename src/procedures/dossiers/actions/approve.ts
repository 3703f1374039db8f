import { Type } from 'typebox';
import { defineAction, staff } from './base.js';

/** Phê duyệt: the leader of the handling agency signs off the result. */
export const approve = defineAction<{ note?: string }>({
  name: 'approve',
  label: { vi: 'Phê duyệt', en: 'Approve' },
  from: ['awaiting_approval'],
  performers: [staff('dossiers.approve', 'handling')],
  body: Type.Object({ note: Type.Optional(Type.String({ maxLength: 2000 })) }, { additionalProperties: false }),
  run({ input }) {
    return { to: 'approved', details: input.note ? { note: input.note } : {} };
  },
});
