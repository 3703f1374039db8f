/**
 * The chainer (liên kết chuỗi băm): links committed audit rows into the hash chain, in order, shortly after they
 * commit. Writers never wait for it: they insert their rows and a queue entry (`audit_pending`) and commit.
 *
 * Each round is one short transaction that first takes a transaction-scoped advisory lock, so exactly one chainer
 * links at a time however many processes serve the database; then it reads the chain's head and the queued rows
 * that have committed, in seq order, links each to the previous hash, writes the links and empties their queue
 * entries, and commits. A row whose transaction commits after later rows were linked is simply linked after them.
 * A chainer that dies mid-round (kill -9) loses its transaction and its lock with its connection; the rows it was
 * linking stay queued and the next round of any instance links them. Each instance runs a round every `intervalMs`
 * (skipping it when another instance holds the lock), and once at start, so nothing stays unlinked longer than that
 * while any instance runs. On PGlite (one connection) a round is a few statements and at most `batch` rows, so
 * requests wait for it no longer than for any short write.
 */
import { sql } from 'drizzle-orm';
import type { Logger } from 'pino';
import { queryRows, type Database, type Executor } from '../db/client.js';
import { GENESIS_HASH, linkHash, type ChainedFields } from './chain.js';

/** Held by the chainer only (transaction-scoped); writers take no lock at all. */
export const CHAINER_LOCK = 74_201_1;

export interface AuditChainerOptions {
  database: Database;
  log: Logger;
  /** How often each instance looks for rows to link (ms, default 200). */
  intervalMs?: number;
  /** Rows linked per transaction at most (default 1000): bounds how long PGlite's one connection is taken. */
  batch?: number;
}

/** A row of audit_log as the chain covers it (raw SQL: snake_case, driver types). */
interface QueuedRow {
  seq: number | string;
  at: Date | string;
  actor_id: string | null;
  actor_label: string;
  action: string;
  target_type: string;
  target_id: string | null;
  request_id: string | null;
  details: Record<string, unknown> | string;
  agency_id: string | null;
  unit_id: string | null;
}

/** The fields of a stored row that its hash covers. */
export function chainedFields(r: QueuedRow): ChainedFields {
  return {
    seq: Number(r.seq),
    at: r.at instanceof Date ? r.at : new Date(r.at),
    actorId: r.actor_id,
    actorLabel: r.actor_label,
    action: r.action,
    targetType: r.target_type,
    targetId: r.target_id,
    requestId: r.request_id,
    details: typeof r.details === 'string' ? (JSON.parse(r.details) as Record<string, unknown>) : r.details,
    agencyId: r.agency_id,
    unitId: r.unit_id,
  };
}

export const QUEUED_COLUMNS = sql.raw(
  'l.seq, l.at, l.actor_id, l.actor_label, l.action, l.target_type, l.target_id, l.request_id, l.details, l.agency_id, l.unit_id',
);

/** Whether any committed row waits to be linked (outside a transaction: one cheap read per idle round). */
async function anyQueued(ex: Executor): Promise<boolean> {
  const [r] = await queryRows<{ queued: boolean }>(
    ex,
    sql`SELECT EXISTS (SELECT 1 FROM audit_pending p JOIN audit_log l ON l.seq = p.seq) AS queued`,
  );
  return Boolean(r?.queued);
}

/**
 * One round in one transaction: links up to `batch` committed rows. `wait`: wait for a chainer of another instance
 * to finish rather than give up. Answers how many rows were linked, or null when another chainer holds the lock.
 */
