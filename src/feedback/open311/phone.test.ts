/** Issue 8 item 16: a landline is a phone — stored from Open311 and from the desk; what is no phone number is refused. */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiTokenOf, demoPlaces, staffWith } from '../../directory/test-fixtures.js';
import { testServer, type TestServer } from '../../platform/testing/index.js';
import { feedbackReports } from '../schema.js';
import { count, PLACES, reportBody } from '../test-fixtures.js';

let s: TestServer;
let apiKey = '';
beforeAll(async () => {
  s = await testServer();
  const places = await demoPlaces(s);
  apiKey = await apiTokenOf(await staffWith(s, [{ role: 'system', scopeKind: 'unit', scopeId: places.province }]));
});
afterAll(async () => s?.close());

const post311 = (format: 'json' | 'xml', phone: string) =>
  s.anonymous.request({
    method: 'POST',
    url: `/open311/v2/requests.${format}`,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({
      api_key: apiKey,
      service_code: 'giao-thong',
      lat: String(PLACES.phuXuan.lat),
      long: String(PLACES.phuXuan.lng),
      description: 'Đèn tín hiệu hỏng',
      phone,
    }).toString(),
  });
const storedPhone = async (publicId: string) =>
  (
    await s.database.db
      .select({ phone: feedbackReports.reporterPhone })
      .from(feedbackReports)
      .where(eq(feedbackReports.publicId, publicId))
  )[0]?.phone;

describe('Open311 phone numbers', () => {
  it('accepts and stores a landline (phone=02343822111), in +84 form like a mobile', async () => {
    const r = await post311('json', '02343822111');
    expect(r.statusCode, r.body).toBe(201);
    expect(await storedPhone(r.json()[0].service_request_id)).toBe('+842343822111');
    const m = await post311('json', '0905 111 222');
    expect(await storedPhone(m.json()[0].service_request_id)).toBe('+84905111222');
  });

  it('refuses what is not a phone number with the Open311 error list, in JSON and XML, and saves nothing', async () => {
    const before = await count(s, 'feedback_reports');
    const r = await post311('json', 'call me maybe');
    expect(r.statusCode).toBe(400);
    expect(r.json()).toEqual([{ code: 400, description: expect.stringContaining('phone') }]);
    const x = await post311('xml', '12345');
    expect(x.statusCode).toBe(400);
    expect(x.body).toContain('<errors><error><code>400</code>');
    expect(await count(s, 'feedback_reports')).toBe(before);
  });
});

describe('the desk’s reporter phone (hotline, counter)', () => {
  it('takes a caller’s landline, and refuses what is not a phone number', async () => {
    const officer = await s.login('motcua');
    const r = await officer.post(
      '/api/feedback/reports',
      reportBody({ channel: 'hotline', reporterPhone: '0234 3822 111' }),
    );
    expect(r.statusCode, r.body).toBe(201);
    expect(await storedPhone(r.json().report.publicId)).toBe('+842343822111');
    const bad = await officer.post(
      '/api/feedback/reports',
      reportBody({ channel: 'hotline', reporterPhone: 'không có' }),
    );
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors).toEqual([expect.objectContaining({ field: '/body/reporterPhone', code: 'phone' })]);
  });
});
