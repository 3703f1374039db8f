import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiTokenOf, demoPlaces, staffWith } from '../../directory/test-fixtures.js';
import { testServer, type TestServer } from '../../platform/testing/index.js';
import { count, PLACES } from '../test-fixtures.js';

/**
 * Conformance walk of GeoReport v2 (wiki.open311.org/GeoReport_v2): every call in JSON and in XML,
 * and the spec's error cases, as an unmodified client would make them.
 */
let s: TestServer;
let apiKey = '';
beforeAll(async () => {
  s = await testServer();
  // A connected app (Hue-S) posts for the whole province: a system account granted at the province.
  const places = await demoPlaces(s);
  apiKey = await apiTokenOf(await staffWith(s, [{ role: 'system', scopeKind: 'unit', scopeId: places.province }]));
});
afterAll(async () => {
  await s?.close();
});

const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
const postForm = (url: string, fields: Record<string, string>, headers: Record<string, string> = {}) =>
  s.anonymous.request({
    method: 'POST',
    url,
    payload: form(fields),
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
  });
const request = (over: Record<string, string> = {}) => ({
  api_key: apiKey,
  jurisdiction_id: '46',
  service_code: 'giao-thong',
  lat: String(PLACES.phuXuan.lat),
  long: String(PLACES.phuXuan.lng),
  address_string: '12 Lê Duẩn, Huế',
  description: 'Ổ gà lớn giữa đường',
  email: 'nguoidan@example.vn',
  first_name: 'Lan',
  last_name: 'Nguyễn',
  phone: '0905111222',
  media_url: 'https://example.org/o-ga.jpg',
  ...over,
});
const xmlValue = (xml: string, tag: string) => new RegExp(`<${tag}>([^<]*)</${tag}>`).exec(xml)?.[1];

/** A request of the test's own, filed through Open311 (each test stands alone): its id and token. */
async function filed(over: Record<string, string> = {}): Promise<{ id: string; token: string }> {
  const r = await postForm('/open311/v2/requests.json', request(over));
  expect(r.statusCode, r.body).toBe(201);
  const [created] = r.json() as { service_request_id: string; token: string }[];
  return { id: created!.service_request_id, token: created!.token };
}

