import { and, asc, count, eq, or, sql, type SQL } from 'drizzle-orm';
import { problems, queryRows, type Executor } from '../platform/index.js';
import { isUuid } from './dates.js';
import { agencies, adminUnits, type Agency, type AgencyLevel } from './schema.js';
import { nameMatches } from './units.js';

/**
 * Shape of an electronic identifier (mã định danh điện tử) under Quyết định 20/2020/QĐ-TTg:
 * level-4 (3 characters), level-3 and level-2 (2 each), then the level-1 code (a letter and 2
 * characters, H for provinces), e.g. `000.00.12.H57`.
 */
export const AGENCY_CODE = /^[0-9A-Z]{3}\.[0-9A-Z]{2}\.[0-9A-Z]{2}\.[A-Z][0-9A-Z]{2}$/;
/** A short handle seeds and demo accounts use ('STP'); not an official identifier. */
export const AGENCY_KEY = /^[A-Z][A-Z0-9_-]{1,31}$/;

const agencyWord = { vi: 'cơ quan', en: 'Agency' };

export interface AgencyQuery {
  q?: string;
  unitId?: string;
  parentId?: string;
  level?: AgencyLevel;
  active?: boolean;
  limit?: number;
  offset?: number;
}

export async function listAgencies(ex: Executor, q: AgencyQuery): Promise<{ items: Agency[]; total: number }> {
  if ((q.unitId && !isUuid(q.unitId)) || (q.parentId && !isUuid(q.parentId))) return { items: [], total: 0 };
  const where: SQL[] = [];
  if (q.q?.trim()) {
    const t = q.q.trim();
    where.push(
      or(
        nameMatches(agencies.name, t),
        nameMatches(sql`coalesce(${agencies.shortName}, '')`, t),
        eq(agencies.code, t),
        eq(agencies.key, t.toUpperCase()),
      )!,
    );
  }
  if (q.unitId) where.push(eq(agencies.unitId, q.unitId));
  if (q.parentId) where.push(eq(agencies.parentId, q.parentId));
  if (q.level) where.push(eq(agencies.level, q.level));
  if (q.active !== undefined) where.push(eq(agencies.active, q.active));
  const cond = and(...where);
  const [items, [{ total } = { total: 0 }]] = await Promise.all([
    ex
      .select()
      .from(agencies)
      .where(cond)
      .orderBy(asc(agencies.code))
      .limit(q.limit ?? 50)
      .offset(q.offset ?? 0),
    ex.select({ total: count() }).from(agencies).where(cond),
  ]);
  return { items, total: Number(total) };
}

export async function getAgency(ex: Executor, id: string): Promise<Agency | null> {
  if (!isUuid(id)) return null;
  const [row] = await ex.select().from(agencies).where(eq(agencies.id, id)).limit(1);
  return row ?? null;
}

export async function agencyByCode(ex: Executor, code: string): Promise<Agency | null> {
  const [row] = await ex.select().from(agencies).where(eq(agencies.code, code)).limit(1);
  return row ?? null;
}

export async function agencyByKey(ex: Executor, key: string): Promise<Agency | null> {
  const [row] = await ex.select().from(agencies).where(eq(agencies.key, key)).limit(1);
  return row ?? null;
}

/** The agency and those above it, the agency first. */
export async function agencyAncestorIds(ex: Executor, id: string): Promise<string[]> {
  if (!isUuid(id)) return [id];
  const rows = await queryRows<{ id: string }>(
    ex,
    sql`WITH RECURSIVE up(id, parent_id, n) AS (
          SELECT id, parent_id, 0 FROM agencies WHERE id = ${id}::uuid
          UNION ALL
          SELECT a.id, a.parent_id, up.n + 1 FROM agencies a JOIN up ON a.id = up.parent_id WHERE up.n < 30)
        SELECT id FROM up ORDER BY n`,
  );
  return rows.length ? rows.map((r) => r.id) : [id];
}

export interface AgencyInput {
  code: string;
  key?: string | null;
  name: string;
  shortName?: string | null;
  level: AgencyLevel;
  parentId?: string | null;
  unitId?: string | null;
  demo?: boolean;
  active?: boolean;
}

function checkCodeShape(code: string | undefined, key: string | null | undefined) {
  if (code !== undefined && !AGENCY_CODE.test(code)) {
    throw problems.invalidField(
      '/body/code',
      {
        vi: 'Mã định danh phải theo Quyết định 20/2020/QĐ-TTg, dạng 000.00.00.H00.',
        en: 'The identifier must follow Decision 20/2020/QĐ-TTg, shaped 000.00.00.H00.',
      },
      'pattern',
    );
  }
  if (key !== undefined && key !== null && !AGENCY_KEY.test(key)) {
    throw problems.invalidField(
      '/body/key',
      {
        vi: 'Mã viết tắt chỉ gồm chữ in hoa, số, "-" hoặc "_".',
        en: 'The key may hold capitals, digits, "-" and "_" only.',
      },
      'pattern',
    );
  }
}

