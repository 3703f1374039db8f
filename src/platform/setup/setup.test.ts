/**
 * First run without the demo: two fresh databases, two provinces — one set up through the first-run page's API with
 * the console's one-time code (Cao Bằng), one through `npm run setup`'s flags (Gia Lai, chosen by name). Each ends
 * with an administrator who can log in, the province's own communes and agencies, and nothing of Huế.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabase, testServer, type TestServer } from '../testing/index.js';
import { queryRows, type Database } from '../index.js';
import { createServer } from '../../main.js';
import { loadConfig } from '../config.js';
import { runSetup } from '../../cli/setup.js';
import { issueSetupCode } from './installation.js';
import { loadProvince, PROVINCES_2025 } from '../../directory/index.js';

const ADMIN = { displayName: 'Nông Văn Quản', username: 'quantri', password: 'CaoBang@2026' };

async function noHue(db: Database) {
  // Huế's 2025 wards (19753 Phú Xuân…) and its agencies (…H57) are demo data: none in a non-demo installation.
  const [u] = await queryRows<{ n: number }>(
    db.db,
    sql`SELECT count(*)::int AS n FROM admin_units WHERE level = 3 AND code IN ('19753', '19774', '20014')`,
  );
  const [a] = await queryRows<{ n: number }>(
    db.db,
    sql`SELECT count(*)::int AS n FROM agencies WHERE code LIKE '%H57' OR name LIKE '%Huế%'`,
  );
  const [p] = await queryRows<{ n: number }>(db.db, sql`SELECT count(*)::int AS n FROM procedures`);
  const [d] = await queryRows<{ n: number }>(
    db.db,
    sql`SELECT count(*)::int AS n FROM admin_units WHERE demo OR location_demo`,
  );
  expect({ units: u!.n, agencies: a!.n, procedures: p!.n, demoUnits: d!.n }).toEqual({
    units: 0,
    agencies: 0,
    procedures: 0,
    demoUnits: 0,
  });
}

describe('the data of the 34 provinces', () => {
  it(
    'lists 34 provinces and 3,321 communes with official codes, each formed from former units',
    { timeout: 60_000 },
    () => {
      expect(PROVINCES_2025).toHaveLength(34);
      expect(PROVINCES_2025.reduce((n, p) => n + p.communes, 0)).toBe(3321);
      const hue = loadProvince('46')!;
      expect(hue.communes).toHaveLength(40);
      const phuXuan = hue.communes.find((c) => c.code === '19753')!;
      expect(phuXuan).toMatchObject({ name: 'Phú Xuân', type: 'phuong' });
      expect(phuXuan.formedFrom.map((f) => f.name)).toContain('Phường Đông Ba');
      for (const p of PROVINCES_2025) {
        const full = loadProvince(p.code)!;
        expect(full.communes.length).toBe(p.communes);
        expect(new Set(full.communes.map((c) => c.code)).size).toBe(p.communes);
        for (const c of full.communes) expect(c.code).toMatch(/^\d{5}$/);
      }
    },
  );
});

describe('first-run page (Cao Bằng)', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await testServer({ template: 'base' });
  }, 180_000);
  afterAll(async () => {
    await s?.close();
  });

  it('offers the 34 provinces, serves no demo boundaries, and nobody can log in yet', async () => {
    const r = await s.anonymous.get('/api/setup');
    expect(r.statusCode).toBe(200);
    expect((r.json() as { provinces: unknown[] }).provinces).toHaveLength(34);
    const geo = await s.anonymous.get('/api/geo/units.geojson');
    expect(geo.json()).toEqual({ type: 'FeatureCollection', features: [] });
    expect((await s.anonymous.get('/api/geo/province.geojson')).statusCode).toBe(404);
    const preview = await s.anonymous.get('/api/setup/provinces/04');
    expect(preview.json()).toMatchObject({ code: '04', name: 'Cao Bằng' });
    expect((await s.anonymous.post('/api/auth/login', { username: 'admin', password: 'TinhSo@2026' })).statusCode).toBe(
      401,
    );
  });

  it('answers garbage with 4xx problem+json, never 5xx', async () => {
    const bodies: unknown[] = [
      null,
      [],
      'x',
      42,
      {},
      { code: 1, province: [], admin: 'a' },
      { code: 'x'.repeat(41), province: '04', admin: ADMIN },
      { code: 'A', province: '04', admin: { ...ADMIN, extra: 1 } },
    ];
    for (const b of bodies) {
      const r = await s.anonymous.request({
        method: 'POST',
        url: '/api/setup',
        payload: JSON.stringify(b),
        headers: { 'content-type': 'application/json' },
      });
      expect(r.statusCode, `${JSON.stringify(b)} → ${r.body}`).toBeGreaterThanOrEqual(400);
      expect(r.statusCode).toBeLessThan(500);
      expect(r.headers['content-type']).toMatch(/problem\+json/);
    }
    for (const p of ['%00', 'x'.repeat(81), '..%2F..', '-1', '4e'])
      expect((await s.anonymous.get(`/api/setup/provinces/${p}`)).statusCode).toBeLessThan(500);
    for (const b of [null, [], { SMSID: {} }, { SendStatus: [] }]) {
      const r = await s.anonymous.request({
        method: 'POST',
        url: '/api/notify/sms/status/x',
        payload: JSON.stringify(b),
        headers: { 'content-type': 'application/json' },
      });
      expect(r.statusCode).toBeGreaterThanOrEqual(400);
      expect(r.statusCode).toBeLessThan(500);
    }
  });

  it('refuses a wrong code and bad input, changing nothing', async () => {
    await issueSetupCode(s.database.db);
    const wrong = await s.anonymous.post('/api/setup', { code: 'AAAA-BBBB-CCCC', province: '04', admin: ADMIN });
    expect(wrong.statusCode).toBe(403);
    expect(wrong.headers['content-type']).toMatch(/problem\+json/);
    const code = (await issueSetupCode(s.database.db))!;
    const bad = await s.anonymous.post('/api/setup', { code, province: '99', admin: { ...ADMIN, password: '123' } });
    expect(bad.statusCode).toBe(400);
    expect((bad.json() as { errors: { field: string }[] }).errors.map((e) => e.field).sort()).toEqual([
      'admin.password',
      'province',
    ]);
    expect((await s.anonymous.get('/api/setup')).statusCode).toBe(200);
  });

  it(
    'sets up the province with the console code; the administrator logs in; the page is gone',
    { timeout: 120_000 },
    async () => {
      const code = (await issueSetupCode(s.database.db))!;
      expect(code).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$/);
      const r = await s.anonymous.post('/api/setup', { code: code.toLowerCase(), province: 'Cao Bằng', admin: ADMIN });
      expect(r.statusCode, r.body).toBe(201);
      const cb = loadProvince('04')!;
      expect(r.json()).toMatchObject({
        provinceCode: '04',
        provinceName: 'tỉnh Cao Bằng',
        communes: cb.communes.length,
      });

      expect((await s.anonymous.get('/api/setup')).statusCode).toBe(410);
      expect(
        (await s.anonymous.post('/api/setup', { code, province: '46', admin: { ...ADMIN, username: 'other' } }))
          .statusCode,
      ).toBe(410);
      expect(await issueSetupCode(s.database.db)).toBeNull();

      const admin = await s.login(ADMIN.username, ADMIN.password);
      // A province-level right: the backup status is the province's.
      expect((await admin.get('/api/backups/status')).statusCode).toBe(200);
      const province = (await s.anonymous.get('/api/directory/units?level=1&q=Cao')).json() as {
        items: { id: string; code: string }[];
      };
      const cbUnit = province.items.find((u) => u.code === '04')!;
      const communes = (await s.anonymous.get(`/api/directory/units?parentId=${cbUnit.id}`)).json() as {
        items: { code: string }[];
      };
      expect(communes.items.map((c) => c.code).sort()).toEqual(cb.communes.map((c) => c.code).sort());
      const agencies = (await s.anonymous.get('/api/directory/agencies?q=Cao%20B%E1%BA%B1ng&limit=500')).json() as {
        items: { name: string }[];
      };
      expect(agencies.items.map((a) => a.name)).toContain('Ủy ban nhân dân tỉnh Cao Bằng');
      expect(agencies.items.map((a) => a.name)).toContain('Trung tâm Phục vụ hành chính công tỉnh Cao Bằng');
      expect(((await s.anonymous.get('/api/procedures')).json() as { total: number }).total).toBe(0);
      expect((await s.anonymous.get('/api/geo/units.geojson')).json()).toMatchObject({ features: [] });
      await noHue(s.database);
      const [audit] = await queryRows<{ n: number }>(
        s.database.db,
        sql`SELECT count(*)::int AS n FROM audit_log WHERE action = 'platform.setup'`,
      );
      expect(audit!.n).toBe(1);
    },
  );

  it(
    'takes field reports anywhere in its province, not only inside Huế, and answers Open311 as province 04',
    { timeout: 120_000 },
    async () => {
      const admin = await s.login(ADMIN.username, ADMIN.password);
      const cat = await admin.post('/api/feedback/categories', {
        code: 'giao-thong',
        nameVi: 'Giao thông',
        nameEn: 'Roads',
        deadlineAmount: 5,
        deadlineUnit: 'working_days',
        active: true,
        demo: false,
      });
      expect(cat.statusCode, cat.body).toBe(201);
      const agencies = (await s.anonymous.get('/api/directory/agencies?q=Cao%20B%E1%BA%B1ng&limit=500')).json() as {
        items: { id: string; name: string }[];
      };
      const ubnd = agencies.items.find((a) => a.name === 'Ủy ban nhân dân tỉnh Cao Bằng')!;
      const rule = await admin.post('/api/feedback/routing-rules', {
        categoryId: cat.json().id,
        unitId: null,
        agencyId: ubnd.id,
        priority: 0,
        active: true,
        demo: false,
      });
      expect(rule.statusCode, rule.body).toBe(201);
      // Cao Bằng's provincial town (no shapes are shipped for it: the commune is left to routing).
      const report = {
        category: 'giao-thong',
        description: 'Ổ gà lớn trên đường Hoàng Đình Giong, nguy hiểm cho xe máy.',
        lat: 22.6657,
        lng: 106.264,
        confirmNew: true,
      };
      const ok = await admin.post('/api/feedback/reports', report);
      expect(ok.statusCode, ok.body).toBe(201);
      const atSea = await admin.post('/api/feedback/reports', { ...report, lat: 15, lng: 121 });
      expect(atSea.statusCode).toBe(400);
      expect(atSea.json().errors[0].code).toBe('outside-province');
      expect((await s.anonymous.get('/open311/v2/services.json?jurisdiction_id=04')).statusCode).toBe(200);
      const hue = await s.anonymous.get('/open311/v2/services.json?jurisdiction_id=46');
      expect(hue.statusCode).toBe(404);
      expect(hue.body).toContain('serves 04');
    },
  );
});

describe('npm run setup (Gia Lai, by name, from flags)', () => {
  let db: Database;
  let dir: string;
  beforeAll(async () => {
    db = await testDatabase('base');
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tinhso-setup-'));
  }, 180_000);
  afterAll(async () => {
    await db?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('sets up from flags and a password file, then refuses a second run', { timeout: 120_000 }, async () => {
    const pwFile = path.join(dir, 'pw');
    fs.writeFileSync(pwFile, 'GiaLai@2026\n');
    const out: string[] = [];
    const io = { print: (l: string) => out.push(l) };
    const argv = [
      '--province=gia lai',
      '--admin-name=Rơ Mah Quản',
      '--admin-login=admin.gialai',
      `--admin-password-file=${pwFile}`,
    ];
    expect(await runSetup(db, argv, io), out.join('\n')).toBe(0);
    expect(out.join('\n')).toMatch(/tỉnh Gia Lai \(52\)/);
    expect(await runSetup(db, argv, io)).toBe(1);
    expect(out.at(-1)).toMatch(/Already set up \(province 52\)/);

    const [n] = await queryRows<{ n: number }>(
      db.db,
      sql`SELECT count(*)::int AS n FROM admin_units u JOIN admin_units p ON p.id = u.parent_id WHERE p.code = '52' AND u.level = 3`,
    );
    expect(n!.n).toBe(loadProvince('52')!.communes.length);
    await noHue(db);

    // The administrator logs in on a server over this database.
    const server = await createServer(loadConfig({ ...process.env, NODE_ENV: 'test', DATA_DIR: dir }), {
      database: db,
    });
    try {
      const login = await server.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username: 'admin.gialai', password: 'GiaLai@2026' },
      });
      expect(login.statusCode, login.body).toBe(200);
      expect((await server.app.inject({ method: 'GET', url: '/api/setup' })).statusCode).toBe(410);
    } finally {
      await server.app.close();
    }
  });

  it('explains what is missing when flags are incomplete and no terminal can ask', { timeout: 120_000 }, async () => {
    const fresh = await testDatabase('base');
    try {
      const out: string[] = [];
      expect(await runSetup(fresh, ['--province=04'], { print: (l) => out.push(l) }, {})).toBe(1);
      expect(out.join('\n')).toMatch(/--admin-login/);
    } finally {
      await fresh.close();
    }
  });
});
