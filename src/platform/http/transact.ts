import type { FastifyRequest } from 'fastify';
import type { Tx } from '../db/client.js';
import { appendAudit, type AuditEntry } from '../audit/audit.js';
import type { Target } from '../auth/authorize.js';
import { reserveIdempotencyKey } from './idempotency.js';
import './types.js';

/** The audit scope of a checked target: the province's own rows carry neither an agency nor a unit. */
export const auditScopeOf = (t: Target | undefined): AuditScope =>
  t?.agencyId ? { agencyId: t.agencyId } : t?.unitId ? { unitId: t.unitId } : {};

type AuditScope = NonNullable<AuditEntry['scope']>;

/**
 * `actor` overrides the request's principal, for the one request that establishes who it is: a login.
 * `scope` (the agency or unit whose readers may see the row) defaults to the first scope the request's
 * permission checks passed for; a row of no scope is seen only at the province level.
 */
export type AuditFn = (
  e: Omit<AuditEntry, 'actorId' | 'actorLabel' | 'requestId'> & { actor?: { id: string | null; label: string } },
) => Promise<void>;

/**
 * Runs a request's change in one transaction and gives it an `audit` function that writes the
 * audit row in that same transaction, with the actor and request id filled in. Either both land or neither.
 */
export async function transact<T>(req: FastifyRequest, fn: (tx: Tx, audit: AuditFn) => Promise<T>): Promise<T> {
  const p = req.principal;
  return req.server.ctx.db.transaction(async (tx) => {
    await reserveIdempotencyKey(tx, req);
    const audit: AuditFn = async ({ actor, ...e }) => {
      const actorId = actor ? actor.id : (p?.accountId ?? null);
      const actorLabel = actor ? actor.label : p ? p.username : 'anonymous';
      const scope = e.scope ?? auditScopeOf(req.authorizedTargets?.[0]);
      await appendAudit(tx, { ...e, scope, actorId, actorLabel, requestId: req.id });
      req.audited = true;
    };
    return fn(tx, audit);
  });
}

/**
 * For a state-changing route that found nothing to change (a repeated click answered with the
 * existing record, a replayed notification): no audit row is due, and the guard is told so.
 */
export function unchanged(req: FastifyRequest): void {
  req.audited = true;
}
