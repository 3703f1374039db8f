import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { queryRows } from '../../platform/index.js';
import { testServer, type Client, type TestServer } from '../../platform/testing/index.js';
import { AGENCIES, PLACES, reportBody, staffIn, uploadPhoto } from '../test-fixtures.js';

/**
 * What Open311 shows of a request (GET requests.{json,xml}, requests/{id}.{json,xml}) is public: the
 * place, the category, the description, the agency, the dates, a stripped photo. Never who reported it
 * (name, phone, e-mail, account), the token that lets the reporter follow it, or the photo's original
 * with its camera and position; and the same answer whoever asks, with or without a staff api_key.
 */
let s: TestServer;
let citizen: Client;
let apiKey = '';
/** Everything that must never appear in an Open311 answer. */
const secrets: string[] = [];
/** The requests filed for this file: by Open311, on the web with a photo, by the hotline. */
const ids: string[] = [];
let photo: { sha256: string; publicSha256: string };

/** The GeoReport v2 fields of a request (format.ts), and no others. */
const FIELDS = [
  'address',
  'address_id',
  'agency_responsible',
  'description',
  'expected_datetime',
  'lat',
  'long',
  'media_url',
  'requested_datetime',
  'service_code',
  'service_name',
  'service_notice',
  'service_request_id',
  'status',
  'status_notes',
  'updated_datetime',
  'zipcode',
];

beforeAll(async () => {
  s = await testServer();
  citizen = await s.login('congdan');
  // A key of staff who handle these reports, and may see their reporters elsewhere in the API.
  const leader = await staffIn(s, AGENCIES.xayDung, 'leader');
  const t = await leader.post('/api/auth/tokens', { name: 'open311 privacy' });
  expect(t.statusCode, t.body).toBe(201);
  apiKey = t.json().token;

  const filed = await s.anonymous.request({
    method: 'POST',
    url: '/open311/v2/requests.json',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({
      api_key: apiKey,
      service_code: 'giao-thong',
      lat: String(PLACES.phuXuan.lat),
      long: String(PLACES.phuXuan.lng),
      description: 'Đèn tín hiệu giao thông không hoạt động',
      first_name: 'Quỳnh Như',
      last_name: 'Tôn Nữ',
      email: 'tonnu.quynhnhu@example.vn',
      phone: '0905 111 222',
    }).toString(),
  });
  expect(filed.statusCode, filed.body).toBe(201);
  const [created] = filed.json() as { service_request_id: string; token: string }[];
  ids.push(created!.service_request_id);
  secrets.push('Quỳnh Như', 'Tôn Nữ', 'tonnu.quynhnhu', '905111222', '0905 111 222', created!.token, leader.accountId!);

  photo = await uploadPhoto(citizen);
  const web = await citizen.post(
    '/api/feedback/reports',
    reportBody({ category: 'giao-thong', lat: 16.4712, lng: 107.5801, photos: [photo.sha256] }),
  );
  expect(web.statusCode, web.body).toBe(201);
  ids.push(web.json().report.publicId);
  const [account] = await queryRows<{
    username: string;
    display_name: string;
    email: string | null;
    phone: string | null;
  }>(
    s.database.db,
    sql`SELECT username, display_name, email, phone FROM accounts WHERE id = ${citizen.accountId!}::uuid`,
  );
  secrets.push(citizen.accountId!, account!.display_name, web.json().token, photo.sha256, 'Serial-ABC123', 'TinhSoCam');
  for (const v of [account!.email, account!.phone]) if (v) secrets.push(v);

  const desk = await staffIn(s, AGENCIES.xayDung, 'officer');
  const call = await desk.post(
    '/api/feedback/reports',
    reportBody({
      category: 'giao-thong',
      lat: 16.4725,
      lng: 107.5765,
      channel: 'hotline',
      reporterPhone: '0912 888 777',
      reporterName: 'Hồ Đắc Di',
    }),
  );
  expect(call.statusCode, call.body).toBe(201);
  ids.push(call.json().report.publicId);
  secrets.push('Hồ Đắc Di', '912888777', '0912 888 777', desk.accountId!);

  // The reports do hold their reporters (else this file would prove nothing).
  const held = await queryRows<{ who: string }>(
    s.database.db,
    sql`SELECT concat_ws(' ', reporter_account_id, reporter_name, reporter_phone, reporter_email) AS who
        FROM feedback_reports WHERE public_id IN (${sql.join(
          ids.map((id) => sql`${id}`),
          sql`, `,
        )}) ORDER BY created_at`,
  );
  expect(held.map((r) => r.who)).toEqual([
    expect.stringMatching(/Quỳnh Như.*905111222.*tonnu\.quynhnhu@example\.vn/),
    expect.stringContaining(citizen.accountId!),
    expect.stringMatching(/Hồ Đắc Di.*912888777/),
  ]);
});
afterAll(async () => {
  await s?.close();
});

