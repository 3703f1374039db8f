import { and, desc, eq, sql } from 'drizzle-orm';
import type { AppContext } from '../context.js';
import type { Executor } from '../db/client.js';
import { enqueue } from '../jobs/enqueue.js';
import { vnDateParts } from '../http/vn-formats.js';
import { takeBackup, listArchives, type BackupResult } from './backup.js';
import { pruneArchives } from './retention.js';
import { snapshotOf } from './snapshot.js';
import { backupRuns } from './schema.js';

export const BACKUP_CHECK_JOB = 'platform.backup-check';
export const BACKUP_RUN_JOB = 'platform.backup-run';

/** How the province's backups stand, for the administrator and the operations centre. */
export interface BackupStatus {
  state: 'ok' | 'overdue' | 'failed' | 'not-configured' | 'never';
  configured: boolean;
  encrypted: boolean;
  at: string;
  lastSuccess: { at: string; archive: string; sizeBytes: number } | null;
  lastFailure: { at: string; error: string } | null;
  running: boolean;
}

/** A run still 'running' this long after it started was interrupted (the process stopped). */
const INTERRUPTED_AFTER_MS = 6 * 3_600_000;
/** A day's scheduled backup plus this margin: beyond it, the newest success is overdue. */
const OVERDUE_AFTER_MS = 26 * 3_600_000;

function vnMinutes(now: Date): number {
  const t = new Date(now.getTime() + 7 * 3_600_000);
  return t.getUTCHours() * 60 + t.getUTCMinutes();
}

/**
 * Runs one backup for a row of backup_runs and records its outcome; then applies the retention rule. The snapshot is
 * the running database's own (no second process needs the PGlite directory).
 */
export function runBackup(ctx: AppContext, runId: string, appVersion: string): Promise<BackupResult | null> {
  // One at a time in a process: a scheduled and a requested backup would otherwise race on the newest archive.
  const run = queue.then(() => backupOnce(ctx, runId, appVersion));
  queue = run.then(
    () => undefined,
    () => undefined,
  );
  return run;
}

let queue: Promise<unknown> = Promise.resolve();

async function backupOnce(ctx: AppContext, runId: string, appVersion: string): Promise<BackupResult | null> {
  const cfg = ctx.config.backup;
  try {
    if (!cfg.dir) throw new Error('BACKUP_DIR is not set');
    const newestFull = (await listArchives(cfg.dir)).find((a) => !a.base);
    const fullDue = !newestFull || Date.now() - Date.parse(newestFull.createdAt) > cfg.fullEveryDays * 86_400_000;
    const result = await takeBackup(await snapshotOf(ctx.database), ctx.files.store, {
      outDir: cfg.dir,
      key: cfg.key ? { passphrase: cfg.key } : undefined,
      base: fullDue ? undefined : newestFull ? 'latest' : undefined,
      appVersion,
    });
    const pruned = await pruneArchives(cfg.dir, cfg.keep);
    await ctx.db
      .update(backupRuns)
      .set({
        status: 'succeeded',
        finishedAt: new Date(),
        archive: result.archive,
        kind: result.manifest.base ? 'incremental' : 'full',
        sizeBytes: result.size,
        sha256: result.sha256,
        rows: result.manifest.tables.reduce((n, t) => n + t.rows, 0),
        files: result.manifest.files.length,
        pruned: pruned.length,
      })
      .where(eq(backupRuns.id, runId));
    ctx.log.info(
      { archive: result.archive, size: result.size, ms: result.durationMs, pruned: pruned.length },
      'backup written',
    );
    return result;
  } catch (err) {
    ctx.log.error({ err }, 'backup failed');
    await ctx.db
      .update(backupRuns)
      .set({ status: 'failed', finishedAt: new Date(), error: (err as Error).message.slice(0, 2000) })
      .where(eq(backupRuns.id, runId))
      .catch((e: unknown) => ctx.log.error({ err: e }, 'could not record the failed backup'));
    return null;
  }
}

