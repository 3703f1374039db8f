/**
 * Unattached uploads expire (issue 8 item 13): a file that no record names a while after it was
 * uploaded — a paper never submitted, a photo never sent — loses its rows and its bytes. A file some
 * record names is marked kept (`files.kept_at`) the first time it is found named and never looked at again.
 */
import { sql } from 'drizzle-orm';
import type { Logger } from 'pino';
import { queryRows, type Db } from '../db/client.js';
import { vnDateParts } from '../http/vn-formats.js';
import { addressSet, EXPIRY_LOCK, type FileReferences } from './references.js';
import type { FileStore } from './store.js';

export const FILE_EXPIRY_JOB = 'platform.files.expire-unattached';

/** Files looked at per transaction: small, because intake waits while the last check and the removal run. */
const BATCH = 200;

/**
 * Files older than the cutoff, not kept, with no upload since the cutoff (someone sending the same
 * bytes again starts their time anew).
 */
const candidatesSql = (cutoff: Date, limit: number, among?: readonly string[]) => sql`
  SELECT f.sha256 FROM files f
   WHERE f.kept_at IS NULL AND f.created_at < ${cutoff.toISOString()}::timestamptz
     ${among ? sql`AND f.sha256 IN ${addressSet(among)}` : sql``}
     AND NOT EXISTS (SELECT 1 FROM file_uploads u WHERE u.sha256 = f.sha256 AND u.uploaded_at >= ${cutoff.toISOString()}::timestamptz)
   ORDER BY f.created_at
   LIMIT ${limit}`;

export interface ExpiryResult {
  /** Files found named by a record, now kept for good. */
  kept: number;
  /** Files removed, rows and bytes. */
  removed: number;
}

/**
 * One pass over the uploads older than `ttlMs`. Files some record names are marked kept without a
 * lock; the rest are checked again and removed under the expiry lock, which every transaction that
 * names an upload holds shared (`holdExpiry`), so a record committed meanwhile is seen and nothing
 * is removed under it. The bytes are removed before the rows commit: an upload of the same bytes
 * waits on the lock (`Files.record`) and then finds them gone, rather than a row without bytes.
 */
export async function expireUnattached(
  db: Db,
  store: FileStore,
  refs: FileReferences,
  opts: { ttlMs: number; now?: Date; log?: Logger },
): Promise<ExpiryResult> {
  const now = opts.now ?? new Date();
  const cutoff = new Date(now.getTime() - opts.ttlMs);
  const result: ExpiryResult = { kept: 0, removed: 0 };
  for (;;) {
    const candidates = (await queryRows<{ sha256: string }>(db, candidatesSql(cutoff, BATCH))).map((r) => r.sha256);
    if (!candidates.length) break;
    const named = await refs.named(db, candidates);
    if (named.size) {
      await db.execute(
        sql`UPDATE files SET kept_at = ${now.toISOString()}::timestamptz WHERE sha256 IN ${addressSet([...named])}`,
      );
      result.kept += named.size;
    }
    const unnamed = candidates.filter((s) => !named.has(s));
    if (unnamed.length) result.removed += await removeUnnamed(db, store, refs, unnamed, cutoff, now);
    if (candidates.length < BATCH) break;
  }
  if (result.kept || result.removed) opts.log?.info(result, 'unattached uploads expired');
  return result;
}

async function removeUnnamed(
  db: Db,
  store: FileStore,
  refs: FileReferences,
  shas: string[],
  cutoff: Date,
  now: Date,
): Promise<number> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`SELECT pg_advisory_xact_lock(${EXPIRY_LOCK})`);
    // Again, now that no reference can be on its way: still expired, and still named by nothing.
    const still = (await queryRows<{ sha256: string }>(tx, candidatesSql(cutoff, shas.length, shas))).map(
      (r) => r.sha256,
    );
    const named = await refs.named(tx, still);
    if (named.size)
      await tx.execute(
        sql`UPDATE files SET kept_at = ${now.toISOString()}::timestamptz WHERE sha256 IN ${addressSet([...named])}`,
      );
    const expired = still.filter((s) => !named.has(s));
    if (!expired.length) return 0;
    const set = addressSet(expired);
    await refs.releaseAll(tx, expired);
    await tx.execute(sql`DELETE FROM file_uploads WHERE sha256 IN ${set}`);
    await tx.execute(sql`DELETE FROM files WHERE sha256 IN ${set}`);
    await Promise.all(expired.map((sha) => store.delete(sha)));
    return expired.length;
  });
}

/** Usage counters of days gone by: the quota counts only today. */
export async function purgeUploadUsage(db: Db, now = new Date()): Promise<void> {
  await db.execute(sql`DELETE FROM upload_usage WHERE day < ${vnDateParts(now).iso}::date`);
}
