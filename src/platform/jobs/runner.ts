import crypto from 'node:crypto';
import os from 'node:os';
import { sql, type SQL } from 'drizzle-orm';
import type { Logger } from 'pino';
import type pg from 'pg';
import { queryRows, type Database, type Db } from '../db/client.js';
import { maskIdentityNumbers } from '../logger.js';
import { JOBS_CHANNEL, enqueue } from './enqueue.js';

/** What a handler is given. Delivery is at least once: use `id` to make the handler idempotent. */
export interface Job<P = unknown> {
  id: number;
  kind: string;
  payload: P;
  /** 1 for the first run, 2 for the first retry… */
  attempt: number;
  maxAttempts: number;
  runAt: Date;
  db: Db;
  log: Logger;
  /** Aborted when this runner lost the job's lease or is stopping: stop work that can be stopped. */
  signal: AbortSignal;
}

export type JobHandler<P = unknown> = (job: Job<P>) => Promise<void>;

/** How a claimed job ended: done, to be retried, dead, or taken away (lease lost). */
export type JobOutcome = 'done' | 'retry' | 'dead' | 'lost';

/** A job this runner holds the lease of. `attempt` is the fencing token of that lease. */
export interface ClaimedJob {
  id: number;
  kind: string;
  payload: unknown;
  attempt: number;
  maxAttempts: number;
  runAt: Date;
}

export interface JobRunnerOptions {
  database: Database;
  log: Logger;
  /** How often to look for due jobs when nothing wakes the runner (ms, default 1000). */
  pollMs?: number;
  /** How long a claimed job is ours; renewed while the handler runs (ms, default 5 min). */
  leaseMs?: number;
  /** Jobs run at once by this runner (default 4). */
  concurrency?: number;
  /** Retry delay: base × 2^(attempt−1), capped, minus up to `jitter` of it (defaults 5 s, 1 h, 0.2). */
  backoff?: { baseMs?: number; maxMs?: number; jitter?: number };
  /** Finished jobs are deleted after this long (ms, default 7 days); dead ones are kept. */
  retainDoneMs?: number;
  /** How long `stop` waits for running jobs (ms, default 30 s). */
  stopTimeoutMs?: number;
  /** Names this runner in `locked_by`. */
  instanceId?: string;
  /**
   * The clock (ms since the epoch), for tests that move time instead of waiting for it: periodic
   * slots, and when given, every instant the runner writes or compares in the database (due jobs,
   * leases, retries, retention). By default slots follow this process's clock and the database
   * instants its own now(), which every instance shares.
   */
  now?: () => number;
}

interface Schedule {
  everyMs: number;
  payload: unknown;
  maxAttempts: number;
  lastSlot: number | null;
}

interface ClaimRow {
  id: number | string;
  kind: string;
  payload: unknown;
  attempts: number;
  max_attempts: number;
  run_at: Date | string;
}

const errorText = (err: unknown) =>
  maskIdentityNumbers(err instanceof Error ? (err.stack ?? err.message) : String(err)).slice(0, 4000);
const ms = (n: number) => sql`(${Math.max(0, Math.round(n))}::int8 * interval '1 millisecond')`;

/**
 * Runs jobs from the `jobs` table. Claiming is one statement (`FOR UPDATE SKIP LOCKED` plus a lease),
 * so several instances can run side by side and never hold the same job at once; the handler runs
 * outside any transaction, so on PGlite's single connection it never blocks requests (and is never
 * blocked by a lock of its own). A runner that dies leaves its lease to expire; the job then runs again.
 */
