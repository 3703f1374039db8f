/**
 * Authenticated read throughput: GET /api/auth/session (session cookie → account and grants, one query)
 * against a bare Fastify + pg server doing the session lookup, both on the same PostgreSQL in the same run.
 * Usage: npm run bench   (BENCH_PG=postgres://… to choose the server; BENCH_SECONDS, BENCH_CONNECTIONS)
 */
import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import readline from 'node:readline';
import autocannon from 'autocannon';
import pg from 'pg';

const serverUrl = process.env.BENCH_PG ?? 'postgres://postgres@127.0.0.1:5432/test';
const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 50);
const dbName = 'tinhso_bench';

const admin = new pg.Client({ connectionString: serverUrl });
await admin.connect();
await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
await admin.query(`CREATE DATABASE ${dbName}`);
await admin.end();
const u = new URL(serverUrl);
u.pathname = `/${dbName}`;

const child = spawn(process.execPath, ['--import', 'tsx', 'bench/support/servers.ts'], { env: { ...process.env, BENCH_DATABASE_URL: u.href }, stdio: ['ignore', 'pipe', 'inherit'] });
const ports = await new Promise<{ app: number; bare: number }>((resolve, reject) => {
  const rl = readline.createInterface({ input: child.stdout! });
  rl.on('line', (l) => { try { resolve(JSON.parse(l)); } catch { /* other output */ } });
  child.on('exit', (c) => reject(new Error(`server exited ${c}`)));
});

const login = await fetch(`http://127.0.0.1:${ports.app}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'motcua', password: 'TinhSo@2026' }) });
const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
const sessionId = crypto.createHash('sha256').update(cookie.split('=')[1]!).digest('hex');

async function run(title: string, url: string, headers: Record<string, string> = {}) {
  await autocannon({ url, connections, duration: 2, headers }); // warm-up
  const r = await autocannon({ url, connections, duration: seconds, headers });
  if (r.non2xx > 0 || r.errors > 0) throw new Error(`${title}: ${r.non2xx} non-2xx, ${r.errors} errors`);
  console.log(`${title.padEnd(48)} ${r.requests.average.toFixed(0).padStart(8)} req/s   p50 ${r.latency.p50} ms   p99 ${r.latency.p99} ms`);
  return r.requests.average;
}

console.log(`PostgreSQL ${serverUrl.replace(/\/\/[^@]*@/, '//')}, ${connections} connections, ${seconds} s each`);
const app = await run('Tỉnh số GET /api/auth/session (authenticated)', `http://127.0.0.1:${ports.app}/api/auth/session`, { cookie });
const bare = await run('bare Fastify + pg, same session lookup', `http://127.0.0.1:${ports.bare}/lookup/${sessionId}`);
console.log(`ratio Tỉnh số / bare: ${(app / bare).toFixed(2)}`);
child.kill('SIGTERM');
