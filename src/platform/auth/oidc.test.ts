import http from 'node:http';
import net from 'node:net';
import { and, eq } from 'drizzle-orm';
import Provider from 'oidc-provider';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testServer, type TestServer } from '../testing/index.js';
import { auditLog } from '../audit/schema.js';
import { SESSION_COOKIE } from './principal.js';
import { accounts } from './schema.js';

/**
 * Login through a real OpenID provider (oidc-provider, the certified Node implementation) running in
 * this process on its own port, over real HTTP: the app listens too, and the browser is played by fetch
 * with one cookie jar per site, following redirects and submitting the provider's own forms.
 */

const CLIENT = { client_id: 'tinhso', client_secret: 'a-long-client-secret-for-tests-only-0123456789' };

/** A browser's cookies for one site: enough of RFC 6265 for two servers on 127.0.0.1. */
class CookieJar {
  private readonly cookies = new Map<string, string>();
  take(res: Response) {
    for (const c of res.headers.getSetCookie()) {
      const [pair, ...attrs] = c.split(';');
      const i = pair!.indexOf('=');
      const name = pair!.slice(0, i).trim();
      const value = pair!.slice(i + 1).trim();
      const expired = attrs.some((a) => /^\s*expires=.*1970/i.test(a) || /^\s*max-age=0\s*$/i.test(a));
      if (!value || expired) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }
  get(name: string) {
    return this.cookies.get(name);
  }
  header() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }
}

class Browser {
  readonly jars = new Map<string, CookieJar>();
  jar(url: string | URL) {
    const origin = new URL(url).origin;
    if (!this.jars.has(origin)) this.jars.set(origin, new CookieJar());
    return this.jars.get(origin)!;
  }
  async request(url: string | URL, init: { method?: string; form?: Record<string, string> } = {}) {
    const jar = this.jar(url);
    const headers: Record<string, string> = { cookie: jar.header(), 'user-agent': 'vitest-browser' };
    let body: string | undefined;
    if (init.form) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      body = new URLSearchParams(init.form).toString();
    }
    const res = await fetch(url, { method: init.method ?? (body ? 'POST' : 'GET'), headers, body, redirect: 'manual' });
    jar.take(res);
    return res;
  }
}

let s: TestServer;
let provider: Provider;
let providerServer: http.Server;
let issuer: string;
let appUrl: string;
let callbackPrefix: string;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

beforeAll(async () => {
  // The provider's issuer URL contains its port, so the port is bound before the provider exists.
  providerServer = http.createServer();
  await new Promise<void>((r) => providerServer.listen(0, '127.0.0.1', r));
  issuer = `http://127.0.0.1:${(providerServer.address() as net.AddressInfo).port}`;

  const appPort = await freePort();
  appUrl = `http://127.0.0.1:${appPort}`;
  callbackPrefix = `${appUrl}/api/auth/oidc/callback`;

  provider = new Provider(issuer, {
    clients: [
      { ...CLIENT, redirect_uris: [callbackPrefix], grant_types: ['authorization_code'], response_types: ['code'] },
    ],
    claims: { openid: ['sub'], profile: ['name'], email: ['email'] },
    // The dev interactions accept any login; the account's claims are made up from it.
    findAccount: async (_ctx, sub) => ({
      accountId: sub,
      claims: async () => ({ sub, name: `Công dân ${sub}`, email: `${sub}@example.vn` }),
    }),
    cookies: { keys: ['test-cookie-key-0123456789abcdef'] },
  });
  providerServer.on('request', provider.callback());

  s = await testServer({
    config: {
      publicUrl: appUrl,
      oidc: {
        issuer,
        clientId: CLIENT.client_id,
        clientSecret: CLIENT.client_secret,
        redirectUri: callbackPrefix,
        scope: 'openid profile email',
      },
    },
  });
  await s.app.listen({ port: appPort, host: '127.0.0.1' });
});

afterAll(async () => {
  await s?.close();
  await new Promise((r) => providerServer?.close(r));
});

/**
 * Starts a login at the app and walks the provider's pages (login form, then consent) as a user
 * would, stopping at the redirect back to the app's callback, which is returned unvisited.
 */
