/**
 * Every state-changing route, tried by an administrator of one ward (Phú Xuân) and by the province's
 * administrator: the ward's administrator acts within his ward and is refused outside it, whatever the
 * route; what is the province's (its calendar, its categories, a catch-all routing rule, its catalog
 * import, the audit trail) only the province's administrator may change. A route added to the API
 * must be added here, or to OTHER with the test that covers it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { testServer, type Client, type TestServer } from './platform/testing/index.js';
import { demoPlaces, staffWith } from './directory/test-fixtures.js';
import { reportBody } from './feedback/test-fixtures.js';

let s: TestServer;
let prov: Client;
let ward: Client;
let places: Awaited<ReturnType<typeof demoPlaces>>;

beforeAll(async () => {
  s = await testServer();
  places = await demoPlaces(s);
  prov = await s.login('admin');
  ward = await staffWith(s, [{ role: 'admin', scopeKind: 'unit', scopeId: places.phuXuanWard }], {
    agencyId: places.phuXuanPc,
  });
});
afterAll(async () => {
  await s?.close();
});

function refused(r: LightMyRequestResponse) {
  expect(r.statusCode, r.body).toBe(403);
  expect(r.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(r.json()).toMatchObject({ status: 403, code: 'forbidden' });
}
function done(r: LightMyRequestResponse, status: number) {
  expect(r.statusCode, r.body).toBe(status);
}
const json = <T>(r: LightMyRequestResponse): T => r.json() as T;
let serial = 0;
const next = () => String(++serial).padStart(3, '0');

/** A procedure of the ward's People's Committee, created by the ward's administrator. */
async function wardProcedure(prefix: string): Promise<{ id: string }> {
  const r = await ward.post('/api/procedures', {
    code: `${prefix}${next()}`,
    name: 'Thủ tục của phường',
    fieldCode: 'ho-tich',
    levels: ['commune'],
    processingDays: 3,
    onlineLevel: 'partial',
    agencyId: places.phuXuanPc,
  });
  done(r, 201);
  return json<{ id: string }>(r);
}

/** A report in a category of its own that the province routes to the Department of Construction. */
async function constructionReport(): Promise<string> {
  const code = `duong-${next()}`;
  const c = json<{ id: string }>(
    await prov.post('/api/feedback/categories', {
      code,
      nameVi: 'Đường hư hỏng',
      nameEn: 'Damaged road',
      deadlineAmount: 3,
      deadlineUnit: 'working_days',
    }),
  );
  done(await prov.post('/api/feedback/routing-rules', { categoryId: c.id, agencyId: places.construction }), 201);
  const r = await (await s.login('congdan')).post('/api/feedback/reports', reportBody({ category: code }));
  done(r, 201);
  return json<{ report: { publicId: string } }>(r).report.publicId;
}

