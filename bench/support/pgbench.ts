/**
 * The limit beside our figures: pgbench's simple writes (`pgbench -N`, the built-in simple-update: one UPDATE, one
 * SELECT and one INSERT per transaction) on the same PostgreSQL server, with as many clients as our runs use, on a
 * scratch database of its own. It says how many small write transactions per second this server and disk commit.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import pg from 'pg';
import { connections, freshDatabase, serverUrl } from './run.js';

const run = promisify(execFile);
const PGBENCH = process.env.PGBENCH ?? '/usr/bin/pgbench';
const DB = 'tinhso_bench_pgbench';

/** Initialises the scratch database once (`pgbench -i`, scale 1). */
export async function pgbenchInit(): Promise<string> {
  const url = await freshDatabase(DB);
  await run(PGBENCH, ['-i', '-q', url]);
  return url;
}

/** Runs `pgbench -N` for `seconds` with `clients` clients; answers its transactions per second. */
export async function pgbenchSimpleWrites(url: string, seconds = 5, clients = connections): Promise<number> {
  const { stdout } = await run(PGBENCH, ['-N', '-n', '-c', String(clients), '-j', '2', '-T', String(seconds), url]);
  const tps = /tps = ([\d.]+)/.exec(stdout);
  if (!tps) throw new Error(`pgbench: no tps in\n${stdout}`);
  return Number(tps[1]);
}

export async function pgbenchDrop(): Promise<void> {
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${DB} WITH (FORCE)`);
  await admin.end();
}
