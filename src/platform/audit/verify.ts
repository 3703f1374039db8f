import { asc, gt } from 'drizzle-orm';
import type { Executor } from '../db/client.js';
import { auditLog } from './schema.js';
import { GENESIS_HASH, linkHash } from './chain.js';

export interface VerifyResult {
  ok: boolean;
  checked: number;
  /** The first row whose link does not hold, and why. */
  brokenAt?: { seq: number; reason: 'hash-mismatch' | 'prev-hash-mismatch' };
}

/** Walks the chain in order and reports the first broken link. */
export async function verifyAuditChain(ex: Executor, batch = 5000): Promise<VerifyResult> {
  let prev = GENESIS_HASH;
  let after = 0;
  let checked = 0;
  for (;;) {
    const rows = await ex.select().from(auditLog).where(gt(auditLog.seq, after)).orderBy(asc(auditLog.seq)).limit(batch);
    if (rows.length === 0) return { ok: true, checked };
    for (const r of rows) {
      if (r.prevHash !== prev) return { ok: false, checked, brokenAt: { seq: r.seq, reason: 'prev-hash-mismatch' } };
      const expected = linkHash(prev, {
        seq: r.seq,
        at: r.at,
        actorId: r.actorId,
        actorLabel: r.actorLabel,
        action: r.action,
        targetType: r.targetType,
        targetId: r.targetId,
        requestId: r.requestId,
        details: r.details,
      });
      if (expected !== r.hash) return { ok: false, checked, brokenAt: { seq: r.seq, reason: 'hash-mismatch' } };
      prev = r.hash;
      checked++;
      after = r.seq;
    }
  }
}
