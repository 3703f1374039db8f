import { asc, count, eq, sql } from 'drizzle-orm';
import type { FastifyRequest } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testServer, type Client, type TestServer } from '../testing/index.js';
import type { Executor } from '../db/client.js';
import { transact } from '../http/transact.js';
import { apiTokens } from '../auth/schema.js';
import { auditLog } from './schema.js';
import { GENESIS_HASH, linkHash } from './chain.js';
import { verifyAuditChain } from './verify.js';
import { DEMO_PASSWORD } from '../../demo/accounts.js';

let s: TestServer;
let admin: Client;
beforeAll(async () => {
  s = await testServer();
  admin = await s.login('admin');
});
afterAll(() => s.close());

const db = () => s.database.db;
const auditCount = async (ex: Executor = db()) => (await ex.select({ n: count() }).from(auditLog))[0]!.n;
const rowsOfRequest = (requestId: string) => db().select().from(auditLog).where(eq(auditLog.requestId, requestId));

/** Runs `fn` in a transaction that is always rolled back, so a tampering test leaves the log as it was. */
class Rollback extends Error {}
async function inRolledBackTx(fn: (tx: Executor) => Promise<void>) {
  await expect(
    db().transaction(async (tx) => {
      await fn(tx);
      throw new Rollback();
    }),
  ).rejects.toBeInstanceOf(Rollback);
}

/** A few more rows so a tampered row can sit in the middle of the chain. */
async function ensureRows(n: number) {
  while ((await auditCount()) < n) expect((await admin.post('/api/auth/tokens', { name: 'filler' })).statusCode).toBe(201);
  return db().select().from(auditLog).orderBy(asc(auditLog.seq));
}

describe('every state change writes one audit row in its transaction', () => {
  it('a login: actor, action, target, time and the request id of the response', async () => {
    const before = Date.now();
    const r = await s.anonymous.request({ method: 'POST', url: '/api/auth/login', payload: { username: 'lanhdao', password: DEMO_PASSWORD }, headers: { 'x-request-id': 'req-login-000001' } });
    expect(r.statusCode).toBe(200);
    expect(r.headers['x-request-id']).toBe('req-login-000001');
    const rows = await rowsOfRequest('req-login-000001');
    expect(rows).toHaveLength(1);
    const account = r.json().account;
    expect(rows[0]).toMatchObject({ actorId: account.id, actorLabel: 'lanhdao', action: 'auth.login', targetType: 'account', targetId: account.id });
    expect(rows[0]!.at.getTime()).toBeGreaterThanOrEqual(before - 1000);
    expect(rows[0]!.at.getTime()).toBeLessThanOrEqual(Date.now() + 1000);
  });

  it('a token creation, with a server-made request id when the client sends none', async () => {
    const r = await admin.post('/api/auth/tokens', { name: 'cổng dịch vụ công' });
    expect(r.statusCode).toBe(201);
    const requestId = r.headers['x-request-id'] as string;
    expect(requestId).toBeTruthy();
    const rows = await rowsOfRequest(requestId);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ actorId: admin.accountId, actorLabel: 'admin', action: 'auth.token-create', targetType: 'api_token', targetId: r.json().id, details: { name: 'cổng dịch vụ công' } });
    // The secret itself is never audited.
    expect(JSON.stringify(rows[0])).not.toContain(r.json().token);
  });

  it('a failed login is recorded too, without the password', async () => {
    const r = await s.anonymous.request({ method: 'POST', url: '/api/auth/login', payload: { username: 'VanThu', password: 'wrong-password-x' }, headers: { 'x-request-id': 'req-badlogin-01' } });
    expect(r.statusCode).toBe(401);
    const rows = await rowsOfRequest('req-badlogin-01');
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ actorId: null, actorLabel: 'anonymous', action: 'auth.login-failed', details: { username: 'vanthu' } });
    expect(JSON.stringify(rows[0])).not.toContain('wrong-password-x');
  });

  it('a refused request changes nothing and writes nothing', async () => {
    const citizen = await s.login('congdan');
    const n = await auditCount();
    const r = await citizen.request({ method: 'POST', url: '/api/auth/tokens', payload: { name: 'x' }, headers: { 'x-request-id': 'req-refused-001' } });
    expect(r.statusCode).toBe(403);
    expect(await auditCount()).toBe(n);
  });

  it('an error after the audit call rolls back both the change and its audit row', async () => {
    const n = await auditCount();
    const tokensBefore = (await db().select({ n: count() }).from(apiTokens))[0]!.n;
    const req = { id: 'req-rollback-001', principal: { accountId: admin.accountId!, username: 'admin' }, server: s.app, audited: false } as unknown as FastifyRequest;
    await expect(
      transact(req, async (tx, audit) => {
        const [row] = await tx.insert(apiTokens).values({ accountId: admin.accountId!, name: 'doomed', tokenHash: 'h'.repeat(64), prefix: 'tsk_doomed' }).returning();
        await audit({ action: 'auth.token-create', targetType: 'api_token', targetId: row!.id });
        throw new Error('the handler fails after auditing');
      }),
    ).rejects.toThrow('the handler fails after auditing');
    expect(await auditCount()).toBe(n);
    expect((await db().select({ n: count() }).from(apiTokens))[0]!.n).toBe(tokensBefore);
    expect(await rowsOfRequest('req-rollback-001')).toHaveLength(0);
  });

  it('links each row to the previous one by hash, from the genesis hash', async () => {
    const rows = await ensureRows(3);
    expect(rows[0]!.prevHash).toBe(GENESIS_HASH);
    for (let i = 1; i < rows.length; i++) expect(rows[i]!.prevHash).toBe(rows[i - 1]!.hash);
    const r = rows[rows.length - 1]!;
    expect(r.hash).toBe(linkHash(r.prevHash, { seq: r.seq, at: r.at, actorId: r.actorId, actorLabel: r.actorLabel, action: r.action, targetType: r.targetType, targetId: r.targetId, requestId: r.requestId, details: r.details }));
  });
});