async function authorizeAtProvider(browser: Browser, login: string, returnTo?: string): Promise<string> {
  const start = await browser.request(
    `${appUrl}/api/auth/oidc/login${returnTo ? `?returnTo=${encodeURIComponent(returnTo)}` : ''}`,
  );
  expect(start.status).toBe(302);
  let next = new URL(start.headers.get('location')!);
  expect(next.origin).toBe(issuer);
  for (let hops = 0; hops < 20; hops++) {
    if (next.href.startsWith(callbackPrefix)) return next.href;
    const res = await browser.request(next);
    if (res.status >= 300 && res.status < 400) {
      next = new URL(res.headers.get('location')!, next);
      continue;
    }
    const html = await res.text();
    expect(res.status, html).toBe(200);
    const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
    const prompt = /name="prompt" value="(\w+)"/.exec(html)?.[1];
    expect(action, html).toBeTruthy();
    const form: Record<string, string> =
      prompt === 'login' ? { prompt, login, password: 'anything' } : { prompt: prompt! };
    const sub = await browser.request(new URL(action!, next), { form });
    expect(sub.status, await sub.clone().text()).toBeGreaterThanOrEqual(300);
    next = new URL(sub.headers.get('location')!, next);
  }
  throw new Error('too many redirects');
}

async function loginThroughProvider(browser: Browser, login: string, returnTo?: string) {
  const callback = await authorizeAtProvider(browser, login, returnTo);
  const res = await browser.request(callback);
  return { res, callback, cookie: browser.jar(appUrl).get(SESSION_COOKIE) };
}

const session = (cookie: string) =>
  fetch(`${appUrl}/api/auth/session`, { headers: { cookie: `${SESSION_COOKIE}=${cookie}` } });