export class JobRunner {
  readonly instanceId: string;
  private readonly db: Db;
  private readonly log: Logger;
  private readonly pollMs: number;
  private readonly leaseMs: number;
  private readonly concurrency: number;
  private readonly backoff: { baseMs: number; maxMs: number; jitter: number };
  private readonly retainDoneMs: number;
  private readonly stopTimeoutMs: number;
  private readonly now: () => number;
  private readonly handlers = new Map<string, JobHandler>();
  private readonly schedules = new Map<string, Schedule>();
  private readonly inFlight = new Map<Promise<JobOutcome>, AbortController>();
  private started = false;
  private timer: NodeJS.Timeout | null = null;
  private ticking: Promise<void> | null = null;
  private again = false;
  private lastClaimFull = false;
  private lastPurge = 0;
  private unlisten: (() => Promise<void>) | null = null;

  constructor(private readonly opts: JobRunnerOptions) {
    this.db = opts.database.db;
    this.instanceId = opts.instanceId ?? `${os.hostname()}:${process.pid}:${crypto.randomBytes(3).toString('hex')}`;
    this.log = opts.log.child({ component: 'jobs', runner: this.instanceId });
    this.pollMs = opts.pollMs ?? 1000;
    this.leaseMs = opts.leaseMs ?? 5 * 60_000;
    this.concurrency = Math.max(1, opts.concurrency ?? 4);
    this.backoff = {
      baseMs: opts.backoff?.baseMs ?? 5000,
      maxMs: opts.backoff?.maxMs ?? 3_600_000,
      jitter: opts.backoff?.jitter ?? 0.2,
    };
    this.retainDoneMs = opts.retainDoneMs ?? 7 * 24 * 3_600_000;
    this.stopTimeoutMs = opts.stopTimeoutMs ?? 30_000;
    this.now = opts.now ?? Date.now;
  }

  /** The database's idea of now for one statement: the injected clock's instant, or now(). */
  private dbNow(): SQL {
    return this.opts.now ? sql`${new Date(this.opts.now()).toISOString()}::timestamptz` : sql`now()`;
  }

  /** Handles jobs of this kind; only kinds with a handler are claimed by this runner. */
  register<P = unknown>(kind: string, handler: JobHandler<P>): this {
    if (this.handlers.has(kind)) throw new Error(`a handler for job kind "${kind}" is already registered`);
    this.handlers.set(kind, handler as JobHandler);
    return this;
  }

  /**
   * Runs `kind` once every `everyMs` (a deadline check every N minutes). Each slot is one job with
   * the dedupe key `schedule:<kind>:<slot start>`, so many instances still run it once per slot; a
   * slot missed while every instance was down is skipped, not caught up.
   */
  schedule(kind: string, everyMs: number, opts: { payload?: unknown; maxAttempts?: number } = {}): this {
    if (!(everyMs >= 1000)) throw new Error('a schedule runs at most once a second');
    this.schedules.set(kind, {
      everyMs,
      payload: opts.payload ?? {},
      maxAttempts: opts.maxAttempts ?? 3,
      lastSlot: null,
    });
    return this;
  }

  get running(): boolean {
    return this.started;
  }

  /** Starts polling and listening for new jobs. */
  async start(): Promise<void> {
    if (this.started) return;
    this.started = true;
    await this.listen();
    this.kick(0);
  }

  /** Stops claiming, then waits (up to `stopTimeoutMs`) for running jobs; unfinished ones are left to their leases. */
  async stop(): Promise<void> {
    this.started = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const unlisten = this.unlisten;
    this.unlisten = null;
    await unlisten?.().catch((err) => this.log.warn({ err }, 'jobs: unlisten failed'));
    await this.ticking;
    if (this.inFlight.size) {
      let timeout: NodeJS.Timeout | undefined;
      await Promise.race([
        Promise.allSettled(this.inFlight.keys()),
        new Promise((r) => (timeout = setTimeout(r, this.stopTimeoutMs))),
      ]);
      clearTimeout(timeout);
    }
    if (this.inFlight.size) {
      this.log.warn(
        { running: this.inFlight.size },
        'jobs: stopped with jobs still running; their leases will expire and they will run again',
      );
      for (const ac of this.inFlight.values()) ac.abort(new Error('runner stopping'));
    }
  }

