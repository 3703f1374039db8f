/**
 * Integration gateway figures (issue #13): throughput and latency of calls through the gateway's proxy against direct
 * calls to the same provider, in the same run and with the same connections, with the exchange log on (every call a
 * hash-chained row, the chainer linking as in production). The provider runs in a child process and autocannon in
 * another, so the gateway's process does only the gateway's work; its CPU time per proxied call is printed too, the
 * figure least disturbed by whatever else the machine runs.
 *
 * Three provider profiles, each a row, because what a proxy costs depends on what it is compared with:
 *  - trivial: answers at once from memory (no real provider is this cheap: the proxy's work is all there is);
 *  - wait 5 ms: answers after 5 ms of waiting, as a lookup in a registry's database would, with unbounded capacity;
 *  - work 5 ms: spends 5 ms of CPU per answer (one core), as a provider rendering from its own data does.
 * Usage: npm run bench:gateway -- [seconds=10] [connections=32] [profiles=trivial,wait,work]
 *        PGlite in a temporary directory by default; BENCH_DATABASE_URL=postgres://… for a PostgreSQL server (an empty
 *        database: it is migrated and seeded).
 *        BENCH_PROFILE=dir writes a CPU profile of the gateway's process per profile's proxied run into dir
 *        (open it in Chrome DevTools, or sum its samples by function).
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import inspector from 'node:inspector/promises';
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
const profiles = (process.argv[4] ?? 'trivial,wait,work').split(',');
const TARGET = 0.15;
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tinhso-bench-gw-'));
const database = await openDatabase(
  process.env.BENCH_DATABASE_URL
    ? { databaseUrl: process.env.BENCH_DATABASE_URL }
    : { dataDir: path.join(dataDir, 'pglite') },
);
await migrateDatabase(database);
await seedDatabase(database, { demo: true });
console.log(
  `${process.env.BENCH_DATABASE_URL ? 'PostgreSQL' : 'PGlite'}; ${os.cpus().length} CPUs, load average ${os.loadavg()[0]!.toFixed(1)} at start; ${seconds} s per run, ${connections} connections`,
);

// The provider, in its own process: /trivial/… at once, /wait/… after 5 ms, /work/… after 5 ms of CPU.
const provider = spawn(
  process.execPath,
  [
    '-e',
    `const body = JSON.stringify({ maHoSo: '000.00.12.H57-261206-0001', trangThai: 'dang-xu-ly', cap: 'tinh', ghiChu: 'x'.repeat(400) });
     const answer = (res) => { res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }); res.end(body); };
     require('node:http').createServer((req, res) => {
       req.resume();
       req.on('end', () => {
         if (req.url.startsWith('/wait/')) return void setTimeout(answer, 5, res);
         if (req.url.startsWith('/work/')) { const until = performance.now() + 5; let x = 0; while (performance.now() < until) x += Math.sqrt(x + 1); }
         answer(res);
       });
     }).listen(0, '127.0.0.1', function () { console.log(this.address().port); });`,
  ],
  { stdio: ['ignore', 'pipe', 'inherit'] },
);
const providerPort = await new Promise<number>((resolve) =>
  provider.stdout!.once('data', (d: Buffer) => resolve(Number(String(d).trim()))),
);
const providerUrl = `http://127.0.0.1:${providerPort}`;

const config = loadConfig({
  ...process.env,
  NODE_ENV: 'production',
  DATA_DIR: dataDir,
  LOG_LEVEL: 'warn',
  JOBS_AUTOSTART: '0',
  AUDIT_CHAIN_AUTOSTART: '1',
  GATEWAY_KEY_SECRET: process.env.GATEWAY_KEY_SECRET ?? 'bench-secret',
  TINHSO_DEMO: '0',
});
process.env.GATEWAY_KEY_SECRET ??= 'bench-secret';
// Tokens outlive the whole run: a token refresh is not what is measured.
process.env.GATEWAY_TOKEN_TTL ??= '3600';
const server = await createServer(config, { database, logger: createLogger('warn') });
await server.app.listen({ port: 0, host: '127.0.0.1' });
const gatewayUrl = `http://127.0.0.1:${(server.app.server.address() as { port: number }).port}`;

const db = database.db;
const secret = 'bench-client-secret';
const [m] = await queryRows<{ id: string }>(
  db,
  sql`INSERT INTO gateway_members (code, name, kind) VALUES ('bench.provider', 'Bench provider', 'national') RETURNING id`,
);
const [svc] = await queryRows<{ id: string }>(
  db,
  sql`INSERT INTO gateway_services (member_id, code, name, base_url, timeout_ms) VALUES (${m!.id}, 'status', 'Status', ${providerUrl}, 5000) RETURNING id`,
);
const [c] = await queryRows<{ id: string }>(
  db,
  sql`INSERT INTO gateway_consumers (member_id, name, client_id, secret_hash, rate_max, rate_window_ms, daily_quota) VALUES (${m!.id}, 'Bench client', 'bench-client', ${hashSecret(secret)}, 100000000, 60000, 100000000) RETURNING id`,
);
await db.execute(
  sql`INSERT INTO gateway_access_rules (consumer_id, service_id, methods, path_pattern, purpose) VALUES (${c!.id}, ${svc!.id}, ARRAY['GET'], '/**', 'Đo hiệu năng')`,
);
gatewayOf(server.ctx).registry.invalidate();
const tok = await fetch(`${gatewayUrl}/lgsp/token`, {
  method: 'POST',
  body: new URLSearchParams({ grant_type: 'client_credentials', client_id: 'bench-client', client_secret: secret }),
});
const token = ((await tok.json()) as { access_token: string }).access_token;

interface Result {
  requests: { average: number; total: number };
  latency: { p50: number; p99: number; average: number };
  non2xx: number;
  errors: number;
}
function autocannon(url: string, duration: number, headers: Record<string, string> = {}): Promise<Result> {
  const args = [
    '-j',
    '-c',
    String(connections),
    '-d',
    String(duration),
    ...Object.entries(headers).flatMap(([k, v]) => ['-H', `${k}=${v}`]),
    url,
  ];
  return new Promise((resolve, reject) => {
    const p = spawn(path.join('node_modules', '.bin', 'autocannon'), args, { stdio: ['ignore', 'pipe', 'ignore'] });
    let out = '';
    p.stdout.on('data', (d: Buffer) => (out += d));
    p.on('exit', (code) =>
      code === 0 ? resolve(JSON.parse(out) as Result) : reject(new Error(`autocannon exited ${code}`)),
    );
  });
}
/** The in-process V8 profiler (the gateway runs in this process): started, then stopped into a file. */
async function startProfile(): Promise<(file: string) => Promise<void>> {
  const session = new inspector.Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  return async (file) => {
    const { profile } = await session.post('Profiler.stop');
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, JSON.stringify(profile));
    session.disconnect();
  };
}
const logCount = async () =>
  Number((await queryRows<{ n: number }>(db, sql`SELECT count(*)::int AS n FROM gateway_exchange_log`))[0]!.n);
