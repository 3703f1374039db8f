/**
 * The IT inventory (hạ tầng và hệ thống thông tin): devices, networks, information systems and their security levels,
 * applications and sector databases per agency, read from the tools agencies run (GLPI, Wazuh) and from spreadsheets,
 * published to the reporting module as the view `inventory_agency_facts`. Other modules use only what this file exports.
 */
import type { App } from '../platform/index.js';
import { inventoryRoutes } from './routes.js';
import { SYNC_EVERY_MS, SYNC_JOB, syncAll } from './sources.js';

export {
  inventorySources,
  inventoryDevices,
  inventoryNetworks,
  inventorySystems,
  inventoryApplications,
  inventoryDatabases,
  inventoryImports,
  DEVICE_KINDS,
  NETWORK_KINDS,
  APP_CATEGORIES,
} from './schema.js';
export { FACT_COLUMNS, evidence, agencyFacts, type FactColumn, type EvidenceRow } from './evidence.js';
export { runSource, syncAll, SYNC_JOB, SYNC_EVERY_MS } from './sources.js';
export { checkIpv6 } from './ipv6.js';
export { seedInventory } from './seed.js';

/** The module's routes and its hourly sync of every connected tool. */
export async function inventoryModule(app: App) {
  await app.register(inventoryRoutes);
  app.ctx.jobs.register(SYNC_JOB, async (job) => {
    const runs = await syncAll(job.db, job.log);
    const failed = runs.filter((r) => r.status !== 'succeeded').length;
    if (runs.length) job.log.info({ runs: runs.length, failed }, 'inventory: tools synchronised');
  });
  app.ctx.jobs.schedule(SYNC_JOB, SYNC_EVERY_MS);
}
