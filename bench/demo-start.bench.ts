/**
 * How long the demo takes to load on a fresh embedded database (PGlite, what `npm start` uses by default):
 * migrations, reference data, the demo province, then the living demo (src/demo/living.ts) apart.
 * Usage: npm run bench:demo-start   (BENCH_REPORTS: living demo reports, default 300 as `npm start`)
 */
import { migrateDatabase, openDatabase } from '../src/platform/index.js';
import { seedDatabase } from '../src/seed.js';
import { seedLivingDemo } from '../src/demo/living.js';

const t0 = performance.now();
const database = await openDatabase({});
await migrateDatabase(database);
const t1 = performance.now();
await seedDatabase(database, { demo: true });
const t2 = performance.now();
const living = await seedLivingDemo(database, { reports: Number(process.env.BENCH_REPORTS ?? 300) });
const t3 = performance.now();
await database.close();
const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
console.log(
  `migrate ${s(t1 - t0)}, demo province ${s(t2 - t1)}, living demo ${s(t3 - t2)} (${living.reports} reports, ${living.actions} actions): total ${s(t3 - t0)}`,
);
console.log(`living demo by state: ${JSON.stringify(living.byTarget)}`);
