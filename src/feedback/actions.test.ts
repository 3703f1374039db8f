import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { queryRows } from '../platform/index.js';
import { testServer, type Client, type TestServer } from '../platform/testing/index.js';
import { AGENCIES, count, phoneTicket, reportBody, staffIn, uploadPhoto } from './test-fixtures.js';

let s: TestServer;
let citizen: Client;
let ward: Client;
let admin: Client;
beforeAll(async () => {
  s = await testServer();
  citizen = await s.login('congdan');
  admin = await s.login('admin');
  ward = await staffIn(s, AGENCIES.phuXuan, 'officer');
});
afterAll(async () => {
  await s?.close();
});

const file = async (c: Client = citizen, over: Record<string, unknown> = {}, headers: Record<string, string> = {}) => {
  const r = await c.post('/api/feedback/reports', reportBody(over), headers);
  expect(r.statusCode, r.body).toBe(201);
  return r.json().report as { id: string; publicId: string };
};
const act = (c: Client, id: string, action: string, body: unknown = {}, headers: Record<string, string> = {}) =>
  c.post(`/api/feedback/reports/${id}/actions/${action}`, body, headers);

describe('rejecting and merging', () => {
  it('rejects as invalid with a reason, and as a duplicate naming the original', async () => {
    const a = await file();
    const r = await act(ward, a.id, 'reject', { kind: 'invalid', reason: 'Không thuộc địa bàn, nội dung không rõ' });
    expect(r.statusCode).toBe(200);
    expect(r.json().report.status).toBe('rejected');
    const original = await file();
    const dup = await file();
    expect((await act(ward, dup.id, 'reject', { kind: 'duplicate', reason: 'Trùng' })).statusCode).toBe(400);
    const d = await act(ward, dup.id, 'reject', {
      kind: 'duplicate',
      reason: 'Trùng với phản ánh trước',
      duplicateOf: original.publicId,
    });
    expect(d.statusCode).toBe(200);
    expect(d.json().report.mergedInto).toBe(original.publicId);
    expect((await act(ward, dup.id, 'accept')).json().allowed).toEqual([]);
  });

  it('merges a duplicate into another open report; its reporter follows the other', async () => {
    const into = await file();
    const dup = await file();
    const followers = await count(s, 'feedback_followers');
    const m = await act(ward, dup.id, 'merge', { intoReportId: into.publicId });
    expect(m.statusCode, m.body).toBe(200);
    expect(m.json().report.status).toBe('merged');
    expect(await count(s, 'feedback_followers')).toBe(followers + 1);
    const target = (await s.anonymous.get(`/api/feedback/reports/${into.id}`)).json();
    expect(target.timeline.at(-1)).toMatchObject({ action: 'absorb', details: { duplicateOf: dup.publicId } });
    expect((await act(ward, into.id, 'merge', { intoReportId: into.id })).statusCode).toBe(400);
  });
});

describe('asking the reporter for more', () => {
  it('lets an anonymous reporter answer with their confirmed phone and texts them the question', async () => {
    const ticket = await phoneTicket(s, '0977000111');
    const r = await file(s.anonymous, { lat: 16.4712, lng: 107.5801 }, { 'x-reporter-ticket': ticket });
    expect((await act(ward, r.id, 'request-info', { question: 'Xin cho biết số nhà cụ thể?' })).statusCode).toBe(200);
    const [sms] = await queryRows<{ body: string }>(
      s.database.db,
      sql`SELECT body FROM sms_outbox WHERE "to" = '+84977000111' AND purpose = 'feedback.request-info'`,
    );
    expect(sms!.body).toContain(r.publicId);
    // Someone else may not answer for the reporter.
    expect((await act(citizen, r.id, 'provide-info', { answer: 'Số 5' })).statusCode).toBe(403);
    const photo = await uploadPhoto(s.anonymous, undefined, { 'x-reporter-ticket': ticket });
    const a = await act(
      s.anonymous,
      r.id,
      'provide-info',
      { answer: 'Trước số nhà 5 Lê Lợi', photos: [photo.sha256] },
      { 'x-reporter-ticket': ticket },
    );
    expect(a.statusCode, a.body).toBe(200);
    expect(a.json().report.status).toBe('new');
    expect(a.json().report.timeline.at(-1)).toMatchObject({
      action: 'provide-info',
      by: 'reporter',
      details: { answer: 'Trước số nhà 5 Lê Lợi' },
    });
    expect((await act(s.anonymous, r.id, 'provide-info', { answer: 'x' })).statusCode).toBe(401);
  });
});

