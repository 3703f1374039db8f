import type { App } from '../../../platform/index.js';
import { adminCatalogRoutes } from './admin.js';
import { importRoutes } from './import.js';
import { publicCatalogRoutes } from './public.js';

/** The procedure catalog's HTTP API under /api/procedures. */
export async function catalogRoutes(app: App) {
  await publicCatalogRoutes(app);
  await adminCatalogRoutes(app);
  await importRoutes(app);
}
