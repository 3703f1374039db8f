/** Roles and areas: who may open which part of the app, and where a user lands after logging in. */
export const ROLES = ['citizen', 'officer', 'specialist', 'leader', 'clerk', 'admin', 'auditor', 'system'] as const;
export type Role = (typeof ROLES)[number];

export interface Grant {
  role: Role;
  scopeKind: 'agency' | 'unit' | 'none';
  scopeId: string | null;
  scopeName?: string | { vi: string; en: string } | null;
}

export interface Account {
  id: string;
  username: string;
  displayName: string;
  kind: 'person' | 'system';
  grants: Grant[];
}

export interface Session {
  account: Account;
  csrfToken: string;
}

export const AREAS = ['portal', 'workspace', 'ioc', 'admin'] as const;
export type Area = (typeof AREAS)[number];

/** `null`: open to everyone, logged in or not. */
export const AREA_ROLES: Record<Area, readonly Role[] | null> = {
  portal: null,
  workspace: ['officer', 'specialist', 'leader', 'clerk'],
  ioc: ['leader', 'admin'],
  // The auditor sees the audit trail page of the admin area, nothing else of it.
  admin: ['admin', 'auditor'],
};

export const AREA_PATHS: Record<Area, string> = { portal: '/', workspace: '/workspace', ioc: '/ioc', admin: '/admin' };

export const hasRole = (account: Account | null | undefined, roles: readonly Role[]) =>
  !!account?.grants.some((g) => roles.includes(g.role));

export function canUse(account: Account | null | undefined, area: Area): boolean {
  const roles = AREA_ROLES[area];
  return roles === null || hasRole(account, roles);
}

export function areaOfPath(pathname: string): Area {
  const first = pathname.split('/')[1] ?? '';
  return first === 'workspace' || first === 'ioc' || first === 'admin' ? first : 'portal';
}

/** Where a user goes after logging in when nothing else was asked for. */
export function landingPath(account: Account | null | undefined): string {
  if (hasRole(account, ['admin'])) return '/admin';
  if (hasRole(account, ['auditor'])) return '/admin/audit';
  if (hasRole(account, ['officer', 'specialist', 'leader', 'clerk'])) return '/workspace';
  return '/';
}

/** A return path is followed only inside this app: no other origin, no protocol-relative URL, not the login page. */
export function safeReturnTo(raw: string | null | undefined): string | null {
  if (!raw || !raw.startsWith('/') || raw.startsWith('//') || raw.startsWith('/\\')) return null;
  if (raw === '/login' || raw.startsWith('/login?') || raw.startsWith('/login/')) return null;
  return raw;
}

/** The path to follow after logging in: the asked-for page if this account may open it, else its landing page. */
export function afterLogin(account: Account, returnTo: string | null): string {
  const target = safeReturnTo(returnTo);
  if (target && canUse(account, areaOfPath(target.split('?')[0] ?? '/'))) return target;
  return landingPath(account);
}