describe('Open311 GeoReport v2, JSON', () => {
  it('GET services.json lists the categories as services', async () => {
    const r = await s.anonymous.get('/open311/v2/services.json?jurisdiction_id=46');
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toMatch(/application\/json/);
    const list = r.json() as Record<string, unknown>[];
    const traffic = list.find((x) => x.service_code === 'giao-thong');
    expect(traffic).toMatchObject({ service_name: 'Giao thông', metadata: false, type: 'realtime' });
    for (const key of ['service_code', 'service_name', 'description', 'metadata', 'type', 'keywords', 'group'])
      expect(traffic).toHaveProperty(key);
  });

  it('GET services/{code}.json gives the service definition', async () => {
    const r = await s.anonymous.get('/open311/v2/services/giao-thong.json');
    expect(r.statusCode).toBe(200);
    expect(r.json()).toEqual({ service_code: 'giao-thong', attributes: [] });
  });

  it('POST requests.json, form-encoded with api_key, creates a request routed like a native one', async () => {
    const r = await postForm('/open311/v2/requests.json', request());
    expect(r.statusCode, r.body).toBe(201);
    const [created] = r.json() as { service_request_id: string; token: string }[];
    expect(created!.service_request_id).toMatch(/^PA-\d{4}-\d+$/);
    expect(created!.token).toBeTruthy();
    const id = created!.service_request_id;
    const native = (await s.anonymous.get(`/api/feedback/reports/${id}`)).json();
    expect(native.channel).toBe('open311');
    expect(native.agency.code).toBe('000.00.05.H57');
    expect(JSON.stringify(native)).not.toContain('nguoidan@example.vn');
  });

  it('also takes the key as a Bearer token and a JSON body', async () => {
    const { api_key: _k, ...rest } = request({ lat: '16.4690', description: 'Biển báo bị đổ' });
    const r = await s.anonymous.request({
      method: 'POST',
      url: '/open311/v2/requests.json',
      payload: rest,
      headers: { authorization: `Bearer ${apiKey}` },
    });
    expect(r.statusCode, r.body).toBe(201);
  });

  it('GET requests/{id}.json returns the request with every standard field, and no reporter', async () => {
    const { id } = await filed();
    const r = await s.anonymous.get(`/open311/v2/requests/${id}.json?jurisdiction_id=46`);
    expect(r.statusCode).toBe(200);
    const [req] = r.json() as Record<string, unknown>[];
    expect(req).toMatchObject({
      service_request_id: id,
      status: 'open',
      service_code: 'giao-thong',
      service_name: 'Giao thông',
      description: 'Ổ gà lớn giữa đường',
      address: '12 Lê Duẩn, Huế',
      lat: PLACES.phuXuan.lat,
      long: PLACES.phuXuan.lng,
      media_url: 'https://example.org/o-ga.jpg',
    });
    expect(req!.agency_responsible).toMatch(/Sở Xây dựng/);
    for (const key of ['status_notes', 'service_notice', 'address_id', 'zipcode']) expect(req).toHaveProperty(key);
    for (const key of ['requested_datetime', 'updated_datetime', 'expected_datetime'])
      expect(String(req![key])).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+07:00$/);
    expect(r.body).not.toMatch(/nguoidan|0905111222|Lan/);
  });

  it('GET tokens/{token}.json gives the request id', async () => {
    const { id, token } = await filed();
    const r = await s.anonymous.get(`/open311/v2/tokens/${token}.json`);
    expect(r.statusCode).toBe(200);
    expect(r.json()).toEqual([{ service_request_id: id, token }]);
  });

  it('GET requests.json filters by id, service code, status and dates', async () => {
    const { id } = await filed();
    const other = await filed({ lat: '16.4690', description: 'Biển báo bị đổ' });
    const byId = (await s.anonymous.get(`/open311/v2/requests.json?service_request_id=${id}`)).json() as {
      service_request_id: string;
    }[];
    expect(byId.map((x) => x.service_request_id)).toEqual([id]);
    const open = (await s.anonymous.get('/open311/v2/requests.json?service_code=giao-thong&status=open')).json() as {
      service_request_id: string;
      status: string;
      service_code: string;
    }[];
    expect(open.map((x) => x.service_request_id)).toEqual(expect.arrayContaining([id, other.id]));
    for (const x of open) expect(x).toMatchObject({ status: 'open', service_code: 'giao-thong' });
    expect((await s.anonymous.get('/open311/v2/requests.json?status=closed')).json()).toEqual([]);
    // Dates around the request's own time (given to the second), not the wall clock's.
    const [one] = (await s.anonymous.get(`/open311/v2/requests/${id}.json`)).json() as { requested_datetime: string }[];
    const requested = new Date(one!.requested_datetime).getTime();
    const iso = (ms: number) => encodeURIComponent(new Date(ms).toISOString());
    const listed = async (query: string) =>
      ((await s.anonymous.get(`/open311/v2/requests.json?${query}`)).json() as { service_request_id: string }[]).map(
        (x) => x.service_request_id,
      );
    expect(await listed(`start_date=${iso(requested + 1000)}`)).not.toContain(id);
    expect(await listed(`start_date=${iso(requested)}&end_date=${iso(requested + 1000)}`)).toContain(id);
    expect(await listed(`end_date=${iso(requested - 1)}`)).not.toContain(id);
  });
});

