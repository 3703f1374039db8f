import { and, eq, gte, inArray, isNull, or, sql } from 'drizzle-orm';
import { problems, queryRows, type Executor } from '../platform/index.js';
import { addDays, isUuid, isValidAt, type IsoDate } from './dates.js';
import {
  adminUnitEvents,
  adminUnits,
  agencies,
  type AdminUnit,
  type UnitEventKind,
  type UnitStatus,
  type UnitType,
} from './schema.js';
import { getUnit, LEVEL_OF, resolveAt } from './units.js';

/**
 * Changes to administrative units. None overwrites history: a change closes the version in force
 * (valid_to = the day before, a status saying why, successor_id) and opens a new one, and every
 * change writes an event with its legal basis.
 */

const unitWord = { vi: 'đơn vị hành chính', en: 'Administrative unit' };

export interface NewUnit {
  code: string;
  name: string;
  type: UnitType;
  parentId?: string | null;
  validFrom: IsoDate;
  demo?: boolean;
  lat?: number | null;
  lng?: number | null;
  locationDemo?: boolean;
}

export interface ChangeBasis {
  effective: IsoDate;
  legalBasis?: string | null;
  note?: string | null;
  demo?: boolean;
}

async function recordEvent(
  tx: Executor,
  kind: UnitEventKind,
  from: string[],
  to: string[],
  b: { effective: IsoDate; legalBasis?: string | null; note?: string | null; demo?: boolean },
) {
  const [row] = await tx
    .insert(adminUnitEvents)
    .values({
      kind,
      effective: b.effective,
      legalBasis: b.legalBasis ?? null,
      note: b.note ?? null,
      demo: b.demo ?? false,
      fromUnitIds: from,
      toUnitIds: to,
    })
    .returning();
  return row!;
}

/** A unit's code may be reused only by a version that does not overlap another in time. */
async function assertCodeFree(tx: Executor, code: string, from: IsoDate, field: string, exceptIds: string[] = []) {
  const rows = await tx
    .select({ id: adminUnits.id, name: adminUnits.name })
    .from(adminUnits)
    .where(
      and(
        eq(adminUnits.code, code),
        or(isNull(adminUnits.validTo), gte(adminUnits.validTo, from)),
        ...(exceptIds.length
          ? [
              sql`${adminUnits.id} NOT IN (${sql.join(
                exceptIds.map((i) => sql`${i}::uuid`),
                sql`, `,
              )})`,
            ]
          : []),
      ),
    );
  if (rows.length) {
    throw problems.conflict(
      {
        vi: `Mã ${code} đang được dùng cho đơn vị "${rows[0]!.name}" trong cùng thời gian.`,
        en: `Code ${code} is already used by "${rows[0]!.name}" over the same period.`,
      },
      {
        code: 'duplicate-code',
        errors: [{ field, code: 'duplicate', message: { vi: 'Mã đã tồn tại', en: 'This code already exists' } }],
      },
    );
  }
}

/** The parent rules: a province has none; a district sits in a province; a commune in a district or (two-level) a province. */
async function checkParent(
  tx: Executor,
  level: number,
  parentId: string | null | undefined,
  at: IsoDate,
  field: string,
): Promise<AdminUnit | null> {
  if (level === 1) {
    if (parentId)
      throw problems.invalidField(field, {
        vi: 'Tỉnh, thành phố không có đơn vị cấp trên.',
        en: 'A province has no parent unit.',
      });
    return null;
  }
  if (!parentId)
    throw problems.invalidField(
      field,
      { vi: 'Cần chọn đơn vị cấp trên.', en: 'A parent unit is required.' },
      'required',
    );
  const parent = await getUnit(tx, parentId);
  if (!parent)
    throw problems.invalidField(
      field,
      { vi: 'Không có đơn vị cấp trên này.', en: 'There is no such parent unit.' },
      'unknown',
    );
  if (parent.level >= level)
    throw problems.invalidField(
      field,
      { vi: 'Đơn vị cấp trên phải ở cấp cao hơn.', en: 'The parent must be of a higher level.' },
      'level',
    );
  if (!isValidAt(parent, at))
    throw problems.invalidField(
      field,
      { vi: 'Đơn vị cấp trên không còn hiệu lực vào ngày này.', en: 'The parent unit is not in force on that date.' },
      'not-in-force',
    );
  return parent;
}

