/** The citizen's repository of electronic documents (kho dữ liệu điện tử). */
import { sql } from 'drizzle-orm';
import type { App } from '../../platform/index.js';
import { repositoryRoutes } from './routes.js';

export async function repositoryModule(app: App) {
  await repositoryRoutes(app);
  // A repository document's file is kept as long as the document: it is the citizen's copy.
  app.ctx.files.references.keep(
    'repository',
    (c) => sql`SELECT r.sha256 FROM repository_documents r WHERE r.sha256 IN ${c}`,
  );
}
