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

/** What an action is done to: an agency, an administrative unit, or nothing in particular. */
export interface Target {
  agencyId?: string | null;
  unitId?: string | null;
}

/**
 * Resolves the hierarchy for scope checks. The directory module provides the real one; ids are
 * the directory's own ids. Each list includes the item itself.
 */
export interface ScopeResolver {
  agencyAncestors(agencyId: string): Promise<string[]>;
  unitAncestors(unitId: string): Promise<string[]>;
  /** The administrative unit an agency belongs to, if any. */
  agencyUnit(agencyId: string): Promise<string | null>;
}

/** Without a directory, a scope covers only itself. */
export const flatScopes: ScopeResolver = {
  agencyAncestors: async (id) => [id],
  unitAncestors: async (id) => [id],
  agencyUnit: async () => null,
};

/** Does this grant's scope contain the target? A unit grant covers the units below it and the agencies in them. */
export async function grantCovers(g: Grant, t: Target, scopes: ScopeResolver): Promise<boolean> {
  if (g.role === 'citizen') return true;
  if (g.scopeKind === 'none' || !g.scopeId) return false;
  const hasTarget = Boolean(t.agencyId || t.unitId);
  if (!hasTarget) return true;
  if (g.scopeKind === 'agency') {
    if (!t.agencyId) return false;
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

/** May this principal perform this action on this target? */
export async function can(p: Principal | null | undefined, action: Permission, target: Target, scopes: ScopeResolver): Promise<boolean> {
  if (!p) return false;
  const roles = PERMISSIONS[action] as readonly Role[];
  for (const g of p.grants) {
    if (!roles.includes(g.role)) continue;
    if (await grantCovers(g, target, scopes)) return true;
  }
  return false;
}

export function hasRole(p: Principal | null | undefined, role: Role): boolean {
  return Boolean(p?.grants.some((g) => g.role === role));
}
