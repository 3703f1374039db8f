/**
 * One-stop shop figures (issue #3), all on the same PostgreSQL in one run:
 * - public lookups per second (GET /api/public/dossiers/:code, no login) next to a bare Fastify + pg indexed lookup;
 * - submissions per second (an officer receiving walk-in dossiers: code allocation, deadline, audit);
 * - statistics over BENCH_STATS_ROWS dossiers (default 2,000,000): time of GET /api/dossiers/stats.
 * Usage: npm run bench:dossiers   (BENCH_PG, BENCH_SECONDS, BENCH_CONNECTIONS, BENCH_ROUNDS, BENCH_STATS_ROWS,
 *        BENCH_ONLY=lookup,submit,stats to run some parts only)
 */
import pg from 'pg';
import { connections, freshDatabase, login, measure, seconds, serverUrl, startServers } from './support/run.js';
import { counterReceipt } from './support/counter-receipt.js';

const statsRows = Number(process.env.BENCH_STATS_ROWS ?? 2_000_000);
const only = new Set((process.env.BENCH_ONLY ?? 'lookup,submit,stats').split(','));
const dbUrl = await freshDatabase('tinhso_bench_dossiers');
const servers = await startServers(dbUrl);
const officer = await login(servers.app, 'motcua');
const admin = await login(servers.app, 'admin');
const json = { 'content-type': 'application/json' };
// The one-stop officer receives for the province's public-service centre (key TTHCC).
const centre = new pg.Client({ connectionString: dbUrl });
await centre.connect();
const receivingAgencyId = (await centre.query<{ id: string }>(`SELECT id FROM agencies WHERE key = 'TTHCC'`)).rows[0]!
  .id;
await centre.end();

// A procedure of the Department of Justice, with one uploaded PDF for each mandatory paper.
const receipt = await counterReceipt(servers.app, officer, receivingAgencyId);
const body = (i: number) => JSON.stringify(receipt.body({ name: `Người nộp ${i}`, phone: '0912345678' }));
const first = await fetch(`${servers.app}/api/dossiers/counter`, {
  method: 'POST',
  headers: { ...officer, ...json },
  body: body(0),
});
if (first.status !== 201) throw new Error(`counter receipt: ${first.status} ${await first.text()}`);
const code = ((await first.json()) as { code: string }).code;

const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
console.log(`PostgreSQL ${serverUrl.replace(/\/\/[^@]*@/, '//')}, ${connections} connections, ${seconds} s each`);
if (only.has('lookup')) {
  // Alternating rounds, so that a burst of other load on the machine falls on both sides alike.
  const ours: number[] = [];
  const bares: number[] = [];
  for (let i = 0; i < rounds; i++) {
    ours.push(
      await measure(
        'Tỉnh số GET /api/public/dossiers/:code',
        { url: `${servers.app}/api/public/dossiers/${code}` },
        servers.bare,
      ),
    );
    bares.push(
      await measure(
        'bare Fastify + pg, indexed lookup by code',
        { url: `${servers.bare}/dossier/${code}` },
        servers.bare,
      ),
    );
  }
  const ratios = ours.map((o, i) => (o / bares[i]!).toFixed(2)).join(', ');
  console.log(
    `ratio Tỉnh số / bare: ${(median(ours) / median(bares)).toFixed(2)} (medians of ${rounds} rounds; per round ${ratios})   (target ≥ 0.7)`,
  );
}

let n = 1;
if (only.has('submit')) {
  // As many rounds as for the lookups: the figure is their median, the spread shows the machine's noise.
  const rates: number[] = [];
  for (let i = 0; i < rounds; i++)
    rates.push(
      await measure(
        'Tỉnh số POST /api/dossiers/counter (submissions)',
        {
          url: `${servers.app}/api/dossiers/counter`,
          method: 'POST',
          headers: { ...officer, ...json },
          requests: [{ setupRequest: (r) => ({ ...r, body: body(n++) }) }],
        },
        servers.bare,
      ),
    );
  console.log(
    `submissions per second: ${median(rates).toFixed(0)} (median of ${rounds} rounds: ${rates.map((r) => r.toFixed(0)).join(', ')})   (target ≥ 1,000)`,
  );
}

