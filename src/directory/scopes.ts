import { eq, sql } from 'drizzle-orm';
import { queryRows, type Coverage, type Executor, type Grant, type ScopeResolver } from '../platform/index.js';
import { isUuid } from './dates.js';
import { agencyAncestorIds } from './agencies.js';
import { agencies } from './schema.js';
import { PROVINCE_CODE } from './geo/index.js';

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
 * Answers are cached in memory and cleared when the directory changes: at once by a write through
 * this process, and in every process by the directory's NOTIFY once a write commits (main.ts
 * subscribes; platform/db/invalidation.ts). The time-to-live is only a backstop.
 */
export class DirectoryScopes implements ScopeResolver {
  private units = new Map<string, Entry<string[]>>();
  private agencyUp = new Map<string, Entry<string[]>>();
  private agencyUnits = new Map<string, Entry<string | null>>();
  private province = new Map<string, Entry<string[]>>();
  private coverages = new Map<string, Entry<Coverage>>();

  constructor(
    private readonly db: Executor,
    private readonly ttlMs = 30_000,
    private readonly maxEntries = 20_000,
  ) {}

  /** Bumped by every clear: an answer read before it is not stored after it. */
  private generation = 0;

  invalidate(): void {
    this.generation++;
    this.units.clear();
    this.agencyUp.clear();
    this.agencyUnits.clear();
    this.province.clear();
    this.coverages.clear();
  }

  private async cached<T>(map: Map<string, Entry<T>>, key: string, load: () => Promise<T>): Promise<T> {
    const hit = map.get(key);
    const now = Date.now();
    if (hit && now - hit.at < this.ttlMs) return hit.value;
    const generation = this.generation;
    const value = await load();
    // A change committed while this was read cleared the cache: the answer may predate it, so it is not kept.
    if (generation !== this.generation) return value;
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
      const [row] = await this.db
        .select({ unitId: agencies.unitId })
        .from(agencies)
        .where(eq(agencies.id, agencyId))
        .limit(1);
      return row?.unitId ?? null;
    });
  }

  /**
   * Every version of the province's own unit: the province this installation serves, as its first-run setup recorded
   * (table `installation`); before any setup, the demo province's.
   */
  provinceUnitIds(): Promise<string[]> {
    return this.cached(this.province, PROVINCE_CODE, async () => {
      const rows = await queryRows<{ id: string }>(
        this.db,
        sql`SELECT id FROM admin_units WHERE level = 1 AND code = coalesce((SELECT province_code FROM installation WHERE id = 1), ${PROVINCE_CODE})`,
      );
      return rows.map((r) => r.id);
    });
  }

  /**
   * What these grants reach: the granted units, those below them and those merged into them; the
   * granted agencies, those under them, and the agencies of the units reached (and those under them).
   */
  coverage(grants: Grant[]): Promise<Coverage> {
    const agencyIds = [
      ...new Set(
        grants.filter((g) => g.scopeKind === 'agency' && g.scopeId && isUuid(g.scopeId)).map((g) => g.scopeId!),
      ),
    ].sort();
    const unitIds = [
      ...new Set(grants.filter((g) => g.scopeKind === 'unit' && g.scopeId && isUuid(g.scopeId)).map((g) => g.scopeId!)),
    ].sort();
    if (!agencyIds.length && !unitIds.length) return Promise.resolve({ province: false, agencyIds: [], unitIds: [] });
    return this.cached(this.coverages, `${agencyIds.join(',')}|${unitIds.join(',')}`, async () => {
      const arr = (ids: string[]) => `{${ids.join(',')}}`;
      const rows = await queryRows<{ kind: 'a' | 'u'; id: string }>(
        this.db,
        sql`WITH RECURSIVE
              gu(id) AS (SELECT unnest(${arr(unitIds)}::uuid[])
                         UNION SELECT u.id FROM admin_units u JOIN gu ON u.parent_id = gu.id OR u.successor_id = gu.id),
              ga(id) AS (SELECT unnest(${arr(agencyIds)}::uuid[])
                         UNION SELECT a.id FROM agencies a WHERE a.unit_id IN (SELECT id FROM gu)
                         UNION SELECT a.id FROM agencies a JOIN ga ON a.parent_id = ga.id)
            SELECT 'u' AS kind, id FROM gu UNION ALL SELECT 'a' AS kind, id FROM ga`,
      );
      return {
        province: false,
        agencyIds: rows.filter((r) => r.kind === 'a').map((r) => r.id),
        unitIds: rows.filter((r) => r.kind === 'u').map((r) => r.id),
      };
    });
  }
}
