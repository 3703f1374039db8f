import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { queryRows } from '../index.js';
import { testServer, type TestServer } from '../testing/index.js';
import { DEMO_PASSWORD } from '../../demo/accounts.js';
import { limitsClock } from './counter.js';

const realNow = limitsClock.now;
afterEach(() => {
  limitsClock.now = realNow;
});

/** A login attempt from `ip` as a load balancer at 127.0.0.1 reports it (the test's peer is 127.0.0.1). */
const attempt = (s: TestServer, username: string, password: string, ip?: string) =>
  s.anonymous.post('/api/auth/login', { username, password }, ip ? { 'x-forwarded-for': ip } : {});

/** A server that takes the peer's word for nothing, and one behind a load balancer at 127.0.0.1. */
let direct: TestServer;
let proxied: TestServer;
beforeAll(async () => {
  direct = await testServer({ config: { loginRateLimit: { max: 3, timeWindowMs: 60_000 } } });
  proxied = await testServer({
    config: {
      trustProxy: ['127.0.0.1'],
      loginRateLimit: { max: 3, timeWindowMs: 60_000 },
      loginAddressRateLimit: { max: 5, timeWindowMs: 60_000 },
    },
  });
});
afterAll(async () => {
  await direct?.close();
  await proxied?.close();
});

describe('the client address', () => {
  it('is the peer unless the peer is a configured proxy: a rotated X-Forwarded-For does not reset the limit', async () => {
    const codes = [];
    for (let i = 1; i <= 5; i++)
      codes.push((await attempt(direct, 'vanthu', `guess-${i}`, `203.0.113.${i}`)).statusCode);
    expect(codes).toEqual([401, 401, 401, 429, 429]);
  });

  it('is the one a configured proxy names in X-Forwarded-For', async () => {
    for (let i = 1; i <= 3; i++)
      expect((await attempt(proxied, 'vanthu', `guess-${i}`, '203.0.113.7')).statusCode).toBe(401);
    expect((await attempt(proxied, 'vanthu', 'guess-4', '203.0.113.7')).statusCode).toBe(429);
    // Another client behind the same proxy is not limited by the first one's guesses.
    expect((await attempt(proxied, 'vanthu', DEMO_PASSWORD, '198.51.100.9')).statusCode).toBe(200);
  });
});

describe('login attempts per account', () => {
  // Behind a proxy, so every attempt comes from an address of the attacker's choosing.
  const s = () => proxied;

  it('25 wrong passwords from rotating addresses get 429 from the 11th; the right one is refused until the window ends', async () => {
    const t0 = new Date('2026-03-02T01:00:00Z');
    limitsClock.now = () => t0;
    const codes: number[] = [];
    for (let i = 1; i <= 25; i++)
      codes.push((await attempt(s(), 'chuyenvien', `guess-${i}`, `203.0.113.${i}`)).statusCode);
    expect(codes.indexOf(429)).toBe(10);
    expect(codes.slice(10).every((c) => c === 429)).toBe(true);

    limitsClock.now = () => new Date(t0.getTime() + 60_000);
    const locked = await attempt(s(), 'chuyenvien', DEMO_PASSWORD, '198.51.100.1');
    expect(locked.statusCode).toBe(429);
    expect(locked.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(Number(locked.headers['retry-after'])).toBe(14 * 60);
    expect(locked.json()).toMatchObject({ status: 429, code: 'too-many-requests' });
    expect(locked.json().messages.vi.detail).toContain('thử lại sau 14 phút');
    expect(locked.json().messages.en.detail).toContain('try again in 14 minutes');
    limitsClock.now = () => new Date(t0.getTime() + 15 * 60_000 - 1);
    expect((await attempt(s(), 'chuyenvien', DEMO_PASSWORD, '198.51.100.2')).statusCode).toBe(429);

    // Fifteen minutes after the first wrong password the account opens again.
    limitsClock.now = () => new Date(t0.getTime() + 15 * 60_000);
    expect((await attempt(s(), 'chuyenvien', DEMO_PASSWORD, '198.51.100.1')).statusCode).toBe(200);
  });

  it('concurrent wrong passwords cannot slip past the limit', async () => {
    const codes = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        attempt(s(), 'lanhdao', `guess-${i}`, `203.0.113.${100 + i}`).then((r) => r.statusCode),
      ),
    );
    expect(codes.filter((c) => c === 401)).toHaveLength(10);
    expect(codes.filter((c) => c === 429)).toHaveLength(20);
  });

  it('a successful login clears the account’s failures', async () => {
    for (let i = 0; i < 9; i++)
      expect((await attempt(s(), 'motcua', `guess-${i}`, `192.0.2.${i}`)).statusCode).toBe(401);
    expect((await attempt(s(), 'motcua', DEMO_PASSWORD, '192.0.2.100')).statusCode).toBe(200);
    for (let i = 0; i < 9; i++)
      expect((await attempt(s(), 'motcua', `guess-${i}`, `192.0.2.${i}`)).statusCode).toBe(401);
  });

  it('an unknown username is limited like an account, so a 429 does not tell which accounts exist', async () => {
    const codes: number[] = [];
    for (let i = 1; i <= 11; i++)
      codes.push((await attempt(s(), 'khong-ton-tai', `guess-${i}`, `198.18.0.${i}`)).statusCode);
    expect(codes.slice(0, 10).every((c) => c === 401)).toBe(true);
    expect(codes[10]).toBe(429);
  });
});