/** The answer to an anonymous client, to one sending the staff key as api_key, and to one sending it as a Bearer token. */
async function asEveryone(url: string): Promise<string[]> {
  const sep = url.includes('?') ? '&' : '?';
  const answers = [
    await s.anonymous.get(url),
    await s.anonymous.get(`${url}${sep}api_key=${encodeURIComponent(apiKey)}`),
    await s.anonymous.get(url, { authorization: `Bearer ${apiKey}` }),
  ];
  for (const a of answers) expect(a.statusCode, `${url}: ${a.body}`).toBe(200);
  return answers.map((a) => a.body);
}

function expectNothingPrivate(body: string) {
  for (const secret of secrets) expect(body, secret).not.toContain(secret);
}

/** The field names of each <request> in an XML answer. */
const xmlFields = (xml: string) =>
  [...xml.matchAll(/<request>(.*?)<\/request>/gs)].map((m) =>
    [...m[1]!.matchAll(/<([a-z_]+)\/?>/g)].map((t) => t[1]!).sort(),
  );

describe('Open311 answers about requests show nothing personal, whoever asks', () => {
  it('the list in JSON: the standard fields only, the same for an anonymous client and a staff key', async () => {
    for (const url of [
      `/open311/v2/requests.json?service_request_id=${ids.join(',')}`,
      '/open311/v2/requests.json',
      '/open311/v2/requests.json?service_code=giao-thong&status=open',
    ]) {
      const [anonymous, ...staff] = await asEveryone(url);
      for (const body of staff) expect(body).toBe(anonymous);
      const list = JSON.parse(anonymous!) as Record<string, unknown>[];
      expect(list.map((r) => r.service_request_id)).toEqual(expect.arrayContaining(ids));
      for (const r of list) expect(Object.keys(r).sort()).toEqual(FIELDS);
      expectNothingPrivate(anonymous!);
    }
  });

  it('the list in XML: the standard fields only, the same for an anonymous client and a staff key', async () => {
    for (const url of [`/open311/v2/requests.xml?service_request_id=${ids.join(',')}`, '/open311/v2/requests.xml']) {
      const [anonymous, ...staff] = await asEveryone(url);
      for (const body of staff) expect(body).toBe(anonymous);
      for (const id of ids) expect(anonymous).toContain(`<service_request_id>${id}</service_request_id>`);
      const fields = xmlFields(anonymous!);
      expect(fields.length).toBeGreaterThanOrEqual(ids.length);
      for (const f of fields) expect(f).toEqual(FIELDS);
      expectNothingPrivate(anonymous!);
    }
  });

  it('one request in JSON and XML: the standard fields only, the same for everyone', async () => {
    for (const id of ids) {
      const [json, ...jsonStaff] = await asEveryone(`/open311/v2/requests/${id}.json`);
      for (const body of jsonStaff) expect(body).toBe(json);
      const [one] = JSON.parse(json!) as Record<string, unknown>[];
      expect(Object.keys(one!).sort()).toEqual(FIELDS);
      expectNothingPrivate(json!);
      const [xml, ...xmlStaff] = await asEveryone(`/open311/v2/requests/${id}.xml`);
      for (const body of xmlStaff) expect(body).toBe(xml);
      expect(xmlFields(xml!)).toEqual([FIELDS]);
      expectNothingPrivate(xml!);
    }
  });

  it('a photo is shown by its stripped public copy, never by the original', async () => {
    const webId = ids[1]!;
    const [json] = await asEveryone(`/open311/v2/requests/${webId}.json`);
    const mediaUrl = (JSON.parse(json!) as { media_url: string }[])[0]!.media_url;
    expect(mediaUrl).toContain(photo.publicSha256);
    expect(mediaUrl).not.toContain(photo.sha256);
    const [xml] = await asEveryone(`/open311/v2/requests/${webId}.xml`);
    expect(xml).toContain(photo.publicSha256);
    // What the link serves is the copy without the camera's serial and position.
    const served = await s.anonymous.get(new URL(mediaUrl).pathname);
    expect(served.statusCode).toBe(200);
    expect(served.rawPayload.includes('Serial-ABC123')).toBe(false);
  });
});
