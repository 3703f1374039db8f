import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { queryRows } from '../platform/index.js';
import { testServer, type TestServer } from '../platform/testing/index.js';
import { checkPhoneCode, OTP, sendPhoneCode } from './reporter.js';
import { lastCode } from './test-fixtures.js';

let s: TestServer;
beforeAll(async () => {
  s = await testServer();
});
afterAll(() => s?.close());

const T0 = new Date('2026-03-02T01:00:00Z');
const later = (ms: number) => new Date(T0.getTime() + ms);
const send = (phone: string, now: Date) => s.database.db.transaction((tx) => sendPhoneCode(tx, phone, now));
const check = (phone: string, code: string, now: Date) =>
  s.database.db.transaction((tx) => checkPhoneCode(tx, phone, code, now));
const smsTo = async (phone: string) =>
  (
    await queryRows<{ n: number }>(s.database.db, sql`SELECT count(*)::int AS n FROM sms_outbox WHERE "to" = ${phone}`)
  )[0]!.n;
/** A request from its own client address, so the route's per-address limit stays out of the way. */
let client = 0;
const post = (url: string, payload: object, remoteAddress = `10.9.${Math.floor(++client / 250)}.${client % 250}`) =>
  s.anonymous.request({ method: 'POST', url, payload, remoteAddress });

describe('the phone code (mã xác thực), with an injected clock', () => {
  it('expires five minutes after it is sent', async () => {
    const phone = '+84905000001';
    expect(await send(phone, T0)).toMatchObject({ sent: true, expiresAt: later(OTP.ttlMs) });
    const code = await lastCode(s, phone);
    expect(await check(phone, code, later(OTP.ttlMs))).toEqual({ ok: false });
    expect(await check(phone, code, later(OTP.ttlMs - 1))).toMatchObject({ ok: true });
  });

  it('goes to one phone at most five times an hour', async () => {
    const phone = '+84905000002';
    for (let i = 0; i < OTP.perHour; i++) expect((await send(phone, later(i * 10 * 60_000))).sent).toBe(true);
    expect(await send(phone, later(59 * 60_000))).toEqual({ sent: false, retryAfterMs: 60_000 });
    expect(await smsTo(phone)).toBe(OTP.perHour);
    // The hour counts from the first code.
    expect((await send(phone, later(60 * 60_000))).sent).toBe(true);
  });
});

describe('the phone code under concurrent requests', () => {
  it('100 wrong codes at once use up no more than the five tries, and the right code is refused afterwards', async () => {
    const phone = '0905000003';
    expect((await post('/api/feedback/phone/code', { phone })).statusCode).toBe(200);
    const code = await lastCode(s, phone);
    const wrong = code === '000000' ? '000001' : '000000';
    const answers = await Promise.all(
      Array.from({ length: 100 }, () => post('/api/feedback/phone/verify', { phone, code: wrong })),
    );
    expect(answers.every((a) => a.statusCode === 400)).toBe(true);
    const [row] = await queryRows<{ attempts: number }>(
      s.database.db,
      sql`SELECT attempts FROM feedback_phone_codes WHERE phone = '+84905000003'`,
    );
    expect(row!.attempts).toBeGreaterThanOrEqual(OTP.maxAttempts);
    expect((await post('/api/feedback/phone/verify', { phone, code })).statusCode).toBe(400);
  });

  // PGlite runs one transaction at a time; PostgreSQL lets them meet, as several instances would.
  it.runIf(process.env.TEST_DATABASE_URL)('tries waiting on a held one each count, and stop at five', async () => {
    const phone = '+84905000005';
    await send(phone, new Date());
    const code = await lastCode(s, phone);
    const wrong = code === '000000' ? '000001' : '000000';
    // The first guess holds its transaction open while five more arrive and wait for its row.
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let checked!: () => void;
    const first = new Promise<void>((r) => (checked = r));
    const t1 = s.database.db.transaction(async (tx) => {
      await checkPhoneCode(tx, phone, wrong);
      checked();
      await held;
    });
    await first;
    const others = Array.from({ length: 5 }, () => check(phone, wrong, new Date()));
    const waiting = async () =>
      (
        await queryRows<{ n: number }>(
          s.database.db,
          sql`SELECT count(DISTINCT l.pid)::int AS n FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
                                                           WHERE NOT l.granted AND a.datname = current_database()`,
        )
      )[0]!.n;
    await expect.poll(waiting, { timeout: 10_000, interval: 20 }).toBe(5);
    release();
    await t1;
    expect((await Promise.all(others)).every((r) => !r.ok)).toBe(true);
    const [row] = await queryRows<{ attempts: number }>(
      s.database.db,
      sql`SELECT attempts FROM feedback_phone_codes WHERE phone = ${phone}`,
    );
    expect(row!.attempts).toBe(OTP.maxAttempts);
    expect(await check(phone, code, new Date())).toEqual({ ok: false });
  });

  it('30 code requests for one phone at once send at most five messages', async () => {
    const phone = '0905000004';
    const answers = await Promise.all(Array.from({ length: 30 }, () => post('/api/feedback/phone/code', { phone })));
    expect(await smsTo('+84905000004')).toBe(OTP.perHour);
    expect(answers.filter((a) => a.statusCode === 200)).toHaveLength(OTP.perHour);
    const refused = answers.filter((a) => a.statusCode === 429);
    expect(refused).toHaveLength(30 - OTP.perHour);
    expect(refused[0]!.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(Number(refused[0]!.headers['retry-after'])).toBeGreaterThan(0);
  });
});

describe('POST /api/feedback/phone/code', () => {
  it('answers one client address at most ten times a minute, then 429 problem+json in both languages with Retry-After', async () => {
    const codes: number[] = [];
    for (let i = 0; i < 11; i++)
      codes.push(
        (await post('/api/feedback/phone/code', { phone: `09050001${String(i).padStart(2, '0')}` }, '10.200.0.1'))
          .statusCode,
      );
    expect(codes).toEqual([...Array(10).fill(200), 429]);
    const r = await post('/api/feedback/phone/code', { phone: '0905000199' }, '10.200.0.1');
    expect(r.statusCode).toBe(429);
    expect(r.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(Number(r.headers['retry-after'])).toBeGreaterThan(0);
    expect(r.json().messages.vi.detail).toMatch(/thử lại sau \d+ giây/);
    expect(r.json().messages.en.detail).toMatch(/try again in \d+ seconds/);
    // Another client is not held back by this one.
    expect((await post('/api/feedback/phone/code', { phone: '0905000199' }, '10.200.0.2')).statusCode).toBe(200);
  });
});
