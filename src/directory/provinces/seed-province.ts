/**
 * Loads one province's 2025 structure as the starting data of an installation (first-run setup): its communes with
 * their official codes under the province's unit (already present in the reference data), one `create` event each
 * naming the former units that formed it, and the standard agencies (./agencies.ts). Everything is ordinary, editable
 * directory data; nothing is demo.
 */
import crypto from 'node:crypto';
import type { Executor } from '../../platform/index.js';
import { REFORM_2025 } from '../dates.js';
import { adminUnitEvents, adminUnits, agencies } from '../schema.js';
import { LEVEL_OF, unitByCode } from '../units.js';
import { PROVINCE_AGENCIES, provisionalCode } from './agencies.js';
import { communeWord, loadProvince, provinceTitle } from './data.js';

/** The legal basis the source gives for every province's communes: each province has its own resolution of the NA Standing Committee. */
const COMMUNE_BASIS =
  'Nghị quyết của Ủy ban Thường vụ Quốc hội về sắp xếp đơn vị hành chính cấp xã năm 2025; mã số: Công văn 1027/CTK-CSCL';

export interface SeededProvince {
  provinceUnitId: string;
  provinceAgencyId: string;
  name: string;
  communes: number;
  agencies: number;
}

async function insertChunked(
  ex: Executor,
  table: typeof adminUnits | typeof adminUnitEvents | typeof agencies,
  rows: object[],
  size = 200,
) {
  for (let i = 0; i < rows.length; i += size) await ex.insert(table).values(rows.slice(i, i + size) as never);
}

const formedNote = (c: { formedFrom: { code: string; name: string; whole: boolean }[] }) =>
  c.formedFrom.length
    ? `Hình thành từ — formed from: ${c.formedFrom.map((f) => `${f.name} (${f.code}${f.whole ? '' : ', một phần — part'})`).join('; ')}.`
    : null;

/** Loads the province with this 2-digit code inside the caller's transaction. Throws for a code not among the 34. */
export async function seedProvince2025(tx: Executor, code: string): Promise<SeededProvince> {
  const p = loadProvince(code);
  if (!p) throw new Error(`seedProvince2025: ${code} is not one of the 34 provinces of 2025`);
  const province = await unitByCode(tx, p.code, REFORM_2025);
  if (!province) throw new Error(`seedProvince2025: province ${p.code} is not in the reference data`);

  const units: (typeof adminUnits.$inferInsert)[] = [];
  const events: (typeof adminUnitEvents.$inferInsert)[] = [];
  for (const c of p.communes) {
    const id = crypto.randomUUID();
    units.push({
      id,
      code: c.code,
      name: c.name,
      type: c.type,
      level: LEVEL_OF[c.type],
      parentId: province.id,
      validFrom: REFORM_2025,
    });
    events.push({
      kind: 'create',
      effective: REFORM_2025,
      legalBasis: COMMUNE_BASIS,
      fromUnitIds: [],
      toUnitIds: [id],
      note: formedNote(c),
    });
  }

  const title = provinceTitle(p);
  const ids = new Map(PROVINCE_AGENCIES.map((a) => [a.key, crypto.randomUUID()]));
  const rows: (typeof agencies.$inferInsert)[] = PROVINCE_AGENCIES.map((a) => ({
    id: ids.get(a.key)!,
    code: provisionalCode(p.code, a.key),
    key: a.key,
    name: a.name(title),
    shortName: a.shortName,
    level: a.level,
    parentId: a.parentKey ? ids.get(a.parentKey)! : null,
    unitId: province.id,
  }));
  units.forEach((u, i) => {
    const c = p.communes[i]!;
    rows.push({
      code: provisionalCode(c.code, 'UBND'),
      name: `Ủy ban nhân dân ${communeWord(c.type)} ${c.name}`,
      shortName: `UBND ${communeWord(c.type)} ${c.name}`,
      level: 'commune',
      parentId: null,
      unitId: u.id!,
    });
  });

  await insertChunked(tx, adminUnits, units);
  await insertChunked(tx, adminUnitEvents, events);
  await insertChunked(tx, agencies, rows);
  return {
    provinceUnitId: province.id,
    provinceAgencyId: ids.get('UBND')!,
    name: title,
    communes: units.length,
    agencies: rows.length,
  };
}
