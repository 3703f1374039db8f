import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { count, eq } from 'drizzle-orm';
import { testServer, type Client, type TestServer } from '../../platform/testing/index.js';
import { auditLog } from '../../platform/audit/schema.js';
import { dossierActions, dossiers } from './schema.js';
import { getProcedure } from '../catalog/service.js';
import {
  agencyId,
  at,
  makeProcedure,
  receiveDossier,
  restoreClock,
  submitDossier,
  uploadPdf,
  vn,
  type TestProcedure,
} from './test-fixtures.js';

let s: TestServer;
let citizen: Client;
let officer: Client;
let specialist: Client;
let leader: Client;
let proc: TestProcedure;
let centre: { id: string; code: string };

beforeAll(async () => {
  s = await testServer();
  citizen = await s.login('congdan');
  officer = await s.login('motcua');
  specialist = await s.login('chuyenvien');
  leader = await s.login('lanhdao');
  proc = await makeProcedure(s.ctx.db, { processingDays: 10 });
  centre = await agencyId(s.ctx.db, 'TTHCC');
});
afterEach(() => {
  restoreClock();
});
afterAll(async () => s?.close());

const act = (c: Client, id: string, action: string, body: object = {}) =>
  c.post(`/api/dossiers/${id}/actions/${action}`, body);

const submit = (c = citizen, body: Record<string, unknown> = {}) =>
  submitDossier(c, proc, {
    receivingAgencyId: centre.id,
    applicant: { idNumber: '046090001234', phone: '0912345678', address: '12 Lê Lợi, phường Thuận Hóa' },
    body,
  });

describe('the whole path of an online dossier', () => {
  it('goes submit → receive → assign → process → supplement requested → supplemented → approve → result → return → rate', async () => {
    at('2026-03-02T07:45:00');
    const d = await submit();
    expect(d.status).toBe('submitted');
    expect(d.code).toMatch(new RegExp(`^${centre.code.replace(/\./g, '\\.')}-260302-\\d{4}$`));

    at('2026-03-02T08:00:00');
    let r = await act(officer, d.id, 'receive');
    expect(r.statusCode, r.body).toBe(200);
    // 10 working days from Monday 2/3 08:00 (no holiday in March 2026).
    expect(r.json().dossier).toMatchObject({
      status: 'received',
      dueAt: vn('2026-03-16T08:00:00').toISOString(),
      receivedAt: vn('2026-03-02T08:00:00').toISOString(),
    });

    r = await act(officer, d.id, 'assign', { handlerId: specialist.accountId });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json().dossier).toMatchObject({
      status: 'processing',
      currentHandlerId: specialist.accountId,
      currentStep: 1,
    });

    r = await act(specialist, d.id, 'process-step', { opinion: 'Đủ điều kiện' });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json().dossier).toMatchObject({ status: 'processing', currentStep: 3 });

    at('2026-03-04T10:00:00');
    r = await act(specialist, d.id, 'request-supplement', {
      reason: 'Thiếu bản sao căn cước',
      papers: ['Bản sao giấy tờ tùy thân'],
    });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json().dossier).toMatchObject({
      status: 'supplement_requested',
      paused: true,
      pausedSince: vn('2026-03-04T10:00:00').toISOString(),
    });

    // The clock stands still: a week later the dossier is not late although its appointment has passed.
    at('2026-03-17T10:00:00');
    expect((await citizen.get(`/api/dossiers/${d.id}`)).json().late).toBe(false);

    at('2026-03-09T14:00:00');
    const copy = await uploadPdf(citizen);
    r = await act(citizen, d.id, 'supplement', { attachments: [{ paperId: proc.papers.copy, files: [copy] }] });
    expect(r.statusCode, r.body).toBe(200);
    // Stopped Wed 10:00 → Mon 14:00: 5.5 h + 8 h + 8 h + 5 h = 26.5 working hours; the appointment moves by exactly that.
    expect(r.json().dossier).toMatchObject({
      status: 'processing',
      paused: false,
      pausedMs: 26.5 * 3_600_000,
      dueAt: vn('2026-03-19T10:30:00').toISOString(),
    });
    expect(r.json().dossier.attachments).toEqual(
      expect.arrayContaining([{ paperId: proc.papers.copy, files: [copy] }]),
    );

    r = await act(specialist, d.id, 'process-step');
    expect(r.json().dossier.status).toBe('awaiting_approval');
    r = await act(leader, d.id, 'approve', { note: 'Đồng ý' });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json().dossier.status).toBe('approved');

    at('2026-03-18T09:00:00');
    const result = await uploadPdf(specialist, 'Phiếu lý lịch tư pháp số 1');
    r = await act(specialist, d.id, 'attach-result', { sha256: result });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json().dossier).toMatchObject({
      status: 'result_ready',
      resultSha256: result,
      completedAt: vn('2026-03-18T09:00:00').toISOString(),
      late: false,
    });

    r = await act(officer, d.id, 'return');
    expect(r.json().dossier.status).toBe('returned');
    r = await act(citizen, d.id, 'rate', { rating: 5, comment: 'Nhanh, đúng hẹn' });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json().dossier).toMatchObject({ rating: 5, status: 'returned' });
    // Once only.
    expect((await act(citizen, d.id, 'rate', { rating: 1 })).statusCode).toBe(409);

    const detail = (await citizen.get(`/api/dossiers/${d.id}`)).json();
    expect(detail.timeline.map((t: { action: string }) => t.action)).toEqual([
      'submit',
      'receive',
      'assign',
      'process-step',
      'request-supplement',
      'supplement',
      'process-step',
      'approve',
      'attach-result',
      'return',
      'rate',
    ]);
    expect(detail.timeline.map((t: { seq: number }) => t.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    expect(detail.allowedActions).toEqual([]);
    const audited = await s.ctx.db.select({ n: count() }).from(auditLog).where(eq(auditLog.targetId, d.id));
    expect(audited[0]!.n).toBe(11);
  });
});

