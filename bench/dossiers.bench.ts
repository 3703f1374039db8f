/**
 * One-stop shop figures (issue #3), all on the same PostgreSQL in one run:
 * - public lookups per second (GET /api/public/dossiers/:code, no login) next to a bare Fastify + pg indexed lookup;
 * - submissions per second (an officer receiving walk-in dossiers: code allocation, deadline, audit);
 * - statistics over BENCH_STATS_ROWS dossiers (default 2,000,000): time of GET /api/dossiers/stats.
 * Usage: npm run bench:dossiers   (BENCH_PG, BENCH_SECONDS, BENCH_CONNECTIONS, BENCH_STATS_ROWS,
 *        BENCH_ONLY=lookup,submit,stats to run some parts only)
 */
import pg from 'pg';
import { connections, freshDatabase, login, measure, seconds, serverUrl, startServers } from './support/run.js';

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
const receivingAgencyId = (await centre.query<{ id: string }>(`SELECT id FROM agencies WHERE key = 'TTHCC'`)).rows[0]!.id;
await centre.end();

// A procedure of the Department of Justice, with one uploaded PDF for each mandatory paper.
const list = (await (await fetch(`${servers.app}/api/procedures?q=${encodeURIComponent('lý lịch tư pháp')}&limit=1`)).json()) as { items: { code: string }[] };
type Field = { key: string; type: string; required: boolean; options?: { value: string }[] };
const proc = (await (await fetch(`${servers.app}/api/procedures/${list.items[0]!.code}`)).json()) as {
  id: string;
  papers: { id: string; mandatory: boolean }[];
  formFields: Field[];
};
const sample = (f: Field) =>
  ({ checkbox: true, number: 1, date: '1990-01-01', email: 'a@example.vn', phone: '0912345678', idNumber: '046090001234', select: f.options?.[0]?.value })[
    f.type
  ] ?? 'Nguyễn Văn A';
const formData = Object.fromEntries(proc.formFields.filter((f) => f.required).map((f) => [f.key, sample(f)]));
const form = new FormData();
form.append('file', new Blob([Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n')], { type: 'application/pdf' }), 'to-khai.pdf');
const file = (await (await fetch(`${servers.app}/api/files`, { method: 'POST', headers: officer, body: form })).json()) as { sha256: string };
const attachments = proc.papers.filter((p) => p.mandatory).map((p) => ({ paperId: p.id, files: [file.sha256] }));
const body = (i: number) =>
  JSON.stringify({ procedureId: proc.id, receivingAgencyId, applicant: { name: `Người nộp ${i}`, phone: '0912345678' }, formData, attachments });
const first = await fetch(`${servers.app}/api/dossiers/counter`, { method: 'POST', headers: { ...officer, ...json }, body: body(0) });
if (first.status !== 201) throw new Error(`counter receipt: ${first.status} ${await first.text()}`);
const code = ((await first.json()) as { code: string }).code;

console.log(`PostgreSQL ${serverUrl.replace(/\/\/[^@]*@/, '//')}, ${connections} connections, ${seconds} s each`);
if (only.has('lookup')) {
  const lookup = await measure('Tỉnh số GET /api/public/dossiers/:code', { url: `${servers.app}/api/public/dossiers/${code}` }, servers.bare);
  const bare = await measure('bare Fastify + pg, indexed lookup by code', { url: `${servers.bare}/dossier/${code}` }, servers.bare);
  console.log(`ratio Tỉnh số / bare: ${(lookup / bare).toFixed(2)}   (target ≥ 0.7)`);
}

let n = 1;
if (only.has('submit'))
  await measure(
    'Tỉnh số POST /api/dossiers/counter (submissions)',
    {
      url: `${servers.app}/api/dossiers/counter`,
      method: 'POST',
      headers: { ...officer, ...json },
      requests: [{ setupRequest: (r) => ({ ...r, body: body(n++) }) }],
    },
    servers.bare,
  );

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
  console.log(`inserted ${statsRows.toLocaleString('en')} dossiers in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  await pool.end();
  const times: number[] = [];
  for (let i = 0; i < 5; i++) {
    const t = performance.now();
    const r = await fetch(`${servers.app}/api/dossiers/stats?from=2024-01-01&to=2026-12-31`, { headers: admin });
    if (!r.ok) throw new Error(`stats: ${r.status} ${await r.text()}`);
    await r.arrayBuffer();
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  console.log(
    `GET /api/dossiers/stats over ${statsRows.toLocaleString('en')} dossiers: median ${times[2]!.toFixed(0)} ms (min ${times[0]!.toFixed(0)}, max ${times[4]!.toFixed(0)})   (target < 300 ms)`,
  );
}
servers.child.kill('SIGTERM');
