import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createLogger, queryRows, type Database } from '../index.js';
import { testDatabase } from '../testing/index.js';
import {
  CACHES,
  listenForCacheChanges,
  notifyCacheChange,
  onCacheChange,
  type CacheListener,
  type CacheName,
} from './invalidation.js';

let d: Database;
let listener: CacheListener;
const seen: CacheName[] = [];
/** Resolves when `cache` has been cleared `n` times in all. */
const waiters: { cache: CacheName; n: number; resolve: () => void }[] = [];
const cleared = (cache: CacheName, n: number) =>
  new Promise<void>((resolve) => {
    waiters.push({ cache, n, resolve });
    check();
  });
function check() {
  for (const w of [...waiters]) {
    if (seen.filter((c) => c === w.cache).length >= w.n) {
      waiters.splice(waiters.indexOf(w), 1);
      w.resolve();
    }
  }
}
const count = (cache: CacheName) => seen.filter((c) => c === cache).length;

beforeAll(async () => {
  d = await testDatabase('demo');
  listener = await listenForCacheChanges(d, createLogger('silent'), { retryMs: 20 });
  for (const cache of CACHES)
    onCacheChange(d.db, cache, () => {
      seen.push(cache);
      check();
    });
});
afterAll(async () => {
  await listener?.close();
  await d?.close();
});

describe('cache invalidation through LISTEN/NOTIFY', () => {
  it('every trigger names a known cache, and every cache has its tables', async () => {
    const rows = await queryRows<{ tbl: string; args: string }>(
      d.db,
      sql`SELECT c.relname AS tbl, encode(t.tgargs, 'escape') AS args FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
          JOIN pg_proc p ON p.oid = t.tgfoid WHERE p.proname = 'tinhso_cache_changed' AND NOT t.tgisinternal`,
    );
    const named = new Map(rows.map((r) => [r.tbl, r.args.replace(/\\000$|\0$/, '')]));
    expect([...new Set(named.values())].sort()).toEqual([...CACHES].sort());
    expect(Object.fromEntries(named)).toMatchObject({
      agencies: 'directory',
      admin_units: 'directory',
      calendar_overrides: 'calendar',
      procedures: 'procedures',
      workflow_steps: 'procedures',
    });
  });

  it('a committed write clears the cache of its table; a rolled-back one clears nothing', async () => {
    const before = { directory: count('directory'), calendar: count('calendar') };
    await d.db
      .transaction(async (tx) => {
        await tx.execute(sql`UPDATE agencies SET name = name WHERE key = 'STP'`);
        throw new Error('rolled back');
      })
      .catch(() => {});
    await d.db.execute(sql`UPDATE calendar_settings SET value = value`);
    // Notifications come in commit order: once the calendar's is here, a directory one would have been too.
    await cleared('calendar', before.calendar + 1);
    expect(count('directory')).toBe(before.directory);

    await d.db.execute(sql`UPDATE agencies SET name = name WHERE key = 'STP'`);
    await cleared('directory', before.directory + 1);
  });

  it('a notification sent in a transaction is delivered only when it commits', async () => {
    const before = count('procedures');
    await d.db.transaction(async (tx) => {
      await notifyCacheChange(tx, 'procedures');
      await tx.execute(sql`SELECT 1`);
    });
    await cleared('procedures', before + 1);
  });

  it.runIf(process.env.TEST_DATABASE_URL)(
    'when its connection drops, the listener reconnects and clears every cache (it may have missed some)',
    async () => {
      const before = Object.fromEntries(CACHES.map((c) => [c, count(c)])) as Record<CacheName, number>;
      const killed = await queryRows<{ ok: boolean }>(
        d.db,
        sql`SELECT pg_terminate_backend(pid) AS ok FROM pg_stat_activity WHERE datname = current_database() AND query = 'LISTEN tinhso_cache'`,
      );
      expect(killed).toHaveLength(1);
      await Promise.all(CACHES.map((c) => cleared(c, before[c] + 1)));
      // And it listens again.
      await d.db.execute(sql`UPDATE procedures SET name = name WHERE false`);
      await cleared('procedures', before.procedures + 2);
    },
  );
});