describe('who may do what', () => {
  it('answers an illegal transition with 409 and the actions the state allows', async () => {
    const d = await submit();
    const r = await act(leader, d.id, 'approve');
    expect(r.statusCode, r.body).toBe(409);
    expect(r.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(r.json()).toMatchObject({ status: 409, code: 'illegal-transition', currentStatus: 'submitted' });
    expect(r.json().allowed).toEqual(expect.arrayContaining(['receive', 'request-supplement', 'refuse', 'withdraw']));
    expect(r.json().allowed).not.toContain('approve');
  });

  it('refuses an officer of another agency: 403 on acting and reading, nothing in their queue', async () => {
    const { createAccount, grantRole } = await import('../../platform/index.js');
    const snv = await agencyId(s.ctx.db, 'SNV').catch(async () => {
      const { agencyByCode } = await import('../../directory/index.js');
      const a = await agencyByCode(s.ctx.db, '000.00.02.H57');
      return { id: a!.id, code: a!.code };
    });
    const acc = await createAccount(s.ctx.db, {
      username: 'motcua-snv',
      displayName: 'Cán bộ Sở Nội vụ',
      password: 'TinhSo@2026',
    });
    await grantRole(s.ctx.db, acc.id, { role: 'officer', scopeKind: 'agency', scopeId: snv.id });
    const other = await s.login('motcua-snv');
    const d = await submit();
    const r = await act(other, d.id, 'receive');
    expect(r.statusCode, r.body).toBe(403);
    expect(r.json()).toMatchObject({ code: 'forbidden', action: 'dossiers.receive' });
    expect((await other.get(`/api/dossiers/${d.id}`)).statusCode).toBe(403);
    expect((await other.get('/api/dossiers')).json().items.map((x: { id: string }) => x.id)).not.toContain(d.id);
    // Nothing happened to the dossier.
    expect((await citizen.get(`/api/dossiers/${d.id}`)).json().status).toBe('submitted');
    // A counter receipt for an agency they do not serve is refused too.
    const sha = await uploadPdf(other);
    const c = await other.post('/api/dossiers/counter', {
      procedureId: proc.id,
      receivingAgencyId: centre.id,
      applicant: { name: 'Trần Thị B' },
      attachments: [{ paperId: proc.papers.form, files: [sha] }],
    });
    expect(c.statusCode, c.body).toBe(403);
  });

  it('hides a dossier from another citizen (404) and lets nobody anonymous in (401)', async () => {
    const d = await submit();
    const { createAccount, grantRole } = await import('../../platform/index.js');
    const acc = await createAccount(s.ctx.db, {
      username: 'congdan2',
      displayName: 'Người khác',
      password: 'TinhSo@2026',
    });
    await grantRole(s.ctx.db, acc.id, { role: 'citizen', scopeKind: 'none', scopeId: null });
    const stranger = await s.login('congdan2');
    expect((await stranger.get(`/api/dossiers/${d.id}`)).statusCode).toBe(404);
    expect((await act(stranger, d.id, 'withdraw')).statusCode).toBe(404);
    expect((await s.anonymous.get(`/api/dossiers/${d.id}`)).statusCode).toBe(401);
  });

  it('shows each caller the actions they may take', async () => {
    const d = await submit();
    expect((await officer.get(`/api/dossiers/${d.id}`)).json().allowedActions).toEqual(
      expect.arrayContaining(['receive', 'request-supplement', 'refuse', 'withdraw']),
    );
    expect((await citizen.get(`/api/dossiers/${d.id}`)).json().allowedActions).toEqual(['withdraw']);
  });
});

describe('bad input changes nothing', () => {
  const counts = async () => {
    const [a] = await s.ctx.db.select({ n: count() }).from(dossiers);
    const [b] = await s.ctx.db.select({ n: count() }).from(dossierActions);
    return [a!.n, b!.n];
  };

  it('refuses a dossier missing a mandatory paper with 400 naming it, and takes no number', async () => {
    const before = await counts();
    const first = await submit();
    const r = await citizen.post('/api/dossiers', {
      procedureId: proc.id,
      receivingAgencyId: centre.id,
      attachments: [],
    });
    expect(r.statusCode, r.body).toBe(400);
    expect(r.json().errors).toEqual([
      expect.objectContaining({ code: 'missing-paper', field: `/body/attachments/${proc.papers.form}` }),
    ]);
    expect(r.json().errors[0].message.vi).toMatch(/Tờ khai yêu cầu cấp Phiếu lý lịch tư pháp/);
    expect(await counts()).toEqual([before[0]! + 1, before[1]! + 1]);
    const next = await submit();
    expect(Number(next.code.slice(-4))).toBe(Number(first.code.slice(-4)) + 1);
  });

  it('refuses an unknown procedure, a file never uploaded, and a malformed body', async () => {
    const before = await counts();
    let r = await citizen.post('/api/dossiers', { procedureId: '00000000-0000-4000-8000-000000000000' });
    expect(r.statusCode).toBe(400);
    expect(r.json().errors[0]).toMatchObject({ field: '/body/procedureId', code: 'unknown-procedure' });
    r = await citizen.post('/api/dossiers', {
      procedureId: proc.id,
      receivingAgencyId: centre.id,
      attachments: [{ paperId: proc.papers.form, files: ['a'.repeat(64)] }],
    });
    expect(r.statusCode).toBe(400);
    expect(r.json().errors).toEqual([
      expect.objectContaining({ code: 'file-not-found', field: '/body/attachments/0/files/0' }),
    ]);
    r = await citizen.post('/api/dossiers', { procedureId: proc.id, attachments: 'nope' });
    expect(r.statusCode).toBe(400);
    expect(r.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(await counts()).toEqual(before);
  });
});

describe('retries and the desk', () => {
  it('applies a retried submission and a retried action once (clientTransactionId)', async () => {
    const a = await submit(citizen, { clientTransactionId: 'phone-retry-1' });
    const b = await submit(citizen, { clientTransactionId: 'phone-retry-1' });
    expect(b.id).toBe(a.id);
    const r1 = await act(officer, a.id, 'receive', { clientTransactionId: 'desk-1' });
    const r2 = await act(officer, a.id, 'receive', { clientTransactionId: 'desk-1' });
    expect(r1.statusCode).toBe(200);
    expect(r2.statusCode).toBe(200);
    expect(r2.json()).toMatchObject({ replayed: true, action: { seq: 2, action: 'receive' } });
    const rows = await s.ctx.db.select().from(dossierActions).where(eq(dossierActions.dossierId, a.id));
    expect(rows.map((x) => x.action)).toEqual(['submit', 'receive']);
  });

  it('receives a walk-in at the counter: received at once, with its appointment', async () => {
    at('2026-02-13T09:00:00');
    const d = await receiveDossier(officer, proc, {
      receivingAgencyId: centre.id,
      applicant: { name: 'Trần Thị Bình', idNumber: '046190004321', phone: '0987654321' },
    });
    // Friday 13/2/2026 09:00 + 10 working days: Tết (16–20/2) and three weekends skipped → Friday 6/3 09:00.
    expect(d).toMatchObject({
      status: 'received',
      channel: 'counter',
      applicantName: 'Trần Thị Bình',
      dueAt: vn('2026-03-06T09:00:00').toISOString(),
    });
    expect(d.code).toContain('-260213-');
    expect((d.timeline as { action: string }[]).map((t) => t.action)).toEqual(['receive']);
  });
});

describe('late dossiers and their apology', () => {
  it('allows an apology only once late; the new date is kept beside the appointment, which stays', async () => {
    at('2026-03-02T08:00:00');
    const d = await submit();
    await act(officer, d.id, 'receive');
    await act(officer, d.id, 'assign', { handlerId: specialist.accountId });
    let r = await act(specialist, d.id, 'apologize', { reason: 'Cần xác minh thêm', workingDays: 3 });
    expect(r.statusCode).toBe(409);
    expect(r.json().allowed).toContain('apologize');

    at('2026-03-17T08:00:00');
    const q = (await officer.get('/api/dossiers?late=true')).json();
    expect(q.items.map((x: { id: string }) => x.id)).toContain(d.id);
    r = await act(specialist, d.id, 'apologize', { reason: 'Cần xác minh thêm', workingDays: 3 });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json().dossier).toMatchObject({
      dueAt: vn('2026-03-16T08:00:00').toISOString(),
      newDueAt: vn('2026-03-20T08:00:00').toISOString(),
      late: true,
    });
    const pub = (await s.anonymous.get(`/api/public/dossiers/${d.code}`)).json();
    expect(pub).toMatchObject({ late: true, newDueAt: vn('2026-03-20T08:00:00').toISOString() });
  });

  it('lists what falls due within 2 working days for the officer', async () => {
    at('2026-03-02T08:00:00');
    const d = await submit();
    await act(officer, d.id, 'receive');
    at('2026-03-12T09:00:00');
    const soon = (await officer.get('/api/dossiers?dueWithin=2')).json();
    expect(soon.items.map((x: { id: string }) => x.id)).toContain(d.id);
    // The workspace's named queue is the same filter.
    expect((await officer.get('/api/dossiers?queue=due-soon')).json().items.map((x: { id: string }) => x.id)).toContain(
      d.id,
    );
    expect(
      (await officer.get('/api/dossiers?queue=to-receive')).json().items.map((x: { id: string }) => x.id),
    ).not.toContain(d.id);
    at('2026-03-05T09:00:00');
    const notYet = (await officer.get('/api/dossiers?dueWithin=2')).json();
    expect(notYet.items.map((x: { id: string }) => x.id)).not.toContain(d.id);
  });
});

describe('side paths', () => {
  it('suspends and resumes with the clock stopped meanwhile; the applicant withdraws', async () => {
    at('2026-03-02T08:00:00');
    const d = await submit();
    await act(officer, d.id, 'receive');
    at('2026-03-03T08:00:00');
    expect(
      (await act(leader, d.id, 'suspend', { reason: 'Chờ kết quả xác minh của cơ quan công an' })).json().dossier
        .status,
    ).toBe('suspended');
    at('2026-03-04T08:00:00');
    const r = await act(leader, d.id, 'resume');
    expect(r.json().dossier).toMatchObject({
      status: 'received',
      pausedMs: 8 * 3_600_000,
      dueAt: vn('2026-03-17T08:00:00').toISOString(),
    });
    const w = await act(citizen, d.id, 'withdraw', { reason: 'Không còn nhu cầu' });
    expect(w.statusCode, w.body).toBe(200);
    expect(w.json().dossier.status).toBe('withdrawn');
    expect((await act(officer, d.id, 'receive')).statusCode).toBe(409);
  });

  it('refuses with reasons', async () => {
    const d = await submit();
    const r = await act(officer, d.id, 'refuse', { reasons: ['Thủ tục không thuộc thẩm quyền'] });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json().dossier.status).toBe('refused');
    expect(r.json().action.details).toEqual({ reasons: ['Thủ tục không thuộc thẩm quyền'] });
  });
});

