import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { enqueue, queryRows } from '../platform/index.js';
import { testServer, type Client, type TestServer } from '../platform/testing/index.js';
import { demoPlaces, staffWith } from '../directory/test-fixtures.js';
import { startGlpi, startWazuh, type GlpiServer, type WazuhServer } from './adapters/test-servers.js';
import { inventoryDevices, inventoryImports, inventorySources } from './schema.js';
import { seedInventory, SYNC_JOB } from './index.js';

let s: TestServer;
let admin: Client;
let specialist: Client; // chuyenvien: specialist of the Department of Justice (STP)
let auditor: Client;
let places: Awaited<ReturnType<typeof demoPlaces>>;
let glpi: GlpiServer;
let wazuh: WazuhServer;
let glpiSource: string;
let wazuhSource: string;

const computer = (id: number, extra: Record<string, unknown> = {}) => ({
  id,
  entities_id: 'Root entity > Sở Tư pháp',
  name: `stp-pc-${id}`,
  serial: `SN-STP-${id}`,
  computertypes_id: id % 3 === 0 ? 'Laptop' : 'Desktop',
  users_id: id === 1 ? 'chuyenvien' : id === 3 ? 'lanhdao' : 0,
  locations_id: 'Phòng Hành chính tư pháp',
  states_id: 'Đang sử dụng',
  date_mod: '2026-11-30 08:15:00',
  is_deleted: 0,
  is_template: 0,
  ...extra,
});

beforeAll(async () => {
  s = await testServer();
  places = await demoPlaces(s);
  admin = await s.login('admin');
  specialist = await s.login('chuyenvien');
  auditor = await s.login('kiemtra');
  glpi = await startGlpi({
    Computer: [1, 2, 3, 4, 5].map((i) => computer(i)),
    Item_OperatingSystem: [1, 2, 3, 4, 5].map((i) => ({
      id: 100 + i,
      itemtype: 'Computer',
      items_id: i,
      operatingsystems_id: 'Windows',
      operatingsystemversions_id: '11',
    })),
    ComputerAntivirus: [
      { id: 1, computers_id: 1, name: 'Microsoft Defender', is_active: 1, is_uptodate: 1, is_deleted: 0 },
      { id: 2, computers_id: 2, name: 'BKAV Pro', is_active: 0, is_uptodate: 0, is_deleted: 0 },
    ],
    NetworkEquipment: [
      {
        id: 7,
        entities_id: 'Root entity > Sở Tư pháp',
        name: 'stp-core-switch',
        serial: 'SW-7',
        networkequipmenttypes_id: 'Switch',
        date_mod: '2026-11-01 10:00:00',
        is_deleted: 0,
      },
    ],
    Software: [
      {
        id: 11,
        entities_id: 'Root entity > Sở Tư pháp',
        name: 'MISA Mimosa.NET',
        softwarecategories_id: 'Kế toán',
        manufacturers_id: 'MISA',
        is_deleted: 0,
      },
      {
        id: 12,
        entities_id: 'Root entity > Sở Tư pháp',
        name: 'Phần mềm quản lý cán bộ',
        softwarecategories_id: '',
        manufacturers_id: 'VNPT',
        is_deleted: 0,
      },
      {
        id: 13,
        entities_id: 'Root entity > Sở Tư pháp',
        name: '7-Zip',
        softwarecategories_id: 'Tiện ích',
        manufacturers_id: 'Igor Pavlov',
        is_deleted: 0,
      },
    ],
  });
  wazuh = await startWazuh([
    {
      id: '001',
      name: 'STP-PC-1', // the same machine as GLPI's stp-pc-1: counted once
      status: 'active',
      group: ['stp'],
      os: { name: 'Microsoft Windows 11 Pro', version: '10.0.22631', platform: 'windows' },
      lastKeepAlive: new Date().toISOString(),
      packages: [{ name: 'Microsoft Defender Antivirus', version: '4.18', vendor: 'Microsoft' }],
    },
    {
      id: '002',
      name: 'stp-app-server',
      status: 'active',
      group: ['stp'],
      os: { name: 'Ubuntu', version: '24.04 LTS', platform: 'ubuntu' },
      lastKeepAlive: new Date().toISOString(),
      boardSerial: 'SRV-002',
      packages: [{ name: 'openssl', version: '3.0' }],
      rootcheckEnd: new Date().toISOString(),
    },
    {
      id: '003',
      name: 'stp-old-pc',
      status: 'disconnected',
      group: ['stp'],
      os: { name: 'Microsoft Windows 10 Pro', version: '10.0.19045', platform: 'windows' },
      lastKeepAlive: '2026-10-01T00:00:00Z',
      packages: [],
    },
  ]);
  const g = await admin.post('/api/inventory/sources', {
    agencyId: places.justice,
    kind: 'glpi',
    name: 'GLPI Sở Tư pháp',
    baseUrl: glpi.url,
    settings: { appToken: glpi.appToken, userToken: glpi.userToken, pageSize: 2 },
  });
  expect(g.statusCode, g.body).toBe(201);
  expect(g.json().settings.userToken).toBe('***');
  glpiSource = g.json().id;
  const w = await admin.post('/api/inventory/sources', {
    agencyId: places.justice,
    kind: 'wazuh',
    name: 'Wazuh SOC tỉnh',
    baseUrl: wazuh.url,
    settings: { username: wazuh.username, password: wazuh.password, groups: { stp: 'STP' } },
  });
  expect(w.statusCode, w.body).toBe(201);
  wazuhSource = w.json().id;
  // Tokens and passwords are sealed at rest: the stored row holds none of them (the runs below prove they still open).
  const stored = JSON.stringify(
    await queryRows(
      s.database.db,
      sql`SELECT settings FROM inventory_sources WHERE id IN (${glpiSource}, ${wazuhSource})`,
    ),
  );
  for (const secret of [glpi.appToken, glpi.userToken, wazuh.password]) expect(stored).not.toContain(secret);
  expect(stored).toContain('sealed:v1.');
});
afterAll(async () => {
  await glpi?.close();
  await wazuh?.close();
  await s?.close();
});

