/**
 * Warn before a dossier goes late (cảnh báo sắp đến hạn): a periodic scan finds dossiers whose clock
 * runs and whose appointment falls within the next N working hours, and leaves one notification
 * intent per dossier and appointment in the outbox. The notifier (e-mail, SMS) delivers it.
 */
import { and, gte, isNotNull, isNull, lte, notInArray } from 'drizzle-orm';
import { enqueue, type Db, type JobRunner, type WorkingCalendar } from '../../platform/index.js';
import { clock } from './clock.js';
import { dossiers } from './schema.js';
import { CLOSED, FINISHED } from './statuses.js';

export const DUE_SOON_SCAN = 'dossiers.due-soon-scan';
export const NOTIFY_DUE_SOON = 'notify.dossier-due-soon';
export const DUE_SOON_HOURS = 8;
const HOUR = 3_600_000;

/** Enqueues the warnings due now; the dedupe key makes a second scan of the same appointment add nothing. */
export async function scanDueSoon(
  db: Db,
  cal: WorkingCalendar,
  now: Date,
  workingHours = DUE_SOON_HOURS,
): Promise<{ found: number; enqueued: number }> {
  const horizon = cal.addWorkingMs(now, workingHours * HOUR);
  const rows = await db
    .select({
      id: dossiers.id,
      code: dossiers.code,
      dueAt: dossiers.dueAt,
      agencyId: dossiers.currentAgencyId,
      handlerId: dossiers.currentHandlerId,
    })
    .from(dossiers)
    .where(
      and(
        notInArray(dossiers.status, [...FINISHED, ...CLOSED]),
        isNotNull(dossiers.dueAt),
        isNull(dossiers.pausedSince),
        gte(dossiers.dueAt, now),
        lte(dossiers.dueAt, horizon),
      ),
    );
  let enqueued = 0;
  await db.transaction(async (tx) => {
    for (const r of rows) {
      const due = r.dueAt!.toISOString();
      const e = await enqueue(
        tx,
        NOTIFY_DUE_SOON,
        { dossierId: r.id, code: r.code, dueAt: due, agencyId: r.agencyId, handlerId: r.handlerId },
        { dedupeKey: `${NOTIFY_DUE_SOON}:${r.id}:${due}` },
      );
      if (e.created) enqueued++;
    }
  });
  return { found: rows.length, enqueued };
}

export function registerDueSoon(jobs: JobRunner, calendar: () => Promise<WorkingCalendar>, everyMs = 15 * 60_000) {
  jobs.register(DUE_SOON_SCAN, async (job) => {
    const r = await scanDueSoon(job.db, await calendar(), clock.now());
    job.log.info(r, 'dossier due-soon scan');
  });
  jobs.schedule(DUE_SOON_SCAN, everyMs);
}
