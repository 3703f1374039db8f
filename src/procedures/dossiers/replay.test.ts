import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testServer, type Client, type TestServer } from '../../platform/testing/index.js';
import { citizenAccount } from '../../directory/test-fixtures.js';
import { agencyId, makeProcedure, submitDossier, type TestProcedure } from './test-fixtures.js';

let s: TestServer;
let citizen: Client;
let stranger: Client;
let officer: Client;
let proc: TestProcedure;
let centre: { id: string };

beforeAll(async () => {
  s = await testServer();
  citizen = await s.login('congdan');
  stranger = await citizenAccount(s);
  officer = await s.login('motcua');
  proc = await makeProcedure(s.ctx.db);
  centre = await agencyId(s.ctx.db, 'TTHCC');
});
afterAll(async () => s?.close());

const applicant = { idNumber: '046090001234', phone: '0912345678', address: '12 Lê Lợi, phường Thuận Hóa' };

describe('a retried action (clientTransactionId) is replayed only to the account that made it', () => {
  it('answers another citizen who sends the same id with 404, and an officer of another agency with 403, revealing nothing', async () => {
    const d = await submitDossier(citizen, proc, { receivingAgencyId: centre.id, applicant });
    const first = await officer.post(`/api/dossiers/${d.id}/actions/receive`, {
      clientTransactionId: 'desk-tablet-42',
    });
    expect(first.statusCode, first.body).toBe(200);

    // The same id on the same dossier, by someone who may not act on it: no replay, no applicant's data.
    const byStranger = await stranger.post(`/api/dossiers/${d.id}/actions/receive`, {
      clientTransactionId: 'desk-tablet-42',
    });
    expect(byStranger.statusCode).toBe(404);
    expect(byStranger.body).not.toContain('046090001234');
    expect(byStranger.body).not.toContain('0912345678');
    const byLeader = await (
      await s.login('lanhdao')
    ).post(`/api/dossiers/${d.id}/actions/receive`, { clientTransactionId: 'desk-tablet-42' });
    expect(byLeader.statusCode).toBe(403);
    expect(byLeader.body).not.toContain('046090001234');

    // The officer who made it gets the first answer again.
    const again = await officer.post(`/api/dossiers/${d.id}/actions/receive`, {
      clientTransactionId: 'desk-tablet-42',
    });
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({ replayed: true, action: { seq: first.json().action.seq } });
  });

  it('refuses the id to another account allowed to act: a taken id is a 409, not someone else’s answer', async () => {
    const d = await submitDossier(citizen, proc, { receivingAgencyId: centre.id, applicant });
    expect(
      (await officer.post(`/api/dossiers/${d.id}/actions/receive`, { clientTransactionId: 'shared-id-1' })).statusCode,
    ).toBe(200);
    // The applicant may withdraw a received dossier; reusing the desk's id is not a replay of the desk's action.
    const r = await citizen.post(`/api/dossiers/${d.id}/actions/withdraw`, {
      clientTransactionId: 'shared-id-1',
      reason: 'Nộp nhầm thủ tục',
    });
    expect(r.statusCode, r.body).toBe(409);
    expect(r.json()).toMatchObject({ code: 'transaction-id-taken' });
  });
});
