import { sql } from 'drizzle-orm';
import type { Executor } from '../db/client.js';

export interface AuditEntry {
  actorId: string | null;
  actorLabel: string;
  action: string;
  targetType: string;
  targetId?: string | null;
  requestId?: string | null;
  details?: Record<string, unknown>;
  /** Whose business the change is (uuids of an agency and/or an administrative unit), for audit visibility by scope. */
  scope?: { agencyId?: string | null; unitId?: string | null };
}

const COLUMNS = sql.raw(
  'at, actor_id, actor_label, action, target_type, target_id, request_id, details, agency_id, unit_id',
);

/** Appends one audit row inside the caller's transaction. */
export async function appendAudit(tx: Executor, e: AuditEntry): Promise<void> {
  await appendAuditBatch(tx, [e]);
}

/**
 * Appends rows in the given order inside the caller's transaction: one statement writes them and queues them for
 * the chainer (`audit_pending`), which links them into the hash chain once they have committed (./chainer.ts).
 * No lock and no read of the chain's head: audited writes of the whole platform run side by side, and a
 * rolled-back transaction leaves neither a row nor a gap in the chain.
 */
export async function appendAuditBatch(tx: Executor, entries: AuditEntry[]): Promise<void> {
  if (!entries.length) return;
  const at = new Date().toISOString();
  const doc = entries.map((e) => ({
    at,
    actor_id: e.actorId,
    actor_label: e.actorLabel,
    action: e.action,
    target_type: e.targetType,
    target_id: e.targetId ?? null,
    request_id: e.requestId ?? null,
    details: e.details ?? {},
    agency_id: e.scope?.agencyId ?? null,
    unit_id: e.scope?.unitId ?? null,
  }));
  // The rows travel as one JSON parameter; WITH ORDINALITY … ORDER BY numbers them (seq) in the order given.
  await tx.execute(sql`WITH written AS (
      INSERT INTO audit_log (at, actor_id, actor_label, action, target_type, target_id, request_id, details,
                             agency_id, unit_id)
      SELECT ${COLUMNS}
        FROM ROWS FROM (jsonb_to_recordset(${JSON.stringify(doc)}::jsonb) AS (at timestamptz, actor_id text,
               actor_label text, action text, target_type text, target_id text, request_id text, details jsonb,
               agency_id uuid, unit_id uuid))
             WITH ORDINALITY AS r(${COLUMNS}, n)
       ORDER BY r.n
      RETURNING seq)
    INSERT INTO audit_pending (seq) SELECT seq FROM written`);
}
