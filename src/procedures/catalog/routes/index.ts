import { sql } from 'drizzle-orm';
import type { App } from '../../../platform/index.js';
import { invalidateProcedures } from '../cache.js';
import { adminCatalogRoutes } from './admin.js';
import { importRoutes } from './import.js';
import { publicCatalogRoutes } from './public.js';
import { nameProcedureAuditTargets } from '../../audit-names.js';

/** The procedure catalog's HTTP API under /api/procedures. */
export async function catalogRoutes(app: App) {
  // Any change to the catalog, once answered (so committed), is seen by the next submission.
  app.addHook('onResponse', async (req) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') invalidateProcedures(app.ctx.db);
  });
  // A paper's form template is an upload the catalog names: it never expires.
  app.ctx.files.references.keep(
    'procedure_papers',
    (c) => sql`SELECT template_sha256 AS sha256 FROM procedure_papers WHERE template_sha256 IN ${c}`,
  );
  // The module's audited objects are named here, the catalog being the procedures module's first plugin.
  nameProcedureAuditTargets(app);
  await publicCatalogRoutes(app);
  await adminCatalogRoutes(app);
  await importRoutes(app);
}
