import { sql } from 'drizzle-orm';
import type { App } from '../platform/index.js';

/** Names of the procedures module's objects on the audit page: a procedure by code and name, a dossier by its code. */
export function nameProcedureAuditTargets(app: App) {
  app.ctx.auditNames
    .name(
      'procedure',
      (ids) =>
        sql`SELECT id, jsonb_build_object('vi', code || ' — ' || name, 'en', code || ' — ' || coalesce(name_en, name)) AS name FROM procedures WHERE id IN ${ids}`,
    )
    .name('dossier', (ids) => sql`SELECT id, code AS name FROM dossiers WHERE id IN ${ids}`);
}