/** Registers the daily check (a scheduled backup once per Vietnamese day, after BACKUP_AT) and the run asked for. */
export function registerBackupJobs(ctx: AppContext, appVersion: string): void {
  ctx.jobs.register<{ runId: string }>(
    BACKUP_RUN_JOB,
    async (job) => void (await runBackup(ctx, job.payload.runId, appVersion)),
  );
  ctx.jobs
    .register(BACKUP_CHECK_JOB, async () => {
      const cfg = ctx.config.backup;
      if (!cfg.dir) return;
      const now = new Date();
      const [h, m] = cfg.at.split(':').map(Number) as [number, number];
      if (vnMinutes(now) < h * 60 + m) return;
      // The day's slot is taken once, whichever instance gets here first.
      const [run] = await ctx.db
        .insert(backupRuns)
        .values({ trigger: 'scheduled', slot: vnDateParts(now).iso })
        .onConflictDoNothing()
        .returning({ id: backupRuns.id });
      if (run) await runBackup(ctx, run.id, appVersion);
    })
    .schedule(BACKUP_CHECK_JOB, 5 * 60_000);
}

export async function backupStatus(
  ctx: AppContext,
  now = new Date(),
): Promise<BackupStatus & { runs: (typeof backupRuns.$inferSelect)[] }> {
  const cfg = ctx.config.backup;
  const runs = await ctx.db.select().from(backupRuns).orderBy(desc(backupRuns.startedAt)).limit(50);
  const shown = runs.map((r) =>
    r.status === 'running' && now.getTime() - r.startedAt.getTime() > INTERRUPTED_AFTER_MS
      ? { ...r, status: 'failed', error: r.error ?? 'interrupted: the process stopped during the backup' }
      : r,
  );
  const success = shown.find((r) => r.status === 'succeeded');
  const failure = shown.find((r) => r.status === 'failed');
  let lastSuccess = success
    ? {
        at: (success.finishedAt ?? success.startedAt).toISOString(),
        archive: success.archive ?? '',
        sizeBytes: success.sizeBytes ?? 0,
      }
    : null;
  // An archive `npm run backup` wrote (a cron job, an operator) into the same directory counts as well.
  const newest = cfg.dir ? (await listArchives(cfg.dir))[0] : undefined;
  if (newest && (!lastSuccess || newest.createdAt > lastSuccess.at))
    lastSuccess = { at: newest.createdAt, archive: newest.archive, sizeBytes: newest.archiveSize };
  const lastFailure = failure
    ? { at: (failure.finishedAt ?? failure.startedAt).toISOString(), error: failure.error ?? '' }
    : null;
  let state: BackupStatus['state'];
  if (!cfg.dir) state = 'not-configured';
  else if (lastFailure && (!lastSuccess || lastFailure.at > lastSuccess.at)) state = 'failed';
  else if (!lastSuccess) state = 'never';
  else if (now.getTime() - Date.parse(lastSuccess.at) > OVERDUE_AFTER_MS) state = 'overdue';
  else state = 'ok';
  return {
    state,
    configured: !!cfg.dir,
    encrypted: !!cfg.key,
    at: cfg.at,
    lastSuccess,
    lastFailure,
    running: shown.some((r) => r.status === 'running'),
    runs: shown,
  };
}

/** A manual run: its row now, in the caller's transaction; the backup by the job runner. A run under way is answered instead. */
export async function requestBackup(tx: Executor, accountId: string | null): Promise<{ id: string; created: boolean }> {
  const running = await tx
    .select({ id: backupRuns.id })
    .from(backupRuns)
    .where(
      and(
        eq(backupRuns.status, 'running'),
        sql`${backupRuns.startedAt} > now() - make_interval(secs => ${INTERRUPTED_AFTER_MS / 1000})`,
      ),
    );
  if (running[0]) return { id: running[0].id, created: false };
  const [run] = await tx
    .insert(backupRuns)
    .values({ trigger: 'manual', requestedBy: accountId })
    .returning({ id: backupRuns.id });
  await enqueue(tx, BACKUP_RUN_JOB, { runId: run!.id });
  return { id: run!.id, created: true };
}
