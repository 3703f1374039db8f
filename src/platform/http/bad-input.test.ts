/**
 * Issue 8 item 9: inputs an outside probe sent that were answered 500. Each is a 400 problem+json
 * (on /open311/v2, the Open311 error list), and none reaches the database.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testServer, type Client, type TestServer } from '../testing/index.js';

let s: TestServer;
let admin: Client;
let citizen: Client;
beforeAll(async () => {
  s = await testServer();
  admin = await s.login('admin');
  citizen = await s.login('congdan');
});
afterAll(() => s.close());

const isProblem400 = (r: { statusCode: number; headers: Record<string, unknown>; body: string }) => {
  expect(r.statusCode, r.body).toBe(400);
  expect(String(r.headers['content-type'])).toMatch(/^application\/problem\+json/);
  const p = JSON.parse(r.body) as { messages: { vi: { title: string }; en: { title: string } } };
  expect(p.messages.vi.title && p.messages.en.title).toBeTruthy();
};

const nested = (depth: number) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;

describe('bad input is a 400, never a 500', () => {
  it('a NUL byte in a path parameter', async () => {
    isProblem400(await s.anonymous.get('/api/public/dossiers/abc%00def'));
    isProblem400(await s.anonymous.get('/api/procedures/abc%00def'));
    isProblem400(await admin.get('/api/procedures/abc%00def'));
    isProblem400(await admin.get('/api/feedback/reports/PA%00-1'));
  });

  it('a NUL byte in the login username and in formData', async () => {
    isProblem400(await s.anonymous.post('/api/auth/login', { username: 'ad\u0000min', password: 'x' }));
    const r = await citizen.post('/api/dossiers', {
      procedureId: '2.000488',
      formData: { applicantName: 'Hoàng\u0000Văn Dân' },
    });
    isProblem400(r);
    expect(r.json().errors[0].field).toBe('/body/formData/applicantName');
  });

  it('a NUL byte or a lone surrogate in an object key', async () => {
    isProblem400(await citizen.post('/api/dossiers', { procedureId: '2.000488', formData: { 'a\u0000b': 'x' } }));
    isProblem400(await citizen.post('/api/dossiers', { procedureId: '2.000488', formData: { '\udc00': 'x' } }));
  });

  it('a lone UTF-16 surrogate in a JSON string, a query and a path', async () => {
    isProblem400(await s.anonymous.post('/api/auth/login', { username: 'admin\ud800', password: 'x' }));
    isProblem400(await s.anonymous.get('/api/procedures?q=%ED%A0%80'));
    isProblem400(await s.anonymous.get('/api/procedures?q=%F0%9F'));
    isProblem400(await s.anonymous.get('/api/public/dossiers/%ED%A0%80'));
    isProblem400(await s.anonymous.get('/api/public/dossiers/%F0%9F'));
  });

  it('formData nested 5,000 levels', async () => {
    const payload = `{"procedureId":"2.000488","formData":{"x":${nested(5000)}}}`;
    const r = await citizen.request({
      method: 'POST',
      url: '/api/dossiers',
      headers: { 'content-type': 'application/json' },
      payload,
    });
    isProblem400(r);
    expect(r.json().code).toBe('too-deep');
  });

  it('offsets and cursors PostgreSQL cannot take', async () => {
    for (const q of ['offset=1e300', 'offset=9223372036854775808', 'offset=1e20', 'offset=-1', 'limit=1e20']) {
      isProblem400(await admin.get(`/api/dossiers?${q}`));
      isProblem400(await s.anonymous.get(`/api/feedback/reports?${q}`));
    }
    isProblem400(await admin.get('/api/audit?before=1e20'));
    isProblem400(await admin.get('/api/audit?before=9223372036854775808'));
  });

  it('Open311 dates outside what a timestamp can hold answer the Open311 error list', async () => {
    for (const q of [
      'start_date=0000-01-01',
      'end_date=%2B275760-09-13',
      'start_date=-000001-01-01',
      'end_date=99999-01-01',
    ]) {
      const r = await s.anonymous.get(`/open311/v2/requests.json?${q}`);
      expect(r.statusCode, `${q}: ${r.body}`).toBe(400);
      expect(r.json()).toEqual([{ code: 400, description: expect.stringMatching(/date/) }]);
      const x = await s.anonymous.get(`/open311/v2/requests.xml?${q}`);
      expect(x.statusCode).toBe(400);
      expect(x.body).toContain('<errors><error><code>400</code>');
    }
    const nul = await s.anonymous.get('/open311/v2/requests.json?service_code=a%00b');
    expect(nul.statusCode).toBe(400);
    expect(nul.json()[0].code).toBe(400);
  });

  it('"Infinity" in a query, which the schema validator coerces to a number that passes every bound', async () => {
    isProblem400(await s.anonymous.get('/api/directory/agencies?limit=Infinity'));
    isProblem400(await s.anonymous.get('/api/calendar/holidays?year=Infinity'));
    isProblem400(await admin.get('/api/audit?before=-Infinity'));
    const r = await citizen.get('/api/dossiers?dueWithin=Infinity');
    isProblem400(r);
    expect(r.json().errors).toEqual([expect.objectContaining({ field: '/querystring/dueWithin' })]);
  });

  it('a date the working calendar cannot count from', async () => {
    isProblem400(await s.anonymous.get('/api/calendar/add?from=9999-12-31T23:59:59.999Z&workingDays=5'));
    isProblem400(await s.anonymous.get('/api/calendar/add?from=0001-01-01T00:00:00.000Z&workingDays=5'));
    expect((await s.anonymous.get('/api/calendar/add?from=2026-03-02T01:00:00.000Z&workingDays=1')).statusCode).toBe(
      200,
    );
  });

  it('clearing a setting (null) restores its default instead of failing on the NOT NULL column', async () => {
    const r = await admin.put('/api/feedback/settings', { fallbackAgencyId: null });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json().fallbackAgencyId).toBeNull();
  });

  it('a good request still passes: a string with Vietnamese letters and an emoji (a valid surrogate pair)', async () => {
    const r = await s.anonymous.get(`/api/procedures?q=${encodeURIComponent('khai sinh 😀')}`);
    expect(r.statusCode).toBe(200);
  });
});