const ADMIN_ROUTES: Record<string, () => Promise<void>> = {
  'POST /api/backups': async () => {
    // The province's backups are the province's: a ward's administrator cannot start one.
    refused(await ward.post('/api/backups', {}));
    done(await prov.post('/api/backups', {}), 202);
  },
  'PUT /api/calendar/office-hours': async () => {
    const hours = json<object>(await prov.get('/api/calendar/office-hours'));
    refused(await ward.put('/api/calendar/office-hours', hours));
    done(await prov.put('/api/calendar/office-hours', hours), 200);
  },
  'POST /api/calendar/overrides': async () => {
    const body = { date: `2031-03-${next().slice(1)}`, kind: 'day_off', name: { vi: 'Nghỉ thử', en: 'Test day off' } };
    refused(await ward.post('/api/calendar/overrides', body));
    done(await prov.post('/api/calendar/overrides', body), 201);
  },
  'DELETE /api/calendar/overrides/{id}': async () => {
    const o = json<{ id: string }>(
      await prov.post('/api/calendar/overrides', {
        date: '2031-04-20',
        kind: 'day_off',
        name: { vi: 'Nghỉ', en: 'Off' },
      }),
    );
    refused(await ward.delete(`/api/calendar/overrides/${o.id}`));
    done(await prov.delete(`/api/calendar/overrides/${o.id}`), 204);
  },
  'POST /api/directory/units': async () => {
    const body = { code: `99${next()}`, name: 'Xã Thử Nghiệm', type: 'xa', parentId: places.province };
    refused(await ward.post('/api/directory/units', body));
    done(await prov.post('/api/directory/units', body), 201);
  },
  'PATCH /api/directory/units/{id}': async () => {
    // A unit is the record of the unit above it: the ward's administrator does not rename his ward.
    refused(await ward.patch(`/api/directory/units/${places.phuXuanWard}`, { name: 'Phú Xuân Mới' }));
    refused(await ward.patch(`/api/directory/units/${places.thuanHoaWard}`, { lat: 16.46 }));
    done(await prov.patch(`/api/directory/units/${places.phuXuanWard}`, { lat: 16.4698 }), 200);
  },
  'POST /api/directory/units/merge': async () => {
    const a = json<{ id: string }>(
      await prov.post('/api/directory/units', {
        code: `98${next()}`,
        name: 'Xã A',
        type: 'xa',
        parentId: places.province,
      }),
    );
    const into = { code: `97${next()}`, name: 'Xã Gộp', type: 'xa' };
    refused(
      await ward.post('/api/directory/units/merge', {
        sourceIds: [a.id],
        into,
        effective: '2031-01-01',
        legalBasis: 'Nghị quyết thử',
      }),
    );
    refused(
      await ward.post('/api/directory/units/merge', {
        sourceIds: [places.thuanHoaWard],
        into,
        effective: '2031-01-01',
        legalBasis: 'Nghị quyết thử',
      }),
    );
    done(
      await prov.post('/api/directory/units/merge', {
        sourceIds: [a.id],
        into,
        effective: '2031-01-01',
        legalBasis: 'Nghị quyết thử',
      }),
      201,
    );
  },
  'POST /api/directory/agencies': async () => {
    done(
      await ward.post('/api/directory/agencies', {
        code: `${next()}.77.00.H57`,
        name: 'Tổ dân phố thử',
        level: 'unit',
        unitId: places.phuXuanWard,
      }),
      201,
    );
    refused(
      await ward.post('/api/directory/agencies', {
        code: `${next()}.77.00.H57`,
        name: 'Cơ quan không chỗ đứng',
        level: 'unit',
      }),
    );
    refused(
      await ward.post('/api/directory/agencies', {
        code: `${next()}.77.00.H57`,
        name: 'Phòng của Sở',
        level: 'unit',
        parentId: places.justice,
      }),
    );
    refused(
      await ward.post('/api/directory/agencies', {
        code: `${next()}.77.00.H57`,
        name: 'Ở phường khác',
        level: 'unit',
        unitId: places.thuanHoaWard,
      }),
    );
    done(
      await prov.post('/api/directory/agencies', {
        code: `${next()}.78.00.H57`,
        name: 'Ban thử của tỉnh',
        level: 'department',
      }),
      201,
    );
  },
  'PATCH /api/directory/agencies/{id}': async () => {
    done(await ward.patch(`/api/directory/agencies/${places.phuXuanPc}`, { shortName: 'UBND P. Phú Xuân' }), 200);
    refused(await ward.patch(`/api/directory/agencies/${places.justice}`, { shortName: 'STP' }));
    refused(await ward.patch(`/api/directory/agencies/${places.phuXuanPc}`, { unitId: places.thuanHoaWard }));
    refused(await ward.patch(`/api/directory/agencies/${places.phuXuanPc}`, { parentId: null }));
    done(await prov.patch(`/api/directory/agencies/${places.justice}`, { shortName: 'Sở Tư pháp' }), 200);
  },
  'POST /api/directory/people': async () => {
    const person = (agencyId: string, grants: object[] = []) => ({
      username: `nguoi${next()}`,
      displayName: 'Người thử',
      password: 'Thu-nghiem@2026',
      agencyId,
      grants,
    });
    done(
      await ward.post(
        '/api/directory/people',
        person(places.phuXuanPc, [{ role: 'officer', scopeKind: 'agency', scopeId: places.phuXuanPc }]),
      ),
      201,
    );
    refused(await ward.post('/api/directory/people', person(places.justice)));
    // No one gives away more than he holds: an administrator of the province made by a ward's.
    refused(
      await ward.post(
        '/api/directory/people',
        person(places.phuXuanPc, [{ role: 'admin', scopeKind: 'unit', scopeId: places.province }]),
      ),
    );
    done(await prov.post('/api/directory/people', person(places.justice)), 201);
  },
  'PATCH /api/directory/people/{id}': async () => {
    const justicePerson = json<{ items: { id: string }[] }>(await prov.get('/api/directory/people?q=chuyenvien'))
      .items[0]!;
    const own = json<{ id: string }>(
      await ward.post('/api/directory/people', {
        username: `nguoi${next()}`,
        displayName: 'Người phường',
        password: 'Thu-nghiem@2026',
        agencyId: places.phuXuanPc,
      }),
    );
    refused(await ward.patch(`/api/directory/people/${justicePerson.id}`, { position: 'Chuyên viên chính' }));
    refused(await ward.patch(`/api/directory/people/${own.id}`, { agencyId: places.justice }));
    done(await ward.patch(`/api/directory/people/${own.id}`, { position: 'Công chức tư pháp - hộ tịch' }), 200);
    done(await prov.patch(`/api/directory/people/${justicePerson.id}`, { position: 'Chuyên viên' }), 200);
  },
  'POST /api/directory/people/{id}/grants': async () => {
    const justicePerson = json<{ items: { id: string }[] }>(await prov.get('/api/directory/people?q=chuyenvien'))
      .items[0]!;
    const own = json<{ id: string }>(
      await ward.post('/api/directory/people', {
        username: `nguoi${next()}`,
        displayName: 'Người phường',
        password: 'Thu-nghiem@2026',
        agencyId: places.phuXuanPc,
      }),
    );
    done(
      await ward.post(`/api/directory/people/${own.id}/grants`, {
        role: 'specialist',
        scopeKind: 'agency',
        scopeId: places.phuXuanPc,
      }),
      201,
    );
    refused(
      await ward.post(`/api/directory/people/${own.id}/grants`, {
        role: 'admin',
        scopeKind: 'unit',
        scopeId: places.province,
      }),
    );
    refused(
      await ward.post(`/api/directory/people/${own.id}/grants`, {
        role: 'leader',
        scopeKind: 'agency',
        scopeId: places.justice,
      }),
    );
    refused(
      await ward.post(`/api/directory/people/${justicePerson.id}/grants`, {
        role: 'specialist',
        scopeKind: 'agency',
        scopeId: places.phuXuanPc,
      }),
    );
    done(
      await prov.post(`/api/directory/people/${justicePerson.id}/grants`, {
        role: 'leader',
        scopeKind: 'agency',
        scopeId: places.justice,
      }),
      201,
    );
  },
  'DELETE /api/directory/people/{id}/grants/{grantId}': async () => {
    const justicePerson = json<{ items: { id: string; grants: { id: string; role: string }[] }[] }>(
      await prov.get('/api/directory/people?q=chuyenvien'),
    ).items[0]!;
    const own = json<{ id: string; grants: { id: string }[] }>(
      await ward.post('/api/directory/people', {
        username: `nguoi${next()}`,
        displayName: 'Người phường',
        password: 'Thu-nghiem@2026',
        agencyId: places.phuXuanPc,
        grants: [{ role: 'clerk', scopeKind: 'agency', scopeId: places.phuXuanPc }],
      }),
    );
    refused(await ward.delete(`/api/directory/people/${justicePerson.id}/grants/${justicePerson.grants[0]!.id}`));
    done(await ward.delete(`/api/directory/people/${own.id}/grants/${own.grants[0]!.id}`), 204);
    const extra = json<{ grants: { id: string; role: string }[] }>(
      await prov.post(`/api/directory/people/${justicePerson.id}/grants`, {
        role: 'clerk',
        scopeKind: 'agency',
        scopeId: places.justice,
      }),
    );
    done(
      await prov.delete(
        `/api/directory/people/${justicePerson.id}/grants/${extra.grants.find((g) => g.role === 'clerk')!.id}`,
      ),
      204,
    );
  },
  'POST /api/procedures': async () => {
    const proc = (agencyId?: string) => ({
      code: `9.3${next()}`,
      name: 'Thủ tục thử của phường',
      fieldCode: 'ho-tich',
      levels: ['commune'],
      processingDays: 3,
      onlineLevel: 'partial',
      ...(agencyId ? { agencyId } : {}),
    });
    done(await ward.post('/api/procedures', proc(places.phuXuanPc)), 201);
    refused(await ward.post('/api/procedures', proc(places.justice)));
    refused(await ward.post('/api/procedures', proc()));
    done(await prov.post('/api/procedures', proc()), 201);
  },
  'PATCH /api/procedures/{id}': async () => {
    const justiceProc = json<{ items: { id: string; agencyId: string | null }[] }>(
      await s.anonymous.get('/api/procedures?q=2.000488'),
    ).items[0]!;
    expect(justiceProc.agencyId).toBe(places.justice);
    const own = await wardProcedure('9.4');
    // The reported hole: a ward's administrator moved a province procedure to his ward.
    refused(await ward.patch(`/api/procedures/${justiceProc.id}`, { agencyId: places.phuXuanPc }));
    refused(await ward.patch(`/api/procedures/${justiceProc.id}`, { processingDays: 1 }));
    refused(await ward.patch(`/api/procedures/${own.id}`, { agencyId: places.justice }));
    done(await ward.patch(`/api/procedures/${own.id}`, { processingDays: 2 }), 200);
    done(await prov.patch(`/api/procedures/${justiceProc.id}`, { processingNote: 'Sửa bởi tỉnh' }), 200);
  },
  'PUT /api/procedures/{id}/workflow': async () => {
    const justiceProc = json<{ items: { id: string }[] }>(await s.anonymous.get('/api/procedures?q=2.000488'))
      .items[0]!;
    const own = await wardProcedure('9.5');
    const steps = {
      steps: [{ name: 'Xử lý', nameEn: 'Process', role: 'specialist', agencyMode: 'dossier', sharePercent: 100 }],
    };
    refused(await ward.put(`/api/procedures/${justiceProc.id}/workflow`, steps));
    done(await ward.put(`/api/procedures/${own.id}/workflow`, steps), 200);
  },
  'POST /api/procedures/import': async () => {
    const rows = [
      {
        'Mã thủ tục': `9.6${next()}`,
        'Tên thủ tục': 'Thủ tục nhập thử',
        'Lĩnh vực': 'Hộ tịch',
        'Cấp thực hiện': 'Cấp Xã',
        'Thời hạn giải quyết': '3 ngày làm việc',
        'Mức độ': 'Một phần',
      },
    ];
    refused(await ward.post('/api/procedures/import', rows));
    const r = await prov.post('/api/procedures/import', rows);
    done(r, 200);
    expect(r.json()).toMatchObject({ created: 1, failed: 0 });
  },
  'POST /api/feedback/categories': async () => {
    const body = {
      code: `thu-${next()}`,
      nameVi: 'Lĩnh vực thử',
      nameEn: 'Test category',
      deadlineAmount: 2,
      deadlineUnit: 'working_days',
    };
    refused(await ward.post('/api/feedback/categories', body));
    done(await prov.post('/api/feedback/categories', body), 201);
  },
  'PATCH /api/feedback/categories/{id}': async () => {
    const c = json<{ id: string }[]>(await s.anonymous.get('/api/feedback/categories'))[0]!;
    refused(await ward.patch(`/api/feedback/categories/${c.id}`, { deadlineAmount: 99 }));
    done(await prov.patch(`/api/feedback/categories/${c.id}`, { nameEn: 'Renamed by the province' }), 200);
  },
  'POST /api/feedback/routing-rules': async () => {
    const categoryId = json<{ id: string }[]>(await s.anonymous.get('/api/feedback/categories'))[0]!.id;
    done(
      await ward.post('/api/feedback/routing-rules', {
        categoryId,
        unitId: places.phuXuanWard,
        agencyId: places.phuXuanPc,
      }),
      201,
    );
    // The reported hole: every report of a category, province-wide, re-routed to the ward.
    refused(await ward.post('/api/feedback/routing-rules', { categoryId, agencyId: places.phuXuanPc, priority: 1000 }));
    refused(
      await ward.post('/api/feedback/routing-rules', {
        categoryId,
        unitId: places.thuanHoaWard,
        agencyId: places.phuXuanPc,
      }),
    );
    refused(
      await ward.post('/api/feedback/routing-rules', {
        categoryId,
        unitId: places.phuXuanWard,
        agencyId: places.construction,
      }),
    );
    done(
      await prov.post('/api/feedback/routing-rules', { categoryId, agencyId: places.construction, priority: -5 }),
      201,
    );
  },
  'PATCH /api/feedback/routing-rules/{id}': async () => {
    const categoryId = json<{ id: string }[]>(await s.anonymous.get('/api/feedback/categories'))[0]!.id;
    const own = json<{ id: string }>(
      await ward.post('/api/feedback/routing-rules', {
        categoryId,
        unitId: places.phuXuanWard,
        agencyId: places.phuXuanPc,
      }),
    );
    const provinces = json<{ id: string }>(
      await prov.post('/api/feedback/routing-rules', { categoryId, agencyId: places.construction, priority: -6 }),
    );
    done(await ward.patch(`/api/feedback/routing-rules/${own.id}`, { priority: 5 }), 200);
    refused(await ward.patch(`/api/feedback/routing-rules/${own.id}`, { unitId: null }));
    refused(await ward.patch(`/api/feedback/routing-rules/${provinces.id}`, { agencyId: places.phuXuanPc }));
    done(await prov.patch(`/api/feedback/routing-rules/${provinces.id}`, { priority: -7 }), 200);
  },
  'DELETE /api/feedback/routing-rules/{id}': async () => {
    const categoryId = json<{ id: string }[]>(await s.anonymous.get('/api/feedback/categories'))[0]!.id;
    const own = json<{ id: string }>(
      await ward.post('/api/feedback/routing-rules', {
        categoryId,
        unitId: places.phuXuanWard,
        agencyId: places.phuXuanPc,
      }),
    );
    const provinces = json<{ id: string }>(
      await prov.post('/api/feedback/routing-rules', { categoryId, agencyId: places.construction, priority: -8 }),
    );
    refused(await ward.delete(`/api/feedback/routing-rules/${provinces.id}`));
    done(await ward.delete(`/api/feedback/routing-rules/${own.id}`), 204);
    done(await prov.delete(`/api/feedback/routing-rules/${provinces.id}`), 204);
  },
  'PUT /api/feedback/settings': async () => {
    refused(await ward.put('/api/feedback/settings', { duplicateRadiusM: 5000 }));
    done(await prov.put('/api/feedback/settings', { duplicateRadiusM: 50 }), 200);
  },
  'POST /api/feedback/reports/{id}/actions/accept': async () => {
    // A report the province routes to the Department of Construction: the ward's administrator does not handle it.
    const id = await constructionReport();
    const w = await ward.post(`/api/feedback/reports/${id}/actions/accept`, {});
    expect([403, 404], w.body).toContain(w.statusCode);
    done(await prov.post(`/api/feedback/reports/${id}/actions/accept`, {}), 200);
  },
  'POST /api/reporting/refresh': async () => {
    refused(await ward.post('/api/reporting/refresh'));
    done(await prov.post('/api/reporting/refresh'), 200);
  },
  'POST /api/reporting/criteria-sets': async () => {
    const body = (key: string) => ({
      key,
      nameVi: 'Bộ tiêu chí',
      nameEn: 'Set',
      nodes: [
        { code: 'I', kind: 'group', title: 'Nhóm', printedMax: 2 },
        { code: '1', parent: 'I', kind: 'criterion', title: 'Có', printedMax: 2, rule: { kind: 'yes_no' } },
      ],
    });
    refused(await ward.post('/api/reporting/criteria-sets', body(`ward-set-${next()}`)));
    done(await prov.post('/api/reporting/criteria-sets', body(`prov-set-${next()}`)), 201);
  },
  'POST /api/reporting/templates': async () => {
    const body = (key: string) => ({
      key,
      nameVi: 'Báo cáo',
      nameEn: 'Report',
      periodKind: 'month',
      deadlineDays: 5,
      agencyIds: [places.phuXuanPc],
      fields: [{ key: 'n', labelVi: 'Số', labelEn: 'N', type: 'number' }],
    });
    refused(await ward.post('/api/reporting/templates', body(`ward-tpl-${next()}`)));
    done(await prov.post('/api/reporting/templates', body(`prov-tpl-${next()}`)), 201);
  },
  'POST /api/reporting/templates/{key}/periods/{period}/open': async () => {
    refused(await ward.post('/api/reporting/templates/tthc-quarterly/periods/2026-Q1/open'));
    done(await prov.post('/api/reporting/templates/tthc-quarterly/periods/2026-Q1/open'), 200);
  },
};

