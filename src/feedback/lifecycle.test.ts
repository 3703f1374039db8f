import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testServer, type Client, type TestServer } from '../platform/testing/index.js';
import { AGENCIES, agencyId, reportBody, staffIn, uploadPhoto } from './test-fixtures.js';

let s: TestServer;
let citizen: Client;
let ward: Client;
let env: Client;
beforeAll(async () => {
  s = await testServer();
  citizen = await s.login('congdan');
  ward = await staffIn(s, AGENCIES.phuXuan, 'officer');
  env = await staffIn(s, AGENCIES.moiTruong);
});
afterAll(async () => {
  await s?.close();
});

const act = (c: Client, id: string, action: string, body: unknown = {}) =>
  c.post(`/api/feedback/reports/${id}/actions/${action}`, body);

describe('a report from submission to rating', () => {
  let id = '';
  let publicId = '';

  it('walks submit → accept → transfer → accept → resolve → reopen → resolve → rate, with a 409 listing the allowed actions on each illegal step', async () => {
    const photo = await uploadPhoto(citizen);
    const sub = await citizen.post(
      '/api/feedback/reports',
      reportBody({ photos: [photo.sha256], address: '23 Đinh Tiên Hoàng' }),
    );
    expect(sub.statusCode, sub.body).toBe(201);
    const created = sub.json().report;
    id = created.id;
    publicId = created.publicId;
    expect(publicId).toMatch(/^PA-\d{4}-\d+$/);
    expect(created.status).toBe('new');
    expect(created.unit.code).toBe('19753');
    expect(created.agency.code).toBe(AGENCIES.phuXuan);
    expect(created.photos).toEqual([photo.publicUrl]);
    expect(created.allowedActions).toEqual([]);

    // Resolving a report nobody accepted is not a legal step.
    const early = await act(ward, id, 'resolve', { note: 'Đã dọn' });
    expect(early.statusCode).toBe(409);
    expect(early.json().code).toBe('illegal-transition');
    expect(early.json().allowed).toEqual(
      expect.arrayContaining(['accept', 'transfer', 'reject', 'request-info', 'assign', 'merge']),
    );
    expect(early.json().allowed).not.toContain('resolve');

    expect((await act(ward, id, 'accept')).statusCode).toBe(200);
    // Another agency may not touch it.
    expect((await act(env, id, 'resolve', { note: 'Đã xử lý' })).statusCode).toBe(403);
    const moved = await act(ward, id, 'transfer', {
      toAgencyId: await agencyId(s, AGENCIES.moiTruong),
      reason: 'Thuộc thẩm quyền Sở Nông nghiệp và Môi trường',
    });
    expect(moved.statusCode, moved.body).toBe(200);
    expect(moved.json().report.status).toBe('new');
    expect(moved.json().report.agency.code).toBe(AGENCIES.moiTruong);
    expect((await act(ward, id, 'accept')).statusCode).toBe(403);

    expect((await act(env, id, 'accept')).statusCode).toBe(200);
    const fixPhoto = await uploadPhoto(env);
    const done = await act(env, id, 'resolve', {
      note: 'Đã thu gom rác và lắp biển cấm đổ rác.',
      photos: [fixPhoto.sha256],
    });
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json().report.status).toBe('resolved');

    // Staff cannot reopen or rate: those are the reporter's.
    expect((await act(env, id, 'rate', { rating: 5 })).statusCode).toBe(403);
    const reopenPhoto = await uploadPhoto(citizen);
    expect((await act(citizen, id, 'reopen', { reason: 'Rác lại bị đổ', photos: [] })).statusCode).toBe(400);
    const back = await act(citizen, id, 'reopen', {
      reason: 'Sau hai ngày rác lại bị đổ ở chỗ cũ.',
      photos: [reopenPhoto.sha256],
    });
    expect(back.statusCode, back.body).toBe(200);
    expect(back.json().report.status).toBe('in_progress');
    expect(back.json().report.agency.code).toBe(AGENCIES.moiTruong);
    expect(back.json().report.reopenCount).toBe(1);

    expect((await act(citizen, id, 'rate', { rating: 4 })).statusCode).toBe(409);
    expect((await act(env, id, 'resolve', { note: 'Đã lắp camera giám sát.' })).statusCode).toBe(200);
    const rated = await act(citizen, id, 'rate', { rating: 4, comment: 'Xử lý nhanh' });
    expect(rated.statusCode, rated.body).toBe(200);
    expect(rated.json().report.rating).toBe(4);
    const again = await act(citizen, id, 'rate', { rating: 1 });
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('action-not-allowed');
  });

  it('shows a public timeline in order, with the agency’s reply and photos but no identity', async () => {
    const r = await s.anonymous.get(`/api/feedback/reports/${publicId}`);
    expect(r.statusCode).toBe(200);
    const body = r.json();
    expect(body.timeline.map((t: { action: string }) => t.action)).toEqual([
      'submit',
      'accept',
      'transfer',
      'accept',
      'resolve',
      'reopen',
      'resolve',
      'rate',
    ]);
    expect(body.timeline[2].details.reason).toMatch(/Sở Nông nghiệp/);
    expect(body.timeline[4].details.note).toMatch(/thu gom/);
    expect(body.timeline[4].photos).toHaveLength(1);
    expect(body.timeline[5].by).toBe('reporter');
    expect(body.reporter).toBeUndefined();
    expect(r.body).not.toContain(citizen.accountId!);
    expect(r.body).not.toMatch(/Hoàng Văn Dân|congdan/);
  });

  it('lists the report among the reporter’s own, and nobody else’s', async () => {
    expect((await citizen.get('/api/feedback/my-reports')).json().items.map((i: { id: string }) => i.id)).toContain(id);
    expect((await env.get('/api/feedback/my-reports')).json().items).toEqual([]);
    expect((await s.anonymous.get('/api/feedback/my-reports')).statusCode).toBe(401);
  });

  it('shows the reporter to staff of the handling agency only', async () => {
    const staffView = (await env.get(`/api/feedback/reports/${id}`)).json();
    expect(staffView.reporter.accountId).toBe(citizen.accountId);
    // A logged-in reporter's name comes from their account.
    expect(staffView.reporter.name).toBeTruthy();
    const otherView = (await ward.get(`/api/feedback/reports/${id}`)).json();
    expect(otherView.reporter).toBeUndefined();
  });

  it('counts the reopened resolution as not lasting in the statistics', async () => {
    const leader = await staffIn(s, AGENCIES.moiTruong, 'leader');
    const r = await leader.get('/api/feedback/stats?by=agency');
    expect(r.statusCode, r.body).toBe(200);
    const envId = await agencyId(s, AGENCIES.moiTruong);
    const row = r.json().rows.find((x: { key: string }) => x.key === envId);
    expect(row).toMatchObject({ received: 1, reopened: 1, ratedCount: 1, avgRating: 4, open: 0 });
    expect(row.resolvedOnTime + row.resolvedLate).toBe(1);
    expect((await citizen.get('/api/feedback/stats')).statusCode).toBe(403);
  });
});
