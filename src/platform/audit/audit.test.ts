import crypto from 'node:crypto';
import { asc, count, eq, getTableColumns, sql } from 'drizzle-orm';
import type { FastifyRequest } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testServer, type Client, type TestServer } from '../testing/index.js';
import { queryRows, type Executor } from '../db/client.js';
import { transact } from '../http/transact.js';
import { apiTokens } from '../auth/schema.js';
import { auditChain, auditLog } from './schema.js';
import { GENESIS_HASH, linkHash } from './chain.js';
import { verifyAuditChain } from './verify.js';
import { appendAudit } from './audit.js';
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

/** A few more rows so a tampered row can sit in the middle of the chain: every row linked, in chain order. */
async function ensureRows(n: number) {
  while ((await auditCount()) < n)
    expect((await admin.post('/api/auth/tokens', { name: 'filler' })).statusCode).toBe(201);
  await s.ctx.audit.chainNow();
  return db()
    .select({ ...getTableColumns(auditLog), pos: auditChain.pos, prevHash: auditChain.prevHash, hash: auditChain.hash })
    .from(auditChain)
    .innerJoin(auditLog, eq(auditLog.seq, auditChain.seq))
    .orderBy(asc(auditChain.pos));
}
const fieldsOf = (r: typeof auditLog.$inferSelect) => ({
  seq: r.seq,
  at: r.at,
  actorId: r.actorId,
  actorLabel: r.actorLabel,
  action: r.action,
  targetType: r.targetType,
  targetId: r.targetId,
  requestId: r.requestId,
  details: r.details,
  agencyId: r.agencyId,
  unitId: r.unitId,
});
const NONE_PENDING = { count: 0, oldestAgeMs: null };