/** Unsafe routes that are not an administrator's act, with the tests that hold their scope. */
const OTHER: Record<string, string> = {
  'POST /api/auth/login': 'establishes who one is: src/platform/auth/session.test.ts',
  'POST /api/setup':
    'first-run setup, allowed by the console’s one-time code only before any setup: src/platform/setup/setup.test.ts',
  'POST /api/notify/sms/status/{token}':
    'the SMS gateway’s delivery report, allowed by the secret callback token: src/platform/notify/sms-gateway.test.ts',
  'POST /api/auth/logout': 'one’s own session: session.test.ts',
  'POST /api/auth/tokens': 'one’s own tokens: tokens.test.ts, permissions.test.ts',
  'DELETE /api/auth/tokens/{id}': 'one’s own tokens: tokens.test.ts',
  'POST /api/files':
    'one’s own upload; a record names only its author’s files: files-access.test.ts, intake-rules.test.ts',
  'POST /api/feedback/photos': 'one’s own upload: photos.test.ts',
  'POST /api/feedback/phone/code': 'a reporter proving a phone: src/feedback reporter tests',
  'POST /api/feedback/phone/verify': 'a reporter proving a phone: src/feedback reporter tests',
  'POST /api/feedback/reports':
    'citizens anywhere; intake judged at the officer’s desk: submit.test.ts, intake-desk.test.ts',
  'POST /open311/v2/requests.json':
    'a connected app judged where the request lands: open311.test.ts, intake-desk.test.ts',
  'POST /open311/v2/requests.xml': 'as requests.json',
  'POST /api/dossiers': 'a citizen’s own dossier, at a competent agency: intake-rules.test.ts',
  'POST /api/dossiers/counter': 'the officer’s desk: lifecycle.test.ts, intake-rules.test.ts',
  'POST /api/dossiers/{id}/payments': 'the dossier’s applicant or desk: payments.test.ts',
  'POST /api/payments/{id}/confirm': 'an officer of the receiving desk: payments.test.ts, refusals.test.ts',
  'POST /api/payments/callback/gateway': 'the gateway, by HMAC signature: payments.test.ts',
  'POST /api/inventory/sources':
    'the source’s agency, own allowed and sibling refused: src/inventory/inventory.test.ts',
  'POST /api/inventory/sources/{id}/run': 'the source’s agency (inventory.import): src/inventory/inventory.test.ts',
  'POST /api/inventory/agencies/{agencyId}/imports/{kind}':
    'the agency (inventory.import): src/inventory/inventory.test.ts',
  'POST /api/inventory/systems/{id}/ipv6-check':
    'the system’s agency (inventory.manage): src/inventory/inventory.test.ts',
  'POST /api/3/action/{action}': 'CKAN read actions by POST, which change nothing: src/opendata/ckan/ckan.test.ts',
  'POST /api/3/action/package_create':
    'the dataset’s agency, own allowed and sibling refused: src/opendata/ckan/write.test.ts',
  'POST /api/3/action/package_update': 'as package_create',
  'POST /api/3/action/package_patch': 'as package_create',
  'POST /api/3/action/resource_create': 'as package_create',
  'POST /api/3/action/datastore_create': 'as package_create',
  'POST /api/opendata/datasets/{id}/actions/{action}':
    'the dataset’s agency (its leader publishes): src/opendata/ckan/write.test.ts',
  'POST /api/dossiers/{id}/payments/desk': 'an officer of the receiving desk (payments.confirm): desk.test.ts',
  'POST /api/payments/{id}/refund': 'an officer of the receiving desk (payments.confirm): desk.test.ts',
  'POST /api/procedures/{id}/fee-quote': 'anyone; computes a quote and writes nothing: desk.test.ts',
  'POST /api/repository/documents': 'a citizen’s own repository, own uploads only: repository.test.ts',
  'POST /api/repository/documents/{id}/verify':
    'an officer of the desk that received the dossier naming it (repository.verify): repository.test.ts',
  'POST /api/dossiers/{id}/postal-return': 'the dossier’s applicant or its desk: postal.test.ts',
  'POST /api/dossiers/{id}/postal-return/handover':
    'an officer of the receiving desk (dossiers.receive): postal.test.ts',
  'POST /api/dossiers/{id}/postal-intake': 'an officer of the receiving desk (dossiers.receive): postal.test.ts',
  'POST /api/postal/callback/{carrier}': 'the carrier, by HMAC signature: postal.test.ts',
  'POST /api/questions': 'anyone asks; routed to the competent agency: questions.test.ts',
  'POST /api/questions/{id}/answer': 'the question’s agency (questions.answer), tested both ways: questions.test.ts',
  'POST /api/questions/{id}/publish': 'the question’s agency (questions.answer): questions.test.ts',
  'POST /lgsp/token': 'OAuth client credentials of a gateway consumer, no account: src/gateway/gateway.test.ts',
  'POST /api/gateway/members':
    'the member’s agency (gateway.manage; platform and national members the province’s): src/gateway/gateway.test.ts',
  'POST /api/gateway/services': 'the member’s agency (gateway.manage): src/gateway/gateway.test.ts',
  'PATCH /api/gateway/services/{id}': 'the service’s owner agency (gateway.manage): src/gateway/gateway.test.ts',
  'POST /api/gateway/consumers':
    'the consumer member’s agency (gateway.consume), another agency refused: src/gateway/gateway.test.ts',
  'PATCH /api/gateway/consumers/{id}':
    'the consumer member’s agency; limits need gateway.manage: src/gateway/gateway.test.ts',
  'POST /api/gateway/consumers/{id}/secret':
    'the consumer member’s agency (gateway.consume): src/gateway/gateway.test.ts',
  'POST /api/gateway/access-requests': 'the consumer member’s agency (gateway.consume): src/gateway/gateway.test.ts',
  'POST /api/gateway/access-requests/{id}/approve':
    'the service’s owner agency (gateway.approve), the asking officer refused: src/gateway/gateway.test.ts',
  'POST /api/gateway/access-requests/{id}/refuse': 'as approve',
  'POST /api/gateway/rules': 'the service’s owner agency (gateway.approve): src/gateway/gateway.test.ts',
  'DELETE /api/gateway/rules/{id}': 'the service’s owner agency (gateway.approve): src/gateway/gateway.test.ts',
  'PUT /api/reporting/indicators/{key}/entries':
    'the agency’s own staff (reporting.report), another agency refused: src/reporting/reporting.test.ts',
  'POST /api/reporting/indicator-values/{id}/{decision}':
    'only the department owning the indicator (reporting.approve), tested both ways: src/reporting/reporting.test.ts',
  'PUT /api/reporting/criteria-sets/{key}/answers/{code}':
    'the agency’s own staff (reporting.report): src/reporting/reporting.test.ts',
  'POST /api/reporting/criterion-answers/{id}/{decision}':
    'only the reviewing department (reporting.approve), tested both ways: src/reporting/reporting.test.ts',
  'PUT /api/reporting/reports/{id}': 'the reporting agency’s staff (reporting.report): src/reporting/reporting.test.ts',
  'POST /api/reporting/reports/{id}/submit':
    'the reporting agency’s staff (reporting.report): src/reporting/reporting.test.ts',
  'POST /api/reporting/reports/{id}/accept':
    'the receiving agency (reporting.review), the reporting agency refused: src/reporting/reporting.test.ts',
  'POST /api/reporting/reports/{id}/return': 'as accept',
  'POST /api/reporting/reports/{id}/national':
    'the receiving agency (reporting.review): src/reporting/reports/national.test.ts',
  'POST /api/reporting/plan-tasks/{id}/progress':
    'staff holding reporting.report (a task’s lead is named in the plan’s text, not a directory agency): src/reporting/reporting.test.ts',
  'POST /api/reporting/surveys/{key}/responses':
    'an applicant (citizen) of a finished dossier, one answer per dossier: src/reporting/reporting.test.ts',
  'POST /api/documents/incoming':
    'the agency’s clerk (documents.register), a specialist refused: src/documents/lifecycle.test.ts, access.test.ts',
  'POST /api/documents/drafts':
    'the agency’s or its unit’s drafters (documents.draft), another agency refused: src/documents/access.test.ts',
  'POST /api/documents/registers':
    'the agency’s clerk (documents.registers.manage), another agency refused: src/documents/access.test.ts',
  'POST /api/documents/registers/{id}/reservations':
    'the register’s agency clerk, a specialist refused: src/documents/lifecycle.test.ts, access.test.ts',
  'PUT /api/documents/types/{code}':
    'the province’s administrator only (documents.manage on the province): src/documents/access.test.ts',
  'PUT /api/documents/agencies/{agencyId}/settings':
    'the agency’s clerk (documents.registers.manage), another agency refused: src/documents/access.test.ts',
  'POST /api/documents/work-records':
    'the agency’s staff (documents.work-records), another agency refused: src/documents/access.test.ts',
  'POST /api/documents/work-records/{id}/close': 'its owner, or a leader of its agency: src/documents/access.test.ts',
  'POST /api/documents/{id}/signing-requests':
    'the designated signer (documents.sign) or the agency’s clerk for the seal (documents.issue) over the document’s agency: src/documents/signing/signing-routes (permission checked by requirePermission)',
  'POST /api/documents/{id}/signatures/verify':
    'staff who may read the document (documents.read on its agency): src/documents/signing/routes.ts',
  'POST /api/documents/signing-keys':
    'one’s own personal key, or an administrator of the agency (documents.manage): src/documents/signing/routes.ts',
  'POST /api/documents/exchange/inbox':
    'a peer deployment, allowed by its ES256 signature (JWS) over the body: src/documents/exchange/exchange.test.ts',
  'POST /api/documents/exchange/peers':
    'the province’s administrator only (documents.manage on the province): src/documents/exchange/exchange.test.ts',
  'POST /api/documents/work-records/{id}/reopen': 'as close',
  'POST /api/documents/work-records/{id}/archive':
    'the agency’s clerk (documents.registers.manage), the owner refused: src/documents/access.test.ts',
};
// Dossier and field-report actions are decided by one function each (performAction, the report's base action):
// administrators hold none of the dossier permissions, and the report actions share accept's check above.
const SAME_AS = (path: string) =>
  /^POST \/api\/dossiers\/\{id\}\/actions\//.test(path) ||
  /^POST \/api\/documents\/\{id\}\/actions\//.test(path) ||
  /^POST \/api\/feedback\/reports\/\{id\}\/actions\//.test(path);