const facts = async (agencyId: string) =>
  (
    await queryRows<Record<string, unknown>>(
      s.database.db,
      sql`SELECT * FROM inventory_agency_facts WHERE agency_id = ${agencyId}`,
    )
  )[0]!;
const devicesOf = (sourceId: string) =>
  s.database.db.select().from(inventoryDevices).where(eq(inventoryDevices.sourceId, sourceId));

describe('GLPI import', () => {
  it('fills the registry from the REST API, page by page, with owners, OS, antivirus and applications', async () => {
    const r = await specialist.post(`/api/inventory/sources/${glpiSource}/run`);
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toMatchObject({ status: 'succeeded', counts: { created: 8, updated: 0, gone: 0 } });
    const devs = await devicesOf(glpiSource);
    expect(devs).toHaveLength(6);
    const pc1 = devs.find((d) => d.externalId === 'Computer:1')!;
    expect(pc1).toMatchObject({
      kind: 'desktop',
      osName: 'Windows',
      osVersion: '11',
      antimalware: 'active',
      serial: 'SN-STP-1',
      status: 'active',
    });
    expect(pc1.ownerPersonId).not.toBeNull();
    expect(pc1.lastSeenAt?.toISOString()).toBe('2026-11-30T01:15:00.000Z');
    expect(devs.find((d) => d.externalId === 'Computer:2')!.antimalware).toBe('inactive');
    expect(devs.find((d) => d.externalId === 'Computer:3')!.kind).toBe('laptop');
    expect(devs.find((d) => d.externalId === 'NetworkEquipment:7')!.kind).toBe('network');
    // 5 computers + 1 switch + 2 recognised applications, 2 items a page: GLPI was asked page by page
    expect(glpi.requests).toBeGreaterThan(8);
    const f = await facts(places.justice);
    expect(f).toMatchObject({
      computers_total: 5,
      staff_with_desktop: 1,
      staff_with_laptop_or_tablet: 1,
      has_hr_app: true,
      has_finance_app: true,
      has_asset_app: false,
    });
  });

  it('a second run changes nothing', async () => {
    const before = await devicesOf(glpiSource);
    const r = await specialist.post(`/api/inventory/sources/${glpiSource}/run`);
    expect(r.json()).toMatchObject({ status: 'succeeded', counts: { created: 0, updated: 0, gone: 0, unchanged: 8 } });
    const after = await devicesOf(glpiSource);
    expect(after.map((d) => [d.id, d.updatedAt.toISOString()]).sort()).toEqual(
      before.map((d) => [d.id, d.updatedAt.toISOString()]).sort(),
    );
  });

  it('a computer removed at the source is marked gone, not deleted; a changed one is updated', async () => {
    glpi.items.Computer[4]!.is_deleted = 1; // moved to GLPI's trash
    glpi.items.Computer[3]!.name = 'stp-pc-4-renamed';
    const r = await specialist.post(`/api/inventory/sources/${glpiSource}/run`);
    expect(r.json()).toMatchObject({ status: 'succeeded', counts: { created: 0, updated: 1, gone: 1 } });
    const gone = (await devicesOf(glpiSource)).find((d) => d.externalId === 'Computer:5')!;
    expect(gone).toMatchObject({ status: 'gone' });
    expect(gone.goneAt).toBeInstanceOf(Date);
    expect((await facts(places.justice)).computers_total).toBe(4);
    const gl = await specialist.get(`/api/inventory/agencies/${places.justice}/devices?status=gone`);
    expect(gl.json().items.map((d: { externalId: string }) => d.externalId)).toEqual(['Computer:5']);
  });

  it('garbage from the API fails the run with a reason and changes nothing', async () => {
    const before = await devicesOf(glpiSource);
    glpi.mode = 'garbage';
    const r = await specialist.post(`/api/inventory/sources/${glpiSource}/run`);
    glpi.mode = 'ok';
    expect(r.statusCode).toBe(200);
    expect(r.json()).toMatchObject({ status: 'failed' });
    expect(r.json().reason).toMatch(/not JSON/);
    expect(await devicesOf(glpiSource)).toEqual(before);
    const src = await specialist.get(`/api/inventory/agencies/${places.justice}`);
    expect(src.json().sources.find((x: { id: string }) => x.id === glpiSource)).toMatchObject({
      lastStatus: 'failed',
      freshness: 'failing',
    });
  });

  it('a wrong token is GLPI’s own error in the run’s reason, and nothing is wiped', async () => {
    const good = glpi.userToken;
    glpi.userToken = 'changed-at-the-tool';
    const r = await specialist.post(`/api/inventory/sources/${glpiSource}/run`);
    glpi.userToken = good;
    expect(r.json()).toMatchObject({ status: 'failed' });
    expect(r.json().reason).toMatch(/ERROR_GLPI_LOGIN_USER_TOKEN/);
    expect((await devicesOf(glpiSource)).filter((d) => d.status === 'active')).toHaveLength(5);
  });

  it('a device claimed by two agencies is a row of the report and nothing is imported', async () => {
    const other = await admin.post('/api/inventory/sources', {
      agencyId: places.centre,
      kind: 'glpi',
      name: 'GLPI TTHCC',
      baseUrl: glpi.url,
      settings: { appToken: glpi.appToken, userToken: glpi.userToken, entities: { 'Sở Tư pháp': 'TTHCC' } },
    });
    const r = await admin.post(`/api/inventory/sources/${other.json().id}/run`);
    expect(r.json().status).toBe('rejected');
    expect(r.json().report.map((x: { problem: string }) => x.problem)).toContain('device-claimed-twice');
    expect(await devicesOf(other.json().id)).toHaveLength(0);
  });
});