describe('login attempts per address', () => {
  it('one address trying many usernames is stopped', async () => {
    const codes = [];
    for (const u of ['a1', 'a2', 'a3', 'a4', 'a5', 'a6'])
      codes.push((await attempt(proxied, u, 'guess', '198.51.100.50')).statusCode);
    expect(codes).toEqual([401, 401, 401, 401, 401, 429]);
  });
});

describe('the audit of a failed login', () => {
  it('keeps what was typed as the username only when it names an account', async () => {
    const typed = 'MatKhau-Bi-Mat-2026';
    expect((await attempt(direct, typed, 'x')).statusCode).toBe(401);
    expect((await attempt(direct, 'CongDan', 'wrong')).statusCode).toBe(401);
    const rows = await queryRows<{ target_id: string | null; details: Record<string, unknown>; row: string }>(
      direct.database.db,
      sql`SELECT target_id, details, row_to_json(a)::text AS row FROM audit_log a WHERE action = 'auth.login-failed' ORDER BY seq DESC LIMIT 2`,
    );
    rows.reverse();
    expect(rows[0]).toMatchObject({ target_id: null, details: {} });
    expect(rows[0]!.row.toLowerCase()).not.toContain(typed.toLowerCase());
    expect(rows[1]!.details).toEqual({ username: 'congdan' });
    expect(rows[1]!.target_id).toBeTruthy();
    // Nor is it kept in clear by the limits' counters.
    const keys = await queryRows<{ key: string }>(direct.database.db, sql`SELECT key FROM rate_limits`);
    expect(keys.length).toBeGreaterThan(0);
    for (const k of keys) expect(k.key.toLowerCase()).not.toContain(typed.toLowerCase());
  });
});

describe('the counters', () => {
  it('are purged by a scheduled job once their window has ended', async () => {
    await direct.database.db.execute(
      sql`INSERT INTO rate_limits (key, hits, reset_at) VALUES ('test.ended', 3, now() - interval '1 second'), ('test.running', 3, now() + interval '1 hour')`,
    );
    await direct.ctx.jobs.drain();
    const keys = (
      await queryRows<{ key: string }>(direct.database.db, sql`SELECT key FROM rate_limits WHERE key LIKE 'test.%'`)
    ).map((r) => r.key);
    expect(keys).toEqual(['test.running']);
  });
});
