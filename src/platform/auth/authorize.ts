import type { Role } from './roles.js';
import { PERMISSIONS, type Permission } from './permissions.js';

export interface Grant {
  role: Role;
  scopeKind: 'agency' | 'unit' | 'none';
  scopeId: string | null;
}

export interface Principal {
  accountId: string;
  username: string;
  displayName: string;
  kind: 'person' | 'system';
  grants: Grant[];
  via: 'session' | 'token';
  sessionId?: string;
  csrfToken?: string;
}

/**
 * What a check concerns (phạm vi): exactly one agency, one administrative unit, or explicitly the
 * whole province. There is no "nothing in particular": a check that named no scope used to pass for
 * a grant of any scope, which let a ward's administrator change the province's settings.
 */
export type Target =
  | { agencyId: string; unitId?: never; province?: never }
  | { unitId: string; agencyId?: never; province?: never }
  | { province: true; agencyId?: never; unitId?: never };

/** The whole province: only a grant on the province's own unit covers it. */
export const PROVINCE: Target = Object.freeze({ province: true });

/** Everything a principal's grants reach for one permission, for filtering lists. */
export interface Coverage {
  /** A province-level grant: every record of the province, including those of no agency or unit (the lists still hold what is reached). */
  province: boolean;
  /** Agencies reached (the granted ones, those under them, those of the units reached). */
  agencyIds: string[];
  /** Administrative units reached (the granted ones and those below them or merged into them). */
  unitIds: string[];
}

export const NO_COVERAGE: Coverage = Object.freeze({ province: false, agencyIds: [], unitIds: [] }) as Coverage;

/**
 * Resolves the hierarchy for scope checks. The directory module provides the real one; ids are
 * the directory's own ids. Each ancestor list includes the item itself.
 */
export interface ScopeResolver {
  agencyAncestors(agencyId: string): Promise<string[]>;
  unitAncestors(unitId: string): Promise<string[]>;
  /** The administrative unit an agency belongs to, if any. */
  agencyUnit(agencyId: string): Promise<string | null>;
  /** The ids of the province's own unit (every version of it): a unit grant on one of them is a province-level grant. */
  provinceUnitIds(): Promise<string[]>;
  /** What these grants reach, expanded downwards. */
  coverage(grants: Grant[]): Promise<Coverage>;
}

/** Without a directory, a scope covers only itself and nothing is the province. */
export const flatScopes: ScopeResolver = {
  agencyAncestors: async (id) => [id],
  unitAncestors: async (id) => [id],
  agencyUnit: async () => null,
  provinceUnitIds: async () => [],
  coverage: async (grants) => ({
    province: false,
    agencyIds: grants.filter((g) => g.scopeKind === 'agency' && g.scopeId).map((g) => g.scopeId!),
    unitIds: grants.filter((g) => g.scopeKind === 'unit' && g.scopeId).map((g) => g.scopeId!),
  }),
};

const isId = (v: unknown): v is string => typeof v === 'string' && v.length > 0;

/** Is this grant on the province's own unit? */
export async function isProvinceGrant(g: Grant, scopes: ScopeResolver): Promise<boolean> {
  return g.scopeKind === 'unit' && isId(g.scopeId) && (await scopes.provinceUnitIds()).includes(g.scopeId);
}

/**
 * Does this grant's scope contain the target? A unit grant covers the units below it and the
 * agencies in them; an agency grant covers the agency and those under it; only a grant on the
 * province's unit covers the province. A malformed target (no id, or two kinds) is covered by nothing.
 */
export async function grantCovers(g: Grant, t: Target, scopes: ScopeResolver): Promise<boolean> {
  // A citizen acts on what is theirs; the route checks the ownership (the applicant, the reporter).
  if (g.role === 'citizen') return true;
  if (g.scopeKind === 'none' || !isId(g.scopeId)) return false;
  const kinds = Number(t.province === true) + Number(isId(t.agencyId)) + Number(isId(t.unitId));
  if (kinds !== 1) return false;
  if (t.province) return isProvinceGrant(g, scopes);
  if (g.scopeKind === 'agency') {
    if (!isId(t.agencyId)) return false;
    return (await scopes.agencyAncestors(t.agencyId)).includes(g.scopeId);
  }
  // unit scope
  const unitId = t.unitId ?? (t.agencyId ? await scopes.agencyUnit(t.agencyId) : null);
  if (unitId && (await scopes.unitAncestors(unitId)).includes(g.scopeId)) return true;
  // An agency nested under another whose unit is covered counts too (a department of the province).
  if (t.agencyId) {
    for (const a of await scopes.agencyAncestors(t.agencyId)) {
      const u = await scopes.agencyUnit(a);
      if (u && (await scopes.unitAncestors(u)).includes(g.scopeId)) return true;
    }
  }
  return false;
}

const grantsFor = (p: Principal, action: Permission) =>
  p.grants.filter((g) => (PERMISSIONS[action] as readonly Role[]).includes(g.role));

/** May this principal perform this action on this target? */
export async function can(
  p: Principal | null | undefined,
  action: Permission,
  target: Target,
  scopes: ScopeResolver,
): Promise<boolean> {
  if (!p) return false;
  for (const g of grantsFor(p, action)) if (await grantCovers(g, target, scopes)) return true;
  return false;
}

/**
 * Does the principal hold a role for this action in some scope? This authorises nothing by itself:
 * it lets a route refuse early, before the scoped check on what the request names or the filter of a list.
 */
export function holdsPermission(p: Principal | null | undefined, action: Permission): boolean {
  return Boolean(p && grantsFor(p, action).length);
}

/** Everything this principal may do this action on: for filtering lists to the caller's scope. */
export async function coverageOf(
  p: Principal | null | undefined,
  action: Permission,
  scopes: ScopeResolver,
): Promise<Coverage> {
  if (!p) return NO_COVERAGE;
  const grants = grantsFor(p, action).filter((g) => g.scopeKind !== 'none' && isId(g.scopeId));
  if (!grants.length) return NO_COVERAGE;
  const reached = await scopes.coverage(grants);
  for (const g of grants) if (await isProvinceGrant(g, scopes)) return { ...reached, province: true };
  return reached;
}

/** Does a coverage reach a record of this agency or unit? Records of neither belong to the province. */
export function coverageReaches(c: Coverage, at: { agencyId?: string | null; unitId?: string | null }): boolean {
  if (c.province) return true;
  return Boolean((at.agencyId && c.agencyIds.includes(at.agencyId)) || (at.unitId && c.unitIds.includes(at.unitId)));
}

/** The one agency where this principal holds a role for the action, when there is exactly one (an officer's own desk). */
export function soleAgencyFor(p: Principal, action: Permission): string | null {
  const ids = new Set(
    grantsFor(p, action)
      .filter((g) => g.scopeKind === 'agency' && isId(g.scopeId))
      .map((g) => g.scopeId!),
  );
  return ids.size === 1 ? [...ids][0]! : null;
}

export function hasRole(p: Principal | null | undefined, role: Role): boolean {
  return Boolean(p?.grants.some((g) => g.role === role));
}
