/**
 * The assign form's picker (GET /api/dossiers/:id/handlers) offers exactly those the assign action
 * accepts: grants on the agency, on a parent unit, none elsewhere, no disabled account.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agencyByCode, getAgency } from '../../directory/index.js';
import { createAccount, grantRole, updateAccount } from '../../platform/index.js';
import { testServer, type Client, type TestServer } from '../../platform/testing/index.js';
import { agencyId, makeProcedure, uploadPdf, type TestProcedure } from './test-fixtures.js';

let s: TestServer;
let citizen: Client;
let officer: Client;
let specialist: Client;
let proc: TestProcedure;
let centre: string;
let stp: string;

beforeAll(async () => {
  s = await testServer();
  citizen = await s.login('congdan');
  officer = await s.login('motcua');
  specialist = await s.login('chuyenvien');
  proc = await makeProcedure(s.ctx.db);
  centre = (await agencyId(s.ctx.db, 'TTHCC')).id;
  stp = (await agencyId(s.ctx.db, 'STP')).id;
});
afterAll(async () => s?.close());

async function submitted(): Promise<string> {
  const sha = await uploadPdf(citizen);
  const r = await citizen.post('/api/dossiers', {
    procedureId: proc.id,
    receivingAgencyId: centre,
    attachments: [{ paperId: proc.papers.form, files: [sha] }],
  });
  expect(r.statusCode, r.body).toBe(201);
  return r.json().id as string;
}

async function person(
  username: string,
  grant: { role: 'specialist' | 'leader' | 'officer'; scopeKind: 'agency' | 'unit'; scopeId: string },
) {
  const acc = await createAccount(s.ctx.db, { username, displayName: username, password: 'TinhSo@2026' });
  await grantRole(s.ctx.db, acc.id, grant);
  return acc.id;
}

type Item = { accountId: string; displayName: string; roles: string[] };

describe('who may be assigned a dossier', () => {
  it('lists those of the holding agency and of its unit, specialists first; each one the assign action accepts; no one else', async () => {
    const id = await submitted();
    expect((await officer.post(`/api/dossiers/${id}/actions/receive`, {})).statusCode).toBe(200);

    const unitOfStp = (await getAgency(s.ctx.db, stp))!.unitId!;
    const viaUnit = await person('hd_unit_leader', { role: 'leader', scopeKind: 'unit', scopeId: unitOfStp });
    const disabled = await person('hd_disabled', { role: 'specialist', scopeKind: 'agency', scopeId: stp });
    await updateAccount(s.ctx.db, disabled, { disabled: true });
    const police = (await agencyByCode(s.ctx.db, '000.00.90.H57'))!.id;
    const elsewhere = await person('hd_police', { role: 'specialist', scopeKind: 'agency', scopeId: police });

    const r = await officer.get(`/api/dossiers/${id}/handlers`);
    expect(r.statusCode, r.body).toBe(200);
    const items = r.json().items as Item[];
    const ids = items.map((i) => i.accountId);
    expect(ids).toContain(specialist.accountId);
    expect(ids).toContain(viaUnit);
    expect(ids).not.toContain(disabled);
    expect(ids).not.toContain(elsewhere);
    expect(items.find((i) => i.accountId === viaUnit)!.roles).toEqual(['leader']);
    // Specialists come first.
    const firstOther = items.findIndex((i) => !i.roles.includes('specialist'));
    expect(items.slice(firstOther).every((i) => !i.roles.includes('specialist'))).toBe(true);

    // Everyone offered is accepted; someone not offered is refused.
    for (const who of ids) {
      const a = await officer.post(`/api/dossiers/${id}/actions/assign`, { handlerId: who });
      expect(a.statusCode, a.body).toBe(200);
    }
    const refused = await officer.post(`/api/dossiers/${id}/actions/assign`, { handlerId: elsewhere });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().errors[0].code).toBe('not-a-handler');
  });

  it('answers 409 with the allowed actions before receipt, 403 to the applicant, 404 to a stranger, 401 without login', async () => {
    const id = await submitted();
    const early = await officer.get(`/api/dossiers/${id}/handlers`);
    expect(early.statusCode).toBe(409);
    expect(early.headers['content-type']).toContain('application/problem+json');
    expect(early.json().allowed).toEqual(expect.arrayContaining(['receive']));
    // The applicant may read the dossier, not assign it.
    expect((await citizen.get(`/api/dossiers/${id}/handlers`)).statusCode).toBe(403);
    // Another citizen is told the dossier does not exist, as everywhere else.
    const other = await createAccount(s.ctx.db, {
      username: 'hd_other_citizen',
      displayName: 'Người khác',
      password: 'TinhSo@2026',
    });
    await grantRole(s.ctx.db, other.id, { role: 'citizen', scopeKind: 'none', scopeId: null });
    const stranger = await s.login('hd_other_citizen', 'TinhSo@2026');
    expect((await stranger.get(`/api/dossiers/${id}/handlers`)).statusCode).toBe(404);
    expect((await s.anonymous.get(`/api/dossiers/${id}/handlers`)).statusCode).toBe(401);
  });
});