function levelOf(type: UnitType): 1 | 2 | 3 {
  return LEVEL_OF[type];
}

async function insertVersion(tx: Executor, u: NewUnit & { level: number }) {
  const [row] = await tx
    .insert(adminUnits)
    .values({
      code: u.code,
      name: u.name,
      type: u.type,
      level: u.level,
      parentId: u.parentId ?? null,
      validFrom: u.validFrom,
      demo: u.demo ?? false,
      lat: u.lat ?? null,
      lng: u.lng ?? null,
      locationDemo: u.locationDemo ?? false,
    })
    .returning();
  return row!;
}

/** Creates a unit and its 'create' event. */
export async function createUnit(
  tx: Executor,
  u: NewUnit,
  basis: { legalBasis?: string | null; note?: string | null } = {},
) {
  const level = levelOf(u.type);
  await checkParent(tx, level, u.parentId, u.validFrom, '/body/parentId');
  await assertCodeFree(tx, u.code, u.validFrom, '/body/code');
  const row = await insertVersion(tx, { ...u, level });
  const event = await recordEvent(tx, 'create', [], [row.id], {
    effective: u.validFrom,
    legalBasis: basis.legalBasis,
    note: basis.note,
    demo: row.demo,
  });
  return { unit: row, event };
}

/**
 * The version that a change on `effective` splits. Merges and dissolutions need a version still in
 * force with no end; a rename or move may also fall inside a version that ended later, and then the
 * new version inherits that end.
 */
async function openVersion(
  tx: Executor,
  id: string,
  effective: IsoDate,
  field = '/params/id',
  opts: { allowEnded?: boolean } = {},
): Promise<AdminUnit> {
  const u = isUuid(id)
    ? (await tx.select().from(adminUnits).where(eq(adminUnits.id, id)).for('update').limit(1))[0]
    : undefined;
  if (!u)
    throw field === '/params/id'
      ? problems.notFound(unitWord)
      : problems.invalidField(field, { vi: 'Không có đơn vị này.', en: 'There is no such unit.' }, 'unknown');
  if (u.validTo !== null && !(opts.allowEnded && effective <= u.validTo)) {
    throw problems.conflict(
      { vi: `Đơn vị "${u.name}" đã kết thúc hiệu lực ngày ${u.validTo}.`, en: `"${u.name}" ended on ${u.validTo}.` },
      { code: 'unit-closed', extra: { unitId: u.id } },
    );
  }
  if (effective <= u.validFrom) {
    throw problems.conflict(
      {
        vi: `Ngày hiệu lực phải sau ngày ${u.validFrom} (đơn vị "${u.name}" bắt đầu hiệu lực).`,
        en: `The effective date must be after ${u.validFrom}, when "${u.name}" took effect.`,
      },
      {
        code: 'effective-too-early',
        errors: [
          {
            field: '/body/effective',
            code: 'too-early',
            message: { vi: 'Ngày hiệu lực quá sớm', en: 'Effective date too early' },
          },
        ],
      },
    );
  }
  return u;
}

async function closeVersion(
  tx: Executor,
  id: string,
  effective: IsoDate,
  status: UnitStatus,
  successorId: string | null,
) {
  await tx
    .update(adminUnits)
    .set({ validTo: addDays(effective, -1), status, successorId, updatedAt: new Date() })
    .where(eq(adminUnits.id, id));
}

/** Agencies follow a unit to its new version when the unit stays the same place (rename, new parent). */
async function moveAgencies(tx: Executor, fromId: string, toId: string) {
  await tx.update(agencies).set({ unitId: toId, updatedAt: new Date() }).where(eq(agencies.unitId, fromId));
}

