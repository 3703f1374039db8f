import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { queryRows, type Database } from '../platform/index.js';
import { testDatabase } from '../platform/testing/index.js';
import { BatchedLimits, type Hit } from './limits.js';

let d: Database;
beforeAll(async () => {
  d = await testDatabase('base');
});
afterAll(() => d?.close());

const counted = async (key: string) =>
  (await queryRows<{ hits: number }>(d.db, sql`SELECT hits FROM rate_limits WHERE key = ${key}`))[0]?.hits ?? 0;
const allowedOf = async (limits: BatchedLimits, hits: Hit[], n: number) =>
  (await Promise.all(Array.from({ length: n }, () => limits.hit(hits)))).filter((v) => v.allowed).length;

describe('gateway limits counted in the database', () => {
  it('a small limit is exact: of 30 concurrent calls against 10, exactly 10 pass and all 30 count', async () => {
    const limits = new BatchedLimits(d.db);
    const hits = [{ key: 'gw.test.small', max: 10, timeWindowMs: 60_000 }];
    expect(await allowedOf(limits, hits, 30)).toBe(10);
    expect(await counted('gw.test.small')).toBe(30);
    const refused = await limits.hit(hits);
    expect(refused.allowed).toBe(false);
    expect(refused.retryAfterMs).toBeGreaterThan(0);
  });

  it('a large limit is reserved in blocks: 50 calls one after another cost one statement, a block of a tenth', async () => {
    const limits = new BatchedLimits(d.db);
    const hits = [{ key: 'gw.test.large', max: 1000, timeWindowMs: 60_000 }];
    for (let i = 0; i < 50; i++) expect((await limits.hit(hits)).allowed).toBe(true);
    expect(await counted('gw.test.large')).toBe(100);
    // Concurrent calls beyond a block take one hit each.
    expect(await allowedOf(limits, hits, 200)).toBe(200);
    expect(await counted('gw.test.large')).toBeLessThanOrEqual(350);
  });

  it('two instances sharing the counter never let through more than the limit, whatever the interleaving', async () => {
    const a = new BatchedLimits(d.db);
    const b = new BatchedLimits(d.db);
    const hits = [{ key: 'gw.test.shared', max: 200, timeWindowMs: 60_000 }];
    let allowed = 0;
    for (let round = 0; round < 10; round++)
      allowed += (await Promise.all([allowedOf(a, hits, 30), allowedOf(b, hits, 30)])).reduce((x, y) => x + y, 0);
    expect(allowed).toBeLessThanOrEqual(200);
    // Only what one instance holds unspent may be refused early: a block (a tenth) each.
    expect(allowed).toBeGreaterThanOrEqual(200 - 2 * 20);
  });

  it('a lowered limit applies at once: hits reserved under the old limit are not spent under the new one', async () => {
    const limits = new BatchedLimits(d.db);
    expect(await allowedOf(limits, [{ key: 'gw.test.changed', max: 1000, timeWindowMs: 60_000 }], 5)).toBe(5);
    await d.db.execute(sql`DELETE FROM rate_limits WHERE key = 'gw.test.changed'`);
    expect(await allowedOf(limits, [{ key: 'gw.test.changed', max: 2, timeWindowMs: 60_000 }], 5)).toBe(2);
  });

  it('a call needs every counter: refused when the daily quota is spent though its rate limit has room', async () => {
    const limits = new BatchedLimits(d.db);
    const hits = [
      { key: 'gw.test.rate', max: 1000, timeWindowMs: 60_000 },
      { key: 'gw.test.day', max: 3, timeWindowMs: 3_600_000 },
    ];
    expect(await allowedOf(limits, hits, 10)).toBe(3);
  });
});
