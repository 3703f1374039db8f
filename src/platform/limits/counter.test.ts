import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { queryRows, type Database } from '../index.js';
import { testDatabase } from '../testing/index.js';
import { hitLimits, purgeRateLimits, refundLimit, resetLimits, type RateRule } from './counter.js';
import { Reservations, reservationSize } from './client-limit.js';

let d: Database;
beforeAll(async () => {
  d = await testDatabase('base');
});
afterAll(() => d?.close());

const T0 = new Date('2026-03-02T01:00:00Z');
const later = (ms: number) => new Date(T0.getTime() + ms);
const stored = async (key: string) =>
  (await queryRows<{ hits: number }>(d.db, sql`SELECT hits FROM rate_limits WHERE key = ${key}`))[0]?.hits;

describe('rate-limit counters in the database', () => {
  it('counts concurrent hits exactly: of 60 at once against a limit of 10, exactly 10 pass', async () => {
    const rule = { max: 10, timeWindowMs: 60_000 };
    const verdicts = await Promise.all(
      Array.from({ length: 60 }, () => hitLimits(d.db, [{ key: 'test.concurrent', rule }], { now: T0 })),
    );
    expect(verdicts.filter((v) => v.allowed)).toHaveLength(10);
    expect(await stored('test.concurrent')).toBe(60);
  });

  it('a window starts with the first hit; a hit after it ends starts the next (injected clock)', async () => {
    const rule = { max: 2, timeWindowMs: 60_000 };
    const hit = (ms: number) => hitLimits(d.db, [{ key: 'test.window', rule }], { now: later(ms) });
    expect((await hit(0)).allowed).toBe(true);
    expect((await hit(10_000)).allowed).toBe(true);
    const refused = await hit(59_999);
    expect(refused.allowed).toBe(false);
    // The window ends 60 s after its first hit, not after the last one.
    expect(refused.retryAfterMs).toBe(1);
    const next = await hit(60_000);
    expect(next.allowed).toBe(true);
    expect(next.states[0]).toMatchObject({ hits: 1, resetMs: later(120_000).getTime() });
  });

  it('several counters in one statement: refused when any is over, waiting for the last of those to end', async () => {
    const short = { max: 1, timeWindowMs: 10_000 };
    const long = { max: 1, timeWindowMs: 50_000 };
    const both = () =>
      hitLimits(
        d.db,
        [
          { key: 'test.multi.short', rule: short },
          { key: 'test.multi.long', rule: long },
          { key: 'test.multi.loose', rule: { max: 100, timeWindowMs: 1000 } },
        ],
        { now: T0 },
      );
    expect((await both()).allowed).toBe(true);
    const v = await both();
    expect(v.allowed).toBe(false);
    expect(v.retryAfterMs).toBe(50_000);
    expect(
      v.states
        .filter((s) => s.exceeded)
        .map((s) => s.key)
        .sort(),
    ).toEqual(['test.multi.long', 'test.multi.short']);
  });

  it('counted in a transaction that rolls back, a hit leaves nothing', async () => {
    const rule = { max: 5, timeWindowMs: 60_000 };
    await d.db
      .transaction(async (tx) => {
        await hitLimits(tx, [{ key: 'test.rollback', rule }], { now: T0 });
        throw new Error('rolled back');
      })
      .catch(() => {});
    expect(await stored('test.rollback')).toBeUndefined();
  });

  it('reset forgets a counter; refund takes one hit back while its window runs', async () => {
    const rule = { max: 5, timeWindowMs: 60_000 };
    for (let i = 0; i < 3; i++)
      await hitLimits(
        d.db,
        [
          { key: 'test.refund', rule },
          { key: 'test.reset', rule },
        ],
        { now: T0 },
      );
    await refundLimit(d.db, 'test.refund', later(1000));
    await resetLimits(d.db, ['test.reset']);
    expect(await stored('test.refund')).toBe(2);
    expect(await stored('test.reset')).toBeUndefined();
  });

  it('the purge deletes the counters whose window has ended, and only those', async () => {
    await hitLimits(d.db, [{ key: 'test.purge.old', rule: { max: 1, timeWindowMs: 1000 } }], { now: T0 });
    await hitLimits(d.db, [{ key: 'test.purge.live', rule: { max: 1, timeWindowMs: 10_000 } }], { now: T0 });
    await purgeRateLimits(d.db, later(5000));
    expect(await stored('test.purge.old')).toBeUndefined();
    expect(await stored('test.purge.live')).toBe(1);
  });
});

describe('reservations: hits spent from memory, bounded in the database', () => {
  /** One process's check, as perClientLimit and the public lookup do it. */
  const check = async (r: Reservations, key: string, rule: RateRule, now: Date) => {
    if (r.take(key, now.getTime())) return true;
    const cost = reservationSize(rule);
    const [state] = (await hitLimits(d.db, [{ key, rule }], { cost, now })).states;
    return r.settle(key, state!, cost, rule);
  };

  it('three processes taking turns get exactly the rule’s total, with a round trip for one hit in five', async () => {
    const rule = { max: 50, timeWindowMs: 60_000 };
    expect(reservationSize(rule)).toBe(5);
    const processes = [new Reservations(), new Reservations(), new Reservations()];
    let allowed = 0;
    for (let i = 0; i < 90; i++) if (await check(processes[i % 3]!, 'test.reserve', rule, T0)) allowed++;
    expect(allowed).toBe(50);
    // Ten reservations of five were granted in full; the rest were refused.
    expect(await stored('test.reserve')).toBeGreaterThanOrEqual(50);
  });

  it('a reservation ends with its window', async () => {
    const rule = { max: 20, timeWindowMs: 1000 };
    const r = new Reservations();
    expect(await check(r, 'test.reserve.window', rule, T0)).toBe(true);
    expect(r.take('test.reserve.window', T0.getTime() + 999)).toBe(true);
    expect(r.take('test.reserve.window', T0.getTime() + 1000)).toBe(false);
  });
});
