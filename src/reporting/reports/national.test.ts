/**
 * The national reporting system adapter against an HTTP test server that plays the national system:
 * what is sent, the reference kept, and a refusal turned into a clear problem.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testServer, type TestServer } from '../../platform/testing/index.js';
import { createAccount, grantRole } from '../../platform/index.js';
import { agencyByKey } from '../../directory/index.js';
import { DEMO_PASSWORD } from '../../demo/accounts.js';
import { HttpNationalReporting, NationalReportingError } from './national.js';
import { periodOf } from '../indicators/periods.js';

const received: { auth: string | undefined; body: Record<string, unknown> }[] = [];
let refuseNext = false;
let national: http.Server;
let url = '';
let s: TestServer;

beforeAll(async () => {
  national = http.createServer((req, res) => {
    let data = '';
    req.on('data', (c: Buffer) => (data += c.toString()));
    req.on('end', () => {
      if (req.method !== 'POST' || req.url !== '/api/v1/reports') return void res.writeHead(404).end();
      if (refuseNext) {
        refuseNext = false;
        return void res
          .writeHead(422, { 'content-type': 'application/json' })
          .end(JSON.stringify({ error: 'thiếu chỉ tiêu' }));
      }
      received.push({ auth: req.headers.authorization, body: JSON.parse(data) });
      res
        .writeHead(201, { 'content-type': 'application/json' })
        .end(JSON.stringify({ reference: `BCQG-${received.length}` }));
    });
  });
  await new Promise<void>((r) => national.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(national.address() as AddressInfo).port}/api/v1`;
  process.env.TINHSO_NATIONAL_REPORTING_URL = url;
  process.env.TINHSO_NATIONAL_REPORTING_TOKEN = 'bi-mat';
  s = await testServer();
}, 120_000);
afterAll(async () => {
  delete process.env.TINHSO_NATIONAL_REPORTING_URL;
  delete process.env.TINHSO_NATIONAL_REPORTING_TOKEN;
  await s?.close();
  await new Promise((r) => national.close(r));
});

describe('HttpNationalReporting', () => {
  it('posts the report with the token and answers the reference; a refusal is an error', async () => {
    const a = new HttpNationalReporting(url, 't');
    const r = await a.send({
      templateCode: 'x',
      period: '2026-Q1',
      agencyCode: 'A',
      agencyName: 'Cơ quan A',
      submittedAt: null,
      values: { n: 1 },
    });
    expect(r.reference).toMatch(/^BCQG-/);
    expect(received.at(-1)).toMatchObject({
      auth: 'Bearer t',
      body: { templateCode: 'x', period: '2026-Q1', values: { n: 1 } },
    });
    refuseNext = true;
    await expect(
      a.send({ templateCode: 'x', period: '2026-Q1', agencyCode: 'A', agencyName: '', submittedAt: null, values: {} }),
    ).rejects.toBeInstanceOf(NationalReportingError);
    await expect(
      new HttpNationalReporting('http://127.0.0.1:1/').send({
        templateCode: 'x',
        period: '2026',
        agencyCode: 'A',
        agencyName: '',
        submittedAt: null,
        values: {},
      }),
    ).rejects.toThrow(/unreachable/);
  });

  it('sends an accepted report once, from the receiving agency', async () => {
    const vp = await agencyByKey(s.ctx.db, 'VP');
    const acc = await createAccount(s.ctx.db, {
      username: 'ld.vp.national',
      displayName: 'Lãnh đạo VP',
      password: DEMO_PASSWORD,
    });
    await grantRole(s.ctx.db, acc.id, { role: 'leader', scopeKind: 'agency', scopeId: vp!.id });
    const reviewer = await s.login('ld.vp.national');
    const admin = await s.login('admin');
    const specialist = await s.login('chuyenvien');
    const stp = await agencyByKey(s.ctx.db, 'STP');
    const q = periodOf('quarter').key;
    await admin.post(`/api/reporting/templates/tthc-quarterly/periods/${q}/open`);
    const rep = (
      (await specialist.get(`/api/reporting/reports?template=tthc-quarterly&period=${q}`)).json() as {
        id: string;
        agencyId: string;
      }[]
    ).find((x) => x.agencyId === stp!.id)!;
    expect((await reviewer.post(`/api/reporting/reports/${rep.id}/national`)).statusCode).toBe(409); // not accepted yet
    expect(
      (
        await specialist.post(`/api/reporting/reports/${rep.id}/submit`, {
          values: { received: 3, resolved: 2, on_time: 2 },
        })
      ).statusCode,
    ).toBe(200);
    expect((await reviewer.post(`/api/reporting/reports/${rep.id}/accept`)).statusCode).toBe(200);
    expect((await specialist.post(`/api/reporting/reports/${rep.id}/national`)).statusCode).toBe(403);
    refuseNext = true;
    const refused = await reviewer.post(`/api/reporting/reports/${rep.id}/national`);
    expect(refused.statusCode).toBe(502);
    expect(refused.json().messages.vi.detail).toMatch(/không nhận/);
    const sent = await reviewer.post(`/api/reporting/reports/${rep.id}/national`);
    expect(sent.statusCode, sent.body).toBe(200);
    expect(sent.json().nationalRef).toMatch(/^BCQG-/);
    expect(received.at(-1)).toMatchObject({
      auth: 'Bearer bi-mat',
      body: {
        templateCode: 'tthc-quarterly',
        period: q,
        agencyCode: stp!.code,
        values: { received: 3, resolved: 2, on_time: 2, late: 0 },
      },
    });
    expect((await reviewer.post(`/api/reporting/reports/${rep.id}/national`)).statusCode).toBe(409);
  });
});
