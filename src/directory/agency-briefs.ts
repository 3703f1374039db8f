/**
 * Agencies as a hot path needs them (id, code, name, whether active): the dossier intake checks the
 * handling and receiving agencies of every submission. Agencies change rarely, by an administrator,
 * so they are cached per process: a write through this process's directory routes clears the cache
 * at once (`invalidateScopes`), and every process clears it when the directory's NOTIFY comes after a
 * commit (platform/db/invalidation.ts); the time-to-live is only a backstop.
 */
import { inArray } from 'drizzle-orm';
import { onCacheChange, type Executor } from '../platform/index.js';
import { isUuid } from './dates.js';
import { agencies } from './schema.js';

export interface AgencyBrief {
  id: string;
  code: string;
  name: string;
  /** province, department, commune…: which People's Committee level it is, for procedures of "the level that receives". */
  level: string;
  active: boolean;
}

const TTL_MS = 30_000;
const MAX_ENTRIES = 20_000;
let caches = new WeakMap<object, Map<string, { at: number; value: AgencyBrief | null }>>();
const listening = new WeakSet<object>();

/** The agencies among `ids` that exist (active or not); unknown ids and ids that are no uuid are left out. */
export async function agencyBriefs(db: Executor, ids: string[]): Promise<Map<string, AgencyBrief>> {
  let cache = caches.get(db);
  if (!cache) caches.set(db, (cache = new Map()));
  if (!listening.has(db)) {
    listening.add(db);
    // A read in flight keeps its (now detached) map: what it stores there is never read again.
    onCacheChange(db, 'directory', () => void caches.delete(db));
  }
  const now = Date.now();
  const out = new Map<string, AgencyBrief>();
  const missing: string[] = [];
  for (const id of new Set(ids)) {
    if (!isUuid(id)) continue;
    const hit = cache.get(id);
    if (hit && now - hit.at < TTL_MS) {
      if (hit.value) out.set(id, hit.value);
    } else missing.push(id);
  }
  if (missing.length) {
    const rows = await db
      .select({
        id: agencies.id,
        code: agencies.code,
        name: agencies.name,
        level: agencies.level,
        active: agencies.active,
      })
      .from(agencies)
      .where(inArray(agencies.id, missing));
    if (cache.size + missing.length > MAX_ENTRIES) cache.clear();
    const found = new Map(rows.map((r) => [r.id, r]));
    for (const id of missing) {
      const value = found.get(id) ?? null;
      cache.set(id, { at: now, value });
      if (value) out.set(id, value);
    }
  }
  return out;
}

/** After a write to the directory: every process-local copy is dropped. */
export function clearAgencyBriefs(): void {
  caches = new WeakMap();
}
