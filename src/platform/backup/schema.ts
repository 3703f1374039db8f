import { sql } from 'drizzle-orm';
import { bigint, check, index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

/**
 * Every backup the platform ran (scheduled or asked for), with its outcome: what the administrator and the operations
 * centre read to know whether the province is protected. A scheduled run takes its day's `slot` first, so however many
 * instances run, one backup is made per day.
 */
export const backupRuns = pgTable(
  'backup_runs',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    trigger: text('trigger').notNull(),
    /** The Vietnamese calendar day of a scheduled run (yyyy-mm-dd); null for one asked for. */
    slot: text('slot'),
    status: text('status').notNull().default('running'),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
    archive: text('archive'),
    kind: text('kind'),
    sizeBytes: bigint('size_bytes', { mode: 'number' }),
    sha256: text('sha256'),
    rows: bigint('rows', { mode: 'number' }),
    files: integer('files'),
    /** Archives removed by the retention rule after this run. */
    pruned: integer('pruned'),
    error: text('error'),
    requestedBy: uuid('requested_by'),
  },
  (t) => [
    check('backup_runs_trigger', sql`${t.trigger} IN ('scheduled', 'manual')`),
    check('backup_runs_status', sql`${t.status} IN ('running', 'succeeded', 'failed')`),
    uniqueIndex('backup_runs_slot_uq').on(t.slot),
    index('backup_runs_started_idx').on(t.startedAt),
  ],
);
