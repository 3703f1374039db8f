import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testServer, type Client, type TestServer } from '../platform/testing/index.js';
import { sql } from 'drizzle-orm';
import { WorkingCalendar, queryRows, verifyAuditChain } from '../platform/index.js';
import {
  AGENCIES,
  PLACES,
  agencyId,
  count,
  lastCode,
  phoneTicket,
  reportBody,
  staffIn,
  uploadPhoto,
} from './test-fixtures.js';
import { dueAt } from './deadlines.js';

let s: TestServer;
let citizen: Client;
let admin: Client;
beforeAll(async () => {
  s = await testServer();
  citizen = await s.login('congdan');
  admin = await s.login('admin');
});
afterAll(async () => {
  await s?.close();
});

const submit = async (body: Record<string, unknown>, c: Client = citizen) =>
  c.post('/api/feedback/reports', reportBody(body));

describe('routing by category × unit', () => {
  it('sends environment reports in Phú Xuân to the ward, and in Thuận An (no ward agency) to the department', async () => {
    expect((await submit({ ...PLACES.phuXuan })).json().report.agency.code).toBe(AGENCIES.phuXuan);
    const r = (await submit({ ...PLACES.thuanAn })).json().report;
    expect(r.unit.code).toBe('19900');
    expect(r.agency.code).toBe(AGENCIES.moiTruong);
  });

  it('sends a category with only a province-wide rule to its department wherever it is', async () => {
    expect((await submit({ category: 'giao-thong', ...PLACES.phuXuan })).json().report.agency.code).toBe(
      AGENCIES.xayDung,
    );
  });

  it('falls back to the fallback agency when no rule matches', async () => {
    expect((await submit({ category: 'khac' })).json().report.agency.code).toBe(AGENCIES.vp);
  });

  it('follows a rule an administrator adds for one unit, over the catch-all', async () => {
    const categories = (await s.anonymous.get('/api/feedback/categories')).json() as { id: string; code: string }[];
    const traffic = categories.find((c) => c.code === 'giao-thong')!;
    const units = (await s.anonymous.get('/api/directory/units?q=Thu%E1%BA%ADn%20An')).json();
    const thuanAn = (units.items ?? units).find((u: { code: string }) => u.code === '19900');
    const rule = await admin.post('/api/feedback/routing-rules', {
      categoryId: traffic.id,
      unitId: thuanAn.id,
      agencyId: await agencyId(s, AGENCIES.ubnd),
      priority: 1,
    });
    expect(rule.statusCode, rule.body).toBe(201);
    expect((await submit({ category: 'giao-thong', ...PLACES.thuanAn })).json().report.agency.code).toBe(AGENCIES.ubnd);
    expect((await submit({ category: 'giao-thong', ...PLACES.phuXuan })).json().report.agency.code).toBe(
      AGENCIES.xayDung,
    );
    expect(
      (
        await citizen.post('/api/feedback/routing-rules', {
          categoryId: traffic.id,
          agencyId: await agencyId(s, AGENCIES.ubnd),
        })
      ).statusCode,
    ).toBe(403);
  });
});

describe('refusals leave nothing behind', () => {
  it('refuses a location at sea or in another province with 400 outside-province', async () => {
    const before = await count(s, 'feedback_reports');
    for (const place of [PLACES.sea, PLACES.daNang]) {
      const r = await submit({ ...place });
      expect(r.statusCode).toBe(400);
      expect(r.json().errors[0].code).toBe('outside-province');
      expect(r.json().messages.en.detail).toMatch(/outside the province/);
    }
    expect(await count(s, 'feedback_reports')).toBe(before);
  });

  it('refuses an unknown category with 400 unknown-category', async () => {
    const before = await count(s, 'feedback_actions');
    const r = await submit({ category: 'khong-co' });
    expect(r.statusCode).toBe(400);
    expect(r.json().errors[0]).toMatchObject({ field: '/body/category', code: 'unknown-category' });
    expect(await count(s, 'feedback_actions')).toBe(before);
  });

  it('refuses a photo the reporter never uploaded', async () => {
    const before = await count(s, 'feedback_reports');
    const r = await submit({ photos: ['a'.repeat(64)] });
    expect(r.statusCode).toBe(400);
    expect(r.json().errors[0].code).toBe('photo-unknown');
    expect(await count(s, 'feedback_reports')).toBe(before);
  });

  it('refuses an anonymous report without a confirmed phone', async () => {
    expect((await s.anonymous.post('/api/feedback/reports', reportBody())).statusCode).toBe(401);
  });
});

