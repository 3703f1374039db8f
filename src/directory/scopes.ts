import { eq, sql } from 'drizzle-orm';
import { queryRows, type Executor, type ScopeResolver } from '../platform/index.js';
import { isUuid } from './dates.js';
import { agencyAncestorIds } from './agencies.js';
import { agencies } from './schema.js';

interface Entry<T> {
  at: number;
  value: T;
}

/**
 * The scope hierarchy for permission checks, read from the directory's tables.
 * A unit's ancestors follow parents and successors both: a grant on today's Huế covers the
 * communes and districts of 2025 (whose parents are earlier versions or merged units), and a
 * grant on a commune covers the units merged into it.
 *
 * Answers are cached in memory; a write through this process clears the cache at once, and a
 * short time-to-live bounds how stale another process's copy can be.
 */
export class DirectoryScopes implements ScopeResolver {
  private units = new Map<string, Entry<string[]>>();
  private agencyUp = new Map<string, Entry<string[]>>();
  private agencyUnits = new Map<string, Entry<string | null>>();

  constructor(
    private readonly db: Executor,
    private readonly ttlMs = 30_000,
    private readonly maxEntries = 20_000,
  ) {}

  invalidate(): void {
    this.units.clear();
    this.agencyUp.clear();
    this.agencyUnits.clear();
  }

  private async cached<T>(map: Map<string, Entry<T>>, key: string, load: () => Promise<T>): Promise<T> {
    const hit = map.get(key);
    const now = Date.now();
    if (hit && now - hit.at < this.ttlMs) return hit.value;
    const value = await load();
    if (map.size >= this.maxEntries) map.clear();
    map.set(key, { at: now, value });
    return value;
  }

  unitAncestors(unitId: string): Promise<string[]> {
    if (!isUuid(unitId)) return Promise.resolve([unitId]);
    return this.cached(this.units, unitId, async () => {
      const rows = await queryRows<{ id: string }>(
        this.db,
        sql`WITH RECURSIVE up(id) AS (
              SELECT ${unitId}::uuid
              UNION
              SELECT x.id FROM up JOIN admin_units u ON u.id = up.id
                CROSS JOIN LATERAL (VALUES (u.parent_id), (u.successor_id)) AS x(id)
              WHERE x.id IS NOT NULL)
            SELECT id FROM up`,
      );
      const ids = rows.map((r) => r.id);
      return ids.includes(unitId) ? ids : [unitId, ...ids];
    });
  }

  agencyAncestors(agencyId: string): Promise<string[]> {
    if (!isUuid(agencyId)) return Promise.resolve([agencyId]);
    return this.cached(this.agencyUp, agencyId, () => agencyAncestorIds(this.db, agencyId));
  }

  agencyUnit(agencyId: string): Promise<string | null> {
    if (!isUuid(agencyId)) return Promise.resolve(null);
    return this.cached(this.agencyUnits, agencyId, async () => {
      const [row] = await this.db.select({ unitId: agencies.unitId }).from(agencies).where(eq(agencies.id, agencyId)).limit(1);
      return row?.unitId ?? null;
    });
  }
}
