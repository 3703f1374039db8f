import { and, asc, eq, gte, inArray, isNull, lte, or, sql, type SQL, type SQLWrapper } from 'drizzle-orm';
import { queryRows, type Executor } from '../platform/index.js';
import { containsPattern, isUuid, isValidAt, REFORM_2025, todayVn, type IsoDate } from './dates.js';
import { adminUnitEvents, adminUnits, type AdminUnit, type AdminUnitEvent, type UnitType } from './schema.js';

/** Level of each unit type: 1 province, 2 district, 3 commune. */
export const LEVEL_OF: Record<UnitType, 1 | 2 | 3> = {
  tinh: 1,
  thanh_pho_trung_uong: 1,
  huyen: 2,
  quan: 2,
  thi_xa: 2,
  thanh_pho_thuoc_tinh: 2,
  xa: 3,
  phuong: 3,
  thi_tran: 3,
  dac_khu: 3,
};

export const validAtSql = (d: IsoDate): SQL =>
  and(lte(adminUnits.validFrom, d), or(isNull(adminUnits.validTo), gte(adminUnits.validTo, d)))!;

/** The unit and every earlier version or merged-away unit that led to it (following successor_id backwards). */
const lineageSql = (id: string) =>
  sql`(WITH RECURSIVE lin(id) AS (SELECT ${id}::uuid UNION SELECT u.id FROM admin_units u JOIN lin ON u.successor_id = lin.id) SELECT id FROM lin)`;

export const nameMatches = (column: SQLWrapper, q: string): SQL =>
  sql`lower(f_unaccent(${column})) LIKE lower(f_unaccent(${containsPattern(q)}))`;

export async function getUnit(ex: Executor, id: string): Promise<AdminUnit | null> {
  if (!isUuid(id)) return null;
  const [row] = await ex.select().from(adminUnits).where(eq(adminUnits.id, id)).limit(1);
  return row ?? null;
}

/** The version of a unit code in force on a date. */
export async function unitByCode(ex: Executor, code: string, asOf: IsoDate = todayVn()): Promise<AdminUnit | null> {
  const [row] = await ex
    .select()
    .from(adminUnits)
    .where(and(eq(adminUnits.code, code), validAtSql(asOf)))
    .limit(1);
  return row ?? null;
}

/** A day on which the unit was in force: the given date, else its last day, else today. */
export const referenceDate = (u: AdminUnit, asOf?: IsoDate): IsoDate => {
  if (asOf) return asOf;
  const today = todayVn();
  if (u.validTo && u.validTo < today) return u.validTo;
  if (u.validFrom > today) return u.validFrom;
  return today;
};

export interface UnitQuery {
  parentId?: string;
  level?: 1 | 2 | 3;
  q?: string;
  asOf?: IsoDate;
  includeHistory?: boolean;
  limit?: number;
}

/**
 * Units for lists and pickers. Without parent or search it gives the roots: the provinces in force
 * on the date. The children of a unit include those attached to its earlier versions, so a rename
 * of a district does not orphan its communes.
 */
export async function listUnits(ex: Executor, q: UnitQuery): Promise<AdminUnit[]> {
  const where: SQL[] = [];
  let asOf = q.asOf;
  if (q.parentId) {
    if (!isUuid(q.parentId)) return [];
    if (!asOf) {
      const parent = await getUnit(ex, q.parentId);
      if (!parent) return [];
      asOf = referenceDate(parent);
    }
    where.push(sql`${adminUnits.parentId} IN ${lineageSql(q.parentId)}`);
  }
  asOf ??= todayVn();
  if (!q.includeHistory) where.push(validAtSql(asOf));
  if (q.level) where.push(eq(adminUnits.level, q.level));
  else if (!q.parentId && !q.q) where.push(eq(adminUnits.level, 1));
  if (q.q?.trim()) where.push(or(nameMatches(adminUnits.name, q.q), eq(adminUnits.code, q.q.trim()))!);
  return ex
    .select()
    .from(adminUnits)
    .where(and(...where))
    .orderBy(asc(adminUnits.level), asc(adminUnits.code), asc(adminUnits.validFrom))
    .limit(q.limit ?? 1000);
}

/** The units in force on a date directly below a unit (or its earlier versions). */
export const childrenOf = (ex: Executor, unitId: string, asOf: IsoDate = todayVn()) =>
  listUnits(ex, { parentId: unitId, asOf });

/** Follows successor_id from a unit to the version (or merged unit) in force on a date; null if none is. */
export async function resolveAt(ex: Executor, id: string, d: IsoDate): Promise<AdminUnit | null> {
  const rows = await queryRows<{ id: string; valid_from: string; valid_to: string | null; n: number }>(
    ex,
    sql`WITH RECURSIVE s AS (
          SELECT id, successor_id, valid_from::text, valid_to::text, 0 AS n FROM admin_units WHERE id = ${id}::uuid
          UNION ALL
          SELECT u.id, u.successor_id, u.valid_from::text, u.valid_to::text, s.n + 1 FROM admin_units u JOIN s ON u.id = s.successor_id WHERE s.n < 20)
        SELECT id, valid_from, valid_to, n FROM s ORDER BY n`,
  );
  const hit = rows.find((r) => isValidAt({ validFrom: r.valid_from, validTo: r.valid_to }, d));
  return hit ? getUnit(ex, hit.id) : null;
}

/**
 * The ancestors of a unit as they stood on a date (by default a day the unit was in force),
 * province first, the unit itself excluded.
 */
