import { sql } from 'drizzle-orm';
import { queryRows, type Executor } from '../db/client.js';
import { GENESIS_HASH, linkHash } from './chain.js';
import { chainedFields, QUEUED_COLUMNS } from './chainer.js';

export type BrokenReason =
  /** The row (or its link's hash) was changed after it was linked. */
  | 'hash-mismatch'
  /** The link does not carry the hash of the link before it: a link was removed, inserted or reordered. */
  | 'prev-hash-mismatch'
  /** Positions skip a number: a link was removed (and the ones after it recomputed). */
  | 'position-gap'
  /** A link names a row the log no longer holds: the row was removed. */
  | 'row-missing'
  /** A row in the log is neither linked nor waiting to be: it was written around the platform, or its link removed. */
  | 'not-linked'
  /** A row has waited to be linked longer than the limit: no chainer has run (or the queue was tampered with). */
  | 'unlinked-too-long';

export interface VerifyResult {
  ok: boolean;
  /** Links checked, in chain order. */
  checked: number;
  /** The first row whose link does not hold, and why (`pos`: its link's position, when it has one). */
  brokenAt?: { seq: number; pos?: number; reason: BrokenReason };
  /** Committed rows waiting for the chainer: how many, and how long the oldest has waited (by its time). */
  pending: { count: number; oldestAgeMs: number | null };
}

export interface VerifyOptions {
  /** Links read per query. */
  batch?: number;
  /** A row waiting longer than this is a failure (ms, default 60 s). */
  maxUnlinkedMs?: number;
  /** The clock the waiting time is measured by. */
  now?: () => Date;
}

export const DEFAULT_MAX_UNLINKED_MS = 60_000;

type Row = Parameters<typeof chainedFields>[0] & {
  pos: number | string;
  link_seq: number | string;
  prev_hash: string;
  hash: string;
  present: boolean;
};

/**
 * Walks the chain in order and reports the first broken link; then the rows outside it: a row neither linked nor
 * waiting is a failure, and so is a waiting one older than the limit.
 */
export async function verifyAuditChain(ex: Executor, opts: VerifyOptions = {}): Promise<VerifyResult> {
  const batch = opts.batch ?? 5000;
  const now = (opts.now ?? (() => new Date()))();
  const pending = await pendingState(ex, now);
  const fail = (checked: number, brokenAt: NonNullable<VerifyResult['brokenAt']>): VerifyResult => ({
    ok: false,
    checked,
    brokenAt,
    pending: pending.summary,
  });
  let prev = GENESIS_HASH;
  let after = 0;
  let checked = 0;
  for (;;) {
    const rows = await queryRows<Row>(
      ex,
      sql`SELECT c.pos, c.seq AS link_seq, c.prev_hash, c.hash, l.seq IS NOT NULL AS present, ${QUEUED_COLUMNS}
            FROM audit_chain c LEFT JOIN audit_log l ON l.seq = c.seq
           WHERE c.pos > ${after} ORDER BY c.pos LIMIT ${batch}`,
    );
    for (const r of rows) {
      const pos = Number(r.pos);
      const seq = Number(r.link_seq);
      if (r.prev_hash !== prev) return fail(checked, { seq, pos, reason: 'prev-hash-mismatch' });
      if (pos !== checked + 1) return fail(checked, { seq, pos, reason: 'position-gap' });
      if (!r.present) return fail(checked, { seq, pos, reason: 'row-missing' });
      if (linkHash(prev, chainedFields(r)) !== r.hash) return fail(checked, { seq, pos, reason: 'hash-mismatch' });
      prev = r.hash;
      checked++;
      after = pos;
    }
    if (rows.length < batch) break;
  }
  // In one statement (one snapshot): the chainer moves a row from the queue to the chain in one transaction.
  const [stray] = await queryRows<{ unlinked: number | string | null; vanished: number | string | null }>(
    ex,
    sql`SELECT (SELECT l.seq FROM audit_log l
                 WHERE NOT EXISTS (SELECT 1 FROM audit_chain c WHERE c.seq = l.seq)
                   AND NOT EXISTS (SELECT 1 FROM audit_pending p WHERE p.seq = l.seq)
                 ORDER BY l.seq LIMIT 1) AS unlinked,
               (SELECT p.seq FROM audit_pending p WHERE NOT EXISTS (SELECT 1 FROM audit_log l WHERE l.seq = p.seq)
                 ORDER BY p.seq LIMIT 1) AS vanished`,
  );
  // A queued row that is gone was removed before it could be linked.
  if (stray?.vanished != null) return fail(checked, { seq: Number(stray.vanished), reason: 'row-missing' });
  if (stray?.unlinked != null) return fail(checked, { seq: Number(stray.unlinked), reason: 'not-linked' });
  const limit = opts.maxUnlinkedMs ?? DEFAULT_MAX_UNLINKED_MS;
  if (pending.oldest && pending.summary.oldestAgeMs! > limit)
    return fail(checked, { seq: pending.oldest, reason: 'unlinked-too-long' });
  return { ok: true, checked, pending: pending.summary };
}

/** The queue, read before the walk: a row linked meanwhile was waiting when read, and is checked by the walk. */
async function pendingState(ex: Executor, now: Date) {
  const [r] = await queryRows<{
    n: number | string;
    oldest_seq: number | string | null;
    oldest_at: Date | string | null;
  }>(
    ex,
    sql`SELECT count(*) AS n,
               (SELECT p.seq FROM audit_pending p JOIN audit_log l ON l.seq = p.seq ORDER BY l.at, p.seq LIMIT 1) AS oldest_seq,
               min(l.at) AS oldest_at
          FROM audit_pending p JOIN audit_log l ON l.seq = p.seq`,
  );
  const oldestAt = r?.oldest_at ? new Date(r.oldest_at) : null;
  return {
    oldest: r?.oldest_seq == null ? null : Number(r.oldest_seq),
    summary: {
      count: Number(r?.n ?? 0),
      oldestAgeMs: oldestAt ? Math.max(0, now.getTime() - oldestAt.getTime()) : null,
    },
  };
}
