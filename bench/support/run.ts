/** Shared plumbing for the benchmarks: a fresh PostgreSQL database, the servers' child process, autocannon runs. */
import { spawn, type ChildProcess } from 'node:child_process';
import readline from 'node:readline';
import autocannon from 'autocannon';
import pg from 'pg';

export const serverUrl = process.env.BENCH_PG ?? 'postgres://postgres@127.0.0.1:5432/test';
export const seconds = Number(process.env.BENCH_SECONDS ?? 10);
export const connections = Number(process.env.BENCH_CONNECTIONS ?? 50);

/** Drops and creates `name` on the benchmark server; answers its URL. */
export async function freshDatabase(name: string): Promise<string> {
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const u = new URL(serverUrl);
  u.pathname = `/${name}`;
  return u.href;
}

/** Starts Tỉnh số and the bare Fastify + pg baseline in a child process (bench/support/servers.ts). */
export async function startServers(databaseUrl: string): Promise<{ app: string; bare: string; child: ChildProcess }> {
  // BENCH_PROFILE=<dir>: the servers' process writes a CPU profile there when it stops (open it in Chrome's DevTools).
  const profile = process.env.BENCH_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE}`] : [];
  const child = spawn(process.execPath, [...profile, '--import', 'tsx', 'bench/support/servers.ts'], {
    env: { ...process.env, BENCH_DATABASE_URL: databaseUrl },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const ports = await new Promise<{ app: number; bare: number }>((resolve, reject) => {
    const rl = readline.createInterface({ input: child.stdout! });
    rl.on('line', (l) => {
      try {
        resolve(JSON.parse(l));
      } catch {
        /* other output */
      }
    });
    child.on('exit', (c) => reject(new Error(`server exited ${c}`)));
  });
  return { app: `http://127.0.0.1:${ports.app}`, bare: `http://127.0.0.1:${ports.bare}`, child };
}

/** Logs in through the API; answers the headers an authenticated unsafe request needs. */
export async function login(app: string, username: string, password = 'TinhSo@2026'): Promise<Record<string, string>> {
  const r = await fetch(`${app}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (!r.ok) throw new Error(`login ${username}: ${r.status}`);
  const cookie = r.headers.get('set-cookie')!.split(';')[0]!;
  const { csrfToken } = (await r.json()) as { csrfToken: string };
  return { cookie, 'x-csrf-token': csrfToken };
}

/** CPU time (user + system, µs) the servers' child process has used so far: read from its /__cpu route. */
async function serverCpu(bare: string | undefined): Promise<number | null> {
  if (!bare) return null;
  const u = (await (await fetch(`${bare}/__cpu`)).json()) as { user: number; system: number };
  return u.user + u.system;
}

/**
 * Runs autocannon (after a 2-second warm-up) and prints one line; answers the mean requests per second.
 * With `bare` (the baseline server's URL, in the same child process as the app) it also prints the
 * server's CPU time per request, a figure that other load on the machine does not skew.
 */
export async function measure(title: string, opts: autocannon.Options, bare?: string): Promise<number> {
  await autocannon({ connections, ...opts, duration: 2 });
  const cpu0 = await serverCpu(bare);
  const r = await autocannon({ connections, ...opts, duration: seconds });
  const cpu1 = await serverCpu(bare);
  if (r.non2xx > 0 || r.errors > 0) throw new Error(`${title}: ${r.non2xx} non-2xx, ${r.errors} errors`);
  const perRequest =
    cpu0 !== null && cpu1 !== null ? `   server CPU ${((cpu1 - cpu0) / r.requests.total).toFixed(0)} µs/req` : '';
  console.log(
    `${title.padEnd(52)} ${r.requests.average.toFixed(0).padStart(8)} req/s   p50 ${r.latency.p50} ms   p99 ${r.latency.p99} ms${perRequest}`,
  );
  return r.requests.average;
}