describe('every state change writes one audit row in its transaction', () => {
  it('a login: actor, action, target, time and the request id of the response', async () => {
    const before = Date.now();
    const r = await s.anonymous.request({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'lanhdao', password: DEMO_PASSWORD },
      headers: { 'x-request-id': 'req-login-000001' },
    });
    expect(r.statusCode).toBe(200);
    expect(r.headers['x-request-id']).toBe('req-login-000001');
    const rows = await rowsOfRequest('req-login-000001');
    expect(rows).toHaveLength(1);
    const account = r.json().account;
    expect(rows[0]).toMatchObject({
      actorId: account.id,
      actorLabel: 'lanhdao',
      action: 'auth.login',
      targetType: 'account',
      targetId: account.id,
    });
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
    expect(rows[0]).toMatchObject({
      actorId: admin.accountId,
      actorLabel: 'admin',
      action: 'auth.token-create',
      targetType: 'api_token',
      targetId: r.json().id,
      details: { name: 'cổng dịch vụ công' },
    });
    // The secret itself is never audited.
    expect(JSON.stringify(rows[0])).not.toContain(r.json().token);
  });

  it('a failed login is recorded too, without the password', async () => {
    const r = await s.anonymous.request({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'VanThu', password: 'wrong-password-x' },
      headers: { 'x-request-id': 'req-badlogin-01' },
    });
    expect(r.statusCode).toBe(401);
    const rows = await rowsOfRequest('req-badlogin-01');
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      actorId: null,
      actorLabel: 'anonymous',
      action: 'auth.login-failed',
      details: { username: 'vanthu' },
    });
    expect(JSON.stringify(rows[0])).not.toContain('wrong-password-x');
  });

  it('a refused request changes nothing and writes nothing', async () => {
    const citizen = await s.login('congdan');
    const n = await auditCount();
    const r = await citizen.request({
      method: 'POST',
      url: '/api/auth/tokens',
      payload: { name: 'x' },
      headers: { 'x-request-id': 'req-refused-001' },
    });
    expect(r.statusCode).toBe(403);
    expect(await auditCount()).toBe(n);
  });

  it('an error after the audit call rolls back both the change and its audit row', async () => {
    const n = await auditCount();
    const tokensBefore = (await db().select({ n: count() }).from(apiTokens))[0]!.n;
    const req = {
      id: 'req-rollback-001',
      principal: { accountId: admin.accountId!, username: 'admin' },
      server: s.app,
      audited: false,
    } as unknown as FastifyRequest;
    await expect(
      transact(req, async (tx, audit) => {
        const [row] = await tx
          .insert(apiTokens)
          .values({ accountId: admin.accountId!, name: 'doomed', tokenHash: 'h'.repeat(64), prefix: 'tsk_doomed' })
          .returning();
        await audit({ action: 'auth.token-create', targetType: 'api_token', targetId: row!.id });
        throw new Error('the handler fails after auditing');
      }),
    ).rejects.toThrow('the handler fails after auditing');
    expect(await auditCount()).toBe(n);
    expect((await db().select({ n: count() }).from(apiTokens))[0]!.n).toBe(tokensBefore);
    expect(await rowsOfRequest('req-rollback-001')).toHaveLength(0);
  });

  it('links each row to the previous one by hash, from the genesis hash, once the chainer has run', async () => {
    const rows = await ensureRows(3);
    expect(rows.map((r) => r.pos)).toEqual(rows.map((_, i) => i + 1));
    expect(rows[0]!.prevHash).toBe(GENESIS_HASH);
    for (let i = 1; i < rows.length; i++) expect(rows[i]!.prevHash).toBe(rows[i - 1]!.hash);
    const r = rows[rows.length - 1]!;
    expect(r.hash).toBe(linkHash(r.prevHash, fieldsOf(r)));
  });

  it('a row without a scope hashes exactly as before scopes existed; a scope is covered when present', () => {
    const f = {
      seq: 7,
      at: new Date('2026-03-01T02:03:04.005Z'),
      actorId: 'a1',
      actorLabel: 'admin',
      action: 'auth.login',
      targetType: 'account',
      targetId: 'a1',
      requestId: 'req-1',
      details: { b: [1, { z: 1, a: null }], a: 'x' },
    };
    // Computed with the hash function as it was before audit rows had scopes (git show HEAD~:src/platform/audit/chain.ts).
    const before = '76820aca82dc544cf0545bbf4ce4e02d668e708c2837735fb99cca6053ecfc9c';
    expect(linkHash(GENESIS_HASH, f)).toBe(before);
    expect(linkHash(GENESIS_HASH, { ...f, agencyId: null, unitId: null })).toBe(before);
    const agency = linkHash(GENESIS_HASH, { ...f, agencyId: '00000000-0000-4000-8000-000000000001' });
    const unit = linkHash(GENESIS_HASH, { ...f, unitId: '00000000-0000-4000-8000-000000000001' });
    expect(new Set([before, agency, unit]).size).toBe(3);
  });

  it('a scope is stored in its columns and covered by the row’s link', async () => {
    const agencyId = crypto.randomUUID();
    const unitId = crypto.randomUUID();
    await db().transaction((tx) =>
      appendAudit(tx, {
        actorId: null,
        actorLabel: 'system',
        action: 'test.scoped',
        targetType: 'test',
        targetId: 'scoped-1',
        scope: { agencyId, unitId },
      }),
    );
    const rows = await ensureRows(1);
    const row = rows.find((r) => r.targetId === 'scoped-1')!;
    expect(row).toMatchObject({ agencyId, unitId });
    expect(row.hash).toBe(linkHash(row.prevHash, fieldsOf(row)));
    expect(row.hash).not.toBe(linkHash(row.prevHash, { ...fieldsOf(row), agencyId: null, unitId: null }));
    await inRolledBackTx(async (tx) => {
      await tx.execute(sql`SET LOCAL session_replication_role = replica`);
      await tx.execute(sql`UPDATE audit_log SET unit_id = ${crypto.randomUUID()} WHERE seq = ${row.seq}`);
      expect((await verifyAuditChain(tx)).brokenAt).toEqual({ seq: row.seq, pos: row.pos, reason: 'hash-mismatch' });
    });
  });
});