describe('Wazuh import', () => {
  it('reads agents, their OS, packages and rootcheck: anti-malware coverage and malware sharing', async () => {
    const r = await admin.post(`/api/inventory/sources/${wazuhSource}/run`);
    expect(r.json(), r.body).toMatchObject({ status: 'succeeded', counts: { created: 3 } });
    const devs = await devicesOf(wazuhSource);
    expect(devs.map((d) => d.externalId).sort()).toEqual(['agent:001', 'agent:002', 'agent:003']); // not the manager
    expect(devs.find((d) => d.externalId === 'agent:001')).toMatchObject({
      kind: 'desktop',
      antimalware: 'active',
      sharesMalwareData: true,
    });
    expect(devs.find((d) => d.externalId === 'agent:002')).toMatchObject({
      kind: 'server',
      antimalware: 'active',
      serial: 'SRV-002',
    });
    expect(devs.find((d) => d.externalId === 'agent:003')).toMatchObject({
      antimalware: 'none',
      sharesMalwareData: false,
    });
    const f = await facts(places.justice);
    // STP-PC-1 is GLPI's stp-pc-1: one machine. 4 GLPI computers + the Wazuh server + the old PC.
    expect(f).toMatchObject({ endpoints_total: 6, shares_malware_data: true });
    // pc-1 (GLPI and Wazuh), the server; pc-2's BKAV is off
    expect(f.endpoints_antimalware).toBe(2);
    const again = await admin.post(`/api/inventory/sources/${wazuhSource}/run`);
    expect(again.json().counts).toMatchObject({ created: 0, updated: 0, gone: 0 });
  });

  it('an agent removed from the manager is marked gone; an error answer fails the run', async () => {
    wazuh.agents.pop();
    const r = await admin.post(`/api/inventory/sources/${wazuhSource}/run`);
    expect(r.json().counts).toMatchObject({ gone: 1 });
    wazuh.mode = 'error';
    const failed = await admin.post(`/api/inventory/sources/${wazuhSource}/run`);
    wazuh.mode = 'ok';
    expect(failed.json()).toMatchObject({ status: 'failed' });
    expect(failed.json().reason).toMatch(/Wazuh internal error/);
    expect((await devicesOf(wazuhSource)).filter((d) => d.status === 'active')).toHaveLength(2);
  });

  it('the job runner syncs every tool on schedule', async () => {
    const before = await s.database.db.select().from(inventoryImports);
    // Due before the other modules' schedules: this one job is the one drained.
    await enqueue(s.database.db, SYNC_JOB, {}, { runAt: new Date(0) });
    expect(await s.app.ctx.jobs.drain({ maxJobs: 1 })).toEqual({ ran: 1, failed: 0 });
    const after = await s.database.db.select().from(inventoryImports);
    const fresh = after.filter((r) => !before.some((b) => b.id === r.id));
    expect(fresh.map((r) => r.sourceId)).toEqual(expect.arrayContaining([glpiSource, wazuhSource]));
  });
});

