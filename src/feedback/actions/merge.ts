import { Type } from 'typebox';
import { can, problems } from '../../platform/index.js';
import { feedbackFollowers, OPEN_STATUSES } from '../schema.js';
import { findReport } from '../load.js';
import { defineAction, recordAction } from './base.js';

/**
 * Gộp phản ánh trùng: the agency merges this report into another open one it may handle. The
 * reporter becomes a follower of the other, which records what it absorbed.
 */
export const merge = defineAction<{ intoReportId: string; note?: string }>({
  name: 'merge',
  label: { vi: 'Gộp vào phản ánh khác', en: 'Merge' },
  from: ['new', 'in_progress', 'info_requested'],
  by: 'staff',
  body: Type.Object(
    {
      intoReportId: Type.String({ minLength: 1, maxLength: 64 }),
      note: Type.Optional(Type.String({ maxLength: 2000 })),
    },
    { additionalProperties: false },
  ),
  async run({ tx, report, input, actor, now, scopes }) {
    const into = await findReport(tx, input.intoReportId, { lock: true });
    if (!into || into.id === report.id || !OPEN_STATUSES.includes(into.status)) {
      throw problems.invalidField(
        '/body/intoReportId',
        { vi: 'Phản ánh đích phải là một phản ánh khác đang mở.', en: 'The target must be another open report.' },
        'merge-target',
      );
    }
    if (!(await can(actor.principal, 'feedback.handle', { agencyId: into.agencyId }, scopes))) {
      throw problems.forbidden({
        vi: 'Phản ánh đích không thuộc cơ quan của bạn.',
        en: 'The target report is not handled by your agency.',
      });
    }
    if (report.reporterAccountId || report.reporterPhone) {
      await tx
        .insert(feedbackFollowers)
        .values({
          reportId: into.id,
          accountId: report.reporterAccountId,
          phone: report.reporterAccountId ? null : report.reporterPhone,
        });
    }
    await recordAction(tx, into, {
      action: 'absorb',
      actor,
      to: 'same',
      details: { duplicateOf: report.publicId },
      now,
    });
    return {
      to: 'merged',
      set: { mergedIntoId: into.id },
      details: { mergedInto: into.publicId, ...(input.note ? { note: input.note } : {}) },
    };
  },
});
