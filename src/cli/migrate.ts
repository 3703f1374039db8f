import { loadConfig, openConfiguredDatabase, migrateDatabase } from '../platform/index.js';
import { seedDatabase } from '../seed.js';

/** `npm run db:migrate`: apply migrations and reference data (and the demo province unless TINHSO_DEMO=0). */
const config = loadConfig();
const database = await openConfiguredDatabase(config);
await migrateDatabase(database);
const seeded = await seedDatabase(database, { demo: config.demo });
console.log(
  `migrated (${database.kind}); reference data ${seeded.reference ? 'loaded' : 'present'}; demo ${config.demo ? (seeded.demo ? 'loaded' : 'present') : 'off'}`,
);
await database.close();