describe('every state-changing route, by a ward’s administrator and by the province’s', () => {
  it('lists every unsafe route of the API here', () => {
    const doc = s.app.swagger() as { paths: Record<string, Record<string, unknown>> };
    const unsafe = Object.entries(doc.paths).flatMap(([p, ops]) =>
      Object.keys(ops)
        .filter((m) => ['post', 'put', 'patch', 'delete'].includes(m))
        .map((m) => `${m.toUpperCase()} ${p}`),
    );
    expect(unsafe.length).toBeGreaterThan(50);
    const missing = unsafe.filter((r) => !(r in ADMIN_ROUTES) && !(r in OTHER) && !SAME_AS(r));
    expect(missing).toEqual([]);
  });

  for (const [route, run] of Object.entries(ADMIN_ROUTES)) it(route, run);

  it('administrators hold no dossier action: both are refused, the province’s too', async () => {
    const anyDossier = json<{ items: { id: string }[] }>(await (await s.login('motcua')).get('/api/dossiers?limit=1'))
      .items[0];
    if (!anyDossier) return;
    for (const c of [ward, prov]) {
      const r = await c.post(`/api/dossiers/${anyDossier.id}/actions/approve`, {});
      expect([403, 404], r.body).toContain(r.statusCode);
    }
  });
});

