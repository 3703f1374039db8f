/**
 * Field-report figures (issues #4 and #8), on the same PostgreSQL in one run:
 * - submissions per second (a logged-in citizen filing reports with a location: unit lookup, routing,
 *   duplicate check skipped by confirmNew, deadline, audit), the median of BENCH_ROUNDS rounds, each next to
 *   pgbench's simple writes (`pgbench -N`, as many clients) on the same server: the limit of this server and disk;
 * - the public map query over BENCH_MAP_ROWS reports (default 100,000): GET /api/feedback/reports with a
 *   city-centre viewport and with the whole province in view.
 * Usage: npm run bench:feedback   (BENCH_PG, BENCH_SECONDS, BENCH_CONNECTIONS, BENCH_ROUNDS, BENCH_MAP_ROWS,
 *        BENCH_ONLY=submit,map to run some parts only, PGBENCH: the pgbench binary)
 */
import pg from 'pg';
import { connections, freshDatabase, login, measure, seconds, serverUrl, startServers } from './support/run.js';
import { pgbenchDrop, pgbenchInit, pgbenchSimpleWrites } from './support/pgbench.js';

const mapRows = Number(process.env.BENCH_MAP_ROWS ?? 100_000);
const dbUrl = await freshDatabase('tinhso_bench_feedback');
const servers = await startServers(dbUrl);
const citizen = await login(servers.app, 'congdan');
const json = { 'content-type': 'application/json' };

// Spread over Huế's city centre, so every report lands in a ward and is routed.
const body = (i: number) =>
  JSON.stringify({
    category: 'giao-thong',
    description: `Phản ánh thử số ${i}`,
    lat: 16.44 + ((i * 7919) % 400) / 10_000,
    lng: 107.55 + ((i * 104_729) % 600) / 10_000,
    confirmNew: true,
  });
const first = await fetch(`${servers.app}/api/feedback/reports`, {
  method: 'POST',
  headers: { ...citizen, ...json },
  body: body(0),
});
if (first.status !== 201) throw new Error(`submit: ${first.status} ${await first.text()}`);

const only = new Set((process.env.BENCH_ONLY ?? 'submit,map').split(','));
const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
console.log(`PostgreSQL ${serverUrl.replace(/\/\/[^@]*@/, '//')}, ${connections} connections, ${seconds} s each`);
let n = 1;
if (only.has('submit')) {
  // Rounds alternate with pgbench on the same server, so that a burst of other load on the machine falls on both.
  const pgbenchUrl = await pgbenchInit();
  const rates: number[] = [];
  const limits: number[] = [];
  for (let i = 0; i < rounds; i++) {
    rates.push(
      await measure(
        'Tỉnh số POST /api/feedback/reports (submissions)',
        {
          url: `${servers.app}/api/feedback/reports`,
          method: 'POST',
          headers: { ...citizen, ...json },
          requests: [{ setupRequest: (r) => ({ ...r, body: body(n++) }) }],
        },
        servers.bare,
      ),
    );
    limits.push(await pgbenchSimpleWrites(pgbenchUrl, Math.min(seconds, 5)));
    console.log(`${'pgbench -N (simple writes), same server'.padEnd(52)} ${limits[i]!.toFixed(0).padStart(8)} tps`);
  }
  await pgbenchDrop();
  // The chainer kept up: every audit row of the runs linked (or about to be), the chain intact.
  const admin = await login(servers.app, 'admin');
  const v = (await (await fetch(`${servers.app}/api/audit/verify`, { headers: admin })).json()) as {
    ok: boolean;
    checked: number;
    pending: { count: number; oldestAgeMs: number | null };
  };
  console.log(
    `audit chain after the runs: ${v.ok ? 'intact' : 'BROKEN'}, ${v.checked.toLocaleString('en')} rows linked, ${v.pending.count} waiting (oldest ${v.pending.oldestAgeMs ?? 0} ms)`,
  );
  const list = (xs: number[]) => xs.map((x) => x.toFixed(0)).join(', ');
  console.log(
    `submissions per second: ${median(rates).toFixed(0)} (median of ${rounds} rounds: ${list(rates)})   (target ≥ 1,000)`,
  );
  console.log(
    `pgbench simple writes per second, same server, ${connections} clients: ${median(limits).toFixed(0)} (median of ${rounds} rounds: ${list(limits)})`,
  );
}
if (!only.has('map')) {
  servers.child.kill('SIGTERM');
  process.exit(0);
}

// The map: fill the table with synthetic reports over the whole province, then ask for viewports.
const pool = new pg.Pool({ connectionString: dbUrl, max: 4 });
const t0 = Date.now();
await pool.query(`
  INSERT INTO feedback_reports (public_id, token, category_id, description, lat, lng, agency_id, status, channel, due_at, created_at)
  SELECT 'BENCH-' || g, 'bench-' || g, c.id, 'Phản ánh thử ' || g, 16.0 + (g % 7500) / 10000.0, 107.0 + ((g * 37) % 11000) / 10000.0, a.id,
         (ARRAY['new', 'in_progress', 'resolved', 'resolved', 'rejected'])[1 + g % 5], 'app', now() + interval '3 days', now() - (g || ' minutes')::interval
  FROM generate_series(1, ${mapRows}) g,
       LATERAL (SELECT id FROM feedback_categories ORDER BY code OFFSET g % 10 LIMIT 1) c,
       LATERAL (SELECT id FROM agencies ORDER BY code OFFSET g % 20 LIMIT 1) a`);
await pool.query('ANALYZE feedback_reports');
console.log(`inserted ${mapRows.toLocaleString('en')} reports in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
await pool.end();

for (const [label, bbox] of [
  ['city-centre viewport', '107.55,16.44,107.62,16.49'],
  ['whole province in view', '107.0,16.0,108.2,16.8'],
] as const) {
  const times: number[] = [];
  let total = 0;
  for (let i = 0; i < 7; i++) {
    const t = performance.now();
    const r = await fetch(`${servers.app}/api/feedback/reports?bbox=${bbox}&limit=500`);
    if (!r.ok) throw new Error(`map: ${r.status} ${await r.text()}`);
    total = ((await r.json()) as { total: number }).total;
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  console.log(
    `GET /api/feedback/reports, ${label} (${total.toLocaleString('en')} of ${mapRows.toLocaleString('en')} match, 500 shown): median ${times[3]!.toFixed(0)} ms (min ${times[0]!.toFixed(0)}, max ${times[6]!.toFixed(0)})`,
  );
}
servers.child.kill('SIGTERM');
