import { and, eq, isNull } from 'drizzle-orm';
import type { Executor } from '../db/client.js';
import { accounts, roleGrants, sessions } from './schema.js';
import { hashPassword } from './passwords.js';
import { randomToken, sha256 } from './tokens.js';
import type { Grant } from './authorize.js';

export interface NewAccount {
  username: string;
  displayName: string;
  email?: string | null;
  phone?: string | null;
  kind?: 'person' | 'system';
  password?: string | null;
  oidcIssuer?: string | null;
  oidcSubject?: string | null;
}

export async function createAccount(ex: Executor, a: NewAccount) {
  const [row] = await ex
    .insert(accounts)
    .values({
      username: a.username.toLowerCase(),
      displayName: a.displayName,
      email: a.email ?? null,
      phone: a.phone ?? null,
      kind: a.kind ?? 'person',
      passwordHash: a.password ? await hashPassword(a.password) : null,
      oidcIssuer: a.oidcIssuer ?? null,
      oidcSubject: a.oidcSubject ?? null,
    })
    .returning();
  return row!;
}

export async function findAccountByUsername(ex: Executor, username: string) {
  const [row] = await ex.select().from(accounts).where(eq(accounts.username, username.toLowerCase())).limit(1);
  return row ?? null;
}

export async function grantRole(ex: Executor, accountId: string, g: Grant, grantedBy: string | null = null) {
  const [row] = await ex
    .insert(roleGrants)
    .values({ accountId, role: g.role, scopeKind: g.scopeKind, scopeId: g.scopeId, grantedBy })
    .returning();
  return row!;
}

export async function activeGrants(ex: Executor, accountId: string) {
  return ex
    .select({
      id: roleGrants.id,
      role: roleGrants.role,
      scopeKind: roleGrants.scopeKind,
      scopeId: roleGrants.scopeId,
      grantedAt: roleGrants.grantedAt,
    })
    .from(roleGrants)
    .where(and(eq(roleGrants.accountId, accountId), isNull(roleGrants.revokedAt)));
}

/** Opens a session; the raw token goes in the cookie and is never stored. */
export async function openSession(
  ex: Executor,
  accountId: string,
  ttlSeconds: number,
  meta: { userAgent?: string; via?: string } = {},
) {
  const token = randomToken(32);
  const csrfToken = randomToken(24);
  const expiresAt = new Date(Date.now() + ttlSeconds * 1000);
  await ex
    .insert(sessions)
    .values({
      id: sha256(token),
      accountId,
      csrfToken,
      expiresAt,
      userAgent: meta.userAgent?.slice(0, 300) ?? null,
      via: meta.via ?? 'password',
    });
  return { token, csrfToken, expiresAt };
}

export async function revokeSession(ex: Executor, sessionId: string) {
  await ex.update(sessions).set({ revokedAt: new Date() }).where(eq(sessions.id, sessionId));
}

/** Revokes a grant; revoked grants stay as history. Returns the grant, or null if it was not active. */
export async function revokeGrant(ex: Executor, grantId: string) {
  const [row] = await ex
    .update(roleGrants)
    .set({ revokedAt: new Date() })
    .where(and(eq(roleGrants.id, grantId), isNull(roleGrants.revokedAt)))
    .returning();
  return row ?? null;
}

/** Changes an account's profile fields (the directory edits names and contact details through this). */
export async function updateAccount(
  ex: Executor,
  accountId: string,
  patch: { displayName?: string; email?: string | null; phone?: string | null; disabled?: boolean },
) {
  const [row] = await ex
    .update(accounts)
    .set({ ...patch, updatedAt: new Date() })
    .where(eq(accounts.id, accountId))
    .returning();
  return row ?? null;
}
