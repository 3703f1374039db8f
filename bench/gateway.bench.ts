/**
 * Integration gateway figures (issue #13): throughput and latency of calls through the gateway's proxy against direct
 * calls to the same provider, in the same run, with the exchange log on (every call a hash-chained row, the chainer
 * linking as in production). The provider runs in a child process and autocannon in another, so the gateway's process
 * does only the gateway's work.
 * Usage: npm run bench:gateway -- [seconds=10] [connections=32]
 *        PGlite in a temporary directory by default; BENCH_DATABASE_URL=postgres://… for a PostgreSQL server (an empty
 *        database: it is migrated and seeded).
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { createLogger, loadConfig, migrateDatabase, openDatabase, queryRows } from '../src/platform/index.js';
import { seedDatabase } from '../src/seed.js';
import { createServer } from '../src/main.js';
import { hashSecret } from '../src/gateway/tokens.js';
import { gatewayOf, linkExchangeLog, verifyExchangeLog } from '../src/gateway/index.js';

const seconds = Number(process.argv[2] ?? 10);
const connections = Number(process.argv[3] ?? 32);
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tinhso-bench-gw-'));
const database = await openDatabase(process.env.BENCH_DATABASE_URL ? { databaseUrl: process.env.BENCH_DATABASE_URL } : { dataDir: path.join(dataDir, 'pglite') });
await migrateDatabase(database);
await seedDatabase(database, { demo: true });
console.log(`${process.env.BENCH_DATABASE_URL ? 'PostgreSQL' : 'PGlite'}; ${os.cpus().length} CPUs; ${seconds} s per run, ${connections} connections`);

// The provider: a small JSON answer, as a registry lookup would give, in its own process.
const provider = spawn(
  process.execPath,
  [
    '-e',
    `const body = JSON.stringify({ maHoSo: '000.00.12.H57-261206-0001', trangThai: 'dang-xu-ly', cap: 'tinh', ghiChu: 'x'.repeat(400) });
     require('node:http').createServer((req, res) => { req.resume(); req.on('end', () => { res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }); res.end(body); }); })
       .listen(0, '127.0.0.1', function () { console.log(this.address().port); });`,
  ],
  { stdio: ['ignore', 'pipe', 'inherit'] },
);
const providerPort = await new Promise<number>((resolve) => provider.stdout!.once('data', (d: Buffer) => resolve(Number(String(d).trim()))));
const providerUrl = `http://127.0.0.1:${providerPort}`;

const config = loadConfig({ ...process.env, NODE_ENV: 'production', DATA_DIR: dataDir, LOG_LEVEL: 'warn', JOBS_AUTOSTART: '0', AUDIT_CHAIN_AUTOSTART: '1', GATEWAY_KEY_SECRET: process.env.GATEWAY_KEY_SECRET ?? 'bench-secret', TINHSO_DEMO: '0' });
process.env.GATEWAY_KEY_SECRET ??= 'bench-secret';
const server = await createServer(config, { database, logger: createLogger('warn') });
await server.app.listen({ port: 0, host: '127.0.0.1' });
const gatewayUrl = `http://127.0.0.1:${(server.app.server.address() as { port: number }).port}`;

const db = database.db;
const secret = 'bench-client-secret';
const [m] = await queryRows<{ id: string }>(db, sql`INSERT INTO gateway_members (code, name, kind) VALUES ('bench.provider', 'Bench provider', 'national') RETURNING id`);
const [svc] = await queryRows<{ id: string }>(db, sql`INSERT INTO gateway_services (member_id, code, name, base_url, timeout_ms) VALUES (${m!.id}, 'status', 'Status', ${providerUrl}, 5000) RETURNING id`);
const [c] = await queryRows<{ id: string }>(
  db,
  sql`INSERT INTO gateway_consumers (member_id, name, client_id, secret_hash, rate_max, rate_window_ms, daily_quota) VALUES (${m!.id}, 'Bench client', 'bench-client', ${hashSecret(secret)}, 100000000, 60000, 100000000) RETURNING id`,
);
await db.execute(sql`INSERT INTO gateway_access_rules (consumer_id, service_id, methods, path_pattern, purpose) VALUES (${c!.id}, ${svc!.id}, ARRAY['GET'], '/**', 'Đo hiệu năng')`);
gatewayOf(server.ctx).registry.invalidate();
const tok = await fetch(`${gatewayUrl}/lgsp/token`, { method: 'POST', body: new URLSearchParams({ grant_type: 'client_credentials', client_id: 'bench-client', client_secret: secret }) });
const token = ((await tok.json()) as { access_token: string }).access_token;

interface Result {
  requests: { average: number };
  latency: { p50: number; p99: number; average: number };
  non2xx: number;
  errors: number;
}
function autocannon(url: string, headers: Record<string, string> = {}): Promise<Result> {
  const args = ['-j', '-c', String(connections), '-d', String(seconds), ...Object.entries(headers).flatMap(([k, v]) => ['-H', `${k}=${v}`]), url];
  return new Promise((resolve, reject) => {
    const p = spawn(path.join('node_modules', '.bin', 'autocannon'), args, { stdio: ['ignore', 'pipe', 'ignore'] });
    let out = '';
    p.stdout.on('data', (d: Buffer) => (out += d));
    p.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out) as Result) : reject(new Error(`autocannon exited ${code}`))));
  });
}

// Warm both paths (connection pools, JIT), then measure each in turn.
await autocannon(`${providerUrl}/dossiers/1`).catch(() => undefined);
await autocannon(`${gatewayUrl}/lgsp/bench.provider/status/dossiers/1`, { authorization: `Bearer ${token}` });
const before = Number((await queryRows<{ n: number }>(db, sql`SELECT count(*)::int AS n FROM gateway_exchange_log`))[0]!.n);
const direct = await autocannon(`${providerUrl}/dossiers/1`);
const proxied = await autocannon(`${gatewayUrl}/lgsp/bench.provider/status/dossiers/1`, { authorization: `Bearer ${token}` });
await gatewayOf(server.ctx).writer.flushed();
const logged = Number((await queryRows<{ n: number }>(db, sql`SELECT count(*)::int AS n FROM gateway_exchange_log`))[0]!.n) - before;

const f = (n: number) => n.toLocaleString('en', { maximumFractionDigits: 1 });
console.log('');
console.log('                         req/s      p50 ms   p99 ms   non-2xx');
console.log(`direct to provider   ${f(direct.requests.average).padStart(10)} ${f(direct.latency.p50).padStart(10)} ${f(direct.latency.p99).padStart(8)} ${String(direct.non2xx + direct.errors).padStart(9)}`);
console.log(`through the gateway  ${f(proxied.requests.average).padStart(10)} ${f(proxied.latency.p50).padStart(10)} ${f(proxied.latency.p99).padStart(8)} ${String(proxied.non2xx + proxied.errors).padStart(9)}`);
const cost = 1 - proxied.requests.average / direct.requests.average;
console.log('');
console.log(`gateway cost: ${(cost * 100).toFixed(1)}% of throughput (target ≤ 15%); added latency p50 ${f(proxied.latency.p50 - direct.latency.p50)} ms, p99 ${f(proxied.latency.p99 - direct.latency.p99)} ms`);
console.log(`exchange log: ${logged.toLocaleString('en')} rows written during the gateway run`);
const t = Date.now();
await linkExchangeLog(database);
const v = await verifyExchangeLog(database);
console.log(`chain linked and verified (${v.links.toLocaleString('en')} links, valid: ${v.valid}) in ${Date.now() - t} ms`);

await server.close();
provider.kill();
await database.close();
fs.rmSync(dataDir, { recursive: true, force: true });
