/**
 * The operations centre at scale, on PostgreSQL (its own scratch database on TEST_DATABASE_URL or
 * BENCH_PG, default postgres://postgres@127.0.0.1:5432/test): 2,000,000 dossiers and 100,000 field
 * reports bulk-loaded with generate_series, the figures recomputed once (the refresh job's work,
 * timed), then the IOC summary and the ranking of every agency of the demo province asked through
 * the API (target: both under 300 ms), beside a plain SELECT count(*) over the same dossiers.
 *   npm run bench:reporting      (BENCH_DOSSIERS, BENCH_REPORTS to change the sizes)
 */
// process.env turns undefined into the string "undefined": assign only a real URL.
if (process.env.TEST_DATABASE_URL) process.env.BENCH_PG ??= process.env.TEST_DATABASE_URL;
const { freshDatabase, login, serverUrl, startServers } = await import('./support/run.js');
const pg = (await import('pg')).default;

const dossierRows = Number(process.env.BENCH_DOSSIERS ?? 2_000_000);
const reportRows = Number(process.env.BENCH_REPORTS ?? 100_000);
const dbUrl = await freshDatabase('tinhso_bench_reporting');
const servers = await startServers(dbUrl);
const admin = await login(servers.app, 'admin');
const pool = new pg.Pool({ connectionString: dbUrl, max: 4 });
console.log(`PostgreSQL ${serverUrl.replace(/\/\/[^@]*@/, '//')}`);

// Dossiers of every outcome over the last 1,000 days, spread over the demo province's procedures and agencies.
let t0 = Date.now();
await pool.query(`
  INSERT INTO dossiers (code, procedure_id, agency_id, receiving_agency_id, current_agency_id, applicant_name, channel, status,
                        submitted_at, received_at, due_at, completed_at, rating)
  SELECT 'BENCH-' || g, p.id, a.id, a.id, a.id, 'x',
         CASE WHEN g % 3 = 0 THEN 'counter' ELSE 'online' END,
         (ARRAY['received','processing','returned','returned','returned','refused','result_ready'])[1 + g % 7],
         t, t, t + interval '5 days', CASE WHEN g % 7 IN (2,3,4,6) THEN t + (g % 9) * interval '1 day' END,
         CASE WHEN g % 7 IN (2,3,4) AND g % 2 = 0 THEN 1 + g % 5 END
  FROM generate_series(1, ${dossierRows}) g,
       LATERAL (SELECT now() - (g % 1000) * interval '1 day' - (g % 600) * interval '1 minute' AS t) tt,
       LATERAL (SELECT id FROM procedures ORDER BY code OFFSET g % 30 LIMIT 1) p,
       LATERAL (SELECT id FROM agencies WHERE level IN ('department', 'commune') ORDER BY code OFFSET g % 24 LIMIT 1) a`);
await pool.query('ANALYZE dossiers');
console.log(`inserted ${dossierRows.toLocaleString('en')} dossiers in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
t0 = Date.now();
await pool.query(`
  INSERT INTO feedback_reports (public_id, token, category_id, description, lat, lng, agency_id, status, channel, due_at, created_at, resolved_at, rating)
  SELECT 'BENCH-' || g, 'bench-' || g, c.id, 'Phản ánh thử ' || g, 16.0 + (g % 7500) / 10000.0, 107.0 + ((g * 37) % 11000) / 10000.0, a.id,
         (ARRAY['new', 'in_progress', 'resolved', 'resolved', 'rejected'])[1 + g % 5], 'app', t + interval '3 days', t,
         CASE WHEN g % 5 IN (2, 3) THEN t + (g % 5) * interval '1 day' END, CASE WHEN g % 5 IN (2, 3) AND g % 2 = 0 THEN 1 + g % 5 END
  FROM generate_series(1, ${reportRows}) g,
       LATERAL (SELECT now() - (g % 700) * interval '1 day' AS t) tt,
       LATERAL (SELECT id FROM feedback_categories ORDER BY code OFFSET g % 10 LIMIT 1) c,
       LATERAL (SELECT id FROM agencies WHERE level IN ('department', 'commune') ORDER BY code OFFSET g % 24 LIMIT 1) a`);
await pool.query('ANALYZE feedback_reports');
console.log(`inserted ${reportRows.toLocaleString('en')} field reports in ${((Date.now() - t0) / 1000).toFixed(1)} s`);

// The refresh job's work (open periods of every indicator, alerts, rankings), done once through the API.
t0 = Date.now();
const refreshed = await fetch(`${servers.app}/api/reporting/refresh`, { method: 'POST', headers: admin });
if (!refreshed.ok) throw new Error(`refresh: ${refreshed.status} ${await refreshed.text()}`);
console.log(
  `refresh of the open periods (job, not per request): ${((Date.now() - t0) / 1000).toFixed(1)} s ${await refreshed.text()}`,
);

async function timed(label: string, url: string, check: (body: unknown) => string) {
  const times: number[] = [];
  let note = '';
  for (let i = 0; i < 7; i++) {
    const t = performance.now();
    const r = await fetch(`${servers.app}${url}`, { headers: admin });
    if (!r.ok) throw new Error(`${label}: ${r.status} ${await r.text()}`);
    note = check(await r.json());
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  console.log(
    `${label}: median ${times[3]!.toFixed(1)} ms (min ${times[0]!.toFixed(1)}, max ${times[6]!.toFixed(1)})   (target < 300 ms)  ${note}`,
  );
}

type SummaryBody = { indicators: { key: string; year: { a: number | null; b: number | null } | null }[] };
await timed('GET /api/reporting/ioc/summary', '/api/reporting/ioc/summary', (b) => {
  const on = (b as SummaryBody).indicators.find((i) => i.key === 'dossiers.on_time_rate');
  return `on-time this year ${on?.year?.a}/${on?.year?.b}`;
});
await timed(
  'GET ranking, Huế appendix 4 (every agency)',
  '/api/reporting/criteria-sets/hue-222-pl4/ranking',
  (b) => `${(b as { items: unknown[] }).items.length} agencies`,
);
await timed(
  'GET ranking, service index (every agency)',
  '/api/reporting/criteria-sets/platform-service-index/ranking',
  (b) => `${(b as { items: unknown[] }).items.length} agencies`,
);

const counts: number[] = [];
for (let i = 0; i < 7; i++) {
  const t = performance.now();
  await pool.query('SELECT count(*) FROM dossiers');
  counts.push(performance.now() - t);
}
counts.sort((a, b) => a - b);
console.log(
  `plain SELECT count(*) FROM dossiers (${dossierRows.toLocaleString('en')} rows): median ${counts[3]!.toFixed(1)} ms (min ${counts[0]!.toFixed(1)}, max ${counts[6]!.toFixed(1)})`,
);

await pool.end();
servers.child.kill();
process.exit(0);
