import { Type } from 'typebox';
import { defineAction } from './base.js';

/** Tiếp nhận: the agency takes the report on. */
export const accept = defineAction<{ note?: string }>({
  name: 'accept',
  label: { vi: 'Tiếp nhận', en: 'Accept' },
  from: ['new'],
  by: 'staff',
  body: Type.Object({ note: Type.Optional(Type.String({ maxLength: 2000 })) }, { additionalProperties: false }),
  run: ({ input }) => ({ to: 'in_progress', details: input.note ? { note: input.note } : {} }),
});
