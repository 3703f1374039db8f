import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { asc, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import pino from 'pino';
import { appendAudit, AuditChainer, openDatabase, type Database } from '../platform/index.js';
import { auditLog } from '../platform/audit/schema.js';
import { testDatabase } from '../platform/testing/index.js';
import { auditVerifyReport, runAuditVerify } from './audit-verify.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * The command runs against the configured database, as `npm run audit:verify` would: a PGlite
 * directory under DATA_DIR, or the PostgreSQL database of DATABASE_URL when the suite runs on PostgreSQL.
 * Each test has a database of its own, so that none depends on what another did to its log.
 */
type Config = { databaseUrl: string | undefined; dataDir: string };
let tmp: string;
const pgDatabases: Database[] = [];

const open = (config: Config) =>
  openDatabase(
    config.databaseUrl
      ? { databaseUrl: config.databaseUrl, poolSize: 2 }
      : { dataDir: path.join(config.dataDir, 'pglite') },
  );

/** A fresh configured database from the demo template, with four rows of our own appended and linked; `total`: rows in its log. */
async function freshConfig(): Promise<{ config: Config; total: number }> {
  const refs = inject('templates');
  const dataDir = fs.mkdtempSync(path.join(tmp, 'db-'));
  let config: Config;
  let d: Database;
  if (refs.kind === 'pglite') {
    config = { databaseUrl: undefined, dataDir };
    d = await openDatabase({
      dataDir: path.join(dataDir, 'pglite'),
      loadDataDir: new Blob([fs.readFileSync(refs.templates.demo)]),
    });
  } else {
    const pg = await testDatabase();
    pgDatabases.push(pg);
    config = { databaseUrl: (pg.pool!.options as { connectionString: string }).connectionString, dataDir };
    d = await open(config);
  }
  for (let i = 0; i < 4; i++) {
    await d.db.transaction((tx) =>
      appendAudit(tx, {
        actorId: null,
        actorLabel: 'cli-test',
        action: 'test.append',
        targetType: 'test',
        targetId: String(i),
        requestId: `req-cli-${i}`,
        details: { i },
      }),
    );
  }
  // Linked as a running instance's chainer would.
  await new AuditChainer({ database: d, log: pino({ level: 'silent' }) }).chainNow();
  const total = (await d.db.select().from(auditLog)).length;
  await d.close();
  return { config, total };
}

/** Changes two of our rows behind the log's back; the rows in order and the index of the first one changed. */
async function tamper(config: Config) {
  const d = await open(config);
  const rows = await d.db.select().from(auditLog).orderBy(asc(auditLog.seq));
  const first = rows.findIndex((r) => r.requestId === 'req-cli-1');
  const later = rows.findIndex((r) => r.requestId === 'req-cli-3');
  await d.db.transaction(async (tx) => {
    await tx.execute(sql`SET LOCAL session_replication_role = replica`);
    await tx.execute(sql`UPDATE audit_log SET details = '{"i": 99}'::jsonb WHERE seq = ${rows[first]!.seq}`);
    await tx.execute(sql`UPDATE audit_log SET action = 'test.forged' WHERE seq = ${rows[later]!.seq}`);
  });
  await d.close();
  return { rows, first };
}

beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'tinhso-audit-cli-'));
});

afterAll(async () => {
  for (const d of pgDatabases) await d.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe('npm run audit:verify', () => {
  it('reports an intact chain with its row count, exit code 0', async () => {
    const { config, total } = await freshConfig();
    expect(await runAuditVerify(config)).toEqual({ exitCode: 0, message: `audit chain ok: ${total} rows` });
  });

  it('reports the first broken link (seq and reason) after a row was tampered with, exit code 1', async () => {
    const { config } = await freshConfig();
    const { rows, first } = await tamper(config);
    const out = await runAuditVerify(config);
    expect(out.exitCode).toBe(1);
    // The first of the two tampered rows is named, with the rows before it vouched for.
    expect(out.message).toBe(
      `audit chain broken at seq ${rows[first]!.seq}: hash-mismatch — the row or its link was changed after it was linked; ${first} row${first === 1 ? '' : 's'} before it intact`,
    );
  });

  it('the real command prints the same and exits 1', async () => {
    const { config } = await freshConfig();
    const { rows, first } = await tamper(config);
    const expected = (await runAuditVerify(config)).message;
    expect(expected).toMatch(new RegExp(`^audit chain broken at seq ${rows[first]!.seq}: hash-mismatch`));
    const env = {
      ...process.env,
      NODE_ENV: 'production',
      DATA_DIR: config.dataDir,
      DATABASE_URL: config.databaseUrl ?? '',
    };
    const run = promisify(execFile)(process.execPath, ['--import', 'tsx', path.join(ROOT, 'src/cli/audit-verify.ts')], {
      cwd: ROOT,
      env,
    });
    const err = (await run.then(
      () => null,
      (e: unknown) => e,
    )) as { code: number; stdout: string } | null;
    expect(err?.code).toBe(1);
    expect(err?.stdout.trim()).toBe(expected);
  });

  it('reports the rows waiting to be linked, and exits 1 when one has waited longer than the limit', async () => {
    // A database of its own, so that the tampering above does not matter here.
    const fresh = await testDatabase('base');
    try {
      await fresh.db.transaction((tx) =>
        appendAudit(tx, {
          actorId: null,
          actorLabel: 'cli-test',
          action: 'test.append',
          targetType: 'test',
          targetId: 'w',
        }),
      );
      const now = Date.now();
      const ok = await auditVerifyReport(fresh.db, { maxUnlinkedMs: 60_000, now: () => new Date(now) });
      expect(ok.exitCode).toBe(0);
      expect(ok.message).toMatch(/^audit chain ok: 0 rows; 1 row waiting to be linked \(oldest \d+\.\d s\)$/);
      const late = await auditVerifyReport(fresh.db, { maxUnlinkedMs: 60_000, now: () => new Date(now + 120_000) });
      expect(late.exitCode).toBe(1);
      expect(late.message).toMatch(
        /^audit chain broken at seq \d+: unlinked-too-long — .*; 0 rows before it intact; 1 row waiting to be linked \(oldest 1[12]\d\.\d s\)$/,
      );
    } finally {
      await fresh.close();
    }
  });

  it('says so when there is no database to check, exit code 2', async () => {
    const out = await runAuditVerify({ databaseUrl: undefined, dataDir: path.join(tmp, 'nothing-here') });
    expect(out.exitCode).toBe(2);
    expect(out.message).toMatch(/no database/);
    expect(fs.existsSync(path.join(tmp, 'nothing-here'))).toBe(false);
  });
});
