/**
 * Procedures as the dossier intake reads them, cached in memory: a submission needs the procedure's
 * papers, form and time limit, and reading them costs six queries, on every one of thousands of
 * submissions a day, for rows an administrator changes a few times a year. A change through this
 * process's catalog API clears the cache once it has committed, and every process clears it when the
 * catalog's (or the directory's: agency names) NOTIFY comes after a commit (platform/db/invalidation.ts);
 * the time-to-live is only a backstop.
 */
import { onCacheChange, type Db } from '../../platform/index.js';
import { getProcedure, type ProcedureDetail } from './service.js';

const TTL_MS = 30_000;
const MAX_ENTRIES = 5_000;

interface Entry {
  at: number;
  value: Promise<ProcedureDetail | null>;
}

const caches = new WeakMap<Db, Map<string, Entry>>();

export function cachedProcedure(db: Db, idOrCode: string): Promise<ProcedureDetail | null> {
  let cache = caches.get(db);
  if (!cache) {
    caches.set(db, (cache = new Map()));
    const clear = () => invalidateProcedures(db);
    onCacheChange(db, 'procedures', clear);
    onCacheChange(db, 'directory', clear);
  }
  const now = Date.now();
  const hit = cache.get(idOrCode);
  if (hit && now - hit.at < TTL_MS) return hit.value;
  if (cache.size >= MAX_ENTRIES) cache.clear();
  const value = getProcedure(db, idOrCode);
  const entry = { at: now, value };
  cache.set(idOrCode, entry);
  // A failed read is not kept: the next caller tries again.
  value.catch(() => cache.get(idOrCode) === entry && cache.delete(idOrCode));
  return value;
}

/** Forgets every cached procedure of this database (after a catalog change committed). */
export function invalidateProcedures(db: Db): void {
  caches.get(db)?.clear();
}
