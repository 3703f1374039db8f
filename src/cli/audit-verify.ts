import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { loadConfig, openConfiguredDatabase, verifyAuditChain, type Config, type Executor } from '../platform/index.js';

/**
 * `npm run audit:verify`: walks the audit log's hash chain on the configured database
 * (DATABASE_URL, or PGlite under DATA_DIR) and reports the first broken link.
 * Exit code 0: intact; 1: broken; 2: could not check.
 */
export interface AuditVerifyOutcome {
  exitCode: 0 | 1 | 2;
  message: string;
}

const WHY = {
  'hash-mismatch': 'the row was changed after it was written',
  'prev-hash-mismatch': 'the row does not link to the row before it (a row was removed or inserted before it)',
} as const;

const rows = (n: number) => `${n} row${n === 1 ? '' : 's'}`;

export async function auditVerifyReport(ex: Executor): Promise<AuditVerifyOutcome> {
  const r = await verifyAuditChain(ex);
  if (r.ok || !r.brokenAt) return { exitCode: 0, message: `audit chain ok: ${rows(r.checked)}` };
  const { seq, reason } = r.brokenAt;
  return { exitCode: 1, message: `audit chain broken at seq ${seq}: ${reason} — ${WHY[reason]}; ${rows(r.checked)} before it intact` };
}

export async function runAuditVerify(config: Pick<Config, 'databaseUrl' | 'dataDir'>): Promise<AuditVerifyOutcome> {
  // Opening a PGlite directory that does not exist would create an empty database: say so instead.
  const pgliteDir = path.join(config.dataDir, 'pglite');
  if (!config.databaseUrl && !fs.existsSync(pgliteDir)) return { exitCode: 2, message: `no database: ${pgliteDir} does not exist (set DATA_DIR or DATABASE_URL)` };
  let database;
  try {
    database = await openConfiguredDatabase(config);
    return await auditVerifyReport(database.db);
  } catch (err) {
    return { exitCode: 2, message: `could not verify the audit chain: ${(err as Error).message}` };
  } finally {
    await database?.close();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const out = await runAuditVerify(loadConfig());
  (out.exitCode === 2 ? console.error : console.log)(out.message);
  process.exitCode = out.exitCode;
}
