import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { loadConfig, openConfiguredDatabase, type Config, type Database } from '../platform/index.js';
import { rfc3161Verifier, verifyExchangeLog, type LogVerification } from '../gateway/index.js';

/**
 * `npm run gateway:verify`: checks the integration gateway's exchange log on the configured database (DATABASE_URL,
 * or PGlite under DATA_DIR): the hash chain link by link, each row still present against its link, rows gone only by
 * retention, and every seal (signature and RFC 3161 time-stamp; GATEWAY_TSA_CA: PEM file of the TSA's trusted root,
 * GATEWAY_REQUIRE_TIMESTAMPS=1: a seal without a time-stamp is a failure). It only reads.
 * Exit code 0: intact; 1: broken; 2: could not check.
 */
export interface GatewayVerifyOutcome {
  exitCode: 0 | 1 | 2;
  message: string;
  result?: LogVerification;
}

export function gatewayVerifyReport(r: LogVerification): GatewayVerifyOutcome {
  const head = `${r.links} links, ${r.rows} rows present, ${r.seals} seals`;
  if (r.valid) return { exitCode: 0, message: `gateway exchange log ok: ${head}`, result: r };
  const lines = r.problems
    .slice(0, 20)
    .map(
      (p) =>
        `  ${p.reason}${p.pos !== undefined ? ` at position ${p.pos}` : ''}${p.seq !== undefined ? ` (row ${p.seq})` : ''}${p.sealId !== undefined ? ` (seal ${p.sealId})` : ''}`,
    );
  return {
    exitCode: 1,
    message: `gateway exchange log BROKEN: ${r.problems.length} problem(s); ${head}\n${lines.join('\n')}`,
    result: r,
  };
}

export async function runGatewayVerify(
  config: Pick<Config, 'databaseUrl' | 'dataDir'>,
  env: NodeJS.ProcessEnv = process.env,
  database?: Database,
): Promise<GatewayVerifyOutcome> {
  const pgliteDir = path.join(config.dataDir, 'pglite');
  if (!database && !config.databaseUrl && !fs.existsSync(pgliteDir))
    return { exitCode: 2, message: `no database: ${pgliteDir} does not exist (set DATA_DIR or DATABASE_URL)` };
  let opened: Database | undefined;
  try {
    const db = database ?? (opened = await openConfiguredDatabase(config));
    const trusted = env.GATEWAY_TSA_CA ? [fs.readFileSync(env.GATEWAY_TSA_CA, 'utf8')] : undefined;
    return gatewayVerifyReport(
      await verifyExchangeLog(db, {
        timestamps: rfc3161Verifier(trusted),
        requireTimestamps: env.GATEWAY_REQUIRE_TIMESTAMPS === '1',
      }),
    );
  } catch (err) {
    return { exitCode: 2, message: `could not verify the gateway log: ${(err as Error).message}` };
  } finally {
    await opened?.close();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const out = await runGatewayVerify(loadConfig());
  (out.exitCode === 2 ? console.error : console.log)(out.message);
  process.exitCode = out.exitCode;
}