export async function linkQueued(
  database: Database,
  opts: { wait?: boolean; batch?: number } = {},
): Promise<number | null> {
  const batch = opts.batch ?? 1000;
  return database.db.transaction(async (tx) => {
    // A process that stops mid-round (SIGSTOP, a hung host) must not hold the lock for ever: the server ends it.
    const timeout =
      database.kind === 'postgres' ? sql`, set_config('idle_in_transaction_session_timeout', '30s', true)` : sql``;
    const lock = opts.wait
      ? sql`SELECT true AS locked${timeout} FROM pg_advisory_xact_lock(${CHAINER_LOCK})`
      : sql`SELECT pg_try_advisory_xact_lock(${CHAINER_LOCK}) AS locked${timeout}`;
    const [got] = await queryRows<{ locked: boolean }>(tx, lock);
    if (!got?.locked) return null;
    // After the lock, in statements of their own: their snapshots see what the last chainer committed.
    const [head] = await queryRows<{ pos: number | string; hash: string }>(
      tx,
      sql`SELECT pos, hash FROM audit_chain ORDER BY pos DESC LIMIT 1`,
    );
    const rows = await queryRows<QueuedRow>(
      tx,
      sql`SELECT ${QUEUED_COLUMNS} FROM audit_pending p JOIN audit_log l ON l.seq = p.seq ORDER BY p.seq LIMIT ${batch}`,
    );
    if (!rows.length) return 0;
    let pos = head ? Number(head.pos) : 0;
    let prevHash = head?.hash ?? GENESIS_HASH;
    const links = rows.map((r) => {
      const hash = linkHash(prevHash, chainedFields(r));
      const link = { pos: ++pos, seq: Number(r.seq), prev_hash: prevHash, hash };
      prevHash = hash;
      return link;
    });
    await tx.execute(sql`WITH linked AS (
        INSERT INTO audit_chain (pos, seq, prev_hash, hash)
        SELECT pos, seq, prev_hash, hash FROM jsonb_to_recordset(${JSON.stringify(links)}::jsonb) AS r(pos int8, seq int8, prev_hash text, hash text)
        RETURNING seq)
      DELETE FROM audit_pending WHERE seq IN (SELECT seq FROM linked)`);
    return links.length;
  });
}

export class AuditChainer {
  private readonly database: Database;
  private readonly log: Logger;
  private readonly intervalMs: number;
  private readonly batch: number;
  private started = false;
  private timer: NodeJS.Timeout | null = null;
  /** This process's rounds run one after the other (the timer's and chainNow's). */
  private last: Promise<unknown> = Promise.resolve();

  constructor(opts: AuditChainerOptions) {
    this.database = opts.database;
    this.log = opts.log.child({ component: 'audit-chainer' });
    this.intervalMs = Math.max(10, opts.intervalMs ?? 200);
    this.batch = Math.max(1, opts.batch ?? 1000);
  }

  get running(): boolean {
    return this.started;
  }

  /**
   * Links rows every `intervalMs`, starting now: rows a crash left queued are linked at once. Answers when that
   * first round is over (a caller need not wait for it).
   */
  start(): Promise<void> {
    if (this.started)
      return this.last.then(
        () => undefined,
        () => undefined,
      );
    this.started = true;
    return this.round();
  }

  /** Stops the timer and waits for a round under way, so the database can be closed after it. */
  async stop(): Promise<void> {
    this.started = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.last.catch(() => undefined);
  }

  /**
   * Links every row committed before the call (waiting for another instance's chainer if it is linking), then
   * answers how many this call linked. For tests, tools and readers that want the chain complete.
   */
  chainNow(): Promise<number> {
    return this.serial(async () => {
      let total = 0;
      while (await anyQueued(this.database.db)) {
        const n = (await linkQueued(this.database, { wait: true, batch: this.batch })) ?? 0;
        total += n;
        if (n < this.batch) break;
      }
      return total;
    });
  }

  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.last.catch(() => undefined).then(fn);
    this.last = run;
    return run;
  }

  private schedule(delay: number) {
    if (!this.started) return;
    this.timer = setTimeout(() => void this.round(), delay);
    this.timer.unref();
  }

  private async round(): Promise<void> {
    this.timer = null;
    try {
      await this.serial(async () => {
        // A full batch means more are queued: go on at once (yielding to requests between transactions).
        for (let n = this.batch; n === this.batch && this.started;) {
          if (!(await anyQueued(this.database.db))) break;
          n = (await linkQueued(this.database, { batch: this.batch })) ?? 0;
          if (n === this.batch) await new Promise((r) => setImmediate(r));
        }
      });
    } catch (err) {
      this.log.error({ err }, 'audit chainer: linking failed; retrying at the next round');
    }
    this.schedule(this.intervalMs);
  }
}
