import { asc, eq, inArray, sql } from 'drizzle-orm';
import pg from 'pg';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, queryRows, type Database, type Db } from '../db/client.js';
import { testDatabase } from '../testing/index.js';
import { appendAudit, appendAuditBatch } from './audit.js';
import { AuditChainer, CHAINER_LOCK, linkQueued } from './chainer.js';
import { auditChain, auditLog } from './schema.js';
import { verifyAuditChain } from './verify.js';

const log = pino({ level: 'silent' });
let database: Database;
/** On PostgreSQL, a second pool on the same database: another instance of the app. On PGlite, the same one. */
let other: Database;
let chainer: AuditChainer;
const db = (): Db => database.db;
const onPg = () => database.kind === 'postgres';
const url = () => (database.pool!.options as { connectionString: string }).connectionString;

beforeAll(async () => {
  database = await testDatabase('base');
  other = onPg() ? await openDatabase({ databaseUrl: url(), poolSize: 10 }) : database;
  chainer = new AuditChainer({ database, log });
});
afterAll(async () => {
  await chainer.stop();
  if (other !== database) await other.close();
  await database.close();
});

let counter = 0;
/** One transaction writing `n` audit rows; answers their target ids, in the order given. */
async function write(on: Database, n = 1): Promise<string[]> {
  const ids = Array.from({ length: n }, () => `t-${++counter}`);
  await on.db.transaction((tx) =>
    appendAuditBatch(
      tx,
      ids.map((targetId) => ({
        actorId: null,
        actorLabel: 'chainer-test',
        action: 'test.write',
        targetType: 'test',
        targetId,
      })),
    ),
  );
  return ids;
}

/** The counts that say whether every row is linked exactly once. */
async function state() {
  const [r] = await queryRows<{ rows: number; links: number; linked: number; queued: number; maxpos: number }>(
    db(),
    sql`SELECT (SELECT count(*) FROM audit_log)::int AS rows, (SELECT count(*) FROM audit_chain)::int AS links,
               (SELECT count(DISTINCT seq) FROM audit_chain)::int AS linked, (SELECT count(*) FROM audit_pending)::int AS queued,
               (SELECT coalesce(max(pos), 0) FROM audit_chain)::int AS maxpos`,
  );
  return r!;
}

async function expectAllLinkedOnce() {
  const st = await state();
  expect(st).toEqual({ rows: st.rows, links: st.rows, linked: st.rows, queued: 0, maxpos: st.rows });
  expect(await verifyAuditChain(db())).toEqual({
    ok: true,
    checked: st.rows,
    pending: { count: 0, oldestAgeMs: null },
  });
}

const positionsOf = async (targetIds: string[]) => {
  const rows = await db()
    .select({ targetId: auditLog.targetId, seq: auditLog.seq, pos: auditChain.pos })
    .from(auditLog)
    .leftJoin(auditChain, eq(auditChain.seq, auditLog.seq))
    .where(inArray(auditLog.targetId, targetIds))
    .orderBy(asc(auditLog.seq));
  return new Map(rows.map((r) => [r.targetId!, r]));
};