describe('duplicates', () => {
  const place = { lat: 16.4632, lng: 107.5901 };

  it('answers 409 with the open report within 50 m of the same category, and files a new one on confirmation', async () => {
    const first = (await submit({ category: 'dien-chieu-sang', ...place })).json().report;
    // About 33 m north.
    const near = await submit({
      category: 'dien-chieu-sang',
      lat: place.lat + 0.0003,
      lng: place.lng,
      confirmNew: false,
    });
    expect(near.statusCode).toBe(409);
    expect(near.json().code).toBe('possible-duplicate');
    expect(near.json().candidates).toHaveLength(1);
    expect(near.json().candidates[0].publicId).toBe(first.publicId);
    expect(near.json().candidates[0].distanceM).toBeGreaterThan(30);
    expect(near.json().candidates[0].distanceM).toBeLessThan(36);
    const confirmed = await submit({
      category: 'dien-chieu-sang',
      lat: place.lat + 0.0003,
      lng: place.lng,
      confirmNew: true,
    });
    expect(confirmed.statusCode).toBe(201);
  });

  it('leaves alone a report 67 m away, or of another category', async () => {
    const place2 = { lat: 16.4532, lng: 107.6001 };
    await submit({ category: 'cap-thoat-nuoc', ...place2 });
    expect(
      (await submit({ category: 'cap-thoat-nuoc', lat: place2.lat + 0.0006, lng: place2.lng, confirmNew: false }))
        .statusCode,
    ).toBe(201);
    expect((await submit({ category: 'giao-duc', ...place2, confirmNew: false })).statusCode).toBe(201);
  });

  it('lets the reporter join the open report instead, as a follower', async () => {
    const place3 = { lat: 16.4432, lng: 107.6101 };
    const first = (await submit({ category: 'y-te', ...place3 })).json().report;
    const other = await staffIn(s, AGENCIES.phuXuan, 'officer');
    const before = await count(s, 'feedback_reports');
    const joined = await submit(
      { category: 'y-te', ...place3, confirmNew: false, joinReportId: first.publicId },
      other,
    );
    expect(joined.statusCode, joined.body).toBe(200);
    expect(joined.json().joined).toBe(true);
    expect(joined.json().report.timeline.map((t: { action: string }) => t.action)).toEqual(['submit', 'join']);
    expect(await count(s, 'feedback_reports')).toBe(before);
    expect(await count(s, 'feedback_followers')).toBeGreaterThanOrEqual(1);
  });

  it('honours a wider radius set by the administrator', async () => {
    expect((await admin.put('/api/feedback/settings', { duplicateRadiusM: 200 })).statusCode).toBe(200);
    const p = { lat: 16.4332, lng: 107.6201 };
    await submit({ category: 'du-lich', ...p });
    expect((await submit({ category: 'du-lich', lat: p.lat + 0.0015, lng: p.lng, confirmNew: false })).statusCode).toBe(
      409,
    );
    await admin.put('/api/feedback/settings', { duplicateRadiusM: 50 });
  });
});

describe('deadlines in working time', () => {
  it('counts working days over the weekend: one working day from Friday 09:00 is Monday 09:00', () => {
    const cal = new WorkingCalendar();
    const friday = new Date('2026-03-06T09:00:00+07:00');
    expect(dueAt(cal, { deadlineAmount: 1, deadlineUnit: 'working_days' }, friday).toISOString()).toBe(
      new Date('2026-03-09T09:00:00+07:00').toISOString(),
    );
    expect(dueAt(cal, { deadlineAmount: 2, deadlineUnit: 'working_hours' }, friday).toISOString()).toBe(
      new Date('2026-03-06T11:00:00+07:00').toISOString(),
    );
  });

  it('gives a report its category’s deadline from the stored calendar', async () => {
    const r = (await submit({ category: 'giao-thong', lat: 16.47, lng: 107.56 })).json().report;
    const cal = await s.ctx.calendar.calendar();
    expect(r.dueAt).toBe(cal.addWorkingDays(new Date(r.createdAt), 5).toISOString());
  });
});

