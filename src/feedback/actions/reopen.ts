import { Type } from 'typebox';
import { problems } from '../../platform/index.js';
import { feedbackCategories } from '../schema.js';
import { dueAt } from '../deadlines.js';
import { defineAction } from './base.js';
import { eq } from 'drizzle-orm';

const DAY_MS = 86_400_000;

/**
 * Phản ánh lại: the reporter says the problem is back, with a reason and a photo, within the reopen
 * period. It goes back to the same agency with a new deadline; the resolution counts as not lasting.
 */
export const reopen = defineAction<{ reason: string; photos: string[] }>({
  name: 'reopen',
  label: { vi: 'Phản ánh lại', en: 'Reopen' },
  from: ['resolved'],
  by: 'reporter',
  body: Type.Object(
    {
      reason: Type.String({ minLength: 3, maxLength: 2000 }),
      photos: Type.Array(Type.String({ pattern: '^[0-9a-f]{64}$' }), { minItems: 1, maxItems: 5 }),
    },
    { additionalProperties: false },
  ),
  guard: (r, now, s) =>
    r.resolvedAt && now.getTime() - r.resolvedAt.getTime() > s.reopenDays * DAY_MS
      ? {
          vi: `Đã quá ${s.reopenDays} ngày kể từ khi xử lý xong; vui lòng gửi phản ánh mới.`,
          en: `More than ${s.reopenDays} days since it was resolved; please file a new report.`,
        }
      : null,
  async run({ tx, report, input, now, calendar }) {
    const [category] = await tx.select().from(feedbackCategories).where(eq(feedbackCategories.id, report.categoryId));
    if (!category) throw problems.internal();
    const due = dueAt(calendar, category, now);
    return {
      to: 'in_progress',
      set: { reopenCount: report.reopenCount + 1, resolvedAt: null, rating: null, dueAt: due, escalatedAt: null },
      details: { reason: input.reason, dueAt: due.toISOString() },
      photos: input.photos,
    };
  },
});