  /** Looks for due jobs now rather than at the next poll. */
  nudge(): void {
    if (!this.started) return;
    if (this.ticking) this.again = true;
    else this.kick(0);
  }

  /**
   * Runs every due job (and the ones those enqueue, when due) until none is left, then returns.
   * For tests and tools: deterministic, whether or not the runner was started.
   */
  async drain(opts: { maxJobs?: number } = {}): Promise<{ ran: number; failed: number }> {
    const maxJobs = opts.maxJobs ?? 10_000;
    let ran = 0;
    let failed = 0;
    for (;;) {
      await this.ticking;
      await this.maintain();
      const claimed = ran < maxJobs ? await this.claim(Math.min(this.concurrency, maxJobs - ran)) : [];
      if (!claimed.length) {
        if (!this.inFlight.size) break;
        await Promise.allSettled(this.inFlight.keys());
        continue;
      }
      const outcomes = await Promise.all(claimed.map((c) => this.track(c)));
      ran += outcomes.length;
      failed += outcomes.filter((o) => o !== 'done').length;
    }
    return { ran, failed };
  }

  private kick(delay: number) {
    if (!this.started) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.loop(), delay);
    this.timer.unref();
  }

  private async loop(): Promise<void> {
    this.timer = null;
    if (!this.started || this.ticking) return;
    this.ticking = (async () => {
      do {
        this.again = false;
        try {
          await this.tick();
        } catch (err) {
          this.log.error({ err }, 'jobs: poll failed');
        }
      } while (this.again && this.started);
    })();
    await this.ticking;
    this.ticking = null;
    this.kick(this.pollMs);
  }

  private async tick(): Promise<void> {
    await this.maintain();
    const free = this.concurrency - this.inFlight.size;
    if (free <= 0) return;
    const claimed = await this.claim(free);
    this.lastClaimFull = claimed.length === free;
    for (const c of claimed) void this.track(c);
  }

  private track(c: ClaimedJob): Promise<JobOutcome> {
    const ac = new AbortController();
    const p = this.execute(c, ac).finally(() => {
      this.inFlight.delete(p);
      // A full batch means more may be waiting: look again as soon as a slot frees up.
      if (this.lastClaimFull) this.nudge();
    });
    this.inFlight.set(p, ac);
    return p;
  }

  /** Housekeeping each poll: expired leases, periodic slots, and (hourly) purging old finished jobs. */
  private async maintain(): Promise<void> {
    await this.recover();
    await this.enqueueSchedules();
    if (this.now() - this.lastPurge > 3_600_000) {
      this.lastPurge = this.now();
      await this.purge();
    }
  }

  /**
   * Jobs whose lease expired (their runner died or hung) go back to pending after a backoff, or die
   * when that was their last attempt.
   */
  async recover(): Promise<number> {
    const { baseMs, maxMs } = this.backoff;
    const now = this.dbNow();
    const rows = await queryRows<{ id: number | string; status: string; kind: string; locked_by: string | null }>(
      this.db,
      sql`UPDATE jobs SET
            status = CASE WHEN attempts >= max_attempts THEN 'dead' ELSE 'pending' END,
            finished_at = CASE WHEN attempts >= max_attempts THEN ${now} END,
            run_at = ${now} + least(${maxMs}::float8, ${baseMs}::float8 * power(2, greatest(attempts - 1, 0))) * interval '1 millisecond',
            locked_until = NULL,
            last_error = 'lease expired: runner ' || coalesce(locked_by, '?') || ' did not finish attempt ' || attempts
          WHERE status = 'running' AND locked_until < ${now}
          RETURNING id, status, kind, locked_by`,
    );
    for (const r of rows)
      this.log.warn(
        { jobId: Number(r.id), kind: r.kind, status: r.status, lockedBy: r.locked_by },
        'jobs: lease expired, job recovered',
      );
    return rows.length;
  }

  /**
   * Takes up to `limit` due jobs of the kinds this runner handles, under a lease. Exposed for tests
   * (a claim not followed by `execute` is a runner that died).
   */
  async claim(limit: number): Promise<ClaimedJob[]> {
    const kinds = [...this.handlers.keys()];
    if (!kinds.length || limit <= 0) return [];
    const now = this.dbNow();
    const rows = await queryRows<ClaimRow>(
      this.db,
      sql`UPDATE jobs SET status = 'running', attempts = attempts + 1, locked_until = ${now} + ${ms(this.leaseMs)}, locked_by = ${this.instanceId}
          WHERE id IN (
            SELECT id FROM jobs
            WHERE status = 'pending' AND run_at <= ${now} AND kind IN (${sql.join(
              kinds.map((k) => sql`${k}`),
              sql`, `,
            )})
            ORDER BY run_at, id
            LIMIT ${limit}
            FOR UPDATE SKIP LOCKED)
          RETURNING id, kind, payload, attempts, max_attempts, run_at`,
    );
    return rows
      .map((r) => ({
        id: Number(r.id),
        kind: r.kind,
        payload: r.payload,
        attempt: Number(r.attempts),
        maxAttempts: Number(r.max_attempts),
        runAt: new Date(r.run_at),
      }))
      .sort((a, b) => a.runAt.getTime() - b.runAt.getTime() || a.id - b.id);
  }

  /** Runs a claimed job's handler and records the outcome; the lease is renewed while it runs. */
  async execute(c: ClaimedJob, ac = new AbortController()): Promise<JobOutcome> {
    const handler = this.handlers.get(c.kind);
    const log = this.log.child({ jobId: c.id, kind: c.kind, attempt: c.attempt });
    const heartbeat = setInterval(
      () => {
        void this.renew(c).then(
          (held) => {
            if (!held && !ac.signal.aborted) {
              log.warn('jobs: lease lost while running; another runner may run this job again');
              ac.abort(new Error('lease lost'));
            }
          },
          (err) => log.warn({ err }, 'jobs: lease renewal failed'),
        );
      },
      Math.max(50, Math.floor(this.leaseMs / 3)),
    );
    heartbeat.unref();
    try {
      if (!handler) throw new Error(`no handler for job kind "${c.kind}"`);
      await handler({
        id: c.id,
        kind: c.kind,
        payload: c.payload,
        attempt: c.attempt,
        maxAttempts: c.maxAttempts,
        runAt: c.runAt,
        db: this.db,
        log,
        signal: ac.signal,
      });
    } catch (err) {
      clearInterval(heartbeat);
      return this.fail(c, err, log);
    }
    clearInterval(heartbeat);
    try {
      return (await this.complete(c)) ? 'done' : 'lost';
    } catch (err) {
      log.error({ err }, 'jobs: could not record completion; the job will run again when its lease expires');
      return 'lost';
    }
  }

  /** Marks a job done, if this runner still holds its lease. False when it was taken away. */
  async complete(c: ClaimedJob): Promise<boolean> {
    const rows = await queryRows<{ id: number }>(
      this.db,
      sql`UPDATE jobs SET status = 'done', finished_at = ${this.dbNow()}, locked_until = NULL
          WHERE id = ${c.id} AND status = 'running' AND attempts = ${c.attempt} RETURNING id`,
    );
    if (!rows.length)
      this.log.warn(
        { jobId: c.id, kind: c.kind, attempt: c.attempt },
        'jobs: finished after losing the lease; the job may have run twice',
      );
    return rows.length > 0;
  }

  private async renew(c: ClaimedJob): Promise<boolean> {
    const rows = await queryRows<{ id: number }>(
      this.db,
      sql`UPDATE jobs SET locked_until = ${this.dbNow()} + ${ms(this.leaseMs)} WHERE id = ${c.id} AND status = 'running' AND attempts = ${c.attempt} RETURNING id`,
    );
    return rows.length > 0;
  }

  /** The delay before retry number `attempt` (1 = after the first failure). */
  backoffMs(attempt: number): number {
    const { baseMs, maxMs, jitter } = this.backoff;
    const d = Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt - 1));
    return Math.round(d * (1 - jitter * Math.random()));
  }

  private async fail(c: ClaimedJob, err: unknown, log: Logger): Promise<JobOutcome> {
    const dead = c.attempt >= c.maxAttempts;
    const text = errorText(err);
    const now = this.dbNow();
    try {
      const rows = await queryRows<{ status: string }>(
        this.db,
        sql`UPDATE jobs SET
              status = ${dead ? 'dead' : 'pending'},
              run_at = ${dead ? sql`run_at` : sql`${now} + ${ms(this.backoffMs(c.attempt))}`},
              finished_at = ${dead ? now : sql`NULL`},
              locked_until = NULL,
              last_error = ${text}
            WHERE id = ${c.id} AND status = 'running' AND attempts = ${c.attempt}
            RETURNING status`,
      );
      if (!rows.length) {
        log.warn({ err }, 'jobs: failed after losing the lease');
        return 'lost';
      }
    } catch (e) {
      log.error(
        { err: e, jobError: text },
        'jobs: could not record a failure; the job will run again when its lease expires',
      );
      return 'lost';
    }
    if (dead) log.error({ err }, 'jobs: job failed its last attempt and is dead');
    else log.warn({ err }, 'jobs: job failed, will retry');
    return dead ? 'dead' : 'retry';
  }

  /** Enqueues the current slot of each schedule (once per slot and process; the dedupe key covers the rest). */
  private async enqueueSchedules(): Promise<void> {
    const now = this.now();
    for (const [kind, s] of this.schedules) {
      const slot = Math.floor(now / s.everyMs) * s.everyMs;
      if (s.lastSlot === slot) continue;
      const runAt = new Date(slot);
      await enqueue(this.db, kind, s.payload, {
        runAt,
        dedupeKey: `schedule:${kind}:${runAt.toISOString()}`,
        maxAttempts: s.maxAttempts,
      });
      s.lastSlot = slot;
    }
  }

  /** Deletes finished jobs older than the retention; dead jobs stay for someone to look at. */
  async purge(): Promise<number> {
    const rows = await queryRows<{ id: number }>(
      this.db,
      sql`DELETE FROM jobs WHERE status = 'done' AND finished_at < ${this.dbNow()} - ${ms(this.retainDoneMs)} RETURNING id`,
    );
    return rows.length;
  }

  /** Wakes on NOTIFY from committed enqueues (both drivers); polling covers whatever is missed. */
  private async listen(): Promise<void> {
    const d = this.opts.database;
    const onNotify = (kind: string | undefined) => {
      if (!kind || this.handlers.has(kind)) this.nudge();
    };
    try {
      if (d.pglite) {
        const off = await d.pglite.listen(JOBS_CHANNEL, onNotify);
        this.unlisten = () => off();
      } else if (d.pool) {
        await this.listenPg(d.pool, onNotify);
      }
    } catch (err) {
      this.log.warn({ err }, 'jobs: could not LISTEN; relying on polling');
    }
  }

  private async listenPg(pool: pg.Pool, onNotify: (kind: string | undefined) => void): Promise<void> {
    const client = await pool.connect();
    let released = false;
    const release = (err?: Error) => {
      if (released) return;
      released = true;
      client.release(err);
    };
    client.on('notification', (m) => onNotify(m.payload));
    client.on('error', (err) => {
      this.log.warn({ err }, 'jobs: LISTEN connection lost; reconnecting');
      release(err);
      this.unlisten = null;
      const retry = setTimeout(
        () => {
          if (this.started && !this.unlisten) void this.listen();
        },
        Math.max(this.pollMs, 1000),
      );
      retry.unref();
    });
    await client.query(`LISTEN ${JOBS_CHANNEL}`);
    this.unlisten = async () => {
      try {
        await client.query(`UNLISTEN ${JOBS_CHANNEL}`);
        release();
      } catch (err) {
        release(err as Error);
      }
    };
  }
}
