import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testServer, type TestServer } from '../testing/index.js';
import { DEMO_PASSWORD } from '../../demo/accounts.js';
import { createAccount, grantRole } from './accounts.js';
import { SESSION_COOKIE } from './principal.js';
import { accounts, sessions } from './schema.js';
import { sha256 } from './tokens.js';

let s: TestServer;
beforeAll(async () => {
  s = await testServer();
});
afterAll(() => s.close());

const sessionCookie = (res: { cookies: { name: string; value: string }[] }) =>
  res.cookies.find((c) => c.name === SESSION_COOKIE);
const withCookie = (value: string, extra: Record<string, string> = {}) => ({
  cookie: `${SESSION_COOKIE}=${value}`,
  ...extra,
});

async function loginRaw(username: string, password = DEMO_PASSWORD) {
  const res = await s.anonymous.post('/api/auth/login', { username, password });
  return {
    res,
    cookie: sessionCookie(res)?.value,
    csrf: res.statusCode === 200 ? (res.json().csrfToken as string) : undefined,
  };
}

describe('password login', () => {
  it('sets an httpOnly, SameSite session cookie and answers with the account and a CSRF token', async () => {
    const { res } = await loginRaw('chuyenvien');
    expect(res.statusCode).toBe(200);
    const c = res.cookies.find((x) => x.name === SESSION_COOKIE)!;
    expect(c).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
    expect(new Date(c.expires!).getTime()).toBeGreaterThan(Date.now());
    const body = res.json();
    expect(body.account).toMatchObject({ username: 'chuyenvien', kind: 'person' });
    expect(body.account.grants).toEqual([expect.objectContaining({ role: 'specialist', scopeKind: 'agency' })]);
    expect(body.csrfToken).toMatch(/^[\w-]{20,}$/);
    // The cookie is a bearer secret: it is not in the body, and the database keeps only its hash.
    expect(res.body).not.toContain(c.value);
    const rows = await s.database.db
      .select()
      .from(sessions)
      .where(eq(sessions.id, sha256(c.value)));
    expect(rows).toHaveLength(1);
    expect(await s.database.db.select().from(sessions).where(eq(sessions.id, c.value))).toHaveLength(0);
  });

  it('usernames are case-insensitive', async () => {
    expect((await loginRaw('ChuyenVien')).res.statusCode).toBe(200);
  });

  it('the cookie opens the session', async () => {
    const { cookie, csrf } = await loginRaw('lanhdao');
    const r = await s.anonymous.get('/api/auth/session', withCookie(cookie!));
    expect(r.statusCode).toBe(200);
    expect(r.json()).toMatchObject({ account: { username: 'lanhdao' }, csrfToken: csrf });
  });

  it('without a session, /api/auth/session answers 200 with authenticated: false (no error for the browser to log)', async () => {
    const r = await s.anonymous.get('/api/auth/session');
    expect(r.statusCode).toBe(200);
    expect(r.json()).toEqual({ authenticated: false });
  });

  it('a logged-in session says authenticated: true', async () => {
    const { cookie } = await loginRaw('lanhdao');
    expect((await s.anonymous.get('/api/auth/session', withCookie(cookie!))).json()).toMatchObject({
      authenticated: true,
    });
  });

  it('what needs a login still answers 401 to an anonymous caller', async () => {
    const r = await s.anonymous.post('/api/auth/logout');
    expect(r.statusCode).toBe(401);
    expect(r.json().code).toBe('unauthorized');
  });

  it('a wrong password is a 401 problem with code bad-credentials, and sets no cookie', async () => {
    const { res } = await loginRaw('chuyenvien', 'not the password');
    expect(res.statusCode).toBe(401);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.json()).toMatchObject({ status: 401, code: 'bad-credentials' });
    expect(sessionCookie(res)).toBeUndefined();
  });

  it('an unknown user gets exactly the same answer as a wrong password', async () => {
    const wrong = (await loginRaw('vanthu', 'not the password')).res;
    const unknown = (await loginRaw('nobody-here', 'not the password')).res;
    expect(unknown.statusCode).toBe(wrong.statusCode);
    const strip = (b: Record<string, unknown>) => ({ ...b, requestId: undefined });
    expect(strip(unknown.json())).toEqual(strip(wrong.json()));
  });

  it('a malformed body is a 400, not a login attempt', async () => {
    const r = await s.anonymous.post('/api/auth/login', { username: 'admin' });
    expect(r.statusCode).toBe(400);
    expect(r.json().code).toBe('validation');
  });
});

