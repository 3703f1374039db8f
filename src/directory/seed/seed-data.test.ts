import { describe, expect, it } from 'vitest';
import { AGENCY_CODE_PATTERN, hueAgencies, hueUnits, provinces34, provinces63 } from './index.js';

const duplicates = (xs: readonly string[]) => xs.filter((x, i) => xs.indexOf(x) !== i);

describe('provinces-63: the 63 provincial units on 30 June 2025', () => {
  it('has 63 unique 2-digit codes', () => {
    const codes = provinces63.map((p) => p.code);
    expect(codes).toHaveLength(63);
    expect(duplicates(codes)).toEqual([]);
    for (const c of codes) expect(c).toMatch(/^\d{2}$/);
  });

  it('uses the GSO codes for well-known units', () => {
    const byCode = new Map(provinces63.map((p) => [p.code, p.name]));
    expect(byCode.get('01')).toBe('Hà Nội');
    expect(byCode.get('02')).toBe('Hà Giang');
    expect(byCode.get('04')).toBe('Cao Bằng');
    expect(byCode.get('46')).toBe('Huế');
    expect(byCode.get('48')).toBe('Đà Nẵng');
    expect(byCode.get('49')).toBe('Quảng Nam');
    expect(byCode.get('79')).toBe('Hồ Chí Minh');
    expect(byCode.get('96')).toBe('Cà Mau');
  });

  it('has 6 centrally-run cities, Huế among them since 1 January 2025', () => {
    const cities = provinces63.filter((p) => p.type === 'thanh_pho_trung_uong').map((p) => p.name);
    expect(cities.sort()).toEqual(['Cần Thơ', 'Hà Nội', 'Hải Phòng', 'Hồ Chí Minh', 'Huế', 'Đà Nẵng'].sort());
  });
});

describe('provinces-34: the 34 provincial units from 1 July 2025', () => {
  const oldCodes = new Set(provinces63.map((p) => p.code));

  it('has 34 unique codes', () => {
    const codes = provinces34.map((p) => p.code);
    expect(codes).toHaveLength(34);
    expect(duplicates(codes)).toEqual([]);
  });

  it('puts every old code in exactly one formedFrom, and nothing else', () => {
    const all = provinces34.flatMap((p) => p.formedFrom);
    expect(duplicates(all)).toEqual([]);
    expect(new Set(all)).toEqual(oldCodes);
  });

  it('gives each new unit the code of one of the units it was formed from', () => {
    for (const p of provinces34) expect(p.formedFrom, p.name).toContain(p.code);
  });

  it('has the 6 centrally-run cities Hà Nội, Hải Phòng, Huế, Đà Nẵng, Hồ Chí Minh, Cần Thơ', () => {
    const cities = provinces34.filter((p) => p.type === 'thanh_pho_trung_uong').map((p) => p.name);
    expect(cities.sort()).toEqual(['Cần Thơ', 'Hà Nội', 'Hải Phòng', 'Hồ Chí Minh', 'Huế', 'Đà Nẵng'].sort());
  });

  it('leaves exactly the 11 unchanged units alone', () => {
    const unchanged = provinces34.filter((p) => p.formedFrom.length === 1).map((p) => p.name);
    expect(unchanged.sort()).toEqual(
      [
        'Hà Nội',
        'Huế',
        'Lai Châu',
        'Điện Biên',
        'Sơn La',
        'Lạng Sơn',
        'Quảng Ninh',
        'Thanh Hóa',
        'Nghệ An',
        'Hà Tĩnh',
        'Cao Bằng',
      ].sort(),
    );
  });

  it('keeps the merged units named in the brief', () => {
    const byCode = new Map(provinces34.map((p) => [p.code, p]));
    expect(byCode.get('08')?.formedFrom.sort()).toEqual(['02', '08']);
    expect(byCode.get('48')?.formedFrom.sort()).toEqual(['48', '49']);
    expect(byCode.get('79')?.formedFrom.sort()).toEqual(['74', '77', '79']);
  });
});