describe('verifying the chain', () => {
  it('an intact log verifies, every row checked', async () => {
    const n = await auditCount();
    expect(n).toBeGreaterThan(0);
    expect(await verifyAuditChain(db())).toEqual({ ok: true, checked: n });
    // Small batches walk the same chain.
    expect(await verifyAuditChain(db(), 2)).toEqual({ ok: true, checked: n });
  });

  it('an empty log verifies', async () => {
    await inRolledBackTx(async (tx) => {
      await tx.execute(sql`ALTER TABLE audit_log DISABLE TRIGGER USER`);
      await tx.execute(sql`DELETE FROM audit_log`);
      expect(await verifyAuditChain(tx)).toEqual({ ok: true, checked: 0 });
    });
  });

  it('the database refuses UPDATE, DELETE and TRUNCATE on the log', async () => {
    const [first] = await ensureRows(1);
    // Drizzle wraps the driver's error; the trigger's message is on its cause.
    const refusal = (e: unknown) => /append-only/.test(String((e as { cause?: Error }).cause?.message ?? (e as Error).message));
    await expect(db().execute(sql`UPDATE audit_log SET action = 'x' WHERE seq = ${first!.seq}`)).rejects.toSatisfy(refusal);
    await expect(db().execute(sql`DELETE FROM audit_log WHERE seq = ${first!.seq}`)).rejects.toSatisfy(refusal);
    await expect(db().execute(sql`TRUNCATE audit_log`)).rejects.toSatisfy(refusal);
    expect((await verifyAuditChain(db())).ok).toBe(true);
  });

  it('a row changed behind the trigger’s back (session_replication_role = replica) is reported at its seq', async () => {
    const rows = await ensureRows(5);
    const victim = rows[2]!;
    await inRolledBackTx(async (tx) => {
      // What an attacker with database access can do: triggers do not fire for a replica session.
      await tx.execute(sql`SET LOCAL session_replication_role = replica`);
      await tx.execute(sql`UPDATE audit_log SET actor_label = 'someone-else' WHERE seq = ${victim.seq}`);
      expect(await verifyAuditChain(tx)).toEqual({ ok: false, checked: 2, brokenAt: { seq: victim.seq, reason: 'hash-mismatch' } });
    });
    expect((await verifyAuditChain(db())).ok).toBe(true);
  });

  it('recomputing the changed row’s own hash only moves the break to the next row', async () => {
    const rows = await ensureRows(5);
    const victim = rows[1]!;
    const forged = { seq: victim.seq, at: victim.at, actorId: victim.actorId, actorLabel: victim.actorLabel, action: 'auth.logout', targetType: victim.targetType, targetId: victim.targetId, requestId: victim.requestId, details: victim.details };
    await inRolledBackTx(async (tx) => {
      await tx.execute(sql`SET LOCAL session_replication_role = replica`);
      await tx.execute(sql`UPDATE audit_log SET action = ${forged.action}, hash = ${linkHash(victim.prevHash, forged)} WHERE seq = ${victim.seq}`);
      expect(await verifyAuditChain(tx)).toMatchObject({ ok: false, brokenAt: { seq: rows[2]!.seq, reason: 'prev-hash-mismatch' } });
    });
  });

  it('a deleted middle row is caught at the row after it', async () => {
    const rows = await ensureRows(5);
    await inRolledBackTx(async (tx) => {
      await tx.execute(sql`ALTER TABLE audit_log DISABLE TRIGGER USER`);
      await tx.execute(sql`DELETE FROM audit_log WHERE seq = ${rows[2]!.seq}`);
      expect(await verifyAuditChain(tx)).toEqual({ ok: false, checked: 2, brokenAt: { seq: rows[3]!.seq, reason: 'prev-hash-mismatch' } });
    });
  });

  it('a changed timestamp or details are caught, whatever the key order jsonb keeps', async () => {
    const rows = await ensureRows(5);
    const victim = rows.find((r) => Object.keys(r.details).length > 0) ?? rows[3]!;
    await inRolledBackTx(async (tx) => {
      await tx.execute(sql`SET LOCAL session_replication_role = replica`);
      await tx.execute(sql`UPDATE audit_log SET at = at + interval '1 millisecond' WHERE seq = ${victim.seq}`);
      expect((await verifyAuditChain(tx)).brokenAt).toEqual({ seq: victim.seq, reason: 'hash-mismatch' });
    });
    await inRolledBackTx(async (tx) => {
      await tx.execute(sql`SET LOCAL session_replication_role = replica`);
      await tx.execute(sql`UPDATE audit_log SET details = details || '{"extra": 1}'::jsonb WHERE seq = ${victim.seq}`);
      expect((await verifyAuditChain(tx)).brokenAt).toEqual({ seq: victim.seq, reason: 'hash-mismatch' });
    });
  });
});

