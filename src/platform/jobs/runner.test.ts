import { sql } from 'drizzle-orm';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows, type Database } from '../db/client.js';
import { testDatabase } from '../testing/index.js';
import { enqueue } from './enqueue.js';
import { JobRunner, type JobRunnerOptions } from './runner.js';

let d: Database;
beforeAll(async () => {
  d = await testDatabase('base');
});
afterAll(() => d?.close());

const silent = pino({ level: 'silent' });
const runner = (o: Partial<JobRunnerOptions> = {}) =>
  new JobRunner({ database: d, log: silent, pollMs: 60_000, backoff: { baseMs: 0, jitter: 0 }, ...o });
const jobsOf = (kind: string) =>
  queryRows<{ id: number; status: string; attempts: number; last_error: string | null }>(
    d.db,
    sql`SELECT id, status, attempts, last_error FROM jobs WHERE kind = ${kind} ORDER BY id`,
  );
/** Lets every other ready callback run (a yield, not a wait for time). */
const yieldTurn = () => new Promise((r) => setImmediate(r));
/** A fixed instant the tests that move time start from. */
const T0 = Date.UTC(2026, 10, 23, 2, 0, 0);

describe('the job runner', () => {
  it('runs each committed job once, with its payload, and marks it done', async () => {
    const seen: unknown[] = [];
    const r = runner().register('t.once', async (job) => void seen.push(job.payload));
    for (let i = 1; i <= 5; i++) await d.db.transaction((tx) => enqueue(tx, 't.once', { n: i }));
    expect(await r.drain()).toEqual({ ran: 5, failed: 0 });
    expect(seen).toEqual([1, 2, 3, 4, 5].map((n) => ({ n })));
    expect((await jobsOf('t.once')).map((j) => j.status)).toEqual(['done', 'done', 'done', 'done', 'done']);
    expect(await r.drain()).toEqual({ ran: 0, failed: 0 });
  });

  it('retries a failing job with its error recorded, and declares it dead after its last attempt', async () => {
    let calls = 0;
    const r = runner().register('t.flaky', async () => {
      calls++;
      throw new Error(`SMTP down, citizen 079123456789`);
    });
    const { id } = await enqueue(d.db, 't.flaky', {}, { maxAttempts: 3 });
    await r.drain();
    expect(calls).toBe(3);
    const [job] = await jobsOf('t.flaky');
    expect(job).toMatchObject({ id, status: 'dead', attempts: 3 });
    expect(job!.last_error).toContain('SMTP down');
    // The error text is kept for an operator, with identity numbers masked like the logs.
    expect(job!.last_error).not.toContain('079123456789');
  });

  it('a job that fails once then succeeds is done on its second attempt', async () => {
    let calls = 0;
    const r = runner().register('t.second', async (job) => {
      calls++;
      if (job.attempt === 1) throw new Error('transient');
    });
    await enqueue(d.db, 't.second');
    await r.drain();
    expect(calls).toBe(2);
    expect(await jobsOf('t.second')).toMatchObject([{ status: 'done', attempts: 2 }]);
  });

  it('a runner that dies holding a job loses it when the lease expires; another runner runs it; the dead one cannot complete it', async () => {
    const ran: string[] = [];
    let now = T0;
    const clock = () => now;
    const dying = runner({ now: clock, leaseMs: 60_000, instanceId: 'dying' }).register(
      't.crash',
      async () => void ran.push('dying'),
    );
    const healthy = runner({ now: clock, leaseMs: 60_000, instanceId: 'healthy' }).register(
      't.crash',
      async () => void ran.push('healthy'),
    );
    await enqueue(d.db, 't.crash', { dossier: 7 }, { runAt: new Date(now) });
    const [claimed] = await dying.claim(1); // … and the process dies before running it
    expect(claimed).toBeDefined();
    expect(await healthy.claim(1)).toEqual([]); // held under the lease
    now += 60_000; // the lease's last instant: still held
    expect(await healthy.recover()).toBe(0);
    expect(await healthy.claim(1)).toEqual([]);
    now += 1;
    expect(await healthy.recover()).toBe(1);
    await healthy.drain();
    expect(ran).toEqual(['healthy']);
    const [job] = await jobsOf('t.crash');
    expect(job).toMatchObject({ status: 'done', attempts: 2 });
    expect(job!.last_error).toMatch(/lease expired: runner dying/);
    // The stale claim's fencing token (attempt 1) no longer matches.
    expect(await dying.complete(claimed!)).toBe(false);
  });

  it('two runners draining the same queue run each of 40 jobs exactly once', async () => {
    const counts = new Map<number, number>();
    const handler = async (job: { payload: unknown }) => {
      const n = (job.payload as { n: number }).n;
      counts.set(n, (counts.get(n) ?? 0) + 1);
      await yieldTurn(); // let the other runner claim meanwhile
    };
    const a = runner({ concurrency: 4 }).register('t.pair', handler);
    const b = runner({ concurrency: 4 }).register('t.pair', handler);
    for (let n = 0; n < 40; n++) await enqueue(d.db, 't.pair', { n });
    const [ra, rb] = await Promise.all([a.drain(), b.drain()]);
    expect(ra.ran + rb.ran).toBe(40);
    expect([...counts.values()].every((c) => c === 1)).toBe(true);
    expect(counts.size).toBe(40);
  });

  it('claims only kinds it has a handler for, and a job due later only once it is due', async () => {
    let now = T0;
    const r = runner({ now: () => now }).register('t.mine', async () => {});
    await enqueue(d.db, 't.not-mine', {}, { runAt: new Date(now) });
    await enqueue(d.db, 't.mine', {}, { runAt: new Date(now + 3_600_000) });
    expect(await r.drain()).toEqual({ ran: 0, failed: 0 });
    expect((await jobsOf('t.not-mine'))[0]!.status).toBe('pending');
    expect((await jobsOf('t.mine'))[0]!.status).toBe('pending');
    now += 3_600_000 - 1;
    expect(await r.drain()).toEqual({ ran: 0, failed: 0 });
    now += 1;
    expect(await r.drain()).toEqual({ ran: 1, failed: 0 });
    expect((await jobsOf('t.mine'))[0]!.status).toBe('done');
    expect((await jobsOf('t.not-mine'))[0]!.status).toBe('pending');
  });

  it('a schedule enqueues one job per slot, however many runners share it', async () => {
    let now = Date.UTC(2026, 10, 23, 1, 0, 0);
    const clock = () => now;
    const seen: string[] = [];
    const mk = () =>
      runner({ now: clock })
        .register('t.deadline-check', async (job) => void seen.push(job.runAt.toISOString()))
        .schedule('t.deadline-check', 5 * 60_000);
    const a = mk();
    const b = mk();
    await a.drain();
    await b.drain();
    now += 60_000; // same slot
    await a.drain();
    now += 5 * 60_000; // next slot
    await b.drain();
    await a.drain();
    expect(seen).toEqual(['2026-11-23T01:00:00.000Z', '2026-11-23T01:05:00.000Z']);
  });

  it('purges finished jobs past the retention and keeps dead ones', async () => {
    const week = 7 * 24 * 3_600_000;
    let now = T0;
    const r = runner({ now: () => now, retainDoneMs: week }).register('t.purge', async (job) => {
      if ((job.payload as { fail?: boolean }).fail) throw new Error('no');
    });
    await enqueue(d.db, 't.purge', {}, { runAt: new Date(now) });
    await enqueue(d.db, 't.purge', { fail: true }, { runAt: new Date(now), maxAttempts: 1 });
    await r.drain();
    expect((await jobsOf('t.purge')).map((j) => j.status)).toEqual(['done', 'dead']);
    now += week; // kept for exactly the retention
    await r.purge();
    expect((await jobsOf('t.purge')).map((j) => j.status)).toEqual(['done', 'dead']);
    now += 1;
    expect(await r.purge()).toBeGreaterThanOrEqual(1);
    expect((await jobsOf('t.purge')).map((j) => j.status)).toEqual(['dead']);
  });

  it('stop waits for a running job to finish', async () => {
    let started!: () => void;
    const running = new Promise<void>((r) => (started = r));
    let release!: () => void;
    const released = new Promise<void>((r) => (release = r));
    let finished = false;
    // Without LISTEN, everything stop does before waiting for the job settles within one turn of the event loop.
    const r = runner({ database: { ...d, pglite: undefined, pool: undefined } }).register('t.stop', async () => {
      started();
      await released;
      finished = true;
    });
    await enqueue(d.db, 't.stop');
    await r.start();
    await running; // claimed by the first poll, at start
    let stopped = false;
    const stopping = r.stop().then(() => void (stopped = true));
    await yieldTurn();
    expect(stopped).toBe(false); // still waiting for the job
    release();
    await stopping;
    expect(finished).toBe(true);
    expect((await jobsOf('t.stop'))[0]!.status).toBe('done');
  });
});
