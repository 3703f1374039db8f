import { sql } from 'drizzle-orm';
import type { Executor } from '../db/client.js';
import { queryRows } from '../db/client.js';
import { insertRows } from '../db/bulk-insert.js';
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
  await appendAuditBatch(tx, [e]);
}

/**
 * Appends rows in the given order inside the caller's transaction, linked one to the next: one lock,
 * one read of the chain's head and one insert for the lot (a batch of dossier receipts writes N rows
 * for the price of one).
 */
export async function appendAuditBatch(tx: Executor, entries: AuditEntry[]): Promise<void> {
  if (!entries.length) return;
  await tx.execute(sql`SELECT pg_advisory_xact_lock(${CHAIN_LOCK})`);
  // After the lock, in a statement of its own (its snapshot then sees the head the last holder committed):
  // the chain's head and as many numbers as there are entries.
  const [head] = await queryRows<{ hash: string | null; seqs: (number | string)[] | string }>(
    tx,
    sql`SELECT (SELECT hash FROM audit_log ORDER BY seq DESC LIMIT 1) AS hash,
               ARRAY(SELECT nextval(pg_get_serial_sequence('audit_log', 'seq'))::int8 FROM generate_series(1, ${entries.length})) AS seqs`,
  );
  const seqs = typeof head!.seqs === 'string' ? head!.seqs.replace(/[{}]/g, '').split(',') : head!.seqs;
  // nextval over a series hands out increasing numbers; sorted all the same, as the chain's order is the seq order.
  const ordered = seqs.map(Number).sort((a, b) => a - b);
  let prevHash = head!.hash ?? GENESIS_HASH;
  const at = new Date();
  const rows = entries.map((e, i) => {
    const fields = {
      seq: ordered[i]!,
      at,
      actorId: e.actorId,
      actorLabel: e.actorLabel,
      action: e.action,
      targetType: e.targetType,
      targetId: e.targetId ?? null,
      requestId: e.requestId ?? null,
      details: e.details ?? {},
    };
    const row = { ...fields, prevHash, hash: linkHash(prevHash, fields) };
    prevHash = row.hash;
    return row;
  });
  await insertRows(tx, auditLog, rows, { returning: false });
}
