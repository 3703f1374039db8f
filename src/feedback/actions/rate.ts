import { Type } from 'typebox';
import { defineAction } from './base.js';

/** Đánh giá: the reporter rates the resolution, once per resolution (a reopen clears it). */
export const rate = defineAction<{ rating: number; comment?: string }>({
  name: 'rate',
  label: { vi: 'Đánh giá kết quả', en: 'Rate' },
  from: ['resolved'],
  by: 'reporter',
  body: Type.Object(
    { rating: Type.Integer({ minimum: 1, maximum: 5 }), comment: Type.Optional(Type.String({ maxLength: 2000 })) },
    { additionalProperties: false },
  ),
  guard: (r) =>
    r.rating === null ? null : { vi: 'Kết quả này đã được đánh giá.', en: 'This resolution has already been rated.' },
  run: ({ input }) => ({
    to: 'same',
    set: { rating: input.rating },
    details: { rating: input.rating, ...(input.comment ? { note: input.comment } : {}) },
  }),
});
