import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import type { PgliteDatabase } from 'drizzle-orm/pglite';
import type { NodePgDatabase } from 'drizzle-orm/node-postgres';
import pg from 'pg';
import pino from 'pino';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { openDatabase, queryRows, type Database } from '../db/client.js';
import { MIGRATIONS_DIR, migrateDatabase } from '../db/migrate.js';
import { withDatabase } from '../testing/templates.js';
import { appendAudit } from './audit.js';
import { AuditChainer } from './chainer.js';
import { GENESIS_HASH, linkHash } from './chain.js';
import { verifyAuditChain } from './verify.js';

/** The first migration of the lock-free chain: the database is first built as it was before it. */
const CHAIN_MIGRATION_WHEN = 1795500021000;

let database: Database;
let tmp: string;
let dropDb: (() => Promise<void>) | undefined;

async function admin(serverUrl: string, q: string) {
  const c = new pg.Client({ connectionString: serverUrl });
  await c.connect();
  try {
    await c.query(q);
  } finally {
    await c.end();
  }
}

beforeAll(async () => {
  // The migrations as they were before: the same files, the journal cut before the chain's.
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'tinhso-audit-mig-'));
  fs.cpSync(MIGRATIONS_DIR, tmp, { recursive: true });
  const journalFile = path.join(tmp, 'meta', '_journal.json');
  const journal = JSON.parse(fs.readFileSync(journalFile, 'utf8')) as { entries: { when: number }[] };
  journal.entries = journal.entries.filter((e) => e.when < CHAIN_MIGRATION_WHEN);
  fs.writeFileSync(journalFile, JSON.stringify(journal));

  const refs = inject('templates');
  if (refs.kind === 'pglite') database = await openDatabase({});
  else {
    const name = `tinhso_t_${refs.runId}_${process.pid}_auditmig`;
    await admin(refs.serverUrl!, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin(refs.serverUrl!, `CREATE DATABASE "${name}"`);
    database = await openDatabase({ databaseUrl: withDatabase(refs.serverUrl!, name), poolSize: 2 });
    dropDb = () => admin(refs.serverUrl!, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  }
  const config = { migrationsFolder: tmp, migrationsSchema: 'drizzle' };
  if (database.kind === 'pglite') await migratePglite(database.db as unknown as PgliteDatabase, config);
  else await migratePg(database.db as unknown as NodePgDatabase, config);
});

afterAll(async () => {
  await database?.close();
  await dropDb?.();
  fs.rmSync(tmp, { recursive: true, force: true });
});

it('rows linked the old way (prev_hash and hash on each row) move into the chain and still verify; new rows link after them', async () => {
  // Written as appendAudit wrote them before: each row carries its predecessor's hash and its own.
  let prev = GENESIS_HASH;
  const at = new Date('2026-05-01T01:02:03.456Z');
  for (let seq = 1; seq <= 5; seq++) {
    const f = {
      seq,
      at,
      actorId: null,
      actorLabel: 'old',
      action: 'test.old',
      targetType: 'test',
      targetId: String(seq),
      requestId: `req-old-${seq}`,
      details: { n: seq, nested: { b: 1, a: 2 } },
    };
    const hash = linkHash(prev, f);
    await database.db
      .execute(sql`INSERT INTO audit_log (seq, at, actor_id, actor_label, action, target_type, target_id, request_id, details, prev_hash, hash)
      VALUES (${seq}, ${at.toISOString()}, NULL, 'old', 'test.old', 'test', ${String(seq)}, ${f.requestId}, ${JSON.stringify(f.details)}::jsonb, ${prev}, ${hash})`);
    prev = hash;
  }
  await database.db.execute(sql`SELECT setval(pg_get_serial_sequence('audit_log', 'seq'), 5)`);

  await migrateDatabase(database);
  const links = await queryRows<{ pos: number; seq: number; hash: string }>(
    database.db,
    sql`SELECT pos::int, seq::int, hash FROM audit_chain ORDER BY pos`,
  );
  expect(links.map((l) => [l.pos, l.seq])).toEqual([1, 2, 3, 4, 5].map((n) => [n, n]));
  expect(links[4]!.hash).toBe(prev);
  expect(await verifyAuditChain(database.db)).toEqual({
    ok: true,
    checked: 5,
    pending: { count: 0, oldestAgeMs: null },
  });

  await database.db.transaction((tx) =>
    appendAudit(tx, { actorId: null, actorLabel: 'new', action: 'test.new', targetType: 'test', targetId: '6' }),
  );
  expect(await new AuditChainer({ database, log: pino({ level: 'silent' }) }).chainNow()).toBe(1);
  const [sixth] = await queryRows<{ prev_hash: string }>(
    database.db,
    sql`SELECT prev_hash FROM audit_chain WHERE pos = 6`,
  );
  expect(sixth!.prev_hash).toBe(prev);
  expect(await verifyAuditChain(database.db)).toEqual({
    ok: true,
    checked: 6,
    pending: { count: 0, oldestAgeMs: null },
  });
});
