import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testServer, type TestServer } from '../../../platform/testing/index.js';

let s: TestServer;
beforeAll(async () => {
  s = await testServer();
});
afterAll(async () => {
  await s?.close();
});

interface Item {
  code: string;
  name: string;
  levels: string[];
  onlineLevel: string;
  fieldCode: string;
  agencyId: string | null;
}
const search = async (qs: string) => {
  const r = await s.anonymous.get(`/api/procedures?${qs}`);
  expect(r.statusCode, r.body).toBe(200);
  return r.json() as { items: Item[]; total: number };
};

describe('GET /api/procedures — search', () => {
  it('finds a procedure typed without diacritics', async () => {
    const { items } = await search(`q=${encodeURIComponent('dang ky khai sinh')}`);
    expect(items[0]?.code).toBe('1.001193');
  });

  it('finds a procedure despite a typo, best match first', async () => {
    const { items } = await search(`q=${encodeURIComponent('ly lich tu phapp')}`);
    expect(items[0]?.name).toMatch(/lý lịch tư pháp/i);
    const typo = await search(`q=${encodeURIComponent('khai snh')}`);
    expect(typo.items.map((i) => i.code)).toContain('1.001193');
  });

  it('finds by national code and returns nothing for nonsense', async () => {
    expect((await search('q=2.000815')).items.map((i) => i.code)).toEqual(['2.000815']);
    expect(await search(`q=${encodeURIComponent('zzqxw vvkj')}`)).toEqual({ items: [], total: 0 });
  });

  it('filters by field, level and online level, with the total before paging', async () => {
    const civil = await search('field=ho-tich&limit=3');
    expect(civil.items).toHaveLength(3);
    expect(civil.total).toBeGreaterThan(3);
    for (const i of civil.items) expect(i.fieldCode).toBe('ho-tich');
    const district = await search('level=district&limit=200');
    expect(district.total).toBeGreaterThan(0);
    for (const i of district.items) expect(i.levels).toContain('district');
    const full = await search('onlineLevel=full&level=province&limit=200');
    for (const i of full.items) expect([i.onlineLevel, i.levels.includes('province')]).toEqual(['full', true]);
    const all = await search('limit=200');
    expect(full.total).toBeLessThan(all.total);
  });

  it('filters by competent agency', async () => {
    const detail = (await s.anonymous.get('/api/procedures/2.000488')).json() as { agencyId: string };
    const { items } = await search(`agencyId=${detail.agencyId}&limit=200`);
    expect(items.length).toBeGreaterThanOrEqual(2);
    for (const i of items) expect(i.agencyId).toBe(detail.agencyId);
  });

  it('refuses an unknown level with a 400 problem', async () => {
    const r = await s.anonymous.get('/api/procedures?level=hamlet');
    expect(r.statusCode).toBe(400);
    expect(r.headers['content-type']).toMatch(/problem\+json/);
  });
});

describe('GET /api/procedures/fields and /:idOrCode', () => {
  it('lists fields with their procedure counts', async () => {
    const r = await s.anonymous.get('/api/procedures/fields');
    expect(r.statusCode).toBe(200);
    const civil = (r.json() as { code: string; procedures: number }[]).find((f) => f.code === 'ho-tich');
    expect(civil?.procedures).toBeGreaterThanOrEqual(5);
  });

  it('gives one procedure by code or id with papers, fees and workflow', async () => {
    const byCode = await s.anonymous.get('/api/procedures/2.000488');
    expect(byCode.statusCode).toBe(200);
    const p = byCode.json();
    expect(p.papers.length).toBeGreaterThan(0);
    expect(p.fees[0]).toMatchObject({ amount: 200000 });
    expect(
      p.workflow.map((w: { sharePercent: number }) => w.sharePercent).reduce((a: number, b: number) => a + b, 0),
    ).toBe(100);
    expect(p.workflow.some((w: { agencyMode: string }) => w.agencyMode === 'fixed')).toBe(true);
    const byId = await s.anonymous.get(`/api/procedures/${p.id}`);
    expect(byId.json().code).toBe('2.000488');
  });

  it('answers 404 for an unknown procedure', async () => {
    const r = await s.anonymous.get('/api/procedures/9.999999');
    expect(r.statusCode).toBe(404);
    expect(r.json().messages.en.detail ?? r.json().detail).toBeTruthy();
  });
});
