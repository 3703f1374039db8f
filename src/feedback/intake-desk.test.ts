/**
 * Reports filed on someone's behalf are judged by a named scope: an officer at his desk (hotline or
 * counter), a connected app where the report lands. Neither may file with a grant that names no scope.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testServer, type TestServer } from '../platform/testing/index.js';
import { apiTokenOf, demoPlaces, staffWith } from '../directory/test-fixtures.js';
import { count, PLACES, reportBody } from './test-fixtures.js';

let s: TestServer;
let places: Awaited<ReturnType<typeof demoPlaces>>;
beforeAll(async () => {
  s = await testServer();
  places = await demoPlaces(s);
});
afterAll(async () => s?.close());

describe('counter and hotline intake at the officer’s desk', () => {
  it('files at the desk the officer holds; another desk is refused; several desks need the desk named', async () => {
    const officer = await s.login('motcua');
    const own = await officer.post(
      '/api/feedback/reports',
      reportBody({ channel: 'hotline', reporterPhone: '0935000222' }),
    );
    expect(own.statusCode, own.body).toBe(201);
    const before = await count(s, 'feedback_reports');
    const elsewhere = await officer.post(
      '/api/feedback/reports',
      reportBody({ channel: 'counter', receivingAgencyId: places.justice }),
    );
    expect(elsewhere.statusCode).toBe(403);
    expect(elsewhere.json()).toMatchObject({ code: 'forbidden', action: 'feedback.intake' });

    const twoDesks = await staffWith(s, [
      { role: 'officer', scopeKind: 'agency', scopeId: places.phuXuanPc },
      { role: 'officer', scopeKind: 'agency', scopeId: places.thuanHoaPc },
    ]);
    const unnamed = await twoDesks.post('/api/feedback/reports', reportBody({ channel: 'counter' }));
    expect(unnamed.statusCode).toBe(400);
    expect(unnamed.json().errors).toEqual([
      expect.objectContaining({ field: '/body/receivingAgencyId', code: 'required' }),
    ]);
    expect(await count(s, 'feedback_reports')).toBe(before);
    expect(
      (
        await twoDesks.post(
          '/api/feedback/reports',
          reportBody({ channel: 'counter', receivingAgencyId: places.thuanHoaPc }),
        )
      ).statusCode,
    ).toBe(201);
  });
});

describe('Open311: a connected app is judged where the request lands', () => {
  const form = (key: string, lat: number, lng: number) =>
    new URLSearchParams({
      api_key: key,
      jurisdiction_id: '46',
      service_code: 'moi-truong',
      lat: String(lat),
      long: String(lng),
      description: 'Rác thải ven sông',
    }).toString();
  const post = (key: string, at: { lat: number; lng: number }) =>
    s.anonymous.request({
      method: 'POST',
      url: '/open311/v2/requests.json',
      payload: form(key, at.lat, at.lng),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });

  it('a ward’s app posts in its ward and is refused elsewhere, with the Open311 error list, saving nothing', async () => {
    const key = await apiTokenOf(
      await staffWith(s, [{ role: 'system', scopeKind: 'unit', scopeId: places.phuXuanWard }]),
    );
    expect((await post(key, PLACES.phuXuan)).statusCode).toBe(201);
    const before = await count(s, 'feedback_reports');
    const far = await post(key, PLACES.thuanAn);
    expect(far.statusCode).toBe(403);
    expect(far.json()).toEqual([{ code: 403, description: expect.stringContaining('api_key') }]);
    expect(await count(s, 'feedback_reports')).toBe(before);
  });

  it('the province’s app posts anywhere in the province', async () => {
    const key = await apiTokenOf(await staffWith(s, [{ role: 'system', scopeKind: 'unit', scopeId: places.province }]));
    expect((await post(key, PLACES.thuanAn)).statusCode).toBe(201);
    expect((await post(key, PLACES.phuXuan)).statusCode).toBe(201);
  });
});
