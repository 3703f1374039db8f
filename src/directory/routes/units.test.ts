import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testServer, type TestServer } from '../../platform/testing/index.js';

interface UnitRow {
  id: string;
  code: string;
  type: string;
  level: number;
  status: string;
  validTo: string | null;
}

let s: TestServer;
beforeAll(async () => {
  s = await testServer();
});
afterAll(async () => {
  await s?.close();
});

const list = async (query: string) => {
  const r = await s.anonymous.get(`/api/directory/units?${query}`);
  expect(r.statusCode, r.body).toBe(200);
  return (r.json() as { items: UnitRow[] }).items;
};

describe('GET /api/directory/units filters for the admin list', () => {
  it('filters by type: wards (phường) of Huế in force, and only wards', async () => {
    const wards = await list('type=phuong');
    expect(wards.length).toBeGreaterThan(0);
    for (const u of wards) expect([u.type, u.level, u.status, u.validTo]).toEqual(['phuong', 3, 'current', null]);
    const communes = await list('level=3');
    expect(communes.length).toBeGreaterThan(wards.length);
  });

  it('filters by status: merged communes are ended versions, found without asking for history', async () => {
    const merged = await list('level=3&status=merged');
    expect(merged.length).toBeGreaterThan(0);
    for (const u of merged) {
      expect(u.status).toBe('merged');
      expect(u.validTo).not.toBeNull();
    }
  });

  it('combines type and status, and the 63 former provinces show as merged or current', async () => {
    const mergedDistricts = await list('type=huyen&status=merged');
    for (const u of mergedDistricts) expect([u.type, u.status]).toEqual(['huyen', 'merged']);
    const provincesMerged = await list('level=1&status=merged');
    expect(provincesMerged.length).toBeGreaterThan(0);
    expect(provincesMerged.every((u) => u.level === 1)).toBe(true);
  });

  it('refuses an unknown type or status with a 400 problem, not a 500', async () => {
    const r = await s.anonymous.get('/api/directory/units?type=kingdom');
    expect(r.statusCode).toBe(400);
    expect(r.headers['content-type']).toMatch(/problem\+json/);
    expect((await s.anonymous.get('/api/directory/units?status=lost')).statusCode).toBe(400);
  });
});