describe('verifying the chain', () => {
  it('an intact log verifies, every row checked', async () => {
    await ensureRows(1);
    const n = await auditCount();
    expect(n).toBeGreaterThan(0);
    expect(await verifyAuditChain(db())).toEqual({ ok: true, checked: n, pending: NONE_PENDING });
    // Small batches walk the same chain.
    expect(await verifyAuditChain(db(), { batch: 2 })).toEqual({ ok: true, checked: n, pending: NONE_PENDING });
  });

  it('an empty log verifies', async () => {
    await inRolledBackTx(async (tx) => {
      await tx.execute(sql`ALTER TABLE audit_log DISABLE TRIGGER USER`);
      await tx.execute(sql`ALTER TABLE audit_chain DISABLE TRIGGER USER`);
      await tx.execute(sql`DELETE FROM audit_log`);
      await tx.execute(sql`DELETE FROM audit_chain`);
      await tx.execute(sql`DELETE FROM audit_pending`);
      expect(await verifyAuditChain(tx)).toEqual({ ok: true, checked: 0, pending: NONE_PENDING });
    });
  });

  it('the database refuses UPDATE, DELETE and TRUNCATE on the log and on its links', async () => {
    const [first] = await ensureRows(1);
    // Drizzle wraps the driver's error; the trigger's message is on its cause.
    const refusal = (e: unknown) =>
      /append-only/.test(String((e as { cause?: Error }).cause?.message ?? (e as Error).message));
    await expect(db().execute(sql`UPDATE audit_log SET action = 'x' WHERE seq = ${first!.seq}`)).rejects.toSatisfy(
      refusal,
    );
    await expect(db().execute(sql`DELETE FROM audit_log WHERE seq = ${first!.seq}`)).rejects.toSatisfy(refusal);
    await expect(db().execute(sql`TRUNCATE audit_log`)).rejects.toSatisfy(refusal);
    await expect(db().execute(sql`UPDATE audit_chain SET hash = 'x' WHERE pos = ${first!.pos}`)).rejects.toSatisfy(
      refusal,
    );
    await expect(db().execute(sql`DELETE FROM audit_chain WHERE pos = ${first!.pos}`)).rejects.toSatisfy(refusal);
    await expect(db().execute(sql`TRUNCATE audit_chain`)).rejects.toSatisfy(refusal);
    expect((await verifyAuditChain(db())).ok).toBe(true);
  });

  it('a row changed behind the trigger’s back (session_replication_role = replica) is reported at its seq', async () => {
    const rows = await ensureRows(5);
    const victim = rows[2]!;
    await inRolledBackTx(async (tx) => {
      // What an attacker with database access can do: triggers do not fire for a replica session.
      await tx.execute(sql`SET LOCAL session_replication_role = replica`);
      await tx.execute(sql`UPDATE audit_log SET actor_label = 'someone-else' WHERE seq = ${victim.seq}`);
      expect(await verifyAuditChain(tx)).toEqual({
        ok: false,
        checked: 2,
        brokenAt: { seq: victim.seq, pos: victim.pos, reason: 'hash-mismatch' },
        pending: NONE_PENDING,
      });
    });
    expect((await verifyAuditChain(db())).ok).toBe(true);
  });

  it('recomputing the changed row’s own link hash only moves the break to the next row', async () => {
    const rows = await ensureRows(5);
    const victim = rows[1]!;
    const forged = { ...fieldsOf(victim), action: 'auth.logout' };
    await inRolledBackTx(async (tx) => {
      await tx.execute(sql`SET LOCAL session_replication_role = replica`);
      await tx.execute(sql`UPDATE audit_log SET action = ${forged.action} WHERE seq = ${victim.seq}`);
      await tx.execute(
        sql`UPDATE audit_chain SET hash = ${linkHash(victim.prevHash, forged)} WHERE pos = ${victim.pos}`,
      );
      expect(await verifyAuditChain(tx)).toMatchObject({
        ok: false,
        brokenAt: { seq: rows[2]!.seq, reason: 'prev-hash-mismatch' },
      });
    });
  });

  it('a deleted middle row is caught at its link', async () => {
    const rows = await ensureRows(5);
    await inRolledBackTx(async (tx) => {
      await tx.execute(sql`ALTER TABLE audit_log DISABLE TRIGGER USER`);
      await tx.execute(sql`DELETE FROM audit_log WHERE seq = ${rows[2]!.seq}`);
      expect(await verifyAuditChain(tx)).toEqual({
        ok: false,
        checked: 2,
        brokenAt: { seq: rows[2]!.seq, pos: rows[2]!.pos, reason: 'row-missing' },
        pending: NONE_PENDING,
      });
    });
  });

  it('a deleted middle row taken out with its link is caught at the row after it', async () => {
    const rows = await ensureRows(5);
    await inRolledBackTx(async (tx) => {
      await tx.execute(sql`SET LOCAL session_replication_role = replica`);
      await tx.execute(sql`DELETE FROM audit_log WHERE seq = ${rows[2]!.seq}`);
      await tx.execute(sql`DELETE FROM audit_chain WHERE pos = ${rows[2]!.pos}`);
      expect(await verifyAuditChain(tx)).toMatchObject({
        ok: false,
        checked: 2,
        brokenAt: { seq: rows[3]!.seq, reason: 'prev-hash-mismatch' },
      });
    });
  });

  it('a row inserted around the platform (not linked, not queued) is caught', async () => {
    const rows = await ensureRows(5);
    await inRolledBackTx(async (tx) => {
      await tx.execute(
        sql`INSERT INTO audit_log (at, actor_label, action, target_type, details) VALUES (now(), 'intruder', 'auth.login', 'account', '{}')`,
      );
      const [{ seq }] = (await queryRows<{ seq: number }>(tx, sql`SELECT max(seq) AS seq FROM audit_log`)) as [
        { seq: number },
      ];
      expect(await verifyAuditChain(tx)).toEqual({
        ok: false,
        checked: rows.length,
        brokenAt: { seq: Number(seq), reason: 'not-linked' },
        pending: NONE_PENDING,
      });
    });
  });

  it('tampering with the link table is caught: a changed hash, a removed link, two links swapped', async () => {
    const rows = await ensureRows(5);
    await inRolledBackTx(async (tx) => {
      await tx.execute(sql`SET LOCAL session_replication_role = replica`);
      await tx.execute(sql`UPDATE audit_chain SET hash = ${'f'.repeat(64)} WHERE pos = ${rows[1]!.pos}`);
      expect((await verifyAuditChain(tx)).brokenAt).toEqual({
        seq: rows[1]!.seq,
        pos: rows[1]!.pos,
        reason: 'hash-mismatch',
      });
    });
    await inRolledBackTx(async (tx) => {
      // The last link removed: its row is then neither linked nor queued.
      await tx.execute(sql`SET LOCAL session_replication_role = replica`);
      const last = rows[rows.length - 1]!;
      await tx.execute(sql`DELETE FROM audit_chain WHERE pos = ${last.pos}`);
      expect((await verifyAuditChain(tx)).brokenAt).toEqual({ seq: last.seq, reason: 'not-linked' });
    });
    await inRolledBackTx(async (tx) => {
      // Two rows' places in the chain exchanged.
      await tx.execute(sql`SET LOCAL session_replication_role = replica`);
      await tx.execute(sql`UPDATE audit_chain SET seq = -1 WHERE pos = ${rows[1]!.pos}`);
      await tx.execute(sql`UPDATE audit_chain SET seq = ${rows[1]!.seq} WHERE pos = ${rows[2]!.pos}`);
      await tx.execute(sql`UPDATE audit_chain SET seq = ${rows[2]!.seq} WHERE pos = ${rows[1]!.pos}`);
      expect((await verifyAuditChain(tx)).brokenAt).toEqual({
        seq: rows[2]!.seq,
        pos: rows[1]!.pos,
        reason: 'hash-mismatch',
      });
    });
  });

  it('a changed timestamp or details are caught, whatever the key order jsonb keeps', async () => {
    const rows = await ensureRows(5);
    const victim = rows.find((r) => Object.keys(r.details).length > 0) ?? rows[3]!;
    await inRolledBackTx(async (tx) => {
      await tx.execute(sql`SET LOCAL session_replication_role = replica`);
      await tx.execute(sql`UPDATE audit_log SET at = at + interval '1 millisecond' WHERE seq = ${victim.seq}`);
      expect((await verifyAuditChain(tx)).brokenAt).toEqual({
        seq: victim.seq,
        pos: victim.pos,
        reason: 'hash-mismatch',
      });
    });
    await inRolledBackTx(async (tx) => {
      await tx.execute(sql`SET LOCAL session_replication_role = replica`);
      await tx.execute(sql`UPDATE audit_log SET details = details || '{"extra": 1}'::jsonb WHERE seq = ${victim.seq}`);
      expect((await verifyAuditChain(tx)).brokenAt).toEqual({
        seq: victim.seq,
        pos: victim.pos,
        reason: 'hash-mismatch',
      });
    });
  });
});