async function assertUnique(ex: Executor, field: 'code' | 'key', value: string, exceptId?: string) {
  const col = field === 'code' ? agencies.code : agencies.key;
  const [hit] = await ex.select({ id: agencies.id, name: agencies.name }).from(agencies).where(eq(col, value)).limit(1);
  if (hit && hit.id !== exceptId) {
    const what = field === 'code' ? { vi: 'Mã định danh', en: 'Identifier' } : { vi: 'Mã viết tắt', en: 'Key' };
    throw problems.conflict(
      {
        vi: `${what.vi} ${value} đã được dùng cho "${hit.name}".`,
        en: `${what.en} ${value} is already used by "${hit.name}".`,
      },
      {
        code: `duplicate-${field}`,
        errors: [
          {
            field: `/body/${field}`,
            code: 'duplicate',
            message: { vi: `${what.vi} đã tồn tại`, en: `This ${what.en.toLowerCase()} already exists` },
          },
        ],
      },
    );
  }
}

/** Unknown parent or unit: a 400 on the field. */
export async function checkRefs(ex: Executor, parentId: string | null | undefined, unitId: string | null | undefined) {
  if (parentId && !(await getAgency(ex, parentId)))
    throw problems.invalidField(
      '/body/parentId',
      { vi: 'Không có cơ quan cấp trên này.', en: 'There is no such parent agency.' },
      'unknown',
    );
  if (unitId) {
    const [u] = isUuid(unitId)
      ? await ex.select({ id: adminUnits.id }).from(adminUnits).where(eq(adminUnits.id, unitId)).limit(1)
      : [];
    if (!u)
      throw problems.invalidField(
        '/body/unitId',
        { vi: 'Không có đơn vị hành chính này.', en: 'There is no such administrative unit.' },
        'unknown',
      );
  }
}

export async function createAgency(tx: Executor, a: AgencyInput): Promise<Agency> {
  checkCodeShape(a.code, a.key);
  await checkRefs(tx, a.parentId, a.unitId);
  await assertUnique(tx, 'code', a.code);
  if (a.key) await assertUnique(tx, 'key', a.key);
  const [row] = await tx
    .insert(agencies)
    .values({
      code: a.code,
      key: a.key ?? null,
      name: a.name,
      shortName: a.shortName ?? null,
      level: a.level,
      parentId: a.parentId ?? null,
      unitId: a.unitId ?? null,
      demo: a.demo ?? false,
      active: a.active ?? true,
    })
    .returning();
  return row!;
}

export type AgencyPatch = Partial<AgencyInput>;

export async function updateAgency(
  tx: Executor,
  id: string,
  patch: AgencyPatch,
): Promise<{ before: Agency; after: Agency }> {
  const before = await getAgency(tx, id);
  if (!before) throw problems.notFound(agencyWord);
  checkCodeShape(patch.code, patch.key);
  await checkRefs(tx, patch.parentId, patch.unitId);
  if (patch.code !== undefined && patch.code !== before.code) await assertUnique(tx, 'code', patch.code, id);
  if (patch.key && patch.key !== before.key) await assertUnique(tx, 'key', patch.key, id);
  if (patch.parentId) {
    // The new parent may not be the agency itself or one of the agencies below it.
    if ((await agencyAncestorIds(tx, patch.parentId)).includes(id)) {
      throw problems.conflict(
        {
          vi: 'Cơ quan cấp trên không thể là chính cơ quan này hoặc một cơ quan trực thuộc nó.',
          en: 'The parent cannot be the agency itself or one below it.',
        },
        {
          code: 'parent-cycle',
          errors: [
            {
              field: '/body/parentId',
              code: 'cycle',
              message: { vi: 'Tạo vòng lặp cấp trên', en: 'Creates a parent cycle' },
            },
          ],
        },
      );
    }
  }
  const set: Partial<typeof agencies.$inferInsert> = { updatedAt: new Date() };
  for (const k of ['code', 'key', 'name', 'shortName', 'level', 'parentId', 'unitId', 'demo', 'active'] as const) {
    if (patch[k] !== undefined) (set as Record<string, unknown>)[k] = patch[k];
  }
  const [after] = await tx.update(agencies).set(set).where(eq(agencies.id, id)).returning();
  return { before, after: after! };
}

/** The fields that changed, for the audit row. */
export function changedFields<T extends Record<string, unknown>>(
  before: T,
  after: T,
  keys: readonly (keyof T)[],
): Record<string, { from: unknown; to: unknown }> {
  const out: Record<string, { from: unknown; to: unknown }> = {};
  for (const k of keys) if (before[k] !== after[k]) out[String(k)] = { from: before[k], to: after[k] };
  return out;
}
