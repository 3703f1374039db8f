import { Type } from 'typebox';
import { defineAction } from './base.js';

/** Đã xử lý: the agency's reply, with photos of the result. The first resolution is kept for statistics. */
export const resolve = defineAction<{ note: string; photos?: string[] }>({
  name: 'resolve',
  label: { vi: 'Hoàn thành xử lý', en: 'Resolve' },
  from: ['in_progress'],
  by: 'staff',
  body: Type.Object(
    {
      note: Type.String({ minLength: 3, maxLength: 4000 }),
      photos: Type.Optional(Type.Array(Type.String({ pattern: '^[0-9a-f]{64}$' }), { maxItems: 10 })),
    },
    { additionalProperties: false },
  ),
  run: ({ report, input, now }) => ({
    to: 'resolved',
    set: { resolvedAt: now, firstResolvedAt: report.firstResolvedAt ?? now },
    details: { note: input.note },
    photos: input.photos,
  }),
});