describe('CSRF protection for cookie sessions', () => {
  it('refuses a state-changing request with the cookie but without x-csrf-token (403 csrf)', async () => {
    const { cookie } = await loginRaw('admin');
    const r = await s.anonymous.post('/api/auth/tokens', { name: 'x' }, withCookie(cookie!));
    expect(r.statusCode).toBe(403);
    expect(r.json()).toMatchObject({ status: 403, code: 'csrf' });
    const logout = await s.anonymous.post('/api/auth/logout', undefined, withCookie(cookie!));
    expect(logout.statusCode).toBe(403);
    // …and the session is still alive: the forged logout did nothing.
    expect((await s.anonymous.get('/api/auth/session', withCookie(cookie!))).statusCode).toBe(200);
  });

  it('refuses a wrong token, and another session’s token', async () => {
    const a = await loginRaw('admin');
    const b = await loginRaw('admin');
    for (const bad of ['nope', b.csrf!]) {
      const r = await s.anonymous.post(
        '/api/auth/tokens',
        { name: 'x' },
        withCookie(a.cookie!, { 'x-csrf-token': bad }),
      );
      expect(r.statusCode).toBe(403);
      expect(r.json().code).toBe('csrf');
    }
  });

  it('accepts the session’s own token', async () => {
    const a = await loginRaw('admin');
    const r = await s.anonymous.post(
      '/api/auth/tokens',
      { name: 'x' },
      withCookie(a.cookie!, { 'x-csrf-token': a.csrf! }),
    );
    expect(r.statusCode).toBe(201);
  });

  it('reads need no CSRF token', async () => {
    const { cookie } = await loginRaw('admin');
    expect((await s.anonymous.get('/api/audit', withCookie(cookie!))).statusCode).toBe(200);
  });
});

describe('session lifetime', () => {
  it('logout revokes the session: the same cookie stops working', async () => {
    const { cookie, csrf } = await loginRaw('motcua');
    const out = await s.anonymous.post('/api/auth/logout', undefined, withCookie(cookie!, { 'x-csrf-token': csrf! }));
    expect(out.statusCode).toBe(204);
    expect(sessionCookie(out)?.value).toBe('');
    const after = await s.anonymous.get('/api/auth/session', withCookie(cookie!));
    expect(after.json()).toEqual({ authenticated: false });
    const [row] = await s.database.db
      .select()
      .from(sessions)
      .where(eq(sessions.id, sha256(cookie!)));
    expect(row!.revokedAt).toBeInstanceOf(Date);
  });

  it('an expired session is refused', async () => {
    const { cookie } = await loginRaw('motcua');
    await s.database.db
      .update(sessions)
      .set({ expiresAt: sql`now() - interval '1 second'` })
      .where(eq(sessions.id, sha256(cookie!)));
    const r = await s.anonymous.get('/api/auth/session', withCookie(cookie!));
    expect(r.json()).toEqual({ authenticated: false });
    // The stale cookie is cleared on the way.
    expect(sessionCookie(r)?.value).toBe('');
  });

  it('an unknown cookie is treated as anonymous', async () => {
    const r = await s.anonymous.get('/api/auth/session', withCookie('forged-cookie-value'));
    expect(r.statusCode).toBe(200);
    expect(r.json()).toEqual({ authenticated: false });
  });

  it('a disabled account can neither log in nor keep using an open session', async () => {
    const acc = await createAccount(s.database.db, {
      username: 'sap-nghi',
      displayName: 'Sắp nghỉ hưu',
      password: 'Mat-khau-dai-1',
    });
    await grantRole(s.database.db, acc.id, { role: 'specialist', scopeKind: 'agency', scopeId: 'STP' });
    const { cookie } = await loginRaw('sap-nghi', 'Mat-khau-dai-1');
    expect(cookie).toBeTruthy();
    await s.database.db.update(accounts).set({ disabled: true }).where(eq(accounts.id, acc.id));

    const again = await loginRaw('sap-nghi', 'Mat-khau-dai-1');
    expect(again.res.statusCode).toBe(401);
    // Same answer as a wrong password: a disabled account is not revealed either.
    expect(again.res.json().code).toBe('bad-credentials');
    expect((await s.anonymous.get('/api/auth/session', withCookie(cookie!))).json()).toEqual({ authenticated: false });
  });
});

describe('login rate limit', () => {
  let limited: TestServer;
  beforeAll(async () => {
    limited = await testServer({ config: { loginRateLimit: { max: 3, timeWindowMs: 60_000 } } });
  });
  afterAll(() => limited.close());

  const attempt = (username: string, password: string) =>
    limited.anonymous.post('/api/auth/login', { username, password });

  it('answers 429 problem+json after N attempts, even with the right password', async () => {
    for (let i = 0; i < 3; i++) expect((await attempt('vanthu', `guess-${i}`)).statusCode).toBe(401);
    const blocked = await attempt('vanthu', 'guess-4');
    expect(blocked.statusCode).toBe(429);
    expect(blocked.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(blocked.json()).toMatchObject({ status: 429, code: 'too-many-requests' });
    expect(blocked.json().messages.vi.detail).toBeTruthy();
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
    expect((await attempt('vanthu', DEMO_PASSWORD)).statusCode).toBe(429);
  });

  it('counts per username, so one person guessing does not lock out everyone behind the same address', async () => {
    expect((await attempt('lanhdao', DEMO_PASSWORD)).statusCode).toBe(200);
  });

  it('the username is matched case-insensitively, so changing case does not reset the count', async () => {
    expect((await attempt('VANTHU', DEMO_PASSWORD)).statusCode).toBe(429);
  });
});