if (only.has('stats')) {
  // Statistics: fill the table with synthetic received dossiers of every outcome, then ask.
  const pool = new pg.Pool({ connectionString: dbUrl, max: 4 });
  const t0 = Date.now();
  await pool.query(`
  INSERT INTO dossiers (code, procedure_id, agency_id, receiving_agency_id, current_agency_id, applicant_name, channel, status,
                        submitted_at, received_at, due_at, completed_at, rating)
  SELECT 'BENCH-' || g, p.id, p.agency_id, p.agency_id, p.agency_id, 'x',
         CASE WHEN g % 3 = 0 THEN 'counter' ELSE 'online' END,
         (ARRAY['received','processing','returned','returned','returned','refused','result_ready'])[1 + g % 7],
         t, t, t + interval '5 days', CASE WHEN g % 7 IN (2,3,4,6) THEN t + (g % 9) * interval '1 day' END,
         CASE WHEN g % 7 IN (2,3,4) AND g % 2 = 0 THEN 1 + g % 5 END
  FROM generate_series(1, ${statsRows}) g,
       LATERAL (SELECT timestamptz '2024-01-01' + (g % 1000) * interval '1 day' AS t) tt,
       LATERAL (SELECT id, coalesce(agency_id, (SELECT id FROM agencies LIMIT 1)) AS agency_id FROM procedures ORDER BY code OFFSET g % 30 LIMIT 1) p`);
  await pool.query('ANALYZE dossiers');
  console.log(
    `inserted ${statsRows.toLocaleString('en')} dossiers in ${((Date.now() - t0) / 1000).toFixed(1)} s (the rollup kept by the same statement)`,
  );
  const rollupRows = (await pool.query<{ n: string }>('SELECT count(*) AS n FROM dossier_stats_rollup')).rows[0]!.n;
  type Row = {
    key: string | null;
    received: number;
    early: number;
    onTime: number;
    late: number;
    pendingWithin: number;
    pendingLate: number;
    online: number;
    ratings: number;
  };
  const ask = async (query: string) => {
    const times: number[] = [];
    let rows: Row[] = [];
    for (let i = 0; i < 5; i++) {
      const t = performance.now();
      const r = await fetch(`${servers.app}/api/dossiers/stats?from=2024-01-01&to=2026-12-31${query}`, {
        headers: admin,
      });
      if (!r.ok) throw new Error(`stats: ${r.status} ${await r.text()}`);
      rows = ((await r.json()) as { rows: Row[] }).rows;
      times.push(performance.now() - t);
    }
    times.sort((a, b) => a - b);
    return { rows, median: times[2]!, min: times[0]!, max: times[4]! };
  };
  // The same figures counted afresh from the published view: the answer must match, not only be fast.
  const t1 = performance.now();
  const [view] = (
    await pool.query<{
      received: number;
      early: number;
      on_time: number;
      late: number;
      pending_within: number;
      pending_late: number;
      online: number;
      ratings: number;
    }>(
      `SELECT count(*)::int AS received, count(*) FILTER (WHERE outcome = 'early')::int AS early, count(*) FILTER (WHERE outcome = 'on_time')::int AS on_time,
              count(*) FILTER (WHERE outcome = 'late')::int AS late, count(*) FILTER (WHERE pending AND NOT pending_late)::int AS pending_within,
              count(*) FILTER (WHERE pending_late)::int AS pending_late, count(*) FILTER (WHERE channel = 'online')::int AS online, count(rating)::int AS ratings
       FROM procedures_dossier_stats WHERE received_at >= '2023-12-31T17:00:00Z' AND received_at < '2026-12-31T17:00:00Z'`,
    )
  ).rows;
  const viewMs = performance.now() - t1;
  await pool.end();
  const total = await ask('');
  const t = total.rows[0]!;
  const same =
    t.received === view!.received &&
    t.early === view!.early &&
    t.onTime === view!.on_time &&
    t.late === view!.late &&
    t.pendingWithin === view!.pending_within &&
    t.pendingLate === view!.pending_late &&
    t.online === view!.online &&
    t.ratings === view!.ratings;
  console.log(
    `GET /api/dossiers/stats over ${statsRows.toLocaleString('en')} dossiers (${Number(rollupRows).toLocaleString('en')} rollup rows): median ${total.median.toFixed(0)} ms (min ${total.min.toFixed(0)}, max ${total.max.toFixed(0)})   (target < 300 ms)`,
  );
  console.log(
    `  same figures as counting the view afresh (${viewMs.toFixed(0)} ms): ${same ? 'yes' : `NO: ${JSON.stringify({ api: t, view })}`}`,
  );
  for (const g of ['agency', 'procedure'] as const) {
    const r = await ask(`&groupBy=${g}`);
    console.log(
      `  groupBy=${g}: ${r.rows.length} rows, median ${r.median.toFixed(0)} ms (min ${r.min.toFixed(0)}, max ${r.max.toFixed(0)})`,
    );
  }
  if (!same) process.exitCode = 1;
}
servers.child.kill('SIGTERM');