export interface VersionChange extends ChangeBasis {
  name?: string;
  type?: UnitType;
  code?: string;
  parentId?: string | null;
}

/**
 * A rename (đổi tên), a change of type or code, and/or a move to another parent, from a date:
 * the version in force is closed and a new one opens with the changes.
 */
export async function changeUnitVersion(tx: Executor, id: string, c: VersionChange) {
  const old = await openVersion(tx, id, c.effective, '/params/id', { allowEnded: true });
  const type = c.type ?? old.type;
  const level = levelOf(type);
  if (level !== old.level)
    throw problems.invalidField(
      '/body/type',
      { vi: 'Không thể đổi cấp của đơn vị.', en: 'A unit cannot change level.' },
      'level',
    );
  const renamed =
    (c.name !== undefined && c.name !== old.name) || type !== old.type || (c.code !== undefined && c.code !== old.code);
  const moved = c.parentId !== undefined && c.parentId !== old.parentId;
  if (!renamed && !moved)
    throw problems.badRequest({ vi: 'Không có thay đổi nào.', en: 'Nothing changes.' }, { code: 'no-change' });
  const parentId = moved ? c.parentId : old.parentId;
  if (moved) await checkParent(tx, level, parentId, c.effective, '/body/parentId');
  const code = c.code ?? old.code;
  if (code !== old.code) await assertCodeFree(tx, code, c.effective, '/body/code');
  await closeVersion(tx, old.id, c.effective, renamed ? 'renamed' : 'reparented', null);
  const next = await insertVersion(tx, {
    code,
    name: c.name ?? old.name,
    type,
    level,
    parentId,
    validFrom: c.effective,
    demo: c.demo ?? old.demo,
    lat: old.lat,
    lng: old.lng,
    locationDemo: old.locationDemo,
  });
  if (old.validTo !== null) {
    // A change inside a version that ended later: the new version ends as the old one did.
    await tx
      .update(adminUnits)
      .set({ validTo: old.validTo, status: old.status, successorId: old.successorId })
      .where(eq(adminUnits.id, next.id));
    Object.assign(next, { validTo: old.validTo, status: old.status, successorId: old.successorId });
  }
  await tx.update(adminUnits).set({ successorId: next.id }).where(eq(adminUnits.id, old.id));
  await moveAgencies(tx, old.id, next.id);
  const events = [];
  if (renamed) events.push(await recordEvent(tx, 'rename', [old.id], [next.id], c));
  if (moved)
    events.push(
      await recordEvent(tx, 'reparent', [old.id], [next.id], {
        ...c,
        note: c.note ?? `parent ${old.parentId ?? '-'} → ${parentId ?? '-'}`,
      }),
    );
  return {
    previous: {
      ...old,
      validTo: addDays(c.effective, -1),
      status: renamed ? ('renamed' as const) : ('reparented' as const),
      successorId: next.id,
    },
    unit: next,
    events,
  };
}

export const renameUnit = (
  tx: Executor,
  id: string,
  to: { name: string; type?: UnitType; code?: string } & ChangeBasis,
) => changeUnitVersion(tx, id, to);

export const reparentUnit = (tx: Executor, id: string, parentId: string | null, basis: ChangeBasis) =>
  changeUnitVersion(tx, id, { ...basis, parentId });

export interface MergeInto {
  code: string;
  name: string;
  type: UnitType;
  parentId?: string | null;
  lat?: number | null;
  lng?: number | null;
  demo?: boolean;
}

/**
 * A merge (sáp nhập): the sources end the day before `effective` and point to the new unit that
 * takes their place. Units still attached to a source follow it through successor_id.
 */
