import crypto from 'node:crypto';
import { and, eq, isNull, desc } from 'drizzle-orm';
import type { Database, Executor } from '../platform/index.js';
import { addDays, REFORM_2025, todayVn, type IsoDate } from './dates.js';
import { adminUnitEvents, adminUnits, agencies, type UnitEventKind, type UnitStatus, type UnitType } from './schema.js';
import { hueAgencies, hueUnits, provinces34, provinces63, type Agency as SeedAgency } from './seed/index.js';
import { LEVEL_OF, unitByCode } from './units.js';

/**
 * Seeders for the directory. They build the rows in memory (ids included) and insert them in bulk,
 * in one transaction per set: hundreds of rows through the one-at-a-time services would make every
 * test template slower for no gain. The data files are checked by seed/seed-data.test.ts and the
 * result by seeders.test.ts.
 */

/** Since 1 August 2008 (Hà Tây joined Hà Nội, Nghị quyết 15/2008/QH12) there were the 63 provincial units; earlier history is not kept. */
export const PROVINCES_63_FROM: IsoDate = '2008-08-01';
export const PROVINCE_MERGE_BASIS = 'Nghị quyết 202/2025/QH15';
export const DISTRICTS_END_BASIS = 'Luật Tổ chức chính quyền địa phương 2025 (số 72/2025/QH15)';

/** Changes of a province before the 2025 reform that the 63-list records only as `formerNames`. */
const EARLIER_PROVINCE_CHANGES: Record<string, { formerType: UnitType; effective: IsoDate; legalBasis: string }> = {
  '46': { formerType: 'tinh', effective: '2025-01-01', legalBasis: 'Nghị quyết 175/2024/QH15' },
};

type UnitRow = typeof adminUnits.$inferInsert & { id: string };
type EventRow = typeof adminUnitEvents.$inferInsert;

const newId = () => crypto.randomUUID();

function unitRow(r: Omit<UnitRow, 'id' | 'level'> & { id?: string }): UnitRow {
  return { ...r, id: r.id ?? newId(), level: LEVEL_OF[r.type as UnitType] };
}

async function insertChunked<T extends Record<string, unknown>>(
  ex: Executor,
  table: typeof adminUnits | typeof adminUnitEvents | typeof agencies,
  rows: T[],
  size = 200,
) {
  for (let i = 0; i < rows.length; i += size) await ex.insert(table).values(rows.slice(i, i + size) as never);
}

/** Closes a version: the row ends the day before `effective`, with why and what follows it. */
function close(row: UnitRow, effective: IsoDate, status: UnitStatus, successorId: string | null) {
  row.validTo = addDays(effective, -1);
  row.status = status;
  row.successorId = successorId;
}

/** Builds the provincial level: the 63 units, the 34 from 1 July 2025, and the merges between them. */
export function buildProvinces(): { units: UnitRow[]; events: EventRow[] } {
  const units: UnitRow[] = [];
  const events: EventRow[] = [];
  const current = new Map<string, UnitRow>(); // code → the version in force on 30 June 2025

  for (const p of provinces63) {
    const earlier = EARLIER_PROVINCE_CHANGES[p.code];
    if (earlier && p.formerNames?.length) {
      const before = unitRow({
        code: p.code,
        name: p.formerNames[0]!,
        type: earlier.formerType,
        validFrom: PROVINCES_63_FROM,
      });
      const after = unitRow({ code: p.code, name: p.name, type: p.type, validFrom: earlier.effective });
      close(before, earlier.effective, 'renamed', after.id);
      units.push(before, after);
      events.push({
        kind: 'rename',
        effective: earlier.effective,
        legalBasis: earlier.legalBasis,
        fromUnitIds: [before.id],
        toUnitIds: [after.id],
        note: p.note ?? null,
      });
      current.set(p.code, after);
    } else {
      const row = unitRow({ code: p.code, name: p.name, type: p.type, validFrom: PROVINCES_63_FROM });
      units.push(row);
      current.set(p.code, row);
    }
  }

  const used = new Set<string>();
  for (const p of provinces34) {
    for (const c of p.formedFrom) {
      if (!current.has(c)) throw new Error(`provinces-34: ${p.name} is formed from unknown code ${c}`);
      if (used.has(c)) throw new Error(`provinces-34: code ${c} is in two formedFrom lists`);
      used.add(c);
    }
    const sources = p.formedFrom.map((c) => current.get(c)!);
    const only = sources.length === 1 ? sources[0]! : null;
    // A province the reform left as it was keeps its one row, without a break.
    if (only && only.code === p.code && only.name === p.name && only.type === p.type) continue;
    const next = unitRow({ code: p.code, name: p.name, type: p.type, validFrom: REFORM_2025 });
    units.push(next);
    const kind: UnitEventKind = only ? 'rename' : 'merge';
    for (const s of sources) close(s, REFORM_2025, only ? 'renamed' : 'merged', next.id);
    events.push({
      kind,
      effective: REFORM_2025,
      legalBasis: PROVINCE_MERGE_BASIS,
      fromUnitIds: sources.map((s) => s.id),
      toUnitIds: [next.id],
      note: p.seat ? `Trung tâm hành chính – chính trị: ${p.seat}` : null,
    });
  }
  const missing = [...current.keys()].filter((c) => !used.has(c));
  if (missing.length) throw new Error(`provinces-34: old codes in no formedFrom: ${missing.join(', ')}`);
  return { units, events };
}

