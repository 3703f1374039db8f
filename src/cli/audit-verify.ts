import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  loadConfig,
  openConfiguredDatabase,
  verifyAuditChain,
  type BrokenReason,
  type Config,
  type Executor,
  type VerifyOptions,
} from '../platform/index.js';

/**
 * `npm run audit:verify`: walks the audit log's hash chain on the configured database
 * (DATABASE_URL, or PGlite under DATA_DIR) and reports the first broken link, and the rows still waiting for the
 * chainer (one waiting longer than AUDIT_MAX_UNLINKED_MS is a failure). It only reads: it links nothing.
 * Exit code 0: intact; 1: broken; 2: could not check.
 */
export interface AuditVerifyOutcome {
  exitCode: 0 | 1 | 2;
  message: string;
}

const WHY: Record<BrokenReason, string> = {
  'hash-mismatch': 'the row or its link was changed after it was linked',
  'prev-hash-mismatch':
    'the row does not link to the row before it (a link was removed, inserted or reordered before it)',
  'position-gap': 'a link before it was removed',
  'row-missing': 'the row was removed from the log',
  'not-linked': 'the row is neither linked nor waiting to be (written around the platform, or its link removed)',
  'unlinked-too-long': 'the row has waited to be linked longer than AUDIT_MAX_UNLINKED_MS (is no instance running?)',
};

const rows = (n: number) => `${n} row${n === 1 ? '' : 's'}`;

export async function auditVerifyReport(ex: Executor, opts: VerifyOptions = {}): Promise<AuditVerifyOutcome> {
  const r = await verifyAuditChain(ex, opts);
  const { count, oldestAgeMs } = r.pending;
  const waiting = count
    ? `; ${rows(count)} waiting to be linked (oldest ${((oldestAgeMs ?? 0) / 1000).toFixed(1)} s)`
    : '';
  if (r.ok || !r.brokenAt) return { exitCode: 0, message: `audit chain ok: ${rows(r.checked)}${waiting}` };
  const { seq, reason } = r.brokenAt;
  return {
    exitCode: 1,
    message: `audit chain broken at seq ${seq}: ${reason} — ${WHY[reason]}; ${rows(r.checked)} before it intact${waiting}`,
  };
}

export async function runAuditVerify(
  config: Pick<Config, 'databaseUrl' | 'dataDir'> & { audit?: Pick<Config['audit'], 'maxUnlinkedMs'> },
): Promise<AuditVerifyOutcome> {
  // Opening a PGlite directory that does not exist would create an empty database: say so instead.
  const pgliteDir = path.join(config.dataDir, 'pglite');
  if (!config.databaseUrl && !fs.existsSync(pgliteDir))
    return { exitCode: 2, message: `no database: ${pgliteDir} does not exist (set DATA_DIR or DATABASE_URL)` };
  let database;
  try {
    database = await openConfiguredDatabase(config);
    return await auditVerifyReport(database.db, { maxUnlinkedMs: config.audit?.maxUnlinkedMs });
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
