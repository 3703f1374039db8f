import { Type } from 'typebox';
import { defineAction, applicant } from './base.js';

/** Đánh giá mức độ hài lòng: once, by the applicant, after the result is returned. */
export const rate = defineAction<{ rating: number; comment?: string }>({
  name: 'rate',
  label: { vi: 'Đánh giá mức độ hài lòng', en: 'Rate' },
  from: ['returned'],
  performers: [applicant],
  body: Type.Object(
    { rating: Type.Integer({ minimum: 1, maximum: 5 }), comment: Type.Optional(Type.String({ maxLength: 2000 })) },
    { additionalProperties: false },
  ),
  guard: (d) =>
    d.rating === null ? null : { vi: 'Hồ sơ đã được đánh giá.', en: 'The dossier has already been rated.' },
  run({ input }) {
    return {
      to: 'same',
      set: { rating: input.rating, ratingComment: input.comment ?? null },
      details: { rating: input.rating },
    };
  },
});
