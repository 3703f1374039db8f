import { eq, sql, type SQL } from 'drizzle-orm';
import type { Executor } from '../db/client.js';
import { insertStatement, type InsertStatement } from '../db/bulk-insert.js';
import { queryRows } from '../db/client.js';
import { jobs } from './schema.js';

/** Runners LISTEN here; NOTIFY is delivered only when the enqueuing transaction commits. */
export const JOBS_CHANNEL = 'tinhso_jobs';

export interface EnqueueOptions {
  /** Not before this time (default: now). */
  runAt?: Date;
  /** A second enqueue with the same key adds nothing and answers with the first job's id. */
  dedupeKey?: string;
  /** Runs before the job is declared dead (default 10). */
  maxAttempts?: number;
}

export interface Enqueued {
  id: number;
  /** False when a job with the same dedupe key already existed. */
  created: boolean;
}

/**
 * Adds a job inside the caller's transaction (the outbox): a rolled-back change leaves no job, a
 * committed one always has its job. Runners are woken when the transaction commits.
 */
export async function enqueue(
  tx: Executor,
  kind: string,
  payload: unknown = {},
  opts: EnqueueOptions = {},
): Promise<Enqueued> {
  if (opts.maxAttempts !== undefined && !(Number.isInteger(opts.maxAttempts) && opts.maxAttempts >= 1))
    throw new Error('maxAttempts must be a positive integer');
  const [row] = await tx
    .insert(jobs)
    .values({
      kind,
      payload: payload ?? {},
      ...(opts.runAt ? { runAt: opts.runAt } : {}),
      ...(opts.maxAttempts ? { maxAttempts: opts.maxAttempts } : {}),
      dedupeKey: opts.dedupeKey ?? null,
    })
    .onConflictDoNothing({ target: jobs.dedupeKey })
    .returning({ id: jobs.id });
  if (!row) {
    const [existing] = await tx.select({ id: jobs.id }).from(jobs).where(eq(jobs.dedupeKey, opts.dedupeKey!));
    return { id: Number(existing!.id), created: false };
  }
  // A job due later is found by polling; one due now wakes the runners as soon as this commits.
  if (!opts.runAt || opts.runAt.getTime() <= Date.now())
    await tx.execute(sql`SELECT pg_notify(${JOBS_CHANNEL}, ${kind})`);
  return { id: Number(row.id), created: true };
}

/**
 * Adds several jobs of one kind due now in one statement (a batch of dossier receipts), with one
 * wake-up. Jobs whose dedupe key exists already are left as they are.
 */
export async function enqueueMany(
  tx: Executor,
  kind: string,
  items: { payload: unknown; dedupeKey?: string }[],
): Promise<void> {
  if (!items.length) return;
  const st = enqueueStatement(kind, items);
  await queryRows(tx, st.insert.sql);
  await tx.execute(sql`SELECT ${st.wake}`);
}

/**
 * The same, unrun, for a caller writing it together with other rows in one statement
 * (`insertTogether(tx, { …, jobs: st.insert }, st.wake)`): the insert, and the wake-up to run after it.
 */
export function enqueueStatement(
  kind: string,
  items: { payload: unknown; dedupeKey?: string }[],
): { insert: InsertStatement<unknown>; wake: SQL } {
  return {
    insert: insertStatement(
      jobs,
      items.map((i) => ({ kind, payload: i.payload ?? {}, dedupeKey: i.dedupeKey ?? null })),
      { returning: false, onConflictDoNothing: true },
    ),
    wake: sql`pg_notify(${JOBS_CHANNEL}, ${kind})`,
  };
}