describe('concurrent appends', () => {
  it('50 parallel token creations each get one row, and the chain stays one valid line', async () => {
    const before = await auditCount();
    const results = await Promise.all(Array.from({ length: 50 }, (_, i) => admin.post('/api/auth/tokens', { name: `song song ${i}` })));
    expect(results.map((r) => r.statusCode)).toEqual(Array(50).fill(201));
    expect(await auditCount()).toBe(before + 50);
    for (const r of results) expect(await rowsOfRequest(r.headers['x-request-id'] as string)).toHaveLength(1);
    expect(await verifyAuditChain(db())).toEqual({ ok: true, checked: before + 50 });
    // No two rows link to the same predecessor.
    const prevs = (await db().select({ p: auditLog.prevHash }).from(auditLog)).map((r) => r.p);
    expect(new Set(prevs).size).toBe(prevs.length);
  });
});

describe('GET /api/audit', () => {
  it('lists rows newest first and filters by target', async () => {
    const t = await admin.post('/api/auth/tokens', { name: 'lọc' });
    const r = await admin.get(`/api/audit?targetType=api_token&targetId=${t.json().id}`);
    expect(r.statusCode).toBe(200);
    expect(r.json().items).toHaveLength(1);
    expect(r.json().items[0]).toMatchObject({ action: 'auth.token-create', requestId: t.headers['x-request-id'] });
    const page = (await admin.get('/api/audit?limit=3')).json().items as { seq: number }[];
    expect(page.map((x) => x.seq)).toEqual([...page.map((x) => x.seq)].sort((a, b) => b - a));
  });

  it('GET /api/audit/verify answers the chain’s state to an administrator', async () => {
    const r = await admin.get('/api/audit/verify');
    expect(r.statusCode).toBe(200);
    expect(r.json()).toEqual({ ok: true, checked: await auditCount() });
  });
});
