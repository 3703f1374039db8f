import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { asc, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { appendAudit, openDatabase, type Database } from '../platform/index.js';
import { auditLog } from '../platform/audit/schema.js';
import { testDatabase } from '../platform/testing/index.js';
import { runAuditVerify } from './audit-verify.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * The command runs against the configured database, as `npm run audit:verify` would: a PGlite
 * directory under DATA_DIR, or the PostgreSQL database of DATABASE_URL when the suite runs on PostgreSQL.
 */
let config: { databaseUrl: string | undefined; dataDir: string };
let tmp: string;
let pgDatabase: Database | undefined;
/** Rows in the log once set up (the template may hold some already). */
let total: number;

const open = () => openDatabase(config.databaseUrl ? { databaseUrl: config.databaseUrl, poolSize: 2 } : { dataDir: path.join(config.dataDir, 'pglite') });

beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'tinhso-audit-cli-'));
  const refs = inject('templates');
  let d: Database;
  if (refs.kind === 'pglite') {
    config = { databaseUrl: undefined, dataDir: tmp };
    d = await openDatabase({ dataDir: path.join(tmp, 'pglite'), loadDataDir: new Blob([fs.readFileSync(refs.templates.demo)]) });
  } else {
    pgDatabase = await testDatabase();
    config = { databaseUrl: (pgDatabase.pool!.options as { connectionString: string }).connectionString, dataDir: tmp };
    d = await open();
  }
  for (let i = 0; i < 4; i++) {
    await d.db.transaction((tx) => appendAudit(tx, { actorId: null, actorLabel: 'cli-test', action: 'test.append', targetType: 'test', targetId: String(i), requestId: `req-cli-${i}`, details: { i } }));
  }
  total = (await d.db.select().from(auditLog)).length;
  await d.close();
});

afterAll(async () => {
  await pgDatabase?.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe('npm run audit:verify', () => {
  it('reports an intact chain with its row count, exit code 0', async () => {
    expect(await runAuditVerify(config)).toEqual({ exitCode: 0, message: `audit chain ok: ${total} rows` });
  });

  it('reports the first broken link (seq and reason) after a row was tampered with, exit code 1', async () => {
    const d = await open();
    const rows = await d.db.select().from(auditLog).orderBy(asc(auditLog.seq));
    const first = rows.findIndex((r) => r.requestId === 'req-cli-1');
    const later = rows.findIndex((r) => r.requestId === 'req-cli-3');
    await d.db.transaction(async (tx) => {
      await tx.execute(sql`SET LOCAL session_replication_role = replica`);
      await tx.execute(sql`UPDATE audit_log SET details = '{"i": 99}'::jsonb WHERE seq = ${rows[first]!.seq}`);
      await tx.execute(sql`UPDATE audit_log SET action = 'test.forged' WHERE seq = ${rows[later]!.seq}`);
    });
    await d.close();

    const out = await runAuditVerify(config);
    expect(out.exitCode).toBe(1);
    // The first of the two tampered rows is named, with the rows before it vouched for.
    expect(out.message).toBe(`audit chain broken at seq ${rows[first]!.seq}: hash-mismatch — the row was changed after it was written; ${first} row${first === 1 ? '' : 's'} before it intact`);
  });

  it('the real command prints the same and exits 1', async () => {
    const env = { ...process.env, NODE_ENV: 'production', DATA_DIR: config.dataDir, DATABASE_URL: config.databaseUrl ?? '' };
    const run = promisify(execFile)(process.execPath, ['--import', 'tsx', path.join(ROOT, 'src/cli/audit-verify.ts')], { cwd: ROOT, env });
    const err = (await run.then(() => null, (e: unknown) => e)) as { code: number; stdout: string } | null;
    expect(err?.code).toBe(1);
    expect(err?.stdout).toMatch(/^audit chain broken at seq \d+: hash-mismatch/);
  });

  it('says so when there is no database to check, exit code 2', async () => {
    const out = await runAuditVerify({ databaseUrl: undefined, dataDir: path.join(tmp, 'nothing-here') });
    expect(out.exitCode).toBe(2);
    expect(out.message).toMatch(/no database/);
    expect(fs.existsSync(path.join(tmp, 'nothing-here'))).toBe(false);
  });
});
