import { and, inArray, isNull, lt, or, sql } from 'drizzle-orm';
import type { Db } from '../../platform/index.js';
import { getAgency } from '../../directory/index.js';
import { feedbackReports, OPEN_STATUSES } from '../schema.js';
import { recordAction } from './base.js';

/**
 * Chuyển cấp trên khi quá hạn: every open report past its deadline, not yet escalated since that
 * deadline was set, goes to the parent of its agency (an action by 'system'). A report whose agency
 * has no parent is marked escalated and stays where it is, so it is not looked at again.
 * Returns the number of reports moved up.
 */
export async function escalateOverdue(db: Db, now = new Date()): Promise<number> {
  const due = await db
    .select({ id: feedbackReports.id })
    .from(feedbackReports)
    .where(
      and(
        inArray(feedbackReports.status, [...OPEN_STATUSES]),
        lt(feedbackReports.dueAt, now),
        or(isNull(feedbackReports.escalatedAt), lt(feedbackReports.escalatedAt, feedbackReports.dueAt)),
      ),
    )
    .limit(500);
  let moved = 0;
  for (const { id } of due) {
    // One transaction per report: a failure on one leaves the others escalated.
    moved += await db.transaction(async (tx) => {
      const [r] = await tx
        .select()
        .from(feedbackReports)
        .where(sql`${feedbackReports.id} = ${id}`)
        .for('update');
      if (!r || !OPEN_STATUSES.includes(r.status) || r.dueAt >= now || (r.escalatedAt && r.escalatedAt >= r.dueAt))
        return 0;
      const agency = await getAgency(tx, r.agencyId);
      const parent = agency?.parentId ? await getAgency(tx, agency.parentId) : null;
      if (!parent) {
        await tx
          .update(feedbackReports)
          .set({ escalatedAt: now })
          .where(sql`${feedbackReports.id} = ${id}`);
        return 0;
      }
      await recordAction(tx, r, {
        action: 'escalate',
        actor: { kind: 'system', accountId: null },
        to: 'same',
        set: { agencyId: parent.id, escalatedAt: now, handlerAccountId: null },
        details: { reason: 'overdue', fromAgency: agency!.name, toAgency: parent.name, toAgencyId: parent.id },
        now,
      });
      return 1;
    });
  }
  return moved;
}
