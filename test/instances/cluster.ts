/**
 * Two (or more) real Tỉnh số processes, started with `src/cli/start.ts` as `npm start` does, on one fresh
 * PostgreSQL database and one shared data directory (the files volume behind a load balancer), each on
 * its own port. They trust the test process as their load balancer (TRUST_PROXY=127.0.0.1), so a test
 * names the client's address in X-Forwarded-For.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { processAlive } from '../../src/platform/db/startup.js';
import { counterReceipt, type CounterReceipt } from '../../bench/support/counter-receipt.js';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const SERVER_URL = process.env.TEST_DATABASE_URL;
if (!SERVER_URL)
  throw new Error('the instance suite runs on PostgreSQL: set TEST_DATABASE_URL (npm run test:instances does)');

export const DEMO_PASSWORD = 'TinhSo@2026';

export interface Instance {
  name: string;
  url: string;
  process: ChildProcess;
  exited: Promise<number | null>;
  output: () => string;
}

export interface Cluster {
  databaseUrl: string;
  dataDir: string;
  a: Instance;
  b: Instance;
  /** A client connection to the database, for checking what was written. */
  pool: pg.Pool;
  close(): Promise<void>;
}

async function freePort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as net.AddressInfo).port;
  await new Promise((r) => s.close(r));
  return port;
}

async function admin(q: string) {
  const c = new pg.Client({ connectionString: SERVER_URL });
  await c.connect();
  try {
    await c.query(q);
  } finally {
    await c.end();
  }
}

/** Starts one instance and resolves once it listens (it prints its URL). */
export async function startInstance(
  name: string,
  databaseUrl: string,
  dataDir: string,
  env: NodeJS.ProcessEnv = {},
): Promise<Instance> {
  const port = await freePort();
  const base = { ...process.env };
  for (const k of ['VITEST', 'VITEST_POOL_ID', 'VITEST_WORKER_ID', 'TEST_DATABASE_URL', 'NODE_ENV']) delete base[k];
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/start.ts'], {
    cwd: ROOT,
    env: {
      ...base,
      NODE_ENV: 'production',
      // Production never loads the demo unless asked: these instances serve the demo province on purpose.
      TINHSO_DEMO: '1',
      // The demo's year of dossiers is made in the background after start: left out so every run sees the same demo.
      DEMO_DOSSIERS: '0',
      GATEWAY_KEY_SECRET: 'cluster-test-gateway-secret',
      DOCUMENTS_KEY_SECRET: 'cluster-test-documents-secret',
      DATABASE_URL: databaseUrl,
      DATA_DIR: dataDir,
      PORT: String(port),
      HOST: '127.0.0.1',
      PUBLIC_URL: `http://127.0.0.1:${port}`,
      TINHSO_SKIP_WEB_BUILD: '1',
      TRUST_PROXY: '127.0.0.1',
      LOG_LEVEL: 'warn',
      JOBS_AUTOSTART: '1',
      JOBS_POLL_MS: '200',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (b: Buffer) => (out += b.toString()));
  child.stderr!.on('data', (b: Buffer) => (out += b.toString()));
  const exited = new Promise<number | null>((resolve) =>
    child.on('exit', (code, signal) => resolve(code ?? (signal ? -1 : null))),
  );
  await new Promise<void>((resolve, reject) => {
    const look = () => out.includes('running at') && resolve();
    child.stdout!.on('data', look);
    void exited.then((code) => reject(new Error(`instance ${name} exited (${code}) before listening:\n${out}`)));
  });
  return { name, url: `http://127.0.0.1:${port}`, process: child, exited, output: () => out };
}

/** Databases a run that died before cleaning up left behind (named after its pid). */
async function dropLeftovers() {
  const c = new pg.Client({ connectionString: SERVER_URL });
  await c.connect();
  try {
    const { rows } = await c.query<{ datname: string }>(
      "SELECT datname FROM pg_database WHERE datname ~ '^tinhso_inst_[0-9]+_'",
    );
    for (const r of rows)
      if (!processAlive(Number(r.datname.split('_')[2])))
        await c.query(`DROP DATABASE IF EXISTS "${r.datname}" WITH (FORCE)`);
  } finally {
    await c.end();
  }
}