describe('hue-units', () => {
  const { before2025, after2025 } = hueUnits;
  const after = after2025.units;
  const afterByCode = new Map(after.map((u) => [u.code, u]));
  const typeWord = { phuong: 'phường', xa: 'xã', thi_tran: 'thị trấn', dac_khu: 'đặc khu' } as const;

  it('after 1 July 2025 has 40 commune-level units: 21 phường and 19 xã', () => {
    expect(after).toHaveLength(40);
    expect(after.filter((u) => u.type === 'phuong')).toHaveLength(21);
    expect(after.filter((u) => u.type === 'xa')).toHaveLength(19);
  });

  it('after 1 July 2025 has unique codes, 5-digit unless marked demo', () => {
    const codes = after.map((u) => u.code);
    expect(duplicates(codes)).toEqual([]);
    for (const u of after) expect(u.demo === true || /^\d{5}$/.test(u.code), u.name).toBe(true);
  });

  it('never merges one old commune into two new ones', () => {
    const sources = after.flatMap((u) => u.formedFrom ?? []);
    expect(duplicates(sources)).toEqual([]);
  });

  it('places every centroid inside Huế and marks it demo', () => {
    for (const u of after) {
      expect(u.centroidDemo).toBe(true);
      expect(u.lat, u.name).toBeGreaterThan(15.9);
      expect(u.lat, u.name).toBeLessThan(16.8);
      expect(u.lng, u.name).toBeGreaterThan(107.0);
      expect(u.lng, u.name).toBeLessThan(108.25);
    }
  });

  it('before 1 July 2025 has unique district and commune codes', () => {
    const districts = before2025.districts.map((d) => d.code);
    expect(duplicates(districts)).toEqual([]);
    for (const c of districts) expect(c).toMatch(/^\d{3}$/);
    const communes = before2025.districts.flatMap((d) => d.communes ?? []);
    expect(communes.length).toBeGreaterThan(0);
    expect(duplicates(communes.map((c) => c.code))).toEqual([]);
    for (const c of communes) expect(c.demo === true || /^\d{5}$/.test(c.code), c.name).toBe(true);
  });

  it('lists communes for at least two districts before 1 July 2025', () => {
    expect(before2025.districts.filter((d) => (d.communes ?? []).length > 0).length).toBeGreaterThanOrEqual(2);
  });

  it('links every old commune to the new unit whose formedFrom names it', () => {
    for (const c of before2025.districts.flatMap((d) => d.communes ?? [])) {
      const target = afterByCode.get(c.mergedInto);
      expect(target, c.name).toBeDefined();
      expect(target?.formedFrom, c.name).toContain(`${typeWord[c.type]} ${c.name}`);
    }
  });
});

describe('hue-agencies', () => {
  const codes = hueAgencies.map((a) => a.code);
  const unitCodes = new Set(['46', ...hueUnits.after2025.units.map((u) => u.code)]);

  it('has unique identifiers in the Quyết định 20/2020/QĐ-TTg format ending in H57', () => {
    expect(duplicates(codes)).toEqual([]);
    for (const c of codes) {
      expect(c).toMatch(AGENCY_CODE_PATTERN);
      expect(c.endsWith('.H57')).toBe(true);
    }
  });

  it('resolves every parentCode to another agency', () => {
    const known = new Set(codes);
    for (const a of hueAgencies) if (a.parentCode !== undefined) expect(known.has(a.parentCode), a.name).toBe(true);
  });

  it('resolves every unitCode to Huế or one of its communes', () => {
    for (const a of hueAgencies) expect(unitCodes.has(a.unitCode), `${a.name}: ${a.unitCode}`).toBe(true);
  });

  it('has one provincial people’s committee and 6–10 commune ones', () => {
    expect(hueAgencies.filter((a) => a.level === 'province')).toHaveLength(1);
    const communes = hueAgencies.filter((a) => a.level === 'commune');
    expect(communes.length).toBeGreaterThanOrEqual(6);
    expect(communes.length).toBeLessThanOrEqual(10);
  });

  it('marks every identifier as demo', () => {
    for (const a of hueAgencies) expect(a.demo, a.name).toBe(true);
  });
});
