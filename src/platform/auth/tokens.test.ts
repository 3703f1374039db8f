import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testServer, type Client, type TestServer } from '../testing/index.js';
import { createAccount, grantRole } from './accounts.js';
import { accounts, apiTokens } from './schema.js';
import { sha256 } from './tokens.js';

let s: TestServer;
let admin: Client;
beforeAll(async () => {
  s = await testServer();
  admin = await s.login('admin');
});
afterAll(() => s.close());

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

async function createToken(c: Client, body: Record<string, unknown> = { name: 'hệ thống một cửa' }) {
  const r = await c.post('/api/auth/tokens', body);
  expect(r.statusCode, r.body).toBe(201);
  return r.json() as { id: string; token: string; prefix: string; name: string; expiresAt: string | null };
}

describe('personal API tokens', () => {
  it('are shown once at creation and stored only as a hash', async () => {
    const t = await createToken(admin, { name: 'LGSP', expiresInDays: 30 });
    expect(t.token).toMatch(/^tsk_[\w-]{43}$/);
    expect(t.prefix).toBe(t.token.slice(0, 10));
    expect(new Date(t.expiresAt!).getTime()).toBeGreaterThan(Date.now() + 29 * 86_400_000);

    const list = await admin.get('/api/auth/tokens');
    expect(list.statusCode).toBe(200);
    const listed = list.json().items.find((x: { id: string }) => x.id === t.id);
    expect(listed).toMatchObject({ name: 'LGSP', prefix: t.prefix });
    expect(list.body).not.toContain(t.token);

    const [row] = await s.database.db.select().from(apiTokens).where(eq(apiTokens.id, t.id));
    expect(row!.tokenHash).toBe(sha256(t.token));
    expect(JSON.stringify(row)).not.toContain(t.token);
  });

  it('authenticate a call with Authorization: Bearer', async () => {
    const t = await createToken(admin);
    const r = await s.anonymous.get('/api/auth/session', bearer(t.token));
    expect(r.statusCode).toBe(200);
    expect(r.json().account.username).toBe('admin');
    expect((await s.anonymous.get('/api/audit', bearer(t.token))).statusCode).toBe(200);
  });

  it('need no CSRF token for state-changing calls (no cookie is involved)', async () => {
    const t = await createToken(admin);
    const r = await s.anonymous.post('/api/auth/tokens', { name: 'made by a token' }, bearer(t.token));
    expect(r.statusCode, r.body).toBe(201);
  });

  it('record when they were last used', async () => {
    const t = await createToken(admin);
    await s.anonymous.get('/api/auth/session', bearer(t.token));
    const [row] = await s.database.db.select().from(apiTokens).where(eq(apiTokens.id, t.id));
    expect(row!.lastUsedAt).toBeInstanceOf(Date);
  });

  it('stop working once revoked (401)', async () => {
    const t = await createToken(admin);
    const del = await admin.delete(`/api/auth/tokens/${t.id}`);
    expect(del.statusCode).toBe(204);
    const r = await s.anonymous.get('/api/auth/session', bearer(t.token));
    expect(r.statusCode).toBe(401);
    expect(r.json()).toMatchObject({ status: 401, code: 'invalid-token' });
    expect((await admin.get('/api/auth/tokens')).json().items.map((x: { id: string }) => x.id)).not.toContain(t.id);
    // Revoking twice is a 404: there is no live token with that id any more.
    expect((await admin.delete(`/api/auth/tokens/${t.id}`)).statusCode).toBe(404);
  });

  it('can be revoked only by their owner', async () => {
    const t = await createToken(admin);
    const leader = await s.login('lanhdao');
    const r = await leader.delete(`/api/auth/tokens/${t.id}`);
    expect(r.statusCode).toBe(404);
    expect((await s.anonymous.get('/api/auth/session', bearer(t.token))).statusCode).toBe(200);
  });

  it('stop working once expired (401)', async () => {
    const t = await createToken(admin, { name: 'short', expiresInDays: 1 });
    await s.database.db
      .update(apiTokens)
      .set({ expiresAt: sql`now() - interval '1 second'` })
      .where(eq(apiTokens.id, t.id));
    const r = await s.anonymous.get('/api/auth/session', bearer(t.token));
    expect(r.statusCode).toBe(401);
    expect(r.json().code).toBe('invalid-token');
  });

  it('stop working when their account is disabled', async () => {
    const acc = await createAccount(s.database.db, {
      username: 'he-thong-cu',
      displayName: 'Hệ thống cũ',
      kind: 'system',
      password: 'Mat-khau-dai-2',
    });
    await grantRole(s.database.db, acc.id, { role: 'system', scopeKind: 'unit', scopeId: '46' });
    const sys = await s.login('he-thong-cu', 'Mat-khau-dai-2');
    const t = await createToken(sys);
    expect((await s.anonymous.get('/api/auth/session', bearer(t.token))).statusCode).toBe(200);
    await s.database.db.update(accounts).set({ disabled: true }).where(eq(accounts.id, acc.id));
    expect((await s.anonymous.get('/api/auth/session', bearer(t.token))).statusCode).toBe(401);
  });

  it('a bogus token is a 401 problem, never a silent anonymous request', async () => {
    for (const bogus of ['tsk_' + 'A'.repeat(43), 'not-even-a-token', '']) {
      const r = await s.anonymous.get('/api/auth/providers', { authorization: `Bearer ${bogus}` });
      expect(r.statusCode, bogus).toBe(401);
      expect(r.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(r.json()).toMatchObject({ status: 401, code: 'invalid-token' });
      expect(r.json().messages.en.detail).toBeTruthy();
    }
  });

  it('refuse a name that breaks the schema, and an out-of-range lifetime', async () => {
    expect((await admin.post('/api/auth/tokens', { name: '' })).statusCode).toBe(400);
    expect((await admin.post('/api/auth/tokens', { name: 'x', expiresInDays: 10_000 })).statusCode).toBe(400);
  });

  it('logging out with a token (not a session) is refused instead of pretending', async () => {
    const t = await createToken(admin);
    const r = await s.anonymous.post('/api/auth/logout', undefined, bearer(t.token));
    expect(r.statusCode).toBe(400);
    expect(r.json().code).toBe('not-a-session');
    expect((await s.anonymous.get('/api/auth/session', bearer(t.token))).statusCode).toBe(200);
  });
});
