import { describe, expect, it } from 'vitest';
import { PROVINCES_2025, findProvince, loadProvince } from './data.js';

// The data files are shipped in the repository (a too-broad ignore rule once kept them out of a clean clone).
describe('2025 administrative units data', () => {
  it('holds the 34 provinces and every file loads with the communes the index counts', () => {
    expect(PROVINCES_2025).toHaveLength(34);
    const codes = new Set<string>();
    let total = 0;
    for (const entry of PROVINCES_2025) {
      const p = loadProvince(entry.code);
      expect(p, entry.code).not.toBeNull();
      expect(p!.communes).toHaveLength(entry.communes);
      for (const c of p!.communes) {
        expect(c.code).toMatch(/^\d{5}$/);
        expect(codes.has(c.code), c.code).toBe(false);
        codes.add(c.code);
      }
      total += entry.communes;
    }
    expect(total).toBe(3321);
  });

  it('finds a province by code or by name without diacritics', () => {
    expect(findProvince('46')?.name).toBe('Huế');
    expect(findProvince('tinh gia lai')?.code).toBe(findProvince('Gia Lai')?.code);
    expect(findProvince('99')).toBeNull();
  });
});
