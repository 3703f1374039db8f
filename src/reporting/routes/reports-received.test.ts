/**
 * The receiving agency's side of periodic reports: its reviewers list and read the reports sent to it by other
 * agencies (not their drafts), while a sibling agency's staff see none of them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testServer, type Client, type TestServer } from '../../platform/testing/index.js';
import { createAccount, grantRole } from '../../platform/index.js';
import { agencyByCode, agencyByKey } from '../../directory/index.js';
import { DEMO_PASSWORD } from '../../demo/accounts.js';
import { periodOf } from '../indicators/periods.js';

let s: TestServer;
let specialist: Client, admin: Client, vpLeader: Client, finLeader: Client;

async function staff(username: string, agencyCode: string): Promise<Client> {
  const a = await agencyByCode(s.ctx.db, agencyCode);
  const acc = await createAccount(s.ctx.db, { username, displayName: username, password: DEMO_PASSWORD });
  await grantRole(s.ctx.db, acc.id, { role: 'leader', scopeKind: 'agency', scopeId: a!.id });
  return s.login(username);
}

interface Listed {
  id: string;
  agencyId: string;
  status: string;
  templateNameVi: string;
}

beforeAll(async () => {
  s = await testServer();
  specialist = await s.login('chuyenvien');
  admin = await s.login('admin');
  vpLeader = await staff('ld.vp', '000.00.01.H57');
  finLeader = await staff('ld.stc', '000.00.03.H57');
}, 120_000);
afterAll(async () => s?.close());

describe('reports received by the receiving agency', () => {
  it('are listed and read by its reviewers once sent, never by a sibling agency', async () => {
    const q = periodOf('quarter').key;
    expect((await admin.post(`/api/reporting/templates/tthc-quarterly/periods/${q}/open`)).statusCode).toBe(200);
    const justice = (await agencyByKey(s.ctx.db, 'STP'))!.id;
    const own = (await specialist.get(`/api/reporting/reports?period=${q}&box=own`)).json() as Listed[];
    const rep = own.find((x) => x.agencyId === justice)!;
    expect(rep.templateNameVi).toMatch(/thủ tục hành chính/);

    // A draft stays with its agency.
    const before = (await vpLeader.get(`/api/reporting/reports?period=${q}&box=received`)).json() as Listed[];
    expect(before.map((x) => x.id)).not.toContain(rep.id);
    expect((await vpLeader.get(`/api/reporting/reports/${rep.id}`)).statusCode).toBe(403);

    const sent = await specialist.post(`/api/reporting/reports/${rep.id}/submit`, {
      values: { received: 10, resolved: 8, on_time: 6 },
    });
    expect(sent.statusCode, sent.body).toBe(200);

    const after = (await vpLeader.get(`/api/reporting/reports?period=${q}&box=received`)).json() as Listed[];
    expect(after.find((x) => x.id === rep.id)).toMatchObject({ status: 'submitted', agencyId: justice });
    // Only what was sent: no agency's draft comes with it.
    expect(after.every((x) => x.status !== 'draft')).toBe(true);
    const detail = await vpLeader.get(`/api/reporting/reports/${rep.id}`);
    expect(detail.statusCode, detail.body).toBe(200);
    expect(detail.json()).toMatchObject({
      agencyName: expect.stringMatching(/Sở Tư pháp/),
      values: { received: 10, late: 2 },
    });
    const xlsx = await vpLeader.get(`/api/reporting/reports/${rep.id}/export?format=xlsx`);
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.rawPayload.subarray(0, 2).toString()).toBe('PK');

    // The Department of Finance neither receives nor reads the Department of Justice's report.
    const sibling = (await finLeader.get(`/api/reporting/reports?period=${q}`)).json() as Listed[];
    expect(sibling.map((x) => x.id)).not.toContain(rep.id);
    expect((await finLeader.get(`/api/reporting/reports/${rep.id}`)).statusCode).toBe(403);
    expect((await finLeader.get(`/api/reporting/reports/${rep.id}/export?format=pdf`)).statusCode).toBe(403);
  });
});
