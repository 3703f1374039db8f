import { sql } from 'drizzle-orm';
import type { App } from '../platform/index.js';

/** Names of the directory's objects on the audit page: agencies and units by name, staff by their full name. */
export function nameDirectoryAuditTargets(app: App) {
  app.ctx.auditNames
    .name('agency', (ids) => sql`SELECT id, name FROM agencies WHERE id IN ${ids}`)
    .name(
      'admin_unit',
      (ids) => sql`SELECT id, name || ' (' || code || ')' AS name FROM admin_units WHERE id IN ${ids}`,
    )
    .name(
      'person',
      (ids) =>
        sql`SELECT p.id, a.display_name AS name FROM people p JOIN accounts a ON a.id = p.account_id WHERE p.id IN ${ids}`,
    );
}
