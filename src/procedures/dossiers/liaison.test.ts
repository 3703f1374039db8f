import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccount, grantRole } from '../../platform/index.js';
import { agencyByCode } from '../../directory/index.js';
import { testServer, type Client, type TestServer } from '../../platform/testing/index.js';
import { agencyId, makeProcedure, uploadPdf, type TestProcedure } from './test-fixtures.js';

let s: TestServer;
let citizen: Client;
let officer: Client;
let specialist: Client;
let otherSpecialist: Client;
let snv: string;
let stp: string;
let centre: { id: string; code: string };

beforeAll(async () => {
  s = await testServer();
  citizen = await s.login('congdan');
  officer = await s.login('motcua');
  specialist = await s.login('chuyenvien');
  // A specialist of the Department of Home Affairs (Sở Nội vụ), the other agency of the inter-agency step.
  snv = (await agencyByCode(s.ctx.db, '000.00.02.H57'))!.id;
  stp = (await agencyId(s.ctx.db, 'STP')).id;
  const acc = await createAccount(s.ctx.db, {
    username: 'chuyenvien-snv',
    displayName: 'Chuyên viên Sở Nội vụ',
    password: 'TinhSo@2026',
  });
  await grantRole(s.ctx.db, acc.id, { role: 'specialist', scopeKind: 'agency', scopeId: snv });
  otherSpecialist = await s.login('chuyenvien-snv');
  centre = await agencyId(s.ctx.db, 'TTHCC');
});
afterAll(async () => s?.close());

const act = (c: Client, id: string, action: string, body: object = {}) =>
  c.post(`/api/dossiers/${id}/actions/${action}`, body);

async function inProcessing(p: TestProcedure) {
  const sha = await uploadPdf(citizen);
  const d = (
    await citizen.post('/api/dossiers', {
      procedureId: p.id,
      receivingAgencyId: centre.id,
      attachments: [{ paperId: p.papers.form, files: [sha] }],
    })
  ).json() as { id: string };
  expect((await act(officer, d.id, 'receive')).statusCode).toBe(200);
  expect((await act(officer, d.id, 'assign', { handlerId: specialist.accountId })).statusCode).toBe(200);
  return d.id;
}

describe('inter-agency processing (liên thông)', () => {
  it('hands a fixed-agency workflow step to that agency and back', async () => {
    const p = await makeProcedure(s.ctx.db, { liaisonAgencyId: snv });
    const id = await inProcessing(p);
    let r = await act(specialist, id, 'process-step');
    expect(r.json().dossier).toMatchObject({
      currentStep: 2,
      currentAgencyId: snv,
      currentHandlerId: null,
      status: 'processing',
    });
    // The step is now the other agency's: the first department may not act on it…
    expect((await act(specialist, id, 'process-step')).statusCode).toBe(403);
    // …and the other agency sees it in its queue and completes it.
    expect((await otherSpecialist.get('/api/dossiers')).json().items.map((x: { id: string }) => x.id)).toContain(id);
    r = await act(otherSpecialist, id, 'process-step', { opinion: 'Đã xác minh' });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json().dossier).toMatchObject({ currentStep: 3, currentAgencyId: stp });
    r = await act(specialist, id, 'process-step');
    expect(r.json().dossier.status).toBe('awaiting_approval');
  });

  it('forwards a dossier to another agency on request, with the reason in its timeline', async () => {
    const p = await makeProcedure(s.ctx.db);
    const id = await inProcessing(p);
    const r = await act(specialist, id, 'forward', { agencyId: snv, reason: 'Cần ý kiến của Sở Nội vụ' });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json().dossier).toMatchObject({ currentAgencyId: snv, currentHandlerId: null });
    expect(r.json().action.details).toEqual({ fromAgencyId: stp, toAgencyId: snv, reason: 'Cần ý kiến của Sở Nội vụ' });
    expect((await act(specialist, id, 'forward', { agencyId: stp, reason: 'Trả lại' })).statusCode).toBe(403);
    expect((await act(otherSpecialist, id, 'forward', { agencyId: snv, reason: 'x' })).statusCode).toBe(400);
  });

  it('assigns only to someone who processes dossiers of the agency holding it', async () => {
    const p = await makeProcedure(s.ctx.db);
    const id = await inProcessing(p);
    const r = await act(officer, id, 'assign', { handlerId: otherSpecialist.accountId });
    expect(r.statusCode, r.body).toBe(400);
    expect(r.json().errors[0]).toMatchObject({ field: '/body/handlerId', code: 'not-a-handler' });
  });
});
