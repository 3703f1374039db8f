import { Type } from 'typebox';
import { defineAction, staff } from './base.js';

/** Trả kết quả: the desk hands the result to the applicant. */
export const returnResult = defineAction<{ note?: string }>({
  name: 'return',
  label: { vi: 'Trả kết quả', en: 'Return the result' },
  from: ['result_ready'],
  performers: [staff('dossiers.receive', 'receiving', 'handling')],
  body: Type.Object({ note: Type.Optional(Type.String({ maxLength: 2000 })) }, { additionalProperties: false }),
  run({ now, input }) {
    return { to: 'returned', set: { returnedAt: now }, details: input.note ? { note: input.note } : {} };
  },
});