// The public lookup (GET /api/public/dossiers/:code) is tested in ../public/routes.test.ts.

describe('the shipped catalog', () => {
  it('takes a seeded procedure by its national code and walks its workflow: appraisal, then the police check (liên thông)', async () => {
    const p = await getProcedure(s.ctx.db, '2.000488');
    expect(p, 'the demo catalog ships the judicial record procedure').toBeTruthy();
    const attachments = [];
    for (const paper of p!.papers.filter((x) => x.mandatory))
      attachments.push({ paperId: paper.id, files: [await uploadPdf(citizen)] });
    const formData = Object.fromEntries(
      p!.formFields
        .filter((f) => f.required)
        .map((f) => [
          f.key,
          f.type === 'checkbox'
            ? true
            : f.type === 'number'
              ? 1
              : f.type === 'date'
                ? '1990-01-01'
                : f.type === 'email'
                  ? 'a@example.vn'
                  : f.type === 'select'
                    ? f.options![0]!.value
                    : f.type === 'idNumber'
                      ? '046090001234'
                      : 'x',
        ]),
    );
    const r = await citizen.post('/api/dossiers', {
      procedureId: '2.000488',
      receivingAgencyId: centre.id,
      attachments,
      formData,
    });
    expect(r.statusCode, r.body).toBe(201);
    const id = r.json().id as string;
    expect(r.json().agencyId).toBe(p!.agencyId);
    await act(officer, id, 'receive');
    await act(officer, id, 'assign', { handlerId: specialist.accountId });
    const step = await act(specialist, id, 'process-step');
    const police = p!.workflow.find((w) => w.agencyMode === 'fixed')!;
    expect(step.json().dossier).toMatchObject({
      status: 'processing',
      currentStep: police.ordinal,
      currentAgencyId: police.agencyId,
    });
  });
});
