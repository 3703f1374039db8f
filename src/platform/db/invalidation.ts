/**
 * Per-process caches cleared in every process when the rows behind them change (DESIGN §4: several
 * instances). The tables a cache reads carry a statement trigger (drizzle/0022) that sends
 * `NOTIFY tinhso_cache, '<cache>'` in the writing transaction, so it is delivered only on commit,
 * whoever wrote: a route, a seed, an import, an administrator's SQL. Every process LISTENs on a
 * dedicated connection and runs the cache's handlers at once; PGlite (one process) delivers its own
 * notifications the same way. The writing process also clears its caches itself after committing (the
 * notification reaches it a moment later), so its next request reads its own change.
 */
import pg from 'pg';
import type { Logger } from 'pino';
import { sql } from 'drizzle-orm';
import type { Database, Executor } from './client.js';

/** The caches kept per process, each named in the trigger of every table it reads. */
export const CACHES = ['directory', 'calendar', 'procedures'] as const;
export type CacheName = (typeof CACHES)[number];
export const CACHE_CHANNEL = 'tinhso_cache';

type Handler = () => void;
/** Handlers per database (its Drizzle object, the key every cache already has). */
const registry = new WeakMap<object, Map<CacheName, Set<Handler>>>();

/** Runs `clear` whenever `cache` changes in this database; answers the unsubscribe. */
export function onCacheChange(db: object, cache: CacheName, clear: Handler): () => void {
  let byCache = registry.get(db);
  if (!byCache) registry.set(db, (byCache = new Map()));
  let set = byCache.get(cache);
  if (!set) byCache.set(cache, (set = new Set()));
  set.add(clear);
  return () => void set.delete(clear);
}

/** Clears `cache` in this process now (after this process committed a change to it). */
export function cacheChanged(db: object, cache: CacheName): void {
  for (const clear of registry.get(db)?.get(cache) ?? []) clear();
}

const isCache = (v: string | undefined): v is CacheName => (CACHES as readonly string[]).includes(v ?? '');

/**
 * For a change the triggers do not see (a cache of something computed): every process clears `cache`
 * once the caller's transaction commits, and never if it rolls back.
 */
export async function notifyCacheChange(tx: Executor, cache: CacheName): Promise<void> {
  await tx.execute(sql`SELECT pg_notify(${CACHE_CHANNEL}, ${cache})`);
}

export interface CacheListener {
  close(): Promise<void>;
}

/**
 * LISTENs for cache changes of this database and clears the named caches as they come. On PostgreSQL
 * the connection is its own (not the pool's) and is re-opened when it drops; since notifications sent
 * meanwhile are lost, every cache is cleared once it is back.
 */
export async function listenForCacheChanges(
  database: Database,
  log: Logger,
  opts: { retryMs?: number } = {},
): Promise<CacheListener> {
  const db = database.db;
  const dispatch = (payload: string | undefined) => {
    if (isCache(payload)) cacheChanged(db, payload);
    else log.warn({ payload }, 'cache invalidation: unknown cache named');
  };
  if (database.pglite) {
    const off = await database.pglite.listen(CACHE_CHANNEL, dispatch);
    return { close: () => off() };
  }
  if (!database.pool) return { close: async () => {} };
  const options = database.pool.options;
  const retryMs = opts.retryMs ?? 1000;
  let client: pg.Client | null = null;
  let closed = false;
  let timer: NodeJS.Timeout | null = null;

  const connect = async (again: boolean): Promise<void> => {
    const c = new pg.Client(options);
    // An error or an end (server restart, failover, a killed backend) means notifications may be missed.
    const lost = (err?: Error) => {
      if (client !== c) return;
      client = null;
      c.removeAllListeners();
      c.on('error', () => {});
      void c.end().catch(() => {});
      if (closed) return;
      log.warn({ err: err?.message }, 'cache invalidation: LISTEN connection lost; reconnecting');
      timer = setTimeout(() => void connect(true).catch(() => {}), retryMs);
      timer.unref();
    };
    c.on('notification', (m) => dispatch(m.payload));
    c.on('error', lost);
    c.on('end', () => lost());
    try {
      await c.connect();
      await c.query(`LISTEN ${CACHE_CHANNEL}`);
    } catch (err) {
      c.removeAllListeners();
      c.on('error', () => {});
      void c.end().catch(() => {});
      if (!again || closed) throw err;
      log.warn({ err: (err as Error).message }, 'cache invalidation: cannot LISTEN yet; retrying');
      timer = setTimeout(() => void connect(true).catch(() => {}), retryMs);
      timer.unref();
      return;
    }
    if (closed) return void (await c.end().catch(() => {}));
    client = c;
    if (again) for (const cache of CACHES) cacheChanged(db, cache);
  };

  await connect(false);
  return {
    async close() {
      closed = true;
      if (timer) clearTimeout(timer);
      const c = client;
      client = null;
      if (c) {
        c.removeAllListeners();
        c.on('error', () => {});
        await c.end().catch(() => {});
      }
    },
  };
}