/** Reference data: Vietnam's provincial units before and after 1 July 2025. */
export async function seedProvinces(database: Database): Promise<void> {
  const { units, events } = buildProvinces();
  await database.db.transaction(async (tx) => {
    await insertChunked(tx, adminUnits, units);
    await insertChunked(tx, adminUnitEvents, events);
  });
}

/** The open-ended (or else latest) version of a unit code. */
async function latestByCode(ex: Executor, code: string) {
  const [open] = await ex
    .select()
    .from(adminUnits)
    .where(and(eq(adminUnits.code, code), isNull(adminUnits.validTo)))
    .limit(1);
  if (open) return open;
  const [last] = await ex
    .select()
    .from(adminUnits)
    .where(eq(adminUnits.code, code))
    .orderBy(desc(adminUnits.validFrom))
    .limit(1);
  return last ?? null;
}

const typeWord: Record<string, string> = { xa: 'xã', phuong: 'phường', thi_tran: 'thị trấn', dac_khu: 'đặc khu' };

/**
 * The demo province's units: the three-level structure of 1 January – 30 June 2025 (as far as the
 * seed file gives it, all marked demo) and the 40 communes from 1 July 2025 with the merges.
 */
export async function seedHueUnits(database: Database): Promise<void> {
  const { before2025: before, after2025: after } = hueUnits;
  await database.db.transaction(async (tx) => {
    const province = await unitByCode(tx, hueUnits.provinceCode, addDays(after.asOf, -1));
    if (!province)
      throw new Error(`seedHueUnits: province ${hueUnits.provinceCode} is not loaded (reference seeder first)`);
    const from = before.history[0]?.date ?? PROVINCES_63_FROM;
    const sectionDemo = before.demo ?? false;
    const units: UnitRow[] = [];
    const events: EventRow[] = [];
    const commonBasis = after.basis[0] ?? 'Nghị quyết 1675/NQ-UBTVQH15';

    const districts: UnitRow[] = [];
    const oldCommunes: (UnitRow & { mergedInto: string })[] = [];
    for (const d of before.districts) {
      const dr = unitRow({
        code: d.code,
        name: d.name,
        type: d.type,
        parentId: province.id,
        validFrom: from,
        demo: d.demo ?? sectionDemo,
      });
      districts.push(dr);
      for (const c of d.communes ?? []) {
        oldCommunes.push({
          ...unitRow({
            code: c.code,
            name: c.name,
            type: c.type,
            parentId: dr.id,
            validFrom: from,
            demo: c.demo ?? sectionDemo,
          }),
          mergedInto: c.mergedInto,
        });
      }
    }
    const h = before.history[0];
    if (h)
      events.push({
        kind: 'create',
        effective: h.date,
        legalBasis: h.basis.join('; '),
        fromUnitIds: [],
        toUnitIds: districts.map((d) => d.id),
        note: [h.event, h.note].filter(Boolean).join(' '),
        demo: sectionDemo,
      });

    for (const n of after.units) {
      const next = unitRow({
        code: n.code,
        name: n.name,
        type: n.type,
        parentId: province.id,
        validFrom: after.asOf,
        demo: n.demo ?? false,
        lat: n.lat,
        lng: n.lng,
        locationDemo: Boolean(n.centroidDemo),
      });
      units.push(next);
      const sources = oldCommunes.filter((c) => c.mergedInto === n.code);
      const formed = n.formedFrom?.length ? `Hình thành từ: ${n.formedFrom.join(', ')}.` : null;
      const note = [formed, n.note].filter(Boolean).join(' ') || null;
      const base = {
        effective: after.asOf,
        legalBasis: commonBasis,
        toUnitIds: [next.id],
        note,
        demo: next.demo ?? false,
      };
      if (!sources.length) {
        // Its former communes are not in the seed file: the new unit's history starts here.
        events.push({ ...base, kind: 'create', fromUnitIds: [] });
        continue;
      }
      const only = sources.length === 1 ? sources[0]! : null;
      if (only && only.name === n.name && only.type === n.type) {
        close(only, after.asOf, 'reparented', next.id);
        events.push({ ...base, kind: 'reparent', fromUnitIds: [only.id] });
      } else if (only) {
        close(only, after.asOf, 'renamed', next.id);
        events.push({ ...base, kind: 'rename', fromUnitIds: [only.id] });
      } else {
        for (const s of sources) close(s, after.asOf, 'merged', next.id);
        events.push({ ...base, kind: 'merge', fromUnitIds: sources.map((s) => s.id) });
      }
    }
    const orphans = oldCommunes.filter((c) => !c.validTo);
    if (orphans.length)
      throw new Error(
        `seedHueUnits: mergedInto names no 2025 unit for ${orphans.map((o) => `${typeWord[o.type as string] ?? ''} ${o.name}`).join(', ')}`,
      );
    for (const d of districts) {
      close(d, after.asOf, 'dissolved', null);
      events.push({
        kind: 'dissolve',
        effective: after.asOf,
        legalBasis: DISTRICTS_END_BASIS,
        fromUnitIds: [d.id],
        toUnitIds: [],
        note: 'Kết thúc cấp huyện — the district level ended. Số hiệu văn bản cần đối chiếu — number to verify.',
        demo: d.demo ?? false,
      });
    }

    await insertChunked(tx, adminUnits, [...districts, ...oldCommunes.map(({ mergedInto: _m, ...r }) => r), ...units]);
    await insertChunked(tx, adminUnitEvents, events);
  });
}

