/**
 * Who may be given work of an agency (người có thể được phân công): the pickers of the dossier and
 * field-report assign forms. The caller passes the rule its assign action checks (`admits`), so the
 * list offers everyone the action accepts and no one it refuses, grants on parent agencies and units
 * included — which a client filtering the directory by agency id cannot see.
 */
import { sql } from 'drizzle-orm';
import { Type, type Static } from 'typebox';
import {
  grantCovers,
  PERMISSIONS,
  queryRows,
  ROLES,
  type Executor,
  type Grant,
  type Permission,
  type Role,
  type ScopeResolver,
  StringEnum,
} from '../platform/index.js';

const Nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()]);

export const AssignableSchema = Type.Object({
  accountId: Type.String({ format: 'uuid' }),
  displayName: Type.String(),
  position: Nullable(Type.String({ description: 'Chức vụ trong hồ sơ cán bộ — position in the directory profile' })),
  agencyName: Nullable(Type.String({ description: 'Cơ quan trong hồ sơ cán bộ — agency of the directory profile' })),
  roles: Type.Array(StringEnum(ROLES), {
    description: 'Vai trò cho phép nhận việc ở cơ quan này — the roles through which they may take the work there',
  }),
});
export type Assignable = Static<typeof AssignableSchema>;

interface CandidateRow {
  account_id: string;
  display_name: string;
  position: string | null;
  agency_name: string | null;
  grants: Grant[] | string;
}

/**
 * Enabled accounts holding an active grant of one of these roles somewhere, each with all its active
 * grants (what an assign action loads) and its directory profile: one query. Whether a grant reaches
 * the agency is left to the caller's rule, which knows the hierarchy.
 */
async function candidates(ex: Executor, roles: readonly Role[]) {
  const rows = await queryRows<CandidateRow>(
    ex,
    sql`SELECT a.id AS account_id, a.display_name, p.position, ag.name AS agency_name,
               json_agg(json_build_object('role', g.role, 'scopeKind', g.scope_kind, 'scopeId', g.scope_id)) AS grants
        FROM accounts a
        JOIN role_grants g ON g.account_id = a.id AND g.revoked_at IS NULL
        LEFT JOIN people p ON p.account_id = a.id
        LEFT JOIN agencies ag ON ag.id = p.agency_id
        WHERE NOT a.disabled
          AND a.id IN (SELECT account_id FROM role_grants WHERE revoked_at IS NULL AND role IN (${sql.join(
            roles.map((r) => sql`${r}`),
            sql`, `,
          )}))
        GROUP BY a.id, a.display_name, p.position, ag.name`,
  );
  return rows.map((r) => ({
    accountId: r.account_id,
    displayName: r.display_name,
    position: r.position,
    agencyName: r.agency_name,
    grants: typeof r.grants === 'string' ? (JSON.parse(r.grants) as Grant[]) : r.grants,
  }));
}

const vi = new Intl.Collator('vi');
/** Specialists first (work normally goes to one), then by name as Vietnamese sorts it. */
const bySpecialistThenName = (a: Assignable, b: Assignable) =>
  Number(!a.roles.includes('specialist')) - Number(!b.roles.includes('specialist')) ||
  vi.compare(a.displayName, b.displayName) ||
  (a.accountId < b.accountId ? -1 : 1);

/**
 * Everyone `admits` accepts for work of this agency, where `admits` is the assign action's own rule
 * and `permission` the one it asks for (whose roles bound the candidates). Each comes with the roles
 * that let them here, not those they hold elsewhere.
 */
export async function assignableFor(
  ex: Executor,
  permission: Permission,
  agencyId: string,
  scopes: ScopeResolver,
  admits: (accountId: string, grants: Grant[], agencyId: string, scopes: ScopeResolver) => Promise<boolean>,
): Promise<Assignable[]> {
  const permitted = PERMISSIONS[permission] as readonly Role[];
  const out: Assignable[] = [];
  for (const c of await candidates(ex, permitted)) {
    if (!(await admits(c.accountId, c.grants, agencyId, scopes))) continue;
    const through = new Set<Role>();
    for (const g of c.grants)
      if (permitted.includes(g.role) && (await grantCovers(g, { agencyId }, scopes))) through.add(g.role);
    out.push({
      accountId: c.accountId,
      displayName: c.displayName,
      position: c.position,
      agencyName: c.agencyName,
      roles: ROLES.filter((r) => through.has(r)),
    });
  }
  return out.sort(bySpecialistThenName);
}
