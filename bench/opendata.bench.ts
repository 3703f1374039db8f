/**
 * Open data figures (issue #14): CKAN's package_search over N datasets and datastore_search over one M-row resource,
 * through the HTTP routes (app.inject: routing, validation, SQL, serialisation; no network).
 * Usage: npm run bench:opendata -- [datasets=10000] [rows=1000000]
 *        On PGlite in a temporary directory by default; BENCH_DATABASE_URL=postgres://… for a PostgreSQL server
 *        (an empty database: it is migrated and seeded). BENCH_REPEAT: runs per query (default 15; the median is printed).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { createLogger, loadConfig, migrateDatabase, openDatabase, queryRows } from '../src/platform/index.js';
import { seedDatabase } from '../src/seed.js';
import { createServer } from '../src/main.js';

const datasets = Number(process.argv[2] ?? 10_000);
const rows = Number(process.argv[3] ?? 1_000_000);
const repeat = Number(process.env.BENCH_REPEAT ?? 15);
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tinhso-bench-od-'));
const database = await openDatabase(
  process.env.BENCH_DATABASE_URL
    ? { databaseUrl: process.env.BENCH_DATABASE_URL }
    : { dataDir: path.join(dataDir, 'pglite') },
);
const t0 = Date.now();
await migrateDatabase(database);
await seedDatabase(database, { demo: true });
const db = database.db;
console.log(
  `${process.env.BENCH_DATABASE_URL ? 'PostgreSQL' : 'PGlite'}; migrated and seeded with the demo province in ${Date.now() - t0} ms`,
);

// N published datasets spread over the demo agencies, tags and themes, each with one CSV resource.
const t1 = Date.now();
await db.execute(sql`INSERT INTO opendata_datasets (name, title_vi, title_en, notes_vi, agency_id, licence_id, frequency, tags, groups, state, published_at)
  SELECT 'bench-' || i, 'Bộ dữ liệu thử nghiệm số ' || i || CASE WHEN i % 10 = 0 THEN ' về giao thông' ELSE ' về môi trường' END, 'Bench dataset ' || i,
         'Dữ liệu sinh tự động để đo hiệu năng, bản ghi ' || i, a.ids[1 + i % array_length(a.ids, 1)], 'CC-BY-4.0', 'monthly',
         ARRAY['thử nghiệm', 'thẻ ' || (i % 50)], ARRAY[(ARRAY['hanh-chinh-cong', 'do-thi-moi-truong', 'dia-gioi-hanh-chinh'])[1 + i % 3]], 'published', now()
    FROM generate_series(1, ${datasets}) i, (SELECT array_agg(id ORDER BY code) AS ids FROM agencies) a`);
await db.execute(
  sql`UPDATE opendata_datasets SET search = lower(f_unaccent(name || ' ' || title_vi || ' ' || title_en || ' ' || notes_vi || ' ' || array_to_string(tags, ' ')))`,
);
await db.execute(sql`INSERT INTO opendata_resources (dataset_id, name, format, url)
  SELECT id, 'Bảng', CASE WHEN random() < 0.2 THEN 'JSON' ELSE 'CSV' END, 'https://example.org/' || name || '.csv' FROM opendata_datasets WHERE name LIKE 'bench-%'`);
console.log(`${datasets.toLocaleString('en')} datasets inserted in ${Date.now() - t1} ms`);

// One M-row DataStore table: month, unit code, category, count, rate.
const t2 = Date.now();
const [ds] = await queryRows<{ id: string }>(db, sql`SELECT id FROM opendata_datasets WHERE name = 'bench-1'`);
const [res] = await queryRows<{ id: string }>(
  db,
  sql`INSERT INTO opendata_resources (dataset_id, name, format, datastore_active) VALUES (${ds!.id}, 'Bảng lớn', 'CSV', true) RETURNING id`,
);
const rid = res!.id;
await db.execute(sql`INSERT INTO opendata_datastore_fields (resource_id, position, name, type) VALUES
  (${rid}, 0, 'month', 'text'), (${rid}, 1, 'unit_code', 'text'), (${rid}, 2, 'category', 'text'), (${rid}, 3, 'reports', 'int'), (${rid}, 4, 'rate', 'numeric')`);
for (let from = 1; from <= rows; from += 100_000) {
  const to = Math.min(rows, from + 99_999);
  await db.execute(sql`INSERT INTO opendata_datastore_rows (resource_id, row_id, data, search)
    SELECT ${rid}::uuid, i, d, lower(f_unaccent((SELECT string_agg(v, ' ') FROM jsonb_each_text(d) AS e(k, v)))) FROM generate_series(${from}::int, ${to}::int) i, LATERAL (SELECT jsonb_build_object('month', to_char(date '2020-01-01' + (i % 72) * interval '1 month', 'YYYY-MM'), 'unit_code', (19700 + i % 140)::text,
           'category', (ARRAY['giao-thong', 'moi-truong', 'do-thi', 'an-ninh'])[1 + i % 4], 'reports', i % 997, 'rate', round((i % 1000) / 10.0, 1)) AS d) r`);
}
await db.execute(sql`ANALYZE opendata_datasets`);
await db.execute(sql`ANALYZE opendata_datastore_rows`);
console.log(`${rows.toLocaleString('en')} DataStore rows inserted in ${Date.now() - t2} ms`);

const config = loadConfig({ ...process.env, NODE_ENV: 'production', DATA_DIR: dataDir }, {
  jobs: { ...loadConfig().jobs, autostart: false },
  audit: { ...loadConfig().audit, chainAutostart: false },
} as never);
const server = await createServer(config, { database, logger: createLogger('silent') });
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function time(label: string, url: string) {
  const ms: number[] = [];
  let body = '';
  for (let i = 0; i < repeat; i++) {
    const start = performance.now();
    const r = await server.app.inject({ method: 'GET', url });
    ms.push(performance.now() - start);
    if (r.statusCode !== 200) throw new Error(`${label}: ${r.statusCode} ${r.body.slice(0, 300)}`);
    body = r.body;
  }
  const result = (JSON.parse(body) as { result: { count?: number; total?: number } }).result;
  const n = result.count ?? result.total;
  console.log(
    `${label.padEnd(58)} median ${median(ms).toFixed(1).padStart(8)} ms   (min ${Math.min(...ms).toFixed(1)}, max ${Math.max(...ms).toFixed(1)}; ${n === undefined ? 'total not counted' : `${n.toLocaleString('en')} matched`})`,
  );
}

const enc = encodeURIComponent;
console.log(`\npackage_search over ${datasets.toLocaleString('en')} datasets (${repeat} runs each)`);
await time('no query, first page', '/api/3/action/package_search');
await time('q=giao thong (diacritics ignored)', `/api/3/action/package_search?q=${enc('giao thong')}`);
await time(
  'fq tags + groups, sorted by name',
  `/api/3/action/package_search?fq=${enc('tags:"thẻ 7" AND groups:hanh-chinh-cong')}&sort=${enc('name asc')}`,
);
await time(
  'five facets, rows=0',
  `/api/3/action/package_search?rows=0&facet.field=${enc('["organization","groups","tags","res_format","license_id"]')}`,
);
const deep = Math.max(0, Math.floor(datasets / 2));
await time(
  `deep page (start=${deep.toLocaleString('en')}, rows=100)`,
  `/api/3/action/package_search?start=${deep}&rows=100`,
);
console.log(`\ndatastore_search over ${rows.toLocaleString('en')} rows (${repeat} runs each)`);
await time('first 100 rows', `/api/3/action/datastore_search?resource_id=${rid}`);
await time(
  'filters {unit_code, category} (GIN index)',
  `/api/3/action/datastore_search?resource_id=${rid}&filters=${enc('{"unit_code":"19753","category":"moi-truong"}')}`,
);
await time(
  'filters + sort reports desc, limit 20',
  `/api/3/action/datastore_search?resource_id=${rid}&filters=${enc('{"unit_code":"19753"}')}&sort=${enc('reports desc')}&limit=20`,
);
await time(
  `deep offset ${Math.floor(rows / 2).toLocaleString('en')} (include_total=false)`,
  `/api/3/action/datastore_search?resource_id=${rid}&offset=${Math.floor(rows / 2)}&include_total=false`,
);
await time(
  'q full text over every field',
  `/api/3/action/datastore_search?resource_id=${rid}&q=${enc('do-thi 2021-03')}&limit=10`,
);

await server.close();
await database.close();
fs.rmSync(dataDir, { recursive: true, force: true });