/** A fresh database and two instances started on it at the same time (they migrate and seed in turn). */
export async function startCluster(label: string, env: NodeJS.ProcessEnv = {}): Promise<Cluster> {
  await dropLeftovers();
  const dbName = `tinhso_inst_${process.pid}_${label}`;
  await admin(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`);
  await admin(`CREATE DATABASE "${dbName}"`);
  const u = new URL(SERVER_URL!);
  u.pathname = `/${dbName}`;
  const databaseUrl = u.href;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `tinhso-inst-${label}-`));
  const [a, b] = await Promise.all([
    startInstance('A', databaseUrl, dataDir, env),
    startInstance('B', databaseUrl, dataDir, env),
  ]);
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 4 });
  return {
    databaseUrl,
    dataDir,
    a,
    b,
    pool,
    async close() {
      for (const i of [a, b])
        if (i.process.exitCode === null && i.process.signalCode === null) i.process.kill('SIGTERM');
      await Promise.all([a.exited, b.exited]);
      await pool.end();
      await admin(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`);
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export type Headers = Record<string, string>;

/** Logs in through an instance; answers the headers an authenticated unsafe request needs (the session works on every instance). */
export async function login(i: Instance, username: string, password = DEMO_PASSWORD): Promise<Headers> {
  const r = await fetch(`${i.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (!r.ok) throw new Error(`login ${username} on ${i.name}: ${r.status} ${await r.text()}`);
  const cookie = r.headers.get('set-cookie')!.split(';')[0]!;
  const { csrfToken } = (await r.json()) as { csrfToken: string };
  return { cookie, 'x-csrf-token': csrfToken };
}

export async function send(
  i: Instance,
  method: string,
  url: string,
  headers: Headers = {},
  body?: unknown,
): Promise<{ status: number; headers: globalThis.Headers; json: any; text: string }> {
  const r = await fetch(`${i.url}${url}`, {
    method,
    headers: { ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await r.text();
  let json: unknown = null;
  try {
    json = JSON.parse(text);
  } catch {
    /* not JSON */
  }
  return { status: r.status, headers: r.headers, json, text };
}

/** What a counter receipt needs (the same builder the intake benchmark uses). */
export type Intake = CounterReceipt;

/** A counter receipt at the province's public-service centre (key TTHCC), through instance `i`. */
export async function counterIntake(i: Instance, officer: Headers, pool: pg.Pool): Promise<Intake> {
  const receivingAgencyId = (await pool.query<{ id: string }>(`SELECT id FROM agencies WHERE key = 'TTHCC'`)).rows[0]!
    .id;
  return counterReceipt(i.url, officer, receivingAgencyId);
}

/** The sequence numbers of the codes given, sorted: `{desk}-{yymmdd}-{nnnn}`. */
export const sequences = (codes: string[]) =>
  codes.map((c) => Number(c.slice(c.lastIndexOf('-') + 1))).sort((x, y) => x - y);

/** Runs the audit chain check as `npm run audit:verify` does, on the cluster's database. */
export async function auditVerify(databaseUrl: string): Promise<{ code: number | null; output: string }> {
  const base = { ...process.env };
  delete base.TEST_DATABASE_URL;
  const c = spawn(process.execPath, ['--import', 'tsx', 'src/cli/audit-verify.ts'], {
    cwd: ROOT,
    env: { ...base, DATABASE_URL: databaseUrl },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  c.stdout.on('data', (b: Buffer) => (output += b.toString()));
  c.stderr.on('data', (b: Buffer) => (output += b.toString()));
  const code = await new Promise<number | null>((resolve) => c.on('exit', resolve));
  return { code, output: output.trim() };
}