const csv = (c: Client, agencyId: string, kind: string, text: string) =>
  c.request({
    method: 'POST',
    url: `/api/inventory/agencies/${agencyId}/imports/${kind}`,
    headers: { 'content-type': 'text/csv' },
    payload: text,
  });

describe('spreadsheet import', () => {
  it('refuses unknown columns, levels outside 1–5 and bad decisions with a report, importing nothing', async () => {
    const unknown = await csv(specialist, places.justice, 'systems', 'name,security_level,colour\nA,3,red\n');
    expect(unknown.statusCode).toBe(422);
    expect(unknown.headers['content-type']).toMatch(/problem\+json/);
    expect(unknown.json().report[0]).toMatchObject({ problem: 'unknown-column' });
    const bad = await csv(
      specialist,
      places.justice,
      'systems',
      'name,security_level,approval_number,approval_date,approval_document_id\n' +
        'Hộ tịch,7,,,\n' +
        'Lý lịch tư pháp,3,12/QD,2025-01-01,\n' +
        'Công chứng,2,,,3f2b8c1e-0000-4000-8000-000000000001\n' +
        'Đúng,2,15/QĐ-STP,2025-02-03,\n',
    );
    expect(bad.statusCode).toBe(422);
    const problems = bad.json().report.map((x: { at: string; problem: string }) => `${x.at} ${x.problem}`);
    expect(problems).toEqual(expect.arrayContaining(['dòng 2 bad-value', 'lý lịch tư pháp approval-number']));
    expect(problems.some((p: string) => /công chứng approval-(not-found|unverifiable)/.test(p))).toBe(true);
    const sys = await specialist.get(`/api/inventory/agencies/${places.justice}/systems`);
    expect(sys.json().total).toBe(0);
  });

  it('imports a good CSV and an XLSX; the figures and their evidence follow', async () => {
    const r = await csv(
      specialist,
      places.justice,
      'systems',
      'id,name,public_url,personal_data,security_level,approval_number,approval_date,review_date\n' +
        'hotich,CSDL hộ tịch,https://hotich.example.vn,có,3,15/QĐ-STP,2025-02-03,2026-12-31\n' +
        'congchung,Công chứng,,không,2,,,\n',
    );
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json().counts).toMatchObject({ created: 2 });
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('networks');
    ws.addRow(['kind', 'level', 'provider']);
    ws.addRow(['lan', '', '']);
    ws.addRow(['wan', '', 'Trung tâm dữ liệu tỉnh']);
    ws.addRow(['dedicated', 2, 'Cục Bưu điện Trung ương']);
    const x = await specialist.request({
      method: 'POST',
      url: `/api/inventory/agencies/${places.justice}/imports/networks`,
      headers: { 'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' },
      payload: Buffer.from(await wb.xlsx.writeBuffer()),
    });
    expect(x.statusCode, x.body).toBe(200);
    const f = await facts(places.justice);
    expect(f).toMatchObject({
      systems_total: 2,
      systems_level_approved: 1,
      has_lan: true,
      on_wan: true,
      on_dedicated_network: true,
      has_internet: false,
    });
    const ev = await specialist.get(`/api/inventory/facts?agencyId=${places.justice}&fact=systems_level_approved`);
    expect(ev.json()).toMatchObject({
      value: 1,
      rows: [{ kind: 'system', label: 'CSDL hộ tịch', source: { kind: 'spreadsheet' } }],
    });
    const ev2 = await specialist.get(`/api/inventory/facts?agencyId=${places.justice}&fact=staff_with_desktop`);
    expect(ev2.json().rows).toHaveLength(ev2.json().value as number);
    const appr = await specialist.get(`/api/inventory/approvals?agencyId=${places.justice}`);
    expect(
      appr
        .json()
        .items.map((i: { name: string; problem: string }) => `${i.name}: ${i.problem}`)
        .sort(),
    ).toEqual(['CSDL hộ tịch: review-due', 'Công chứng: approval-missing']);
  });

  it('a later file without a row marks that fact gone', async () => {
    const r = await csv(
      specialist,
      places.justice,
      'systems',
      'id,name,security_level,approval_number,approval_date\nhotich,CSDL hộ tịch,3,15/QĐ-STP,2025-02-03\n',
    );
    expect(r.json().counts).toMatchObject({ gone: 1, unchanged: 0, updated: 1 });
  });
});

