import { eq } from 'drizzle-orm';
import type { Database } from './platform/index.js';
import { seedRuns } from './platform/db/schema.js';
import type { Seeder } from './platform/testing/templates.js';
import { DEMO_PASSWORD, seedDemoAccounts } from './demo/accounts.js';
import { seedLivingDemo } from './demo/living.js';
import { seedDemoDossiers } from './demo/dossiers.js';
import type { Files } from './platform/files/index.js';
import { seedCalendar } from './platform/calendar/index.js';
import { seedHue, seedProvinces } from './directory/index.js';
import { seedFeedback } from './feedback/index.js';
import { seedHueProcedures } from './procedures/index.js';
import { seedOpendata } from './opendata/index.js';
import { seedDocumentsDemo } from './documents/index.js';
import { seedInventory } from './inventory/index.js';
import { markDemoInstallation } from './platform/setup/index.js';

/**
 * Reference data every installation needs (provinces, default calendar…) and the demo province.
 * Each set is loaded once, recorded in seed_runs, inside one transaction per set.
 */
export const referenceSeeders: Seeder[] = [seedProvinces, (d) => seedCalendar(d.db)];
// The demo marks the installation as Huế's (demo): no first-run setup, and Huế's demo shapes are served.
export const demoSeeders: Seeder[] = [
  seedHue,
  seedDemoAccounts,
  (d) => seedFeedback(d, DEMO_PASSWORD),
  seedHueProcedures,
  seedOpendata,
  seedDocumentsDemo,
  markDemoInstallation,
];

async function runOnce(database: Database, name: string, seeders: Seeder[]): Promise<boolean> {
  const done = await database.db.select().from(seedRuns).where(eq(seedRuns.name, name));
  if (done.length) return false;
  for (const s of seeders) await s(database);
  await database.db.insert(seedRuns).values({ name });
  return true;
}

// Months of field reports for the demo (src/demo/living.ts) and the demo agencies' IT inventory: loaded by `npm start`,
// not by the test templates, whose tests count the demo's rows (and seed the inventory themselves).
export const livingSeeders: Seeder[] = [async (d) => void (await seedLivingDemo(d)), seedInventory];

/**
 * A year of dossiers for the demo (src/demo/dossiers.ts): their papers and results are files, so they need the file
 * store. Recorded apart from 'demo-living', so that a demo loaded before they existed gains them on its next start.
 */
export const dossierSeeders = (files: Files, count?: number): Seeder[] => [
  async (d) => void (await seedDemoDossiers(d, files, { dossiers: count })),
];

export async function seedDatabase(
  database: Database,
  opts: { demo: boolean; living?: boolean; files?: Files; dossiers?: number },
) {
  const reference = await runOnce(database, 'reference', referenceSeeders);
  const demo = opts.demo ? await runOnce(database, 'demo', demoSeeders) : false;
  const living = opts.demo && opts.living ? await runOnce(database, 'demo-living', livingSeeders) : false;
  const dossiers =
    opts.demo && opts.living && opts.files
      ? await runOnce(database, 'demo-dossiers', dossierSeeders(opts.files, opts.dossiers))
      : false;
  return { reference, demo, living, dossiers };
}

export const templateSeeds = {
  base: [async (d: Database) => void (await seedDatabase(d, { demo: false }))],
  demo: [async (d: Database) => void (await seedDatabase(d, { demo: true }))],
};