export async function mergeUnits(tx: Executor, sourceIds: string[], into: MergeInto, basis: ChangeBasis) {
  const ids = [...new Set(sourceIds)];
  if (ids.length !== sourceIds.length)
    throw problems.invalidField(
      '/body/sourceIds',
      { vi: 'Danh sách đơn vị bị trùng.', en: 'The list repeats a unit.' },
      'duplicate',
    );
  const sources: AdminUnit[] = [];
  for (const [i, id] of ids.entries()) sources.push(await openVersion(tx, id, basis.effective, `/body/sourceIds/${i}`));
  const level = levelOf(into.type);
  if (sources.some((s) => s.level !== level)) {
    throw problems.invalidField(
      '/body/into/type',
      {
        vi: 'Các đơn vị sáp nhập phải cùng cấp với đơn vị mới.',
        en: 'Merged units must be of the same level as the new unit.',
      },
      'level',
    );
  }
  let parentId = into.parentId;
  if (parentId === undefined) {
    // Without a parent given, the sources' common parent on the day of the merge.
    const parents = new Set<string | null>();
    for (const s of sources)
      parents.add(s.parentId ? ((await resolveAt(tx, s.parentId, basis.effective))?.id ?? null) : null);
    if (parents.size !== 1)
      throw problems.invalidField(
        '/body/into/parentId',
        {
          vi: 'Các đơn vị thuộc các đơn vị cấp trên khác nhau; cần chọn đơn vị cấp trên.',
          en: 'The units have different parents; choose the parent.',
        },
        'required',
      );
    parentId = [...parents][0] ?? null;
  }
  await checkParent(tx, level, parentId, basis.effective, '/body/into/parentId');
  for (const s of sources) await closeVersion(tx, s.id, basis.effective, 'merged', null);
  await assertCodeFree(tx, into.code, basis.effective, '/body/into/code');
  const unit = await insertVersion(tx, {
    code: into.code,
    name: into.name,
    type: into.type,
    level,
    parentId,
    validFrom: basis.effective,
    demo: into.demo ?? sources.some((s) => s.demo),
    lat: into.lat,
    lng: into.lng,
  });
  await tx.update(adminUnits).set({ successorId: unit.id }).where(inArray(adminUnits.id, ids));
  const event = await recordEvent(tx, 'merge', ids, [unit.id], { ...basis, demo: basis.demo ?? unit.demo });
  return {
    unit,
    sources: sources.map((s) => ({
      ...s,
      validTo: addDays(basis.effective, -1),
      status: 'merged' as const,
      successorId: unit.id,
    })),
    event,
  };
}

/** Ends a unit (giải thể); refused while units in force still hang under it. */
export async function dissolveUnit(tx: Executor, id: string, basis: ChangeBasis & { successorId?: string | null }) {
  const u = await openVersion(tx, id, basis.effective);
  const [{ n } = { n: 0 }] = await queryRows<{ n: number }>(
    tx,
    sql`SELECT count(*)::int AS n FROM admin_units WHERE parent_id = ${u.id}::uuid AND (valid_to IS NULL OR valid_to >= ${basis.effective}::date)`,
  );
  if (n > 0)
    throw problems.conflict(
      { vi: `Còn ${n} đơn vị trực thuộc đang có hiệu lực.`, en: `${n} units below it are still in force.` },
      { code: 'unit-has-children' },
    );
  await closeVersion(tx, u.id, basis.effective, 'dissolved', basis.successorId ?? null);
  const event = await recordEvent(tx, 'dissolve', [u.id], basis.successorId ? [basis.successorId] : [], basis);
  return { unit: { ...u, validTo: addDays(basis.effective, -1), status: 'dissolved' as const }, event };
}

/** Corrections that are not legal changes (a typo, coordinates, the demo flag): edited in place. */
export async function correctUnit(
  tx: Executor,
  id: string,
  patch: { name?: string; lat?: number | null; lng?: number | null; demo?: boolean; locationDemo?: boolean },
) {
  const [row] = await tx
    .update(adminUnits)
    .set({ ...patch, updatedAt: new Date() })
    .where(eq(adminUnits.id, id))
    .returning();
  if (!row) throw problems.notFound(unitWord);
  return row;
}
