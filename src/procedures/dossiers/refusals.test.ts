/**
 * Staff within the dossier's agencies but without the permission an action needs are refused (403
 * naming it): scope alone is not enough. Each refusal is paired with something the same person may do
 * on the same dossier, so the refusal is the role's, not the scope's.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testServer, type Client, type TestServer } from '../../platform/testing/index.js';
import { staffIn } from '../../feedback/test-fixtures.js';
import { act, agencyId, makeProcedure, submitDossier, type TestProcedure } from './test-fixtures.js';

let s: TestServer;
let citizen: Client;
let desk: Client;
let proc: TestProcedure;
let centre: { id: string; code: string };

beforeAll(async () => {
  s = await testServer({
    config: {
      payments: {
        vietqr: { bin: '970415', account: '113000006100', accountName: 'TRUNG TAM PHUC VU HANH CHINH CONG (DEMO)' },
      },
    },
  });
  citizen = await s.login('congdan');
  desk = await s.login('motcua');
  proc = await makeProcedure(s.ctx.db, { fees: [200_000] });
  centre = await agencyId(s.ctx.db, 'TTHCC');
});
afterAll(async () => s?.close());

async function received() {
  const d = await submitDossier(citizen, proc, { receivingAgencyId: centre.id, applicant: { phone: '0912345678' } });
  await act(desk, d.id, 'receive');
  return d;
}
const forbidden = (r: { statusCode: number; body: string; json(): unknown }, action: string) => {
  expect(r.statusCode, r.body).toBe(403);
  expect(r.json()).toMatchObject({ code: 'forbidden', action });
};

describe('in scope, without the permission', () => {
  it('a specialist of the handling agency may not approve (dossiers.approve is the leader’s)', async () => {
    const d = await received();
    const specialist = await s.login('chuyenvien');
    forbidden(await specialist.post(`/api/dossiers/${d.id}/actions/approve`, {}), 'dossiers.approve');
    // The same specialist reads it: the dossier is within his scope.
    expect((await specialist.get(`/api/dossiers/${d.id}`)).statusCode).toBe(200);
  });

  it('an officer of the handling agency may not suspend (dossiers.suspend is the leader’s)', async () => {
    const d = await received();
    const officer = await staffIn(s, proc.agencyCode, 'officer');
    forbidden(
      await officer.post(`/api/dossiers/${d.id}/actions/suspend`, { reason: 'Chờ ý kiến cơ quan khác' }),
      'dossiers.suspend',
    );
    expect((await officer.get(`/api/dossiers/${d.id}`)).statusCode).toBe(200);
    const leader = await s.login('lanhdao');
    expect(
      (await leader.post(`/api/dossiers/${d.id}/actions/suspend`, { reason: 'Chờ ý kiến cơ quan khác' })).statusCode,
    ).not.toBe(403);
  });

  it('a leader of the receiving desk may not confirm a bank transfer (payments.confirm is the desk officer’s)', async () => {
    const d = await received();
    const pay = await citizen.post(`/api/dossiers/${d.id}/payments`, { provider: 'vietqr' });
    expect(pay.statusCode, pay.body).toBe(201);
    const deskLeader = await staffIn(s, centre.code, 'leader');
    forbidden(
      await deskLeader.post(`/api/payments/${pay.json().id}/confirm`, { bankRef: 'FT26340000077' }),
      'payments.confirm',
    );
    expect((await desk.post(`/api/payments/${pay.json().id}/confirm`, { bankRef: 'FT26340000077' })).statusCode).toBe(
      200,
    );
  });
});
