import { sql } from 'drizzle-orm';
import { bigserial, check, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

export const JOB_STATUSES = ['pending', 'running', 'done', 'dead'] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

/**
 * The transactional outbox and job queue. A row is written in the same transaction as the change
 * that asks for it, so the two commit or vanish together; the runner then delivers it at least once.
 */
export const jobs = pgTable(
  'jobs',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    kind: text('kind').notNull(),
    payload: jsonb('payload').notNull().default({}),
    /** Not before this time: the first run, then each retry after its backoff. */
    runAt: timestamp('run_at', { withTimezone: true }).notNull().defaultNow(),
    /** Runs started so far, counting the one under way; it is also the lease's fencing token. */
    attempts: integer('attempts').notNull().default(0),
    maxAttempts: integer('max_attempts').notNull().default(10),
    status: text('status', { enum: JOB_STATUSES }).notNull().default('pending'),
    /** While running: the lease. A runner that dies lets it expire and the job is run again. */
    lockedUntil: timestamp('locked_until', { withTimezone: true }),
    /** Which runner holds or last held the lease (for people reading the table). */
    lockedBy: text('locked_by'),
    lastError: text('last_error'),
    /** At most one job per key, ever (or until the row is purged): for periodic slots and one-off intents. */
    dedupeKey: text('dedupe_key'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('jobs_dedupe_key_uq').on(t.dedupeKey),
    index('jobs_pending_idx')
      .on(t.runAt)
      .where(sql`${t.status} = 'pending'`),
    index('jobs_running_idx')
      .on(t.lockedUntil)
      .where(sql`${t.status} = 'running'`),
    index('jobs_finished_idx')
      .on(t.finishedAt)
      .where(sql`${t.status} = 'done'`),
    check('jobs_status_check', sql`${t.status} IN ('pending', 'running', 'done', 'dead')`),
    check('jobs_attempts_check', sql`${t.attempts} >= 0 AND ${t.maxAttempts} >= 1`),
  ],
);