describe('who may see and change the inventory', () => {
  it('an agency’s specialist sees and imports for his agency only', async () => {
    expect((await specialist.get(`/api/inventory/agencies/${places.centre}`)).statusCode).toBe(403);
    expect((await csv(specialist, places.centre, 'networks', 'kind\nlan\n')).statusCode).toBe(403);
    expect((await specialist.get('/api/inventory/province')).statusCode).toBe(403);
    const source = { kind: 'glpi', name: 'GLPI', baseUrl: glpi.url, settings: {} };
    expect((await specialist.post('/api/inventory/sources', { ...source, agencyId: places.centre })).statusCode).toBe(
      403,
    );
    expect((await specialist.post('/api/inventory/sources', { ...source, agencyId: places.justice })).statusCode).toBe(
      201,
    );
    const centres = await admin.get(`/api/inventory/sources?agencyId=${places.centre}`);
    expect((await specialist.post(`/api/inventory/sources/${centres.json().items[0].id}/run`)).statusCode).toBe(403);
    expect((await specialist.get(`/api/inventory/sources?agencyId=${places.centre}`)).json().items).toEqual([]);
  });

  it('the IPv6 check is recorded on the system, by its agency’s staff only', async () => {
    const up = await csv(
      specialist,
      places.justice,
      'systems',
      'id,name,public_url,security_level,approval_number,approval_date\nhotich,CSDL hộ tịch,http://127.0.0.1:9/,3,15/QĐ-STP,2025-02-03\n',
    );
    expect(up.statusCode, up.body).toBe(200);
    const seeded = await queryRows<{ id: string }>(
      s.database.db,
      sql`SELECT id FROM inventory_systems WHERE name = 'CSDL hộ tịch'`,
    );
    const id = seeded[0]!.id;
    expect((await auditor.post(`/api/inventory/systems/${id}/ipv6-check`)).statusCode).toBe(403);
    const r = await specialist.post(`/api/inventory/systems/${id}/ipv6-check`);
    expect(r.statusCode, r.body).toBe(200);
    // An IPv4-only address: no AAAA, not ready, and the check says so.
    expect(r.json()).toMatchObject({ id, ipv6Status: 'not_ready', check: { host: '127.0.0.1', aaaa: [], http: null } });
    const list = await specialist.get(`/api/inventory/agencies/${places.justice}/systems`);
    expect(list.json().items[0]).toMatchObject({ ipv6Status: r.json().ipv6Status, ipv6CheckedAt: r.json().checkedAt });
  });
  it('the auditor reads the province, imports nothing; a leader views but does not import', async () => {
    const p = await auditor.get('/api/inventory/province');
    expect(p.statusCode).toBe(200);
    expect(p.json().items.some((i: { agency_id: string }) => i.agency_id === places.justice)).toBe(true);
    expect((await auditor.post(`/api/inventory/sources/${glpiSource}/run`)).statusCode).toBe(403);
    const leader = await s.login('lanhdao');
    expect((await leader.get(`/api/inventory/agencies/${places.justice}/devices`)).statusCode).toBe(200);
    expect((await leader.post(`/api/inventory/sources/${glpiSource}/run`)).statusCode).toBe(403);
    const clerk = await staffWith(s, [{ role: 'clerk', scopeKind: 'agency', scopeId: places.justice }]);
    expect((await clerk.get(`/api/inventory/agencies/${places.justice}`)).statusCode).toBe(403);
    expect((await s.anonymous.get('/api/inventory/province')).statusCode).toBe(401);
  });
});

describe('demo data', () => {
  it('gives the demo agencies the facts the criteria need', async () => {
    await seedInventory(s.database);
    const ubnd = (await queryRows<{ id: string }>(s.database.db, sql`SELECT id FROM agencies WHERE key = 'UBND'`))[0]!
      .id;
    const f = await facts(ubnd);
    expect(f).toMatchObject({
      has_lan: true,
      on_dedicated_network: true,
      systems_total: 2,
      systems_ipv6: 2,
      systems_level_approved: 2,
      has_hr_app: true,
    });
    expect(Number(f.staff_with_desktop)).toBeGreaterThan(0);
    const demo = await s.database.db.select().from(inventorySources).where(eq(inventorySources.demo, true));
    expect(demo.length).toBeGreaterThanOrEqual(4);
  });
});