describe('anonymous reporting with a phone and a one-time code', () => {
  it('lets a confirmed phone report, and keeps the phone out of every public answer', async () => {
    const ticket = await phoneTicket(s, '0905 123 456');
    const r = await s.anonymous.post('/api/feedback/reports', reportBody({ lat: 16.48, lng: 107.545 }), {
      'x-reporter-ticket': ticket,
    });
    expect(r.statusCode, r.body).toBe(201);
    const id = r.json().report.id;
    for (const url of [`/api/feedback/reports/${id}`, '/api/feedback/reports?limit=1000']) {
      const body = (await s.anonymous.get(url)).body;
      expect(body).not.toContain('905123456');
    }
    const staff = await staffIn(s, r.json().report.agency.code);
    expect((await staff.get(`/api/feedback/reports/${id}`)).json().reporter.phone).toBe('+84905123456');
  });

  it('stores only a hash of the code, and locks the code after five wrong tries', async () => {
    const phone = '0912345678';
    await s.anonymous.post('/api/feedback/phone/code', { phone });
    const code = await lastCode(s, phone);
    const wrong = code === '000000' ? '111111' : '000000';
    for (let i = 0; i < 5; i++)
      expect((await s.anonymous.post('/api/feedback/phone/verify', { phone, code: wrong })).statusCode).toBe(400);
    const late = await s.anonymous.post('/api/feedback/phone/verify', { phone, code });
    expect(late.statusCode).toBe(400);
    expect(late.json().code).toBe('otp-invalid');
    const stored = await queryRows<Record<string, unknown>>(
      s.database.db,
      sql`SELECT * FROM feedback_phone_codes WHERE phone = '+84912345678'`,
    );
    expect(stored[0]!.attempts).toBe(5);
    expect(Object.values(stored[0]!)).not.toContain(code);
  });

  it('refuses an invalid number and a forged ticket', async () => {
    expect((await s.anonymous.post('/api/feedback/phone/code', { phone: '12345' })).statusCode).toBe(400);
    expect(
      (await s.anonymous.post('/api/feedback/reports', reportBody(), { 'x-reporter-ticket': 'rpt_forged' })).statusCode,
    ).toBe(401);
  });
});

describe('counter and hotline intake', () => {
  it('lets an officer file for a citizen, recording the channel; a citizen may not', async () => {
    const officer = await s.login('motcua');
    const r = await officer.post(
      '/api/feedback/reports',
      reportBody({
        channel: 'counter',
        reporterPhone: '0935000111',
        reporterName: 'Trần Thị B',
        lat: 16.49,
        lng: 107.548,
      }),
    );
    expect(r.statusCode, r.body).toBe(201);
    expect(r.json().report.channel).toBe('counter');
    expect(r.json().report.timeline[0].by).toBe('agency');
    expect((await submit({ channel: 'hotline' })).statusCode).toBe(403);
  });
});

describe('the answer to a submission', () => {
  // The answer is built from what the submission read and wrote, not read back: it must be what a read gives.
  it('is the report as its reporter reads it afterwards, photos, unit, agency and timeline included', async () => {
    const photo = await uploadPhoto(citizen);
    const r = await submit({ photos: [photo.sha256], ...PLACES.phuXuan, address: '1 Lê Lợi' });
    expect(r.statusCode, r.body).toBe(201);
    const read = await citizen.get(`/api/feedback/reports/${r.json().report.id}`);
    expect(r.json().report).toEqual(read.json());
    expect(r.json().report).toMatchObject({
      unit: { code: expect.any(String) },
      photos: [photo.publicUrl],
      timeline: [{ action: 'submit', photos: [photo.publicUrl] }],
    });
    expect(r.json().report.publicId).toMatch(/^PA-\d{4}-\d+$/);
  });

  it('is the staff view when an officer of the agency it lands at files it, as that officer reads it afterwards', async () => {
    // 'khac' has no rule: it goes to the fallback agency, where this officer works.
    const officer = await staffIn(s, AGENCIES.vp, 'officer');
    const r = await officer.post(
      '/api/feedback/reports',
      reportBody({ category: 'khac', channel: 'hotline', reporterPhone: '0935000222', lat: 16.47, lng: 107.58 }),
    );
    expect(r.statusCode, r.body).toBe(201);
    expect(r.json().report.reporter).toBeDefined();
    expect(r.json().report).toEqual((await officer.get(`/api/feedback/reports/${r.json().report.id}`)).json());
  });
});

