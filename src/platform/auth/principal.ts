import { sql } from 'drizzle-orm';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { preparedStatement, queryRows, type Database, type Executor } from '../db/client.js';
import { problems } from '../http/problem.js';
import {
  can,
  coverageOf,
  holdsPermission,
  type Coverage,
  type Grant,
  type Principal,
  type Target,
} from './authorize.js';
import type { Permission } from './permissions.js';
import { API_TOKEN_PREFIX, safeEqual, sha256 } from './tokens.js';
import '../http/types.js';

export const SESSION_COOKIE = 'tinhso_session';

interface PrincipalRow {
  account_id: string;
  username: string;
  display_name: string;
  kind: 'person' | 'system';
  grants: Grant[] | string;
  csrf_token?: string;
  session_id?: string;
  token_id?: string;
  last_used_at?: Date | string | null;
}

const grantsJson = sql`coalesce((SELECT json_agg(json_build_object('role', g.role, 'scopeKind', g.scope_kind, 'scopeId', g.scope_id))
  FROM role_grants g WHERE g.account_id = a.id AND g.revoked_at IS NULL), '[]'::json) AS grants`;

function toPrincipal(r: PrincipalRow, via: 'session' | 'token'): Principal {
  return {
    accountId: r.account_id,
    username: r.username,
    displayName: r.display_name,
    kind: r.kind,
    grants: typeof r.grants === 'string' ? (JSON.parse(r.grants) as Grant[]) : r.grants,
    via,
    sessionId: r.session_id,
    csrfToken: r.csrf_token,
  };
}

/** One query, prepared (it runs before every authenticated request): a live session, its enabled account and the account's grants. */
const sessionLookup = preparedStatement<PrincipalRow, { tokenHash: string }>(
  'principal_from_session',
  sql`SELECT a.id AS account_id, a.username, a.display_name, a.kind, s.csrf_token, s.id AS session_id, ${grantsJson}
      FROM sessions s JOIN accounts a ON a.id = s.account_id
      WHERE s.id = ${sql.placeholder('tokenHash')} AND s.revoked_at IS NULL AND s.expires_at > now() AND NOT a.disabled`,
);

export async function principalFromSession(database: Database, token: string): Promise<Principal | null> {
  const rows = await sessionLookup(database, { tokenHash: sha256(token) });
  return rows[0] ? toPrincipal(rows[0], 'session') : null;
}

export async function principalFromApiToken(ex: Executor, token: string): Promise<Principal | null> {
  if (!token.startsWith(API_TOKEN_PREFIX)) return null;
  const rows = await queryRows<PrincipalRow>(
    ex,
    sql`SELECT a.id AS account_id, a.username, a.display_name, a.kind, t.id AS token_id, t.last_used_at, ${grantsJson}
        FROM api_tokens t JOIN accounts a ON a.id = t.account_id
        WHERE t.token_hash = ${sha256(token)} AND t.revoked_at IS NULL AND (t.expires_at IS NULL OR t.expires_at > now()) AND NOT a.disabled`,
  );
  const r = rows[0];
  if (!r) return null;
  // Record use at most every five minutes: a read must not turn into a write on every call.
  const last = r.last_used_at ? new Date(r.last_used_at).getTime() : 0;
  if (Date.now() - last > 5 * 60_000)
    await ex.execute(sql`UPDATE api_tokens SET last_used_at = now() WHERE id = ${r.token_id}`);
  return toPrincipal(r, 'token');
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** onRequest hook: who is calling, and for cookie sessions, is the CSRF token present? */
export async function loadPrincipal(req: FastifyRequest, reply: FastifyReply): Promise<void> {
  req.principal = null;
  req.audited = false;
  req.authorizedTargets = [];
  const url = req.url;
  if (!url.startsWith('/api/') && !url.startsWith('/open311/')) return;
  const db = req.server.ctx.db;
  const auth = req.headers.authorization;
  if (auth?.startsWith('Bearer ')) {
    req.principal = await principalFromApiToken(db, auth.slice(7).trim());
    if (!req.principal)
      throw problems.unauthorized(
        { vi: 'Token không hợp lệ hoặc đã hết hạn.', en: 'The token is invalid or expired.' },
        { code: 'invalid-token' },
      );
    return;
  }
  const cookie = req.cookies[SESSION_COOKIE];
  if (!cookie) return;
  req.principal = await principalFromSession(req.server.ctx.database, cookie);
  if (!req.principal) {
    // A stale cookie is dropped, and the request goes on as anonymous.
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return;
  }
  if (UNSAFE.has(req.method)) {
    const sent = req.headers['x-csrf-token'];
    if (typeof sent !== 'string' || !req.principal.csrfToken || !safeEqual(sent, req.principal.csrfToken)) {
      throw problems.forbidden(
        { vi: 'Thiếu hoặc sai mã chống giả mạo yêu cầu (CSRF).', en: 'Missing or wrong CSRF token.' },
        { code: 'csrf' },
      );
    }
  }
}

/** The caller must be logged in. */
export function requireAuth(req: FastifyRequest): Principal {
  if (!req.principal) throw problems.unauthorized();
  return req.principal;
}

/**
 * The caller must hold a role allowed for `action` in a scope containing `target` (an agency, a unit,
 * or PROVINCE). The target is remembered on the request: the audit row of the change is scoped by it.
 */
export async function requirePermission(req: FastifyRequest, action: Permission, target: Target): Promise<Principal> {
  const p = requireAuth(req);
  if (!(await can(p, action, target, req.server.ctx.scopes)))
    throw problems.forbidden(undefined, { extra: { action } });
  req.authorizedTargets.push(target);
  return p;
}

/**
 * The caller must hold a role for `action` somewhere. This authorises nothing by itself: the route
 * then checks the scope of what it loads (`requirePermission`) or filters a list (`requireCoverage`).
 */
export function requireRoleFor(req: FastifyRequest, action: Permission): Principal {
  const p = requireAuth(req);
  if (!holdsPermission(p, action)) throw problems.forbidden(undefined, { extra: { action } });
  return p;
}

/** What the caller may do `action` on, for a list filtered to it; 403 when nothing at all. */
export async function requireCoverage(
  req: FastifyRequest,
  action: Permission,
): Promise<{ principal: Principal; coverage: Coverage }> {
  const p = requireRoleFor(req, action);
  const coverage = await coverageOf(p, action, req.server.ctx.scopes);
  if (!coverage.province && !coverage.agencyIds.length && !coverage.unitIds.length)
    throw problems.forbidden(undefined, { extra: { action } });
  return { principal: p, coverage };
}