export async function ancestorsOf(ex: Executor, unitId: string, asOf?: IsoDate): Promise<AdminUnit[]> {
  const unit = await getUnit(ex, unitId);
  if (!unit) return [];
  const d = referenceDate(unit, asOf);
  const path: AdminUnit[] = [];
  const seen = new Set([unit.id]);
  let parentId = unit.parentId;
  while (parentId && path.length < 10) {
    const p = (await resolveAt(ex, parentId, d)) ?? (await getUnit(ex, parentId));
    if (!p || seen.has(p.id)) break;
    seen.add(p.id);
    path.unshift(p);
    parentId = p.parentId;
  }
  return path;
}

/** The ancestors and the unit itself, province first. */
export async function pathOf(ex: Executor, unitId: string, asOf?: IsoDate): Promise<AdminUnit[]> {
  const unit = await getUnit(ex, unitId);
  return unit ? [...(await ancestorsOf(ex, unitId, asOf)), unit] : [];
}

/**
 * Every unit whose territory lies within a unit: below it or any of its versions, and units that
 * were merged into it, at any date. Used to filter records by a unit-scoped grant.
 */
export async function unitSubtreeIds(ex: Executor, unitId: string): Promise<string[]> {
  if (!isUuid(unitId)) return [];
  const rows = await queryRows<{ id: string }>(
    ex,
    sql`WITH RECURSIVE down(id) AS (
          SELECT ${unitId}::uuid
          UNION
          SELECT u.id FROM admin_units u JOIN down ON u.parent_id = down.id OR u.successor_id = down.id)
        SELECT id FROM down`,
  );
  return rows.map((r) => r.id);
}

/** The history events that name a unit as source or result, oldest first. */
export async function unitHistory(ex: Executor, unitIds: string[]): Promise<AdminUnitEvent[]> {
  if (!unitIds.length) return [];
  const arr = sql`ARRAY[${sql.join(
    unitIds.map((id) => sql`${id}::uuid`),
    sql`, `,
  )}]`;
  return ex
    .select()
    .from(adminUnitEvents)
    .where(sql`${adminUnitEvents.fromUnitIds} && ${arr} OR ${adminUnitEvents.toUnitIds} && ${arr}`)
    .orderBy(asc(adminUnitEvents.effective), asc(adminUnitEvents.createdAt));
}

/** All versions of the unit with this one's code, oldest first. */
export const versionsOf = (ex: Executor, code: string) =>
  ex.select().from(adminUnits).where(eq(adminUnits.code, code)).orderBy(asc(adminUnits.validFrom));

export async function unitsByIds(ex: Executor, ids: string[]): Promise<Map<string, AdminUnit>> {
  const ok = [...new Set(ids.filter(isUuid))];
  if (!ok.length) return new Map();
  const rows = await ex.select().from(adminUnits).where(inArray(adminUnits.id, ok));
  return new Map(rows.map((r) => [r.id, r]));
}

export interface TreeNode {
  id: string;
  code: string;
  name: string;
  type: UnitType;
  level: number;
  demo: boolean;
  children: TreeNode[];
}

export interface Structure {
  asOf: IsoDate;
  /** 3 = province → district → commune (before 1 July 2025), 2 = province → commune. */
  levels: 2 | 3;
  provinces: TreeNode[];
  /** Units in force whose parent is not (a data error worth seeing, not hiding). */
  unplaced: TreeNode[];
}

/**
 * The administrative structure in force on a date, optionally for one province: three levels
 * before 1 July 2025, two after. Parents are resolved through successors, so a unit attached to a
 * renamed parent's earlier version still hangs under the parent's version of that date.
 */
export async function currentStructure(
  ex: Executor,
  asOf: IsoDate = todayVn(),
  opts: { provinceId?: string } = {},
): Promise<Structure> {
  const all = await ex
    .select({
      id: adminUnits.id,
      parentId: adminUnits.parentId,
      successorId: adminUnits.successorId,
      validFrom: adminUnits.validFrom,
      validTo: adminUnits.validTo,
    })
    .from(adminUnits);
  const byId = new Map(all.map((u) => [u.id, u]));
  const live = await ex.select().from(adminUnits).where(validAtSql(asOf)).orderBy(asc(adminUnits.code));
  const nodes = new Map<string, TreeNode>(
    live.map((u) => [
      u.id,
      { id: u.id, code: u.code, name: u.name, type: u.type, level: u.level, demo: u.demo, children: [] },
    ]),
  );

  const parentAt = (parentId: string | null): string | null => {
    let p = parentId ? byId.get(parentId) : undefined;
    for (let i = 0; p && i < 20; i++) {
      if (isValidAt(p, asOf)) return p.id;
      p = p.successorId ? byId.get(p.successorId) : undefined;
    }
    return null;
  };

  const provinces: TreeNode[] = [];
  const unplaced: TreeNode[] = [];
  for (const u of live) {
    const node = nodes.get(u.id)!;
    if (u.level === 1) {
      provinces.push(node);
      continue;
    }
    const pid = parentAt(u.parentId);
    const parent = pid ? nodes.get(pid) : undefined;
    if (parent) parent.children.push(node);
    else unplaced.push(node);
  }
  const selected = opts.provinceId ? provinces.filter((p) => p.id === opts.provinceId) : provinces;
  const hasDistricts = selected.some((p) => p.children.some((c) => c.level === 2));
  const hasChildren = selected.some((p) => p.children.length > 0);
  const levels: 2 | 3 = hasChildren ? (hasDistricts ? 3 : 2) : asOf < REFORM_2025 ? 3 : 2;
  return { asOf, levels, provinces: selected, unplaced: opts.provinceId ? [] : unplaced };
}
