import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { testServer, type Client, type TestServer } from '../../../platform/testing/index.js';
import { auditLog } from '../../../platform/audit/schema.js';
import { procedures, workflowSteps } from '../schema.js';

let s: TestServer;
let admin: Client;
beforeAll(async () => {
  s = await testServer();
  admin = await s.login('admin');
});
afterAll(async () => {
  await s?.close();
});

const newProcedure = (code: string) => ({
  code,
  name: 'Thủ tục thử nghiệm cấp phép biển quảng cáo',
  fieldCode: 'hoat-dong-xay-dung',
  levels: ['province'],
  processingDays: 7.5,
  onlineLevel: 'partial',
  papers: [{ name: 'Đơn đề nghị', originals: 1 }],
  fees: [{ name: 'Lệ phí', amount: 50000 }],
  formFields: [{ key: 'signText', type: 'text', label: { vi: 'Nội dung biển', en: 'Sign text' }, required: true }],
});

const agencyId = async (code: string) =>
  ((await s.anonymous.get(`/api/directory/agencies?q=${code}`)).json() as { items: { id: string }[] }).items[0]!.id;

describe('POST /api/procedures', () => {
  it('creates a procedure with the default workflow and audits it', async () => {
    const r = await admin.post('/api/procedures', newProcedure('9.100001'));
    expect(r.statusCode, r.body).toBe(201);
    const p = r.json();
    expect(p).toMatchObject({
      code: '9.100001',
      processingDays: 7.5,
      onlineLevel: 'partial',
      fees: [{ amount: 50000 }],
      papers: [{ name: 'Đơn đề nghị', originals: 1, copies: 0, mandatory: true }],
    });
    expect(p.workflow.map((w: { role: string }) => w.role)).toEqual(['officer', 'specialist', 'leader', 'officer']);
    const audit = await s.database.db.select().from(auditLog).where(eq(auditLog.targetId, p.id));
    expect(audit.map((a) => a.action)).toEqual(['procedures.create']);
  });

  it('refuses a duplicate code with 409 and an unknown field with 400', async () => {
    expect((await admin.post('/api/procedures', newProcedure('9.100001'))).statusCode).toBe(409);
    const r = await admin.post('/api/procedures', { ...newProcedure('9.100002'), fieldCode: 'no-such-field' });
    expect(r.statusCode).toBe(400);
    expect(r.json().errors[0].field).toBe('/body/fieldCode');
  });

  it('refuses a processing time that is not a whole or half day', async () => {
    const r = await admin.post('/api/procedures', { ...newProcedure('9.100003'), processingDays: 2.3 });
    expect(r.statusCode).toBe(400);
    expect((await s.database.db.select().from(procedures).where(eq(procedures.code, '9.100003'))).length).toBe(0);
  });
});

describe('PATCH /api/procedures/:id', () => {
  it('updates fields, replaces papers and records what changed', async () => {
    const id = ((await s.anonymous.get('/api/procedures/9.100001')).json() as { id: string }).id;
    const r = await admin.patch(`/api/procedures/${id}`, {
      processingDays: 5,
      active: false,
      papers: [
        { name: 'Đơn mới', originals: 1 },
        { name: 'Bản vẽ', copies: 2, mandatory: false },
      ],
    });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toMatchObject({
      processingDays: 5,
      active: false,
      papers: [
        { ordinal: 1, name: 'Đơn mới' },
        { ordinal: 2, name: 'Bản vẽ', copies: 2, mandatory: false },
      ],
    });
    const [a] = await s.database.db.select().from(auditLog).where(eq(auditLog.action, 'procedures.update'));
    expect(a!.details).toMatchObject({
      changes: { processingDays: { from: 7.5, to: 5 }, active: { from: true, to: false } },
      papersReplaced: true,
    });
    // An inactive procedure leaves the public search unless asked for.
    expect((await s.anonymous.get('/api/procedures?q=9.100001')).json().total).toBe(0);
    expect((await s.anonymous.get('/api/procedures?q=9.100001&includeInactive=true')).json().total).toBe(1);
  });

  it('answers 404 for an unknown id', async () => {
    expect((await admin.patch('/api/procedures/00000000-0000-4000-8000-000000000000', { name: 'x' })).statusCode).toBe(
      404,
    );
  });
});

