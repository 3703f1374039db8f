/**
 * Integration gateway figures (issue #13): throughput and latency of calls through the gateway's proxy against direct
 * calls to the same provider, in the same run and with the same connections, with the exchange log on (every call a
 * hash-chained row, the chainer linking as in production). The provider runs in a child process and autocannon in
 * another, so the gateway's process does only the gateway's work; its CPU time per proxied call is printed too, the
 * figure least disturbed by whatever else the machine runs.
 *
 * Provider profiles, each a row, because what a proxy costs depends on what it is compared with:
 *  - trivial: answers at once from memory (no real provider is this cheap: the proxy's work is all there is);
 *  - wait 5 ms: answers after 5 ms of waiting, as a lookup in a registry's database would, with unbounded capacity;
 *  - work 5 ms: spends 5 ms of CPU per answer (one core), as a provider rendering from its own data does;
 *  - dossier: a real provider of this platform, the registered platform service `tinhso/dossier-status` (a dossier's
 *    status by its code, GET /api/public/dossiers/:code, read from the database with its lookup limit counted), served
 *    by a second Tỉnh số instance in a child process on the same PostgreSQL database (PostgreSQL only: an embedded
 *    PGlite has one process);
 *  - dossier-same: the same service served by the gateway's own process, the default deployment (one process holds
 *    both the gateway and the platform's API), so the gateway's work and the provider's share one core.
 * A profile written `name@N` (PostgreSQL only) goes through N gateway instances, each its own process on one shared
 * port (bench/support/gateway-instances.ts), as a province runs the stateless gateway on a machine of several cores:
 * the same provider, the same direct run, the gateway's work spread over the cores. Its CPU per call is the
 * instances' together.
 * Each profile also goes through a bare proxy (bench/support/bare-proxy.ts: node:http and undici, nothing else; no
 * authentication, rules, quotas or log), in a process of its own, as a floor: what any reverse proxy in Node costs on
 * this machine against the same provider, before the gateway does anything of its own. BENCH_BARE=0 leaves it out.
 * Before the platform rows, a direct and a proxied call are compared once: same status and same body bytes. Every row
 * prints its 2xx count and its non-2xx answers and errors, which must be none.
 * Usage: npm run bench:gateway -- [seconds=10] [connections=32] [profiles=trivial,wait,work,dossier-same,dossier]
 *        (dossier and name@N, e.g. wait@2, on PostgreSQL only; dossier is in the default list there)
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
const onPostgres = Boolean(process.env.BENCH_DATABASE_URL);
const profiles = (process.argv[4] ?? `trivial,wait,work,dossier-same${onPostgres ? ',dossier' : ''}`).split(',');
const TARGET = 0.15;
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tinhso-bench-gw-'));
if (!onPostgres && profiles.some((p) => p === 'dossier' || p.includes('@')))
  throw new Error(
    'the dossier and name@N profiles need BENCH_DATABASE_URL (other instances on one PGlite are refused)',
  );
/** A profile's provider and how many gateway instances of their own it goes through (0: the bench's own process). */
const parseProfile = (p: string) => {
  const [name, n] = p.split('@');
  return { name: name!, instances: n ? Math.max(1, Number(n) || 1) : 0 };
};
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

const config = loadConfig(
  {
    ...process.env,
    NODE_ENV: 'production',
    DATA_DIR: dataDir,
    LOG_LEVEL: 'warn',
    JOBS_AUTOSTART: '0',
    AUDIT_CHAIN_AUTOSTART: '1',
    GATEWAY_KEY_SECRET: process.env.GATEWAY_KEY_SECRET ?? 'bench-secret',
    TINHSO_DEMO: '0',
  },
  // Every call comes from 127.0.0.1: the public lookup's limit stays on (its cost is measured) but never refuses.
  { lookupRateLimit: { max: 1_000_000_000, timeWindowMs: 60_000 } },
);
process.env.GATEWAY_KEY_SECRET ??= 'bench-secret';
// Tokens outlive the whole run: a token refresh is not what is measured.
process.env.GATEWAY_TOKEN_TTL ??= '3600';
const server = await createServer(config, { database, logger: createLogger('warn') });
await server.app.listen({ port: 0, host: '127.0.0.1' });
const gatewayUrl = `http://127.0.0.1:${(server.app.server.address() as { port: number }).port}`;

const db = database.db;
// The platform's provider in its own instance (dossier), started once the schema and seeds are in.
const platformChild = profiles.some((p) => parseProfile(p).name === 'dossier')
  ? spawn(process.execPath, ['--import', 'tsx', path.join('bench', 'support', 'platform-provider.ts')], {
      stdio: ['ignore', 'pipe', 'inherit'],
      env: process.env,
    })
  : null;
const platformChildUrl = platformChild
  ? `http://127.0.0.1:${await new Promise<number>((resolve) => platformChild.stdout!.once('data', (d: Buffer) => resolve(Number(String(d).trim()))))}`
  : '';
