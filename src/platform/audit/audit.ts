import { desc, sql } from 'drizzle-orm';
import type { Executor } from '../db/client.js';
import { queryRows } from '../db/client.js';
import { auditLog } from './schema.js';
import { GENESIS_HASH, linkHash } from './chain.js';

export interface AuditEntry {
  actorId: string | null;
  actorLabel: string;
  action: string;
  targetType: string;
  targetId?: string | null;
  requestId?: string | null;
  details?: Record<string, unknown>;
}

// One chain for the whole database: appends take this transaction-scoped lock so two writers
// never link to the same predecessor. It is held only until the surrounding transaction commits.
const CHAIN_LOCK = 74_201_1;

/** Appends one audit row inside the caller's transaction. */
export async function appendAudit(tx: Executor, e: AuditEntry): Promise<void> {
  await tx.execute(sql`SELECT pg_advisory_xact_lock(${CHAIN_LOCK})`);
  const last = await tx.select({ seq: auditLog.seq, hash: auditLog.hash }).from(auditLog).orderBy(desc(auditLog.seq)).limit(1);
  const [{ seq }] = await queryRows<{ seq: number }>(tx, sql`SELECT nextval(pg_get_serial_sequence('audit_log', 'seq'))::int8 AS seq`) as [{ seq: number }];
  const prevHash = last[0]?.hash ?? GENESIS_HASH;
  const fields = {
    seq: Number(seq),
    at: new Date(),
    actorId: e.actorId,
    actorLabel: e.actorLabel,
    action: e.action,
    targetType: e.targetType,
    targetId: e.targetId ?? null,
    requestId: e.requestId ?? null,
    details: e.details ?? {},
  };
  await tx.insert(auditLog).values({ ...fields, prevHash, hash: linkHash(prevHash, fields) });
}