describe('the audit chainer', () => {
  it('writers take no lock: a row is queued when it commits and linked by the next round', async () => {
    const [id] = await write(database);
    expect((await positionsOf([id!])).get(id!)!.pos).toBeNull();
    expect((await state()).queued).toBe(1);
    expect(await chainer.chainNow()).toBe(1);
    expect((await positionsOf([id!])).get(id!)!.pos).toBe((await state()).maxpos);
    await expectAllLinkedOnce();
  });

  it('a round links at most its batch (on PGlite it holds the one connection only that long), in seq order', async () => {
    await chainer.chainNow();
    const ids = await write(database, 5);
    expect(await linkQueued(database, { batch: 3 })).toBe(3);
    expect((await state()).queued).toBe(2);
    expect(await linkQueued(database, { batch: 3 })).toBe(2);
    expect(await linkQueued(database, { batch: 3 })).toBe(0);
    const pos = await positionsOf(ids);
    expect(ids.map((id) => pos.get(id)!.pos! - pos.get(ids[0]!)!.pos!)).toEqual([0, 1, 2, 3, 4]);
    await expectAllLinkedOnce();
  });

  it('concurrent audited writes from many connections are all linked once, in a verifiable order', async () => {
    const ids: string[][] = [];
    let writing = true;
    const writers = (async () => {
      // 30 waves of 10 transactions at once (on PostgreSQL, 10 connections), some writing 3 rows.
      for (let w = 0; w < 30; w++)
        ids.push(...(await Promise.all(Array.from({ length: 10 }, (_, i) => write(other, i % 3 === 0 ? 3 : 1)))));
      writing = false;
    })();
    // Meanwhile the chain is linked again and again, as the instances' rounds would.
    while (writing) await chainer.chainNow();
    await writers;
    await chainer.chainNow();
    await expectAllLinkedOnce();
    // A transaction's rows are linked in the order it wrote them.
    const pos = await positionsOf(ids.flat());
    for (const group of ids) {
      const p = group.map((id) => pos.get(id)!.pos!);
      expect(p).toEqual([...p].sort((a, b) => a - b));
    }
  });

  it('a transaction that rolls back leaves no row, no queue entry and no gap in the chain', async () => {
    await chainer.chainNow();
    const before = await state();
    await expect(
      db().transaction(async (tx) => {
        await appendAudit(tx, {
          actorId: null,
          actorLabel: 'chainer-test',
          action: 'test.doomed',
          targetType: 'test',
          targetId: 'doomed',
        });
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    expect(await state()).toEqual(before);
    await write(database);
    expect(await chainer.chainNow()).toBe(1);
    expect((await state()).maxpos).toBe(before.maxpos + 1);
    await expectAllLinkedOnce();
  });

  it('two chainers racing (two instances on one database) link each row exactly once', async () => {
    const a = new AuditChainer({ database, log, intervalMs: 10, batch: 7 });
    const b = new AuditChainer({ database: other, log, intervalMs: 10, batch: 7 });
    void a.start();
    void b.start();
    try {
      for (let w = 0; w < 20; w++) {
        await Promise.all([write(database, 2), write(other, 3), write(other)]);
        // Every way of linking at once: both instances' on-demand rounds and bare rounds that give up when busy.
        const linked = await Promise.all([
          a.chainNow(),
          b.chainNow(),
          linkQueued(database, { batch: 5 }),
          linkQueued(other, { batch: 5 }),
        ]);
        expect(linked.every((n) => n === null || n >= 0)).toBe(true);
      }
    } finally {
      await Promise.all([a.stop(), b.stop()]);
    }
    await a.chainNow();
    await expectAllLinkedOnce();
  });

  it('a round that finds the lock taken gives up (a periodic round); an on-demand round waits for it', async () => {
    await write(database);
    let release!: () => void;
    const released = new Promise<void>((r) => (release = r));
    let locked!: () => void;
    const isLocked = new Promise<void>((r) => (locked = r));
    // Another chainer in the middle of its round: holds the lock.
    const holder = other.db.transaction(async (tx) => {
      await tx.execute(sql`SELECT pg_advisory_xact_lock(${CHAINER_LOCK})`);
      locked();
      await released;
    });
    await isLocked;
    if (onPg()) {
      expect(await linkQueued(database)).toBeNull();
      const waiting = chainer.chainNow();
      release();
      await holder;
      expect(await waiting).toBe(1);
    } else {
      // PGlite has one connection: the holder's transaction is the only one until it ends.
      release();
      await holder;
      expect(await chainer.chainNow()).toBe(1);
    }
    await expectAllLinkedOnce();
  });

  it.skipIf(!process.env.TEST_DATABASE_URL)(
    'a row whose transaction commits late is linked after the later rows that committed first',
    async () => {
      let commit!: () => void;
      const mayCommit = new Promise<void>((r) => (commit = r));
      let written!: () => void;
      const isWritten = new Promise<void>((r) => (written = r));
      const late = other.db.transaction(async (tx) => {
        await appendAudit(tx, {
          actorId: null,
          actorLabel: 'chainer-test',
          action: 'test.late',
          targetType: 'test',
          targetId: 'late-1',
        });
        written();
        await mayCommit;
      });
      await isWritten;
      const after = await write(database, 3);
      // The open transaction is not waited for: the rows that committed are linked, the late one is not yet visible.
      expect(await chainer.chainNow()).toBe(3);
      await expectAllLinkedOnce();
      commit();
      await late;
      expect(await chainer.chainNow()).toBe(1);
      const pos = await positionsOf(['late-1', ...after]);
      const lateRow = pos.get('late-1')!;
      for (const id of after) {
        expect(pos.get(id)!.seq).toBeGreaterThan(lateRow.seq);
        expect(pos.get(id)!.pos).toBeLessThan(lateRow.pos!);
      }
      await expectAllLinkedOnce();
    },
  );

  it('a queued row with a lower seq than rows already linked (its commit came later) is linked after them', async () => {
    // What a late commit looks like to the chainer, on either database: its number was taken before the others'.
    const [{ seq }] = (await queryRows<{ seq: number }>(
      db(),
      sql`SELECT nextval(pg_get_serial_sequence('audit_log', 'seq'))::int8 AS seq`,
    )) as [{ seq: number }];
    const after = await write(database, 2);
    await chainer.chainNow();
    await db().transaction(async (tx) => {
      await tx.execute(
        sql`INSERT INTO audit_log (seq, at, actor_label, action, target_type, target_id, details) VALUES (${seq}, now(), 'chainer-test', 'test.late', 'test', 'late-2', '{}')`,
      );
      await tx.execute(sql`INSERT INTO audit_pending (seq) VALUES (${seq})`);
    });
    expect(await chainer.chainNow()).toBe(1);
    const pos = await positionsOf(['late-2', ...after]);
    expect(pos.get('late-2')!.pos).toBe((await state()).maxpos);
    for (const id of after) expect(pos.get(id)!.pos).toBeLessThan(pos.get('late-2')!.pos!);
    await expectAllLinkedOnce();
  });

  it('rows a crash left unlinked (written while no chainer ran) are linked by the first round of the next start', async () => {
    await write(database, 4);
    await write(other, 2);
    expect((await state()).queued).toBe(6);
    const next = new AuditChainer({ database: other, log, intervalMs: 60_000 });
    await next.start();
    await next.stop();
    await expectAllLinkedOnce();
  });

  it.skipIf(!process.env.TEST_DATABASE_URL)(
    'a chainer killed in the middle of its round (lock held) leaves its rows to the next round',
    async () => {
      await write(database, 2);
      const victim = new pg.Client({ connectionString: url() });
      await victim.connect();
      await victim.query('BEGIN');
      await victim.query('SELECT pg_advisory_xact_lock($1)', [CHAINER_LOCK]);
      expect(await linkQueued(database)).toBeNull();
      // kill -9: the socket closes without a word; the server ends the transaction and drops its lock.
      victim.on('error', () => undefined);
      (victim as unknown as { connection: { stream: { destroy(): void } } }).connection.stream.destroy();
      expect(await chainer.chainNow()).toBe(2);
      await expectAllLinkedOnce();
    },
  );

  it('verify counts the rows waiting to be linked, and fails on one waiting longer than the limit', async () => {
    await chainer.chainNow();
    await write(database, 2);
    const now = Date.now();
    const young = await verifyAuditChain(db(), { now: () => new Date(now), maxUnlinkedMs: 60_000 });
    expect(young).toMatchObject({ ok: true, pending: { count: 2 } });
    const [oldest] = await queryRows<{ seq: number }>(db(), sql`SELECT min(seq)::int8 AS seq FROM audit_pending`);
    const old = await verifyAuditChain(db(), { now: () => new Date(now + 61_000), maxUnlinkedMs: 60_000 });
    expect(old).toMatchObject({
      ok: false,
      checked: young.checked,
      brokenAt: { seq: Number(oldest!.seq), reason: 'unlinked-too-long' },
      pending: { count: 2 },
    });
    expect(old.pending.oldestAgeMs).toBeGreaterThan(60_000);
    await chainer.chainNow();
    await expectAllLinkedOnce();
  });
});
