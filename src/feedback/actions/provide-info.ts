import { Type } from 'typebox';
import { and, desc, eq } from 'drizzle-orm';
import { feedbackActions } from '../schema.js';
import { defineAction } from './base.js';

/** Bổ sung thông tin: the reporter answers; the report goes back to where it was before the question. */
export const provideInfo = defineAction<{ answer: string; photos?: string[] }>({
  name: 'provide-info',
  label: { vi: 'Bổ sung thông tin', en: 'Provide information' },
  from: ['info_requested'],
  by: 'reporter',
  body: Type.Object(
    {
      answer: Type.String({ minLength: 1, maxLength: 4000 }),
      photos: Type.Optional(Type.Array(Type.String({ pattern: '^[0-9a-f]{64}$' }), { maxItems: 5 })),
    },
    { additionalProperties: false },
  ),
  async run({ tx, report, input }) {
    const [asked] = await tx
      .select({ from: feedbackActions.fromStatus })
      .from(feedbackActions)
      .where(and(eq(feedbackActions.reportId, report.id), eq(feedbackActions.action, 'request-info')))
      .orderBy(desc(feedbackActions.id))
      .limit(1);
    return {
      to: asked?.from === 'new' ? 'new' : 'in_progress',
      details: { answer: input.answer },
      photos: input.photos,
    };
  },
});
