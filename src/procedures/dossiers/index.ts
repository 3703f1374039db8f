/**
 * Dossiers (hồ sơ): submission and receipt, codes, the lifecycle as actions, the working-day clock,
 * queues, the public lookup and statistics. Other modules use only what this file exports.
 */
import { sql } from 'drizzle-orm';
import type { App } from '../../platform/index.js';
import { dossierRoutes } from './routes.js';
import { registerDueSoon } from './due-soon.js';
import { publicRoutes } from '../public/routes.js';
import { statsRoutes } from '../stats/routes.js';

export {
  dossiers,
  dossierActions,
  dossierCounters,
  type Dossier,
  type DossierAction,
  type PaperAttachment,
} from './schema.js';
export { DOSSIER_STATUSES, type DossierStatus } from './statuses.js';
export { NOTIFY_DOSSIER } from './service.js';
export { NOTIFY_DUE_SOON, scanDueSoon } from './due-soon.js';
export { ACTION_NAMES } from './actions/index.js';
export { intakeAt, actAt, principalOf, type PastContext } from './backdated.js';

/** The dossier plugin: its routes, the public lookup, statistics, and the due-soon warning job. */
export async function dossiersModule(app: App) {
  // Stats first: its static path must not be read as a dossier id by anyone reading the route table.
  await statsRoutes(app);
  await dossierRoutes(app);
  await publicRoutes(app);
  registerDueSoon(app.ctx.jobs, () => app.ctx.calendar.calendar());
  // A dossier's papers and its result are uploads it names: they never expire (platform/files/expiry.ts).
  app.ctx.files.references.keep(
    'dossiers',
    (
      c,
    ) => sql`SELECT f AS sha256 FROM dossiers d, jsonb_array_elements(d.attachments) a, jsonb_array_elements_text(a -> 'files') f WHERE f IN ${c}
               UNION SELECT d.result_sha256 FROM dossiers d WHERE d.result_sha256 IN ${c}`,
  );
}