describe('reopen period', () => {
  it('refuses a reopen after the configured period with 409', async () => {
    const r = await file();
    await act(ward, r.id, 'accept');
    await act(ward, r.id, 'resolve', { note: 'Đã xử lý xong' });
    await s.database.db.execute(
      sql`UPDATE feedback_reports SET resolved_at = now() - interval '31 days' WHERE id = ${r.id}`,
    );
    const photo = await uploadPhoto(citizen);
    const late = await act(citizen, r.id, 'reopen', { reason: 'Vẫn còn rác', photos: [photo.sha256] });
    expect(late.statusCode).toBe(409);
    expect(late.json().messages.en.detail).toMatch(/30 days/);
    expect((await admin.put('/api/feedback/settings', { reopenDays: 60 })).statusCode).toBe(200);
    expect((await act(citizen, r.id, 'reopen', { reason: 'Vẫn còn rác', photos: [photo.sha256] })).statusCode).toBe(
      200,
    );
  });
});

describe('categories and settings (feedback.manage)', () => {
  it('lets the administrator add and retire a category; others may not', async () => {
    const body = {
      code: 'cay-xanh',
      nameVi: 'Cây xanh',
      nameEn: 'Trees',
      deadlineAmount: 2,
      deadlineUnit: 'working_days',
    };
    expect((await ward.post('/api/feedback/categories', body)).statusCode).toBe(403);
    const c = await admin.post('/api/feedback/categories', body);
    expect(c.statusCode, c.body).toBe(201);
    expect((await admin.post('/api/feedback/categories', body)).statusCode).toBe(409);
    expect((await s.anonymous.get('/api/feedback/categories')).json().map((x: { code: string }) => x.code)).toContain(
      'cay-xanh',
    );
    expect(
      (await s.anonymous.get('/open311/v2/services.json')).json().map((x: { service_code: string }) => x.service_code),
    ).toContain('cay-xanh');
    expect((await admin.patch(`/api/feedback/categories/${c.json().id}`, { active: false })).statusCode).toBe(200);
    expect(
      (await s.anonymous.get('/api/feedback/categories')).json().map((x: { code: string }) => x.code),
    ).not.toContain('cay-xanh');
    expect(
      (await citizen.post('/api/feedback/reports', reportBody({ category: 'cay-xanh' }))).json().errors[0].code,
    ).toBe('unknown-category');
    expect((await admin.post('/api/feedback/categories', { ...body, code: 'x', deadlineAmount: 0 })).statusCode).toBe(
      400,
    );
  });

  it('refuses a rule pointing at an unknown agency', async () => {
    const cats = (await s.anonymous.get('/api/feedback/categories')).json();
    const r = await admin.post('/api/feedback/routing-rules', {
      categoryId: cats[0].id,
      agencyId: '00000000-0000-4000-8000-000000000000',
    });
    expect(r.statusCode).toBe(400);
    expect(r.json().errors[0].code).toBe('unknown-agency');
  });
});

describe('the history', () => {
  it('cannot be changed or removed, even by SQL', async () => {
    await expect(s.database.db.execute(sql`UPDATE feedback_actions SET action = 'resolve'`)).rejects.toThrow();
    await expect(s.database.db.execute(sql`DELETE FROM feedback_actions`)).rejects.toThrow();
    expect(await count(s, 'feedback_actions')).toBeGreaterThan(0);
  });
});

describe('the reporting view', () => {
  it('gives one row per report without reporter columns, and cannot be written to', async () => {
    const rows = await queryRows<Record<string, unknown>>(
      s.database.db,
      sql`SELECT * FROM feedback_report_facts LIMIT 1`,
    );
    expect(Object.keys(rows[0]!)).toEqual(
      expect.arrayContaining([
        'category_code',
        'agency_id',
        'unit_id',
        'resolved_on_time',
        'resolution_not_lasting',
        'rating',
      ]),
    );
    expect(Object.keys(rows[0]!).some((k) => k.startsWith('reporter'))).toBe(false);
    await expect(s.database.db.execute(sql`UPDATE feedback_report_facts SET rating = 1`)).rejects.toThrow();
  });
});
