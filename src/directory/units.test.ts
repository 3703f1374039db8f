import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../platform/index.js';
import { testDatabase } from '../platform/testing/index.js';
import { hueUnits } from './seed/index.js';
import {
  ancestorsOf,
  childrenOf,
  currentStructure,
  listUnits,
  pathOf,
  unitByCode,
  unitSubtreeIds,
  type AdminUnit,
} from './index.js';

let d: Database;
let hue: AdminUnit;
beforeAll(async () => {
  d = await testDatabase('demo');
  hue = (await unitByCode(d.db, '46', '2025-06-01'))!;
});
afterAll(() => d.close());

const names = (xs: { name: string }[]) => xs.map((x) => x.name).sort();
const withCommunes = hueUnits.before2025.districts.filter((x) => x.communes?.length);

describe('Huế with three levels, as of 1 June 2025', () => {
  const asOf = '2025-06-01';

  it('has its nine districts directly below the province', async () => {
    const kids = await childrenOf(d.db, hue.id, asOf);
    expect(kids).toHaveLength(9);
    expect(kids.every((k) => k.level === 2)).toBe(true);
    expect(names(kids)).toEqual(names(hueUnits.before2025.districts));
  });

  it('has the communes below their districts', async () => {
    const quangDien = (await unitByCode(d.db, '477', asOf))!;
    const communes = await childrenOf(d.db, quangDien.id, asOf);
    expect(names(communes)).toEqual(names(hueUnits.before2025.districts.find((x) => x.code === '477')!.communes!));
    expect(communes.every((c) => c.level === 3)).toBe(true);
  });

  it('builds the three-level tree', async () => {
    const s = await currentStructure(d.db, asOf, { provinceId: hue.id });
    expect(s.levels).toBe(3);
    const [p] = s.provinces;
    expect(p!.name).toBe('Huế');
    expect(p!.children).toHaveLength(9);
    const communeCount = p!.children.reduce((n, dist) => n + dist.children.length, 0);
    expect(communeCount).toBe(withCommunes.reduce((n, x) => n + x.communes!.length, 0));
  });

  it('gives a commune its path through the district', async () => {
    const quangThai = (await unitByCode(d.db, '19870', asOf))!;
    expect((await ancestorsOf(d.db, quangThai.id)).map((u) => u.name)).toEqual(['Huế', 'Quảng Điền']);
    expect((await pathOf(d.db, quangThai.id)).map((u) => u.level)).toEqual([1, 2, 3]);
  });

  it('lists the 63 provinces as roots', async () => {
    expect(await listUnits(d.db, { asOf })).toHaveLength(63);
  });
});

describe('Huế with two levels, as of 1 August 2025', () => {
  const asOf = '2025-08-01';

  it('has its 40 communes directly below the province and no district', async () => {
    const kids = await childrenOf(d.db, hue.id, asOf);
    expect(kids).toHaveLength(40);
    expect(kids.every((k) => k.level === 3 && k.validFrom === '2025-07-01')).toBe(true);
    expect(await listUnits(d.db, { level: 2, asOf })).toHaveLength(0);
  });

  it('builds the two-level tree', async () => {
    const s = await currentStructure(d.db, asOf, { provinceId: hue.id });
    expect(s.levels).toBe(2);
    expect(s.provinces[0]!.children).toHaveLength(40);
    expect(s.provinces[0]!.children.every((c) => c.children.length === 0)).toBe(true);
  });

  it('gives a commune the province as its only ancestor', async () => {
    const thuanAn = (await unitByCode(d.db, '19900', asOf))!;
    expect((await ancestorsOf(d.db, thuanAn.id)).map((u) => u.code)).toEqual(['46']);
  });

  it('lists the 34 provinces as roots, and nothing is left unplaced', async () => {
    expect(await listUnits(d.db, { asOf })).toHaveLength(34);
    expect((await currentStructure(d.db, asOf)).unplaced).toEqual([]);
  });
});

describe('unit queries', () => {
  it('finds units without diacritics and by code', async () => {
    const hits = await listUnits(d.db, { q: 'quang dien', includeHistory: true });
    expect(hits.map((h) => h.name)).toContain('Quảng Điền');
    expect((await listUnits(d.db, { q: '19900' })).map((h) => h.name)).toEqual(['Thuận An']);
  });

  it('treats LIKE wildcards in a search as plain text', async () => {
    expect(await listUnits(d.db, { q: '%' })).toEqual([]);
  });

  it('shows the province under its name of the day', async () => {
    const roots = await listUnits(d.db, { asOf: '2024-06-01' });
    expect(roots.find((r) => r.code === '46')!.name).toBe('Thừa Thiên Huế');
  });

  it('counts the 2025 districts and communes within the province subtree', async () => {
    const ids = await unitSubtreeIds(d.db, hue.id);
    const quangThai = (await unitByCode(d.db, '19870', '2025-06-01'))!;
    const thuanAn = (await unitByCode(d.db, '19900', '2025-08-01'))!;
    expect(ids).toContain(quangThai.id);
    expect(ids).toContain(thuanAn.id);
    const danang = (await unitByCode(d.db, '48', '2025-08-01'))!;
    expect(ids).not.toContain(danang.id);
  });
});