const auth = { authorization: `Bearer ${token}` };

const f = (n: number) => n.toLocaleString('en', { maximumFractionDigits: 1 });
const lines: string[] = [];
let logged = 0;
let proxiedTotal = 0;
for (const profile of profiles) {
  const direct = `${providerUrl}/${profile}/dossiers/1`;
  const via = `${gatewayUrl}/lgsp/bench.provider/status/${profile}/dossiers/1`;
  // Warm both paths (connection pools, JIT), then measure each in turn with the same connections.
  await autocannon(direct, Math.min(3, seconds));
  await autocannon(via, Math.min(3, seconds), auth);
  await gatewayOf(server.ctx).writer.flushed();
  const before = await logCount();
  const d = await autocannon(direct, seconds);
  const profiler = process.env.BENCH_PROFILE ? await startProfile() : null;
  const cpu0 = process.cpuUsage();
  const g = await autocannon(via, seconds, auth);
  const cpu = process.cpuUsage(cpu0);
  if (profiler) await profiler(path.join(process.env.BENCH_PROFILE!, `gateway-${profile}.cpuprofile`));
  await gatewayOf(server.ctx).writer.flushed();
  logged += (await logCount()) - before;
  proxiedTotal += g.requests.total;
  const cost = 1 - g.requests.average / d.requests.average;
  const row = (label: string, r: Result) =>
    `${label.padEnd(22)} ${f(r.requests.average).padStart(10)} ${f(r.latency.p50).padStart(8)} ${f(r.latency.p99).padStart(8)} ${String(r.non2xx + r.errors).padStart(8)}`;
  lines.push(
    `provider: ${profile}`,
    row('  direct', d),
    `${row('  through the gateway', g)}   cost ${(cost * 100).toFixed(1)}% (target ≤ ${TARGET * 100}%: ${cost <= TARGET ? 'met' : 'not met'}); ` +
      `added p50 ${f(g.latency.p50 - d.latency.p50)} ms, p99 ${f(g.latency.p99 - d.latency.p99)} ms; ` +
      `gateway CPU ${((cpu.user + cpu.system) / 1000 / Math.max(1, g.requests.total)).toFixed(2)} ms per call`,
  );
}
console.log('');
console.log('                            req/s   p50 ms   p99 ms  non-2xx');
for (const l of lines) console.log(l);
console.log('');
console.log(
  `exchange log: ${logged.toLocaleString('en')} rows written for ${proxiedTotal.toLocaleString('en')} calls through the gateway`,
);
const t = Date.now();
await linkExchangeLog(database);
const v = await verifyExchangeLog(database);
console.log(
  `chain linked and verified (${v.links.toLocaleString('en')} links, valid: ${v.valid}) in ${Date.now() - t} ms`,
);

await server.close();
provider.kill();
await database.close();
fs.rmSync(dataDir, { recursive: true, force: true });
