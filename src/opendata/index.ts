/**
 * Open data (dữ liệu mở): every agency's datasets, the platform's own statistics published as datasets, CKAN's
 * Action API and DataStore at /api/3, DCAT-AP at /catalog.{format} and /dataset/{id}.{format}, the portal's API
 * under /api/opendata. Other modules use only what this file exports.
 */
import { sql } from 'drizzle-orm';
import type { App, Database } from '../platform/index.js';
import { ckanRoutes } from './ckan/routes.js';
import { dcatRoutes } from './dcat/routes.js';
import { portalRoutes } from './routes.js';
import { refreshPlatformDatasets, REFRESH_EVERY_MS, REFRESH_JOB } from './platform-datasets.js';

export {
  opendataDatasets,
  opendataResources,
  DATASET_STATES,
  FREQUENCIES,
  type Dataset,
  type Resource,
} from './schema.js';
export {
  refreshPlatformDatasets,
  generatedDatasets,
  minCount,
  REFRESH_JOB,
  REFRESH_EVERY_MS,
  DEFAULT_MIN_COUNT,
  type RefreshResult,
} from './platform-datasets.js';
export { scanText, scanRows, type Finding } from './privacy.js';
export { scanDataset, performAction } from './datasets.js';

/** The open data module's HTTP API and its refresh job. */
export async function opendataRoutes(app: App) {
  // CKAN answers in its own envelope and parses multipart uploads: its own encapsulated scope.
  await app.register(ckanRoutes);
  await portalRoutes(app);
  await dcatRoutes(app);
  const files = app.ctx.files;
  app.ctx.jobs.register(REFRESH_JOB, async (job) => {
    const r = await job.db.transaction((tx) => refreshPlatformDatasets(tx, files, job.log));
    if (r.created || r.updated || r.refused.length) job.log.info(r, 'open data: platform datasets refreshed');
  });
  app.ctx.jobs.schedule(REFRESH_JOB, REFRESH_EVERY_MS);
  // An XLSX resource's bytes live in the platform's file store and never expire while a version names them.
  app.ctx.files.references.keep(
    'opendata_resource_versions',
    (c) => sql`SELECT file_sha256 AS sha256 FROM opendata_resource_versions WHERE file_sha256 IN ${c}`,
  );
}

/** Demo: the platform's datasets, published once at seeding (the job keeps them current afterwards). */
export async function seedOpendata(database: Database): Promise<void> {
  await database.db.transaction((tx) => refreshPlatformDatasets(tx, null));
}