describe('Open311 GeoReport v2, XML', () => {
  it('GET services.xml', async () => {
    const r = await s.anonymous.get('/open311/v2/services.xml?jurisdiction_id=46');
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toMatch(/text\/xml; charset=utf-8/);
    expect(r.body.startsWith('<?xml version="1.0" encoding="utf-8"?>')).toBe(true);
    expect(r.body).toMatch(/<services><service><service_code>[^<]+<\/service_code>/);
    expect(r.body).toContain('<service_name>Giao thông</service_name>');
    expect(r.body).toContain('<metadata>false</metadata>');
  });

  it('GET services/{code}.xml', async () => {
    const r = await s.anonymous.get('/open311/v2/services/moi-truong.xml');
    expect(r.statusCode).toBe(200);
    expect(r.body).toContain(
      '<service_definition><service_code>moi-truong</service_code><attributes/></service_definition>',
    );
  });

  it('POST requests.xml', async () => {
    // With a charset parameter, as many clients send it.
    const r = await postForm(
      '/open311/v2/requests.xml',
      request({ service_code: 'moi-truong', lat: '16.5550', long: '107.6400', description: 'Xả rác ra bãi biển' }),
      { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
    );
    expect(r.statusCode, r.body).toBe(201);
    expect(r.body).toMatch(/^<\?xml[^>]*>\n<service_requests><request><service_request_id>PA-/);
    expect(xmlValue(r.body, 'service_request_id')).toBeTruthy();
    expect(xmlValue(r.body, 'token')).toBeTruthy();
  });

  it('GET requests/{id}.xml and requests.xml', async () => {
    const { id } = await filed({
      service_code: 'moi-truong',
      lat: '16.5550',
      long: '107.6400',
      description: 'Xả rác ra bãi biển',
    });
    const one = await s.anonymous.get(`/open311/v2/requests/${id}.xml`);
    expect(one.statusCode).toBe(200);
    expect(xmlValue(one.body, 'status')).toBe('open');
    expect(xmlValue(one.body, 'service_code')).toBe('moi-truong');
    expect(xmlValue(one.body, 'long')).toBe('107.64');
    expect(one.body).toContain('<status_notes/>');
    const list = await s.anonymous.get('/open311/v2/requests.xml?service_code=moi-truong');
    expect(list.body).toContain(`<service_request_id>${id}</service_request_id>`);
  });

  it('GET tokens/{token}.xml', async () => {
    const { id, token } = await filed();
    const r = await s.anonymous.get(`/open311/v2/tokens/${token}.xml`);
    expect(r.statusCode).toBe(200);
    expect(r.body).toContain(
      `<service_requests><request><service_request_id>${id}</service_request_id><token>${token}</token></request></service_requests>`,
    );
  });
});

describe('Open311 errors, in the spec’s format', () => {
  it('answers an unknown service code with 404 in JSON and XML', async () => {
    const j = await s.anonymous.get('/open311/v2/services/khong-co.json');
    expect(j.statusCode).toBe(404);
    expect(j.json()).toEqual([{ code: 404, description: expect.stringContaining('service_code') }]);
    const x = await s.anonymous.get('/open311/v2/services/khong-co.xml');
    expect(x.statusCode).toBe(404);
    expect(x.body).toMatch(/<errors><error><code>404<\/code><description>[^<]+<\/description><\/error><\/errors>/);
    const post = await postForm('/open311/v2/requests.json', request({ service_code: 'khong-co' }));
    expect(post.statusCode).toBe(404);
    expect(post.json()[0].code).toBe(404);
  });

  it('refuses a POST without an api_key, or with a wrong one, with 403, saving nothing', async () => {
    const before = await count(s, 'feedback_reports');
    const { api_key: _k, ...noKey } = request();
    const r = await postForm('/open311/v2/requests.json', noKey);
    expect(r.statusCode).toBe(403);
    expect(r.json()).toEqual([{ code: 403, description: expect.stringContaining('api_key') }]);
    const x = await postForm('/open311/v2/requests.xml', request({ api_key: 'tsk_wrong' }));
    expect(x.statusCode).toBe(403);
    expect(x.body).toContain('<errors><error><code>403</code>');
    expect(await count(s, 'feedback_reports')).toBe(before);
  });

  it('answers another jurisdiction with 404', async () => {
    for (const url of [
      '/open311/v2/services.json?jurisdiction_id=79',
      '/open311/v2/requests.json?jurisdiction_id=hcm',
    ]) {
      const r = await s.anonymous.get(url);
      expect(r.statusCode).toBe(404);
      expect(r.json()[0].description).toMatch(/jurisdiction_id/);
    }
    const post = await postForm('/open311/v2/requests.xml', request({ jurisdiction_id: '01' }));
    expect(post.statusCode).toBe(404);
    expect(post.body).toContain('jurisdiction_id');
  });

  it('answers missing fields, a location outside the province and bad filters with 400', async () => {
    expect((await postForm('/open311/v2/requests.json', request({ service_code: '' }))).json()[0].code).toBe(400);
    const { lat: _l, ...noLat } = request();
    expect((await postForm('/open311/v2/requests.json', noLat)).statusCode).toBe(400);
    const sea = await postForm(
      '/open311/v2/requests.json',
      request({ lat: String(PLACES.sea.lat), long: String(PLACES.sea.lng) }),
    );
    expect(sea.statusCode).toBe(400);
    expect(sea.json()[0].description).toBeTruthy();
    expect((await s.anonymous.get('/open311/v2/requests.json?status=pending')).statusCode).toBe(400);
    expect((await s.anonymous.get('/open311/v2/requests.xml?start_date=yesterday')).body).toContain('<code>400</code>');
  });

  it('answers an unknown request id or token with 404', async () => {
    expect((await s.anonymous.get('/open311/v2/requests/PA-1999-1.json')).statusCode).toBe(404);
    expect((await s.anonymous.get('/open311/v2/tokens/nope.xml')).body).toContain('<code>404</code>');
    expect((await s.anonymous.get('/open311/v2/requests/PA-1999-1.html')).statusCode).toBe(404);
  });
});