// Dossiers for the platform's status lookup: a thousand, codes in the official format; the bench looks one up.
await db.execute(sql`
  INSERT INTO dossiers (code, procedure_id, agency_id, receiving_agency_id, current_agency_id, applicant_name, channel,
                        status, submitted_at, received_at, due_at)
  SELECT p.code || '-261206-' || lpad(g::text, 4, '0'), p.id, p.agency_id, p.agency_id, p.agency_id, 'Người nộp ' || g,
         'online', 'processing', now(), now(), now() + interval '5 days'
    FROM generate_series(1, 1000) g,
         LATERAL (SELECT pr.id, a.id AS agency_id, a.code FROM procedures pr
                    JOIN agencies a ON a.id = coalesce(pr.agency_id, (SELECT id FROM agencies ORDER BY code LIMIT 1))
                   ORDER BY pr.code OFFSET g % 30 LIMIT 1) p
  ON CONFLICT DO NOTHING`);
const [dossier] = await queryRows<{ code: string }>(
  db,
  sql`SELECT code FROM dossiers ORDER BY code OFFSET 500 LIMIT 1`,
);
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
// The platform's own dossier-status service, as the migration registered it (tinhso/dossier-status).
await db.execute(
  sql`INSERT INTO gateway_access_rules (consumer_id, service_id, methods, path_pattern, purpose)
      SELECT ${c!.id}, s.id, ARRAY['GET'], '/*', 'Đo hiệu năng: tra cứu tình trạng hồ sơ'
        FROM gateway_services s JOIN gateway_members m ON m.id = s.member_id
       WHERE m.code = 'tinhso' AND s.code = 'dossier-status'`,
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
  '2xx': number;
  non2xx: number;
  errors: number;
  timeouts: number;
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

/**
 * A helper process of the bench (gateway instances, a bare proxy): it prints its port as one line once listening and
 * answers an IPC message 'cpu' with its CPU time so far (µs).
 */
interface Child {
  url: string;
  /** The process's CPU time so far, µs (a group of instances: theirs together). */
  cpu(): Promise<number>;
  stop(): Promise<void>;
}
async function startChild(script: string, env: Record<string, string>): Promise<Child> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join('bench', 'support', script)], {
    stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
    env: { ...process.env, ...env },
  });
  const port = await new Promise<number>((resolve) =>
    child.stdout!.once('data', (d: Buffer) => resolve(Number(String(d).trim()))),
  );
  return {
    url: `http://127.0.0.1:${port}`,
    cpu: () =>
      new Promise((resolve) => {
        child.once('message', (m: { cpu: number }) => resolve(m.cpu));
        child.send('cpu');
      }),
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/** Gateway instances in processes of their own (name@N profiles), started when first needed, one group per N. */
const instanceGroups = new Map<number, Child>();
async function instancesOf(n: number): Promise<Child> {
  const group =
    instanceGroups.get(n) ?? (await startChild('gateway-instances.ts', { BENCH_GATEWAY_INSTANCES: String(n) }));
  instanceGroups.set(n, group);
  return group;
}

/** Bare proxies (the floor row), one per upstream origin, started when first needed. */
const bareProxies = new Map<string, Child>();
async function bareProxyFor(origin: string): Promise<Child> {
  const bare = bareProxies.get(origin) ?? (await startChild('bare-proxy.ts', { BARE_UPSTREAM: origin }));
  bareProxies.set(origin, bare);
  return bare;
}
const withBare = process.env.BENCH_BARE !== '0';

/** The direct and proxied addresses of a profile; the platform's rows also say where its API is served. */
function urlsOf(profile: string, via0 = gatewayUrl): { direct: string; via: string } {
  if (profile === 'dossier' || profile === 'dossier-same') {
    const platformUrl = profile === 'dossier' ? platformChildUrl : gatewayUrl;
    gatewayOf(server.ctx).config.platformUrl = platformUrl;
    return {
      direct: `${platformUrl}/api/public/dossiers/${dossier!.code}`,
      via: `${via0}/lgsp/tinhso/dossier-status/${dossier!.code}`,
    };
  }
  return {
    direct: `${providerUrl}/${profile}/dossiers/1`,
    via: `${via0}/lgsp/bench.provider/status/${profile}/dossiers/1`,
  };
}
/** One call each way: the gateway passes the provider's status and bytes on unchanged. */
async function sameAnswer(direct: string, via: string): Promise<string> {
  const [d, g] = await Promise.all([fetch(direct), fetch(via, { headers: auth })]);
  const [dBody, gBody] = (await Promise.all([d.arrayBuffer(), g.arrayBuffer()])).map((b) => Buffer.from(b));
  const same = d.status === g.status && dBody!.equals(gBody!);
  if (!same)
    failures.push(`different answers: direct ${d.status} (${dBody!.length} B), via ${g.status} (${gBody!.length} B)`);
  return `${same ? 'same' : 'DIFFERENT'} status (${d.status}) and bytes (${dBody!.length} B) direct and proxied`;
}

const f = (n: number) => n.toLocaleString('en', { maximumFractionDigits: 1 });
const lines: string[] = [];
const failures: string[] = [];
let logged = 0;
let proxiedTotal = 0;
for (const profile of profiles) {
  const { name, instances } = parseProfile(profile);
  const group = instances ? await instancesOf(instances) : null;
  const { direct, via } = urlsOf(name, group?.url);
  const check = await sameAnswer(direct, via);
  // Warm both paths (connection pools, JIT), then measure each in turn with the same connections.
  await autocannon(direct, Math.min(3, seconds));
  await autocannon(via, Math.min(3, seconds), auth);
  await gatewayOf(server.ctx).writer.flushed();
  const before = await logCount();
  const d = await autocannon(direct, seconds);
  const profiler = process.env.BENCH_PROFILE && !group ? await startProfile() : null;
  const cpu0 = group ? await group.cpu() : process.cpuUsage();
  const g = await autocannon(via, seconds, auth);
  const cpuUs = group
    ? (await group.cpu()) - (cpu0 as number)
    : ((u) => u.user + u.system)(process.cpuUsage(cpu0 as NodeJS.CpuUsage));
  if (profiler) await profiler(path.join(process.env.BENCH_PROFILE!, `gateway-${profile}.cpuprofile`));
  // The floor: the same calls through a bare proxy (warmed first, like the others).
  let bareRun: { r: Result; cpuUs: number } | null = null;
  if (withBare && !group) {
    const u = new URL(direct);
    const bare = await bareProxyFor(u.origin);
    const bareUrl = `${bare.url}${u.pathname}${u.search}`;
    await autocannon(bareUrl, Math.min(3, seconds));
    const b0 = await bare.cpu();
    const r = await autocannon(bareUrl, seconds);
    bareRun = { r, cpuUs: (await bare.cpu()) - b0 };
  }
  await gatewayOf(server.ctx).writer.flushed();
  logged += (await logCount()) - before;
  proxiedTotal += g.requests.total;
  const cost = 1 - g.requests.average / d.requests.average;
  for (const [label, r] of [
    ['direct', d],
    ['through the gateway', g],
    ...(bareRun ? ([['through the bare proxy', bareRun.r]] as const) : []),
  ] as const)
    if (r.non2xx || r.errors || r.timeouts || !r['2xx'])
      failures.push(
        `${profile} ${label}: ${r['2xx']} 2xx, ${r.non2xx} non-2xx, ${r.errors} errors, ${r.timeouts} timeouts`,
      );
  const row = (label: string, r: Result) =>
    `${label.padEnd(22)} ${f(r.requests.average).padStart(10)} ${f(r.latency.p50).padStart(8)} ${f(r.latency.p99).padStart(8)} ${r['2xx'].toLocaleString('en').padStart(10)} ${String(r.non2xx + r.errors + r.timeouts).padStart(9)}`;
  lines.push(
    `provider: ${name}${name === 'dossier' ? ' (tinhso/dossier-status, its own instance)' : name === 'dossier-same' ? " (tinhso/dossier-status, the gateway's process)" : ''}` +
      `${group ? `, through ${instances} gateway instances of their own (one port)` : ''}; ${check}`,
    row('  direct', d),
    `${row(group ? `  via ${instances} gateways` : '  through the gateway', g)}   cost ${(cost * 100).toFixed(1)}% (target ≤ ${TARGET * 100}%: ${cost <= TARGET ? 'met' : 'not met'}); ` +
      `added p50 ${f(g.latency.p50 - d.latency.p50)} ms, p99 ${f(g.latency.p99 - d.latency.p99)} ms; ` +
      `gateway CPU ${(cpuUs / 1000 / Math.max(1, g.requests.total)).toFixed(2)} ms per call`,
  );
  if (bareRun) {
    const b = bareRun.r;
    lines.push(
      `${row('  via a bare proxy', b)}   cost ${((1 - b.requests.average / d.requests.average) * 100).toFixed(1)}% (the floor: any proxy in Node on this machine); ` +
        `added p50 ${f(b.latency.p50 - d.latency.p50)} ms, p99 ${f(b.latency.p99 - d.latency.p99)} ms; ` +
        `proxy CPU ${(bareRun.cpuUs / 1000 / Math.max(1, b.requests.total)).toFixed(2)} ms per call`,
    );
  }
}
console.log('');
console.log('                            req/s   p50 ms   p99 ms        2xx  non-2xx+errors');
for (const l of lines) console.log(l);
console.log('');
console.log(
  failures.length
    ? `NOT OK:\n  ${failures.join('\n  ')}`
    : 'every answer 2xx, no errors, direct and proxied answers the same bytes',
);
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

for (const group of instanceGroups.values()) await group.stop();
for (const bare of bareProxies.values()) await bare.stop();
await server.close();
provider.kill();
if (platformChild) {
  platformChild.kill('SIGTERM');
  await new Promise((r) => platformChild.once('exit', r));
}
await database.close();
fs.rmSync(dataDir, { recursive: true, force: true });
if (failures.length) process.exitCode = 1;
