/**
 * IT inventory figures (issue #16): importing N devices through the real import path — the GLPI adapter reading the
 * GLPI test server's REST API page by page over HTTP, the checks (a device claimed by two agencies), the all-or-nothing
 * write — then a second run (nothing changes), a run with 1% changed, and the published view `inventory_agency_facts`
 * computed over them (every agency, and one agency).
 * Usage: npm run bench:inventory -- [devices=100000]
 *        On PGlite in a temporary directory by default; BENCH_DATABASE_URL=postgres://… for a PostgreSQL server
 *        (an empty database: it is migrated and seeded). BENCH_REPEAT: runs per view query (default 15; the median is printed).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { migrateDatabase, openDatabase, queryRows } from '../src/platform/index.js';
import { seedDatabase } from '../src/seed.js';
import { inventorySources } from '../src/inventory/schema.js';
import { runSource } from '../src/inventory/sources.js';
import { startGlpi, type GlpiItem } from '../src/inventory/adapters/test-servers.js';

const devices = Number(process.argv[2] ?? 100_000);
const repeat = Number(process.env.BENCH_REPEAT ?? 15);
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tinhso-bench-inv-'));
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

// N computers spread over every agency (GLPI entities named by the agency's code), 1 in 4 with active antivirus.
const agencies = await queryRows<{ id: string; code: string }>(db, sql`SELECT id, code FROM agencies ORDER BY code`);
const computers: GlpiItem[] = [];
const antivirus: GlpiItem[] = [];
const osRows: GlpiItem[] = [];
for (let i = 1; i <= devices; i++) {
  const a = agencies[i % agencies.length]!;
  computers.push({
    id: i,
    entities_id: `Root entity > ${a.code}`,
    name: `pc-${i}`,
    serial: `SN${i}`,
    computertypes_id: i % 5 === 0 ? 'Laptop' : i % 97 === 0 ? 'Server' : 'Desktop',
    users_id: 0,
    locations_id: `Phòng ${i % 20}`,
    date_mod: '2026-11-30 08:15:00',
    is_deleted: 0,
    is_template: 0,
  });
  osRows.push({
    id: i,
    itemtype: 'Computer',
    items_id: i,
    operatingsystems_id: 'Windows',
    operatingsystemversions_id: '11',
  });
  if (i % 4 === 0)
    antivirus.push({ id: i, computers_id: i, name: 'Defender', is_active: 1, is_uptodate: 1, is_deleted: 0 });
}
const glpi = await startGlpi({ Computer: computers, Item_OperatingSystem: osRows, ComputerAntivirus: antivirus });
const [province] = await queryRows<{ id: string }>(db, sql`SELECT id FROM agencies WHERE key = 'UBND'`);
const [source] = await db
  .insert(inventorySources)
  .values({
    agencyId: province!.id,
    kind: 'glpi',
    name: 'GLPI (bench)',
    baseUrl: glpi.url,
    settings: { appToken: glpi.appToken, userToken: glpi.userToken, pageSize: 5000 },
  })
  .returning();

const timed = async (label: string) => {
  const t = Date.now();
  const run = await runSource(db, source!);
  const ms = Date.now() - t;
  console.log(
    `${label}: ${ms} ms (${run.status}; ${JSON.stringify(run.counts)}; ${Math.round(devices / (ms / 1000)).toLocaleString('en')} devices/s)`,
  );
  if (run.status !== 'succeeded') throw new Error(run.reason ?? 'run failed');
};
await timed(`import of ${devices.toLocaleString('en')} devices (GLPI REST API, pages of 5,000)`);
await timed('second run, nothing changed');
for (let i = 0; i < devices; i += 100) computers[i]!.name = `pc-${i + 1}-renamed`;
await timed('run with 1% of the devices changed');

await db.execute(sql`ANALYZE inventory_devices`);
const median = async (label: string, q: ReturnType<typeof sql>) => {
  const times: number[] = [];
  let n = 0;
  for (let i = 0; i < repeat; i++) {
    const t = performance.now();
    n = (await queryRows(db, q)).length;
    times.push(performance.now() - t);
  }
  times.sort((x, y) => x - y);
  console.log(`${label}: median ${times[Math.floor(times.length / 2)]!.toFixed(1)} ms over ${repeat} runs (${n} rows)`);
};
await median('inventory_agency_facts, every agency', sql`SELECT * FROM inventory_agency_facts`);
await median(
  'inventory_agency_facts, one agency',
  sql`SELECT * FROM inventory_agency_facts WHERE agency_id = ${agencies[1]!.id}`,
);
const [check] = await queryRows<{ computers: number; av: number }>(
  db,
  sql`SELECT sum(computers_total)::int AS computers, sum(endpoints_antimalware)::int AS av FROM inventory_agency_facts`,
);
console.log(
  `check: ${check!.computers.toLocaleString('en')} computers, ${check!.av.toLocaleString('en')} endpoints with anti-malware in the view`,
);
await glpi.close();
await database.close();
fs.rmSync(dataDir, { recursive: true, force: true });