/**
 * Short keys (mã viết tắt) for a few demo agencies, which demo accounts and tests refer to.
 * Matched on the start of the agency's name, so the seed file can keep its identifiers.
 */
export const DEMO_AGENCY_KEYS: Record<string, string> = {
  UBND: 'Ủy ban nhân dân thành phố Huế',
  VP: 'Văn phòng Ủy ban nhân dân',
  TTHCC: 'Trung tâm Phục vụ hành chính công',
  STP: 'Sở Tư pháp',
};

function keyOf(a: SeedAgency & { key?: string }): string | null {
  if (a.key) return a.key;
  for (const [k, prefix] of Object.entries(DEMO_AGENCY_KEYS)) if (a.name.startsWith(prefix)) return k;
  return null;
}

/** Huế's main agencies, parents before children. */
export async function seedHueAgencies(database: Database): Promise<void> {
  await database.db.transaction(async (tx) => {
    const unitIds = new Map<string, string>();
    for (const code of new Set(hueAgencies.map((a) => a.unitCode))) {
      const u = await latestByCode(tx, code);
      if (!u) throw new Error(`seedHueAgencies: unknown unit code ${code}`);
      unitIds.set(code, u.id);
    }
    const ids = new Map<string, string>(hueAgencies.map((a) => [a.code, newId()]));
    const pending = [...hueAgencies];
    const done = new Set<string>();
    const ordered: (typeof agencies.$inferInsert)[] = [];
    while (pending.length) {
      const i = pending.findIndex((a) => !a.parentCode || done.has(a.parentCode));
      if (i < 0)
        throw new Error(
          `seedHueAgencies: unknown or circular parents: ${pending.map((a) => `${a.code}→${a.parentCode}`).join(', ')}`,
        );
      const a = pending.splice(i, 1)[0]!;
      if (a.parentCode && !ids.has(a.parentCode)) throw new Error(`seedHueAgencies: unknown parent ${a.parentCode}`);
      ordered.push({
        id: ids.get(a.code)!,
        code: a.code,
        key: keyOf(a),
        name: a.name,
        shortName: a.shortName ?? null,
        level: a.level,
        parentId: a.parentCode ? ids.get(a.parentCode)! : null,
        unitId: unitIds.get(a.unitCode)!,
        demo: a.demo ?? false,
      });
      done.add(a.code);
    }
    await insertChunked(tx, agencies, ordered);
  });
}

/** The demo province, before demo accounts (which refer to its units and agencies). */
export async function seedHue(database: Database): Promise<void> {
  await seedHueUnits(database);
  await seedHueAgencies(database);
}

/** Resolves a demo account's scope: a unit code to the unit in force today, an agency key or code to the agency. */
export function scopeLookup(ex: Executor) {
  return async (kind: 'agency' | 'unit', code: string): Promise<string | null> => {
    if (kind === 'unit')
      return (await unitByCode(ex, code, todayVn()))?.id ?? (await latestByCode(ex, code))?.id ?? null;
    const [a] = await ex.select({ id: agencies.id }).from(agencies).where(eq(agencies.key, code)).limit(1);
    if (a) return a.id;
    const [b] = await ex.select({ id: agencies.id }).from(agencies).where(eq(agencies.code, code)).limit(1);
    return b?.id ?? null;
  };
}
