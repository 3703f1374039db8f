/**
 * The report assign form's picker (GET /api/feedback/reports/:id/handlers) offers exactly those the
 * assign action accepts, and only to staff of the handling agency.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testServer, type Client, type TestServer } from '../../platform/testing/index.js';
import { AGENCIES, reportBody, staffIn } from '../test-fixtures.js';

let s: TestServer;
let citizen: Client;
let ward: Client;
let wardSpecialist: Client;
let outsider: Client;
beforeAll(async () => {
  s = await testServer();
  citizen = await s.login('congdan');
  ward = await staffIn(s, AGENCIES.phuXuan, 'officer');
  wardSpecialist = await staffIn(s, AGENCIES.phuXuan, 'specialist');
  outsider = await staffIn(s, AGENCIES.xayDung);
});
afterAll(async () => s?.close());

const file = async () => {
  const r = await citizen.post('/api/feedback/reports', reportBody());
  expect(r.statusCode, r.body).toBe(201);
  return r.json().report as { id: string };
};

describe('who may be assigned a field report', () => {
  it('lists the handling agency’s staff, specialists first; each one is accepted by assign; others are not listed', async () => {
    const report = await file();
    const r = await ward.get(`/api/feedback/reports/${report.id}/handlers`);
    expect(r.statusCode, r.body).toBe(200);
    const items = r.json().items as { accountId: string; roles: string[] }[];
    const ids = items.map((i) => i.accountId);
    expect(ids).toEqual(expect.arrayContaining([ward.accountId, wardSpecialist.accountId]));
    expect(ids).not.toContain(outsider.accountId);
    expect(ids.indexOf(wardSpecialist.accountId!)).toBeLessThan(ids.indexOf(ward.accountId!));
    expect(items.find((i) => i.accountId === ward.accountId)!.roles).toEqual(['officer']);
    for (const who of ids) {
      const a = await ward.post(`/api/feedback/reports/${report.id}/actions/assign`, { handlerAccountId: who });
      expect(a.statusCode, a.body).toBe(200);
    }
  });

  it('is refused to staff of other agencies (403), to citizens (403), without login (401), and on a closed report (409)', async () => {
    const report = await file();
    expect((await outsider.get(`/api/feedback/reports/${report.id}/handlers`)).statusCode).toBe(403);
    expect((await citizen.get(`/api/feedback/reports/${report.id}/handlers`)).statusCode).toBe(403);
    expect((await s.anonymous.get(`/api/feedback/reports/${report.id}/handlers`)).statusCode).toBe(401);
    const rejected = await ward.post(`/api/feedback/reports/${report.id}/actions/reject`, {
      kind: 'invalid',
      reason: 'Không thuộc thẩm quyền xử lý của phường.',
    });
    expect(rejected.statusCode, rejected.body).toBe(200);
    const closed = await ward.get(`/api/feedback/reports/${report.id}/handlers`);
    expect(closed.statusCode).toBe(409);
    expect(closed.json().code).toBe('illegal-transition');
  });
});