describe('OpenID Connect login against a real provider', () => {
  it('announces the OpenID login', async () => {
    const r = await fetch(`${appUrl}/api/auth/providers`);
    expect((await r.json()).oidc.enabled).toBe(true);
  });

  it('runs the authorization-code flow and opens a session for a new citizen account linked to the subject', async () => {
    const browser = new Browser();
    const { res, cookie } = await loginThroughProvider(browser, 'cccd-nguyen-van-a', '/portal/ho-so');
    expect(res.status, await res.clone().text()).toBe(302);
    expect(res.headers.get('location')).toBe('/portal/ho-so');
    expect(res.headers.getSetCookie().find((c) => c.startsWith(`${SESSION_COOKIE}=`))).toMatch(/HttpOnly/i);
    expect(cookie).toBeTruthy();

    const me = await session(cookie!);
    expect(me.status).toBe(200);
    const body = await me.json();
    expect(body.account).toMatchObject({
      displayName: 'Công dân cccd-nguyen-van-a',
      kind: 'person',
      grants: [{ role: 'citizen', scopeKind: 'none', scopeId: null }],
    });
    expect(body.csrfToken).toBeTruthy();

    const [row] = await s.database.db.select().from(accounts).where(eq(accounts.id, body.account.id));
    expect(row).toMatchObject({
      oidcIssuer: issuer,
      oidcSubject: 'cccd-nguyen-van-a',
      email: 'cccd-nguyen-van-a@example.vn',
      passwordHash: null,
    });

    const audits = await s.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'auth.login'), eq(auditLog.targetId, body.account.id)));
    expect(audits).toHaveLength(1);
    expect(audits[0]!.details).toMatchObject({ via: 'oidc', issuer });
  });

  it('a second login with the same subject reuses the account', async () => {
    const first = await loginThroughProvider(new Browser(), 'cccd-tran-thi-b');
    const second = await loginThroughProvider(new Browser(), 'cccd-tran-thi-b');
    expect(first.cookie).toBeTruthy();
    expect(second.cookie).toBeTruthy();
    expect(second.cookie).not.toBe(first.cookie);
    const a = await (await session(first.cookie!)).json();
    const b = await (await session(second.cookie!)).json();
    expect(b.account.id).toBe(a.account.id);
    expect(await s.database.db.select().from(accounts).where(eq(accounts.oidcSubject, 'cccd-tran-thi-b'))).toHaveLength(
      1,
    );
    // Another subject is another account.
    const other = await loginThroughProvider(new Browser(), 'cccd-le-van-c');
    expect((await (await session(other.cookie!)).json()).account.id).not.toBe(a.account.id);
  });

  it('the same browser logging in again goes straight through (provider session) and still lands on the same account', async () => {
    const browser = new Browser();
    const first = await loginThroughProvider(browser, 'cccd-pham-d');
    const again = await loginThroughProvider(browser, 'ignored-because-already-logged-in');
    expect(again.res.status).toBe(302);
    const a = await (await session(first.cookie!)).json();
    const b = await (await session(again.cookie!)).json();
    expect(b.account.id).toBe(a.account.id);
  });

  it('refuses a replayed state: a callback works once', async () => {
    const browser = new Browser();
    const { res, callback } = await loginThroughProvider(browser, 'cccd-replay');
    expect(res.status).toBe(302);
    const replay = await browser.request(callback);
    expect(replay.status).toBe(400);
    expect(replay.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(await replay.json()).toMatchObject({ status: 400, code: 'oidc-state' });
  });

  it('refuses an unknown state', async () => {
    const r = await fetch(`${callbackPrefix}?state=made-up-state&code=made-up-code`);
    expect(r.status).toBe(400);
    expect((await r.json()).code).toBe('oidc-state');
  });

  it('refuses a callback carried to another browser (login CSRF), and it does not burn the real user’s login', async () => {
    const victim = new Browser();
    const callback = await authorizeAtProvider(victim, 'cccd-attacker');
    const elsewhere = await new Browser().request(callback);
    expect(elsewhere.status).toBe(400);
    expect((await elsewhere.json()).code).toBe('oidc-state');
    expect(new Browser().jar(appUrl).get(SESSION_COOKIE)).toBeUndefined();
    // The browser that started the login still completes it.
    const mine = await victim.request(callback);
    expect(mine.status).toBe(302);
    expect(victim.jar(appUrl).get(SESSION_COOKIE)).toBeTruthy();
  });

  it('refuses a made-up code for a real state (the provider says no): 401 oidc-failed', async () => {
    const browser = new Browser();
    const start = await browser.request(`${appUrl}/api/auth/oidc/login`);
    const state = new URL(start.headers.get('location')!).searchParams.get('state')!;
    const r = await browser.request(
      `${callbackPrefix}?code=not-a-real-code&state=${state}&iss=${encodeURIComponent(issuer)}`,
    );
    expect(r.status).toBe(401);
    expect((await r.json()).code).toBe('oidc-failed');
  });

  it('reports a login the user cancelled at the provider as a refused login', async () => {
    const browser = new Browser();
    const start = await browser.request(`${appUrl}/api/auth/oidc/login`);
    const state = new URL(start.headers.get('location')!).searchParams.get('state')!;
    const r = await browser.request(
      `${callbackPrefix}?error=access_denied&state=${state}&iss=${encodeURIComponent(issuer)}`,
    );
    expect(r.status).toBe(401);
    expect((await r.json()).code).toBe('oidc-failed');
  });

  it('redirects only to a path on this site after login', async () => {
    for (const bad of ['//evil.example/x', '/\\evil.example', 'https://evil.example/']) {
      const r = await fetch(`${appUrl}/api/auth/oidc/login?returnTo=${encodeURIComponent(bad)}`, {
        redirect: 'manual',
      });
      expect(r.status, bad).toBe(400);
    }
    const ok = await fetch(`${appUrl}/api/auth/oidc/login?returnTo=${encodeURIComponent('/')}`, { redirect: 'manual' });
    expect(ok.status).toBe(302);
  });
});

describe('without OpenID configuration', () => {
  let plain: TestServer;
  beforeAll(async () => {
    plain = await testServer();
  });
  afterAll(() => plain.close());

  it('the OpenID routes answer 404 oidc-disabled', async () => {
    expect((await plain.anonymous.get('/api/auth/providers')).json().oidc.enabled).toBe(false);
    const r = await plain.anonymous.get('/api/auth/oidc/login');
    expect(r.statusCode).toBe(404);
    expect(r.json().code).toBe('oidc-disabled');
  });
});