describe('reads within scope', () => {
  it('the audit trail: the ward’s administrator sees his ward’s rows only; the province’s sees every row', async () => {
    await ward.patch(`/api/directory/agencies/${places.phuXuanPc}`, { shortName: 'UBND Phú Xuân' });
    await prov.patch(`/api/directory/agencies/${places.justice}`, { shortName: 'Sở TP' });
    const mine = json<{ items: { agencyId: string | null; unitId: string | null; targetId: string | null }[] }>(
      await ward.get('/api/audit?limit=500'),
    ).items;
    expect(mine.some((r) => r.targetId === places.phuXuanPc)).toBe(true);
    expect(mine.some((r) => r.targetId === places.justice)).toBe(false);
    // Every row he sees is of an agency in his ward or of his ward itself.
    const wardAgencies = json<{ items: { id: string }[] }>(
      await s.anonymous.get(`/api/directory/agencies?unitId=${places.phuXuanWard}&limit=500`),
    ).items.map((a) => a.id);
    for (const r of mine)
      expect(wardAgencies.includes(r.agencyId ?? '') || r.unitId === places.phuXuanWard, JSON.stringify(r)).toBe(true);
    const all = json<{ items: { targetId: string | null; agencyId: string | null }[] }>(
      await prov.get('/api/audit?limit=500'),
    ).items;
    expect(all.some((r) => r.targetId === places.justice)).toBe(true);
    expect(all.some((r) => r.agencyId === null)).toBe(true);
    refused(await ward.get('/api/audit/verify'));
    done(await prov.get('/api/audit/verify'), 200);
  });

  it('the people directory: the ward’s administrator lists his ward’s people, not the province’s', async () => {
    const mine = json<{ items: { agencyId: string | null; username: string }[] }>(
      await ward.get('/api/directory/people?limit=500'),
    ).items;
    expect(mine.length).toBeGreaterThan(0);
    for (const p of mine) expect(p.agencyId).toBe(places.phuXuanPc);
    refused(await ward.get(`/api/directory/people?agencyId=${places.justice}`));
    const all = json<{ items: { username: string }[] }>(await prov.get('/api/directory/people?limit=500')).items;
    expect(all.map((p) => p.username)).toContain('chuyenvien');
  });

  it('routing rules: the ward’s administrator lists the rules of his ward only', async () => {
    const categoryId = json<{ id: string }[]>(await s.anonymous.get('/api/feedback/categories'))[0]!.id;
    await ward.post('/api/feedback/routing-rules', {
      categoryId,
      unitId: places.phuXuanWard,
      agencyId: places.phuXuanPc,
    });
    const mine = json<{ unitId: string | null }[]>(await ward.get('/api/feedback/routing-rules'));
    expect(mine.length).toBeGreaterThan(0);
    for (const r of mine) expect(r.unitId).toBe(places.phuXuanWard);
    expect(
      json<{ unitId: string | null }[]>(await prov.get('/api/feedback/routing-rules')).some((r) => r.unitId === null),
    ).toBe(true);
  });

  it('a Construction specialist lists his department’s people and figures only', async () => {
    const specialist = await staffWith(s, [{ role: 'specialist', scopeKind: 'agency', scopeId: places.construction }], {
      agencyId: places.construction,
    });
    const people = json<{ items: { agencyId: string | null; email: string | null }[] }>(
      await specialist.get('/api/directory/people?limit=500'),
    ).items;
    expect(people.length).toBeGreaterThan(0);
    for (const p of people) expect(p.agencyId).toBe(places.construction);
    await constructionReport();
    done(await (await s.login('congdan')).post('/api/feedback/reports', reportBody()), 201);
    const stats = json<{ rows: { key: string | null }[] }>(await specialist.get('/api/feedback/stats?by=agency')).rows;
    expect(stats.length).toBeGreaterThan(0);
    for (const r of stats) expect(r.key).toBe(places.construction);
    const provinceWide = json<{ rows: { key: string | null }[] }>(await prov.get('/api/feedback/stats?by=agency')).rows;
    expect(provinceWide.some((r) => r.key !== places.construction)).toBe(true);
  });

  it('an auditor of the province reads and verifies the whole trail and changes nothing; an agency’s auditor reads his agency’s rows', async () => {
    const auditor = await staffWith(s, [{ role: 'auditor', scopeKind: 'unit', scopeId: places.province }]);
    const rows = json<{ items: { agencyId: string | null }[] }>(await auditor.get('/api/audit?limit=500')).items;
    expect(rows.some((r) => r.agencyId === null)).toBe(true);
    done(await auditor.get('/api/audit/verify'), 200);
    refused(await auditor.put('/api/feedback/settings', { duplicateRadiusM: 10 }));
    refused(
      await auditor.post('/api/calendar/overrides', {
        date: '2031-05-05',
        kind: 'day_off',
        name: { vi: 'x', en: 'x' },
      }),
    );
    const justiceAuditor = await staffWith(s, [{ role: 'auditor', scopeKind: 'agency', scopeId: places.justice }]);
    const mine = json<{ items: { agencyId: string | null }[] }>(await justiceAuditor.get('/api/audit?limit=500')).items;
    expect(mine.length).toBeGreaterThan(0);
    for (const r of mine) expect(r.agencyId).toBe(places.justice);
    refused(await justiceAuditor.get('/api/audit/verify'));
  });
});