describe('submissions filed at once (written together)', () => {
  it('each get their report, number and audit row; a bad one among them fails alone; a retry twin makes one report', async () => {
    const before = await count(s, 'feedback_reports');
    const bodies = Array.from({ length: 20 }, (_, i) => reportBody({ lat: 16.46 + i / 10_000, lng: 107.58 }));
    const twin = reportBody({ lat: 16.455, lng: 107.585, description: 'Gửi lại khi mạng chập chờn' });
    const key = { 'idempotency-key': `twin-${Date.now()}-${Math.random()}` };
    const badKey = `bad-${Date.now()}-${Math.random()}`;
    const bad = citizen.post('/api/feedback/reports', reportBody({ category: 'khong-co', lat: 16.465, lng: 107.585 }), {
      'idempotency-key': badKey,
    });
    const answers = await Promise.all([
      ...bodies.map((b) => citizen.post('/api/feedback/reports', b)),
      citizen.post('/api/feedback/reports', twin, key),
      citizen.post('/api/feedback/reports', twin, key),
    ]);
    const refused = await bad;
    expect(refused.statusCode).toBe(400);
    expect(refused.json().errors[0]).toMatchObject({ field: '/body/category', code: 'unknown-category' });
    // Refused, it keeps no retry key: the client may fix the body and send it again with the same key.
    expect(await queryRows(s.database.db, sql`SELECT 1 FROM idempotency_keys WHERE key = ${badKey}`)).toHaveLength(0);
    const created = answers.slice(0, 20);
    expect(created.map((r) => r.statusCode)).toEqual(Array(20).fill(201));
    const twins = answers.slice(20);
    expect(twins.filter((r) => r.statusCode === 201)).not.toHaveLength(0);
    for (const r of twins) expect([201, 409]).toContain(r.statusCode);
    expect(new Set(twins.filter((r) => r.statusCode === 201).map((r) => r.json().report.id)).size).toBe(1);
    expect(await count(s, 'feedback_reports')).toBe(before + 21);
    const ids = [...created, twins.find((r) => r.statusCode === 201)!].map((r) => r.json().report.id as string);
    expect(new Set(created.map((r) => r.json().report.publicId)).size).toBe(20);
    const audits = await queryRows<{ target_id: string; request_id: string; agency_id: string | null }>(
      s.database.db,
      sql`SELECT target_id, request_id, agency_id FROM audit_log WHERE action = 'feedback.submit' AND target_id IN ${ids}`,
    );
    expect(audits.map((a) => a.target_id).sort()).toEqual([...ids].sort());
    for (const r of created) {
      const row = audits.find((a) => a.target_id === r.json().report.id)!;
      expect(row.request_id).toBe(r.headers['x-request-id']);
      expect(row.agency_id).toBe(r.json().report.agency.id);
    }
    await s.ctx.audit.chainNow();
    expect(await verifyAuditChain(s.database.db)).toMatchObject({ ok: true, pending: { count: 0 } });
  });
});

describe('the public list', () => {
  it('filters by status, category and map viewport, and never names a reporter', async () => {
    const all = await s.anonymous.get('/api/feedback/reports?limit=1000');
    expect(all.statusCode).toBe(200);
    expect(all.json().total).toBeGreaterThan(5);
    const box = await s.anonymous.get(
      `/api/feedback/reports?bbox=107.57,16.46,107.59,16.48&category=moi-truong&status=new`,
    );
    const items = box.json().items as { lat: number; lng: number; category: string; status: string }[];
    expect(items.length).toBeGreaterThan(0);
    for (const i of items) {
      expect(i.category).toBe('moi-truong');
      expect(i.status).toBe('new');
      expect(i.lng).toBeGreaterThanOrEqual(107.57);
      expect(i.lat).toBeLessThanOrEqual(16.48);
    }
    expect(all.body).not.toMatch(/reporter|congdan|\+84/);
    expect((await s.anonymous.get('/api/feedback/reports?limit=1')).json().total).toBe(all.json().total);
    expect((await s.anonymous.get('/api/feedback/reports?limit=2&offset=100000')).json()).toEqual({
      items: [],
      total: all.json().total,
    });
    expect((await s.anonymous.get('/api/feedback/reports?bbox=108,16,107,17')).statusCode).toBe(400);
    expect((await s.anonymous.get('/api/feedback/reports?status=bogus')).statusCode).toBe(400);
  });
});
