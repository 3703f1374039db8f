import { sql } from 'drizzle-orm';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { queryRows, type Database } from '../db/client.js';
import { testDatabase } from '../testing/index.js';
import { enqueue } from './enqueue.js';
import { JobRunner } from './runner.js';

let d: Database;
beforeAll(async () => {
  d = await testDatabase('base');
});
afterAll(() => d?.close());

const jobsOf = (kind: string) =>
  queryRows<{ id: number; status: string; payload: unknown; max_attempts: number }>(
    d.db,
    sql`SELECT id, status, payload, max_attempts FROM jobs WHERE kind = ${kind} ORDER BY id`,
  );

describe('enqueue (transactional outbox)', () => {
  it('a rolled-back change leaves no job', async () => {
    await expect(
      d.db.transaction(async (tx) => {
        await enqueue(tx, 'test.rollback', { dossier: 1 });
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    expect(await jobsOf('test.rollback')).toEqual([]);
  });

  it('a committed change always has its job, with its payload', async () => {
    const { id } = await d.db.transaction((tx) =>
      enqueue(tx, 'test.commit', { dossier: 'H12-0001', to: ['a', 'b'] }, { maxAttempts: 3 }),
    );
    expect(await jobsOf('test.commit')).toEqual([
      { id, status: 'pending', payload: { dossier: 'H12-0001', to: ['a', 'b'] }, max_attempts: 3 },
    ]);
  });

  it('a dedupe key admits one job and answers later enqueues with its id', async () => {
    const a = await enqueue(d.db, 'test.dedupe', { n: 1 }, { dedupeKey: 'notify:dossier:42' });
    const b = await d.db.transaction((tx) => enqueue(tx, 'test.dedupe', { n: 2 }, { dedupeKey: 'notify:dossier:42' }));
    expect(a.created).toBe(true);
    expect(b).toEqual({ id: a.id, created: false });
    expect(await jobsOf('test.dedupe')).toHaveLength(1);
  });

  it('wakes a started runner when the transaction commits, and not for one rolled back', async () => {
    const runner = new JobRunner({ database: d, log: pino({ level: 'silent' }), pollMs: 60_000 });
    const seen: number[] = [];
    runner.register<{ n: number }>('test.nudge', async (job) => void seen.push(job.payload.n));
    // Each wake-up, and whether it came while the enqueuing transaction was still open.
    let open = false;
    const wakes: boolean[] = [];
    const nudge = runner.nudge.bind(runner);
    runner.nudge = () => {
      wakes.push(open);
      nudge();
    };
    const claim = vi.spyOn(runner, 'claim');
    await runner.start();
    try {
      // The first poll, at start, finds nothing; after it only a notification wakes the runner within the minute.
      await vi.waitFor(() => expect(claim).toHaveResolved());
      await expect(
        d.db.transaction(async (tx) => {
          await enqueue(tx, 'test.nudge', { n: 0 });
          throw new Error('the change failed');
        }),
      ).rejects.toThrow('the change failed');
      await d.db.transaction(async (tx) => {
        open = true;
        await enqueue(tx, 'test.nudge', { n: 1 });
        await tx.execute(sql`SELECT 1`);
        open = false;
      });
      await vi.waitFor(() => expect(seen).toEqual([1]), { timeout: 20_000 });
      // Notifications arrive in commit order: one from the rolled-back change would have come first.
      expect(wakes).toEqual([false]);
    } finally {
      await runner.stop();
    }
  });
});
