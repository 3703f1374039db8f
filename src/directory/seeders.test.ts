import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, sql } from 'drizzle-orm';
import { queryRows, type Database } from '../platform/index.js';
import { testDatabase } from '../platform/testing/index.js';
import { adminUnitEvents, adminUnits, agencies, people } from './schema.js';
import { provinces34, provinces63, hueUnits, hueAgencies } from './seed/index.js';
import { listUnits, unitByCode } from './units.js';
import { PROVINCE_MERGE_BASIS } from './seeders.js';

let d: Database;
beforeAll(async () => {
  d = await testDatabase('demo');
});
afterAll(() => d.close());

const provincesOn = async (asOf: string) => listUnits(d.db, { asOf });

describe('reference seeder: the provinces before and after 1 July 2025', () => {
  it('has the 63 provincial units on 30 June 2025 and the 34 from 1 July 2025', async () => {
    const before = await provincesOn('2025-06-30');
    const after = await provincesOn('2025-07-01');
    expect(before).toHaveLength(63);
    expect(after).toHaveLength(34);
    expect(new Set(before.map((u) => u.code))).toEqual(new Set(provinces63.map((p) => p.code)));
    expect(new Set(after.map((u) => u.code))).toEqual(new Set(provinces34.map((p) => p.code)));
  });

  it('ends every merged province on 30 June 2025 and points it to the province it joined', async () => {
    const after = new Map((await provincesOn('2025-07-01')).map((u) => [u.code, u]));
    for (const p of provinces34) {
      const next = after.get(p.code)!;
      for (const code of p.formedFrom) {
        const old = await unitByCode(d.db, code, '2025-06-30');
        if (p.formedFrom.length === 1) {
          // Unchanged by the reform: one row, no break.
          expect(old!.id, p.name).toBe(next.id);
          expect(old!.validTo).toBeNull();
          expect(old!.status).toBe('current');
        } else {
          expect(old!.validTo, `${code} → ${p.name}`).toBe('2025-06-30');
          expect(old!.status).toBe('merged');
          expect(old!.successorId).toBe(next.id);
        }
      }
    }
  });

  it('records one merge event per merged province, with its sources and the legal basis', async () => {
    const merges = await d.db
      .select()
      .from(adminUnitEvents)
      .where(and(eq(adminUnitEvents.kind, 'merge'), eq(adminUnitEvents.legalBasis, PROVINCE_MERGE_BASIS)));
    expect(merges).toHaveLength(provinces34.filter((p) => p.formedFrom.length > 1).length);
    const gialai = (await unitByCode(d.db, '52', '2025-07-01'))!;
    const e = merges.find((m) => m.toUnitIds.includes(gialai.id))!;
    expect(e.effective).toBe('2025-07-01');
    const sources = await d.db
      .select({ code: adminUnits.code, name: adminUnits.name })
      .from(adminUnits)
      .where(
        sql`${adminUnits.id} = ANY(${sql`ARRAY[${sql.join(
          e.fromUnitIds.map((i) => sql`${i}::uuid`),
          sql`, `,
        )}]`})`,
      );
    expect(sources.map((s) => s.name).sort()).toEqual(['Bình Định', 'Gia Lai']);
    expect(gialai.name).toBe('Gia Lai');
  });

  it('keeps Thừa Thiên Huế as the version before the centrally-run city of 1 January 2025', async () => {
    const versions = await d.db
      .select()
      .from(adminUnits)
      .where(eq(adminUnits.code, '46'))
      .orderBy(adminUnits.validFrom);
    expect(versions.map((v) => [v.name, v.type, v.validFrom, v.validTo, v.status])).toEqual([
      ['Thừa Thiên Huế', 'tinh', '2008-08-01', '2024-12-31', 'renamed'],
      ['Huế', 'thanh_pho_trung_uong', '2025-01-01', null, 'current'],
    ]);
    expect(versions[0]!.successorId).toBe(versions[1]!.id);
  });
});

describe('demo seeder: Huế', () => {
  it('loads the 40 communes of 1 July 2025, not marked demo, with approximate points', async () => {
    const hue = (await unitByCode(d.db, '46', '2025-08-01'))!;
    const communes = await listUnits(d.db, { parentId: hue.id, asOf: '2025-08-01' });
    expect(communes).toHaveLength(hueUnits.after2025.units.length);
    expect(communes.every((c) => c.level === 3 && !c.demo && c.locationDemo && c.lat !== null)).toBe(true);
  });

  it('marks the pre-reform districts and communes as demo data', async () => {
    const rows = await queryRows<{ n: number; demo: number }>(
      d.db,
      sql`SELECT count(*)::int AS n, count(*) FILTER (WHERE demo)::int AS demo FROM admin_units WHERE valid_to = '2025-06-30' AND level > 1`,
    );
    expect(rows[0]!.n).toBeGreaterThan(9);
    expect(rows[0]!.demo).toBe(rows[0]!.n);
  });

  it('links each pre-reform commune to the 2025 commune it became part of', async () => {
    for (const dist of hueUnits.before2025.districts) {
      for (const c of dist.communes ?? []) {
        const old = (await unitByCode(d.db, c.code, '2025-06-30'))!;
        const next = (await unitByCode(d.db, c.mergedInto, '2025-07-01'))!;
        expect(old.successorId, c.name).toBe(next.id);
      }
    }
  });

  it('loads the agencies with their identifiers, keys for the demo accounts, and profiles for the demo staff', async () => {
    const all = await d.db.select().from(agencies);
    expect(all).toHaveLength(hueAgencies.length);
    const byKey = new Map(all.filter((a) => a.key).map((a) => [a.key!, a]));
    expect(byKey.get('STP')!.name).toMatch(/^Sở Tư pháp/);
    expect(byKey.get('TTHCC')!.name).toMatch(/^Trung tâm Phục vụ hành chính công/);
    expect(byKey.get('VP')!.name).toMatch(/^Văn phòng Ủy ban nhân dân/);
    expect(all.every((a) => a.demo)).toBe(true);
    // Every demo staff account has a profile (other modules' demo data may add more staff).
    const staff = await queryRows<{ username: string }>(
      d.db,
      sql`SELECT a.username FROM ${people} p JOIN accounts a ON a.id = p.account_id`,
    );
    expect(staff.map((r) => r.username)).toEqual(
      expect.arrayContaining(['admin', 'motcua', 'chuyenvien', 'lanhdao', 'vanthu']),
    );
  });
});
