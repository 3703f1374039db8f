import { sql } from 'drizzle-orm';
import { bigint, bigserial, index, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

/**
 * Append-only audit log (nhật ký kiểm toán): a trigger refuses UPDATE, DELETE and TRUNCATE. Rows are written
 * freely in the writer's transaction (no lock, no read of the chain's head) and linked into the hash chain
 * shortly after they commit by the chainer (`audit_chain`), so that audited writes never queue behind each other.
 * `agency_id` and `unit_id` say whose business the row is (for audit visibility by scope); no foreign keys, as the
 * platform does not depend on the directory.
 */
export const auditLog = pgTable(
  'audit_log',
  {
    seq: bigserial('seq', { mode: 'number' }).primaryKey(),
    at: timestamp('at', { withTimezone: true, mode: 'date' }).notNull(),
    actorId: text('actor_id'),
    actorLabel: text('actor_label').notNull(),
    action: text('action').notNull(),
    targetType: text('target_type').notNull(),
    targetId: text('target_id'),
    requestId: text('request_id'),
    details: jsonb('details').$type<Record<string, unknown>>().notNull(),
    agencyId: uuid('agency_id'),
    unitId: uuid('unit_id'),
  },
  (t) => [
    index('audit_log_target_idx').on(t.targetType, t.targetId),
    index('audit_log_actor_idx').on(t.actorId),
    index('audit_log_agency_idx')
      .on(t.agencyId, t.seq)
      .where(sql`${t.agencyId} IS NOT NULL`),
    index('audit_log_unit_idx')
      .on(t.unitId, t.seq)
      .where(sql`${t.unitId} IS NOT NULL`),
  ],
);

/**
 * The hash chain over the log, written only by the chainer (one at a time): link `pos` is the row `seq` with the
 * hash of link `pos − 1` (the genesis hash for the first). Positions follow commit order as the chainer saw it, so
 * a row whose transaction committed late is linked after rows with higher seqs. Append-only like the log.
 */
export const auditChain = pgTable(
  'audit_chain',
  {
    pos: bigint('pos', { mode: 'number' }).primaryKey(),
    seq: bigint('seq', { mode: 'number' }).notNull(),
    prevHash: text('prev_hash').notNull(),
    hash: text('hash').notNull(),
  },
  (t) => [uniqueIndex('audit_chain_seq_uq').on(t.seq)],
);

/**
 * Rows written but not yet linked: filled by the same statement that writes the rows, emptied by the chainer in the
 * transaction that links them, so it stays small however long the log grows. A log row in neither table was written
 * around the platform, and verification says so.
 */
export const auditPending = pgTable('audit_pending', {
  seq: bigint('seq', { mode: 'number' }).primaryKey(),
});
