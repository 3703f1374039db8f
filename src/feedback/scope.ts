import { sql } from 'drizzle-orm';
import { PERMISSIONS, queryRows, type Executor, type Principal } from '../platform/index.js';

/**
 * The agencies whose reports this principal handles (feedback.handle): an agency grant covers the
 * agency and those under it; a unit grant covers the agencies of the unit and the units below it.
 */
export async function handledAgencyIds(ex: Executor, p: Principal | null): Promise<string[]> {
  if (!p) return [];
  const roles = PERMISSIONS['feedback.handle'] as readonly string[];
  const grants = p.grants.filter((g) => roles.includes(g.role) && g.scopeId);
  const agencyIds = grants.filter((g) => g.scopeKind === 'agency').map((g) => g.scopeId!);
  const unitIds = grants.filter((g) => g.scopeKind === 'unit').map((g) => g.scopeId!);
  if (!agencyIds.length && !unitIds.length) return [];
  const list = (ids: string[]) => (ids.length ? sql.join(ids.map((i) => sql`${i}::uuid`), sql`, `) : sql`NULL::uuid`);
  const rows = await queryRows<{ id: string }>(
    ex,
    sql`WITH RECURSIVE u(id) AS (
          SELECT id FROM admin_units WHERE id IN (${list(unitIds)})
          UNION SELECT c.id FROM admin_units c JOIN u ON c.parent_id = u.id OR c.successor_id = u.id),
        a(id) AS (
          SELECT id FROM agencies WHERE id IN (${list(agencyIds)}) OR unit_id IN (SELECT id FROM u)
          UNION SELECT c.id FROM agencies c JOIN a ON c.parent_id = a.id)
        SELECT id FROM a`,
  );
  return rows.map((r) => r.id);
}