describe('PUT /api/procedures/:id/workflow', () => {
  const steps = (a: number, b: number, c: number) => [
    { name: 'Tiếp nhận', nameEn: 'Receive', role: 'officer', agencyMode: 'dossier', sharePercent: a },
    { name: 'Xử lý', nameEn: 'Process', role: 'specialist', agencyMode: 'dossier', sharePercent: b },
    { name: 'Duyệt', nameEn: 'Approve', role: 'leader', agencyMode: 'dossier', sharePercent: c },
  ];

  it('replaces the steps, including an inter-agency step of a fixed agency', async () => {
    const p = (await s.anonymous.get('/api/procedures/1.001193')).json() as { id: string };
    const police = await agencyId('000.00.90.H57');
    const body = {
      steps: [
        ...steps(10, 40, 20),
        {
          name: 'Công an xác minh',
          nameEn: 'Police check',
          role: 'specialist',
          agencyMode: 'fixed',
          agencyId: police,
          sharePercent: 30,
        },
      ],
    };
    const r = await admin.put(`/api/procedures/${p.id}/workflow`, body);
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json().steps.map((x: { ordinal: number; agencyId: string | null }) => [x.ordinal, x.agencyId])).toEqual([
      [1, null],
      [2, null],
      [3, null],
      [4, police],
    ]);
    const detail = (await s.anonymous.get('/api/procedures/1.001193')).json();
    expect(detail.workflow).toHaveLength(4);
  });

  it('refuses shares that do not sum to 100 with a 400 and keeps the old workflow', async () => {
    const p = (await s.anonymous.get('/api/procedures/1.000656')).json() as { id: string; workflow: unknown[] };
    const r = await admin.put(`/api/procedures/${p.id}/workflow`, { steps: steps(10, 60, 20) });
    expect(r.statusCode).toBe(400);
    expect(r.json().errors.map((e: { code: string }) => e.code)).toContain('shares-sum');
    expect(await s.database.db.select().from(workflowSteps).where(eq(workflowSteps.procedureId, p.id))).toHaveLength(
      p.workflow.length,
    );
  });

  it('refuses an inter-agency step without an agency, an unknown agency, an empty workflow and an unknown role', async () => {
    const p = (await s.anonymous.get('/api/procedures/1.000656')).json() as { id: string };
    const put = (b: unknown) => admin.put(`/api/procedures/${p.id}/workflow`, b);
    const noAgency = await put({ steps: [{ ...steps(100, 0, 0)[0], agencyMode: 'fixed' }] });
    expect(noAgency.statusCode).toBe(400);
    expect(noAgency.json().errors[0].field).toBe('/body/steps/0/agencyId');
    const unknown = await put({
      steps: [{ ...steps(100, 0, 0)[0], agencyMode: 'fixed', agencyId: '00000000-0000-4000-8000-000000000000' }],
    });
    expect(unknown.json().errors[0].code).toBe('unknown');
    expect((await put({ steps: [] })).statusCode).toBe(400);
    expect((await put({ steps: [{ ...steps(100, 0, 0)[0], role: 'citizen' }] })).statusCode).toBe(400);
  });
});

describe('who may manage the catalog', () => {
  it('a citizen, an officer and a leader may not; anonymous must log in', async () => {
    const p = (await s.anonymous.get('/api/procedures/1.001193')).json() as { id: string };
    for (const u of ['congdan', 'motcua', 'lanhdao']) {
      const c = await s.login(u);
      expect((await c.post('/api/procedures', newProcedure('9.100009'))).statusCode, u).toBe(403);
      expect((await c.patch(`/api/procedures/${p.id}`, { name: 'x' })).statusCode, u).toBe(403);
      expect((await c.put(`/api/procedures/${p.id}/workflow`, { steps: [] })).statusCode, u).toBe(403);
      expect((await c.post('/api/procedures/import', [])).statusCode, u).toBe(403);
    }
    expect((await s.anonymous.post('/api/procedures', newProcedure('9.100009'))).statusCode).toBe(401);
    expect((await s.anonymous.get('/api/procedures/9.100009')).statusCode).toBe(404);
  });
});