describe('concurrent appends', () => {
  it('50 parallel token creations each get one row, and the chain stays one valid line', async () => {
    await s.ctx.audit.chainNow();
    const before = await auditCount();
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) => admin.post('/api/auth/tokens', { name: `song song ${i}` })),
    );
    expect(results.map((r) => r.statusCode)).toEqual(Array(50).fill(201));
    expect(await auditCount()).toBe(before + 50);
    for (const r of results) expect(await rowsOfRequest(r.headers['x-request-id'] as string)).toHaveLength(1);
    expect(await s.ctx.audit.chainNow()).toBe(50);
    expect(await verifyAuditChain(db())).toEqual({ ok: true, checked: before + 50, pending: NONE_PENDING });
    // No two rows link to the same predecessor.
    const prevs = (await db().select({ p: auditChain.prevHash }).from(auditChain)).map((r) => r.p);
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

  it('shows each row’s link hash: the rows committed before the request are linked first', async () => {
    const t = await admin.post('/api/auth/tokens', { name: 'băm' });
    const r = await admin.get(`/api/audit?targetType=api_token&targetId=${t.json().id}`);
    const [link] = await db().select().from(auditChain).where(eq(auditChain.seq, r.json().items[0].seq));
    expect(r.json().items[0].hash).toMatch(/^[0-9a-f]{64}$/);
    expect(r.json().items[0].hash).toBe(link!.hash);
  });

  it('GET /api/audit/verify answers the chain’s state to an administrator, with the rows waiting to be linked', async () => {
    await s.ctx.audit.chainNow();
    await admin.post('/api/auth/tokens', { name: 'chờ' });
    const r = await admin.get('/api/audit/verify');
    expect(r.statusCode).toBe(200);
    expect(r.json()).toMatchObject({ ok: true, checked: (await auditCount()) - 1, pending: { count: 1 } });
    expect(r.json().pending.oldestAgeMs).toBeGreaterThanOrEqual(0);
    await s.ctx.audit.chainNow();
    expect((await admin.get('/api/audit/verify')).json()).toEqual({
      ok: true,
      checked: await auditCount(),
      pending: NONE_PENDING,
    });
  });
});
