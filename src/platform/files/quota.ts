/**
 * The daily upload quota of an account (issue 8 item 13): how many files and bytes it may send
 * through POST /api/files in one calendar day in Vietnam, counted in the database (`upload_usage`)
 * so that every instance behind the load balancer adds to the same count.
 */
import { sql } from 'drizzle-orm';
import type { FastifyReply } from 'fastify';
import type { UploadAllowance } from '../config.js';
import type { Principal } from '../auth/authorize.js';
import { queryRows, type Executor } from '../db/client.js';
import { Problem } from '../http/problem.js';
import { vnDateParts } from '../http/vn-formats.js';

/** Staff upload for the people they serve (scans at the desk): anyone holding a role besides citizen. */
export const isStaffUploader = (p: Principal): boolean => p.grants.some((g) => g.role !== 'citizen');

export const allowanceOf = (
  p: Principal,
  quota: { citizen: UploadAllowance; staff: UploadAllowance },
): UploadAllowance => (isStaffUploader(p) ? quota.staff : quota.citizen);

interface Usage {
  files: number;
  bytes: number;
}

/** Milliseconds until midnight in Vietnam, when the count starts again. */
export function untilNextDay(now: Date): number {
  const { year, month, day } = vnDateParts(now);
  return Date.UTC(year, month - 1, day + 1) - 7 * 3_600_000 - now.getTime();
}

const mb = (n: number) => `${Math.round((n / 1024 / 1024) * 10) / 10} MB`;

/** The 429 answer, in both languages, with Retry-After: what the allowance is and when it comes back. */
function exceeded(reply: FastifyReply, allowance: UploadAllowance, now: Date): Problem {
  reply.header('retry-after', String(Math.ceil(untilNextDay(now) / 1000)));
  return new Problem({
    status: 429,
    code: 'upload-quota',
    title: { vi: 'Quá nhiều yêu cầu', en: 'Too many requests' },
    detail: {
      vi: `Bạn đã tải lên quá hạn mức trong ngày (${allowance.files} tệp, ${mb(allowance.bytes)}). Vui lòng thử lại vào ngày mai.`,
      en: `You have reached today’s upload allowance (${allowance.files} files, ${mb(allowance.bytes)}). Please try again tomorrow.`,
    },
    extra: { allowance },
  });
}

/**
 * Before any byte is read: refuses an account whose allowance for today is already used up, so a
 * flood stops without writing to the store.
 */
export async function checkQuota(
  ex: Executor,
  reply: FastifyReply,
  accountId: string,
  allowance: UploadAllowance,
  now = new Date(),
): Promise<void> {
  const [u] = await queryRows<Usage>(
    ex,
    sql`SELECT files, bytes::float8 AS bytes FROM upload_usage WHERE account_id = ${accountId} AND day = ${vnDateParts(now).iso}::date`,
  );
  if (u && (Number(u.files) >= allowance.files || Number(u.bytes) >= allowance.bytes))
    throw exceeded(reply, allowance, now);
}

/**
 * Counts one upload of `size` bytes, inside the transaction that records it: one statement, so
 * concurrent uploads on any instance are counted exactly; over the allowance it throws the 429, and
 * the transaction's rollback takes the count back.
 */
export async function countUpload(
  tx: Executor,
  reply: FastifyReply,
  accountId: string,
  size: number,
  allowance: UploadAllowance,
  now = new Date(),
): Promise<void> {
  const [u] = await queryRows<Usage>(
    tx,
    sql`INSERT INTO upload_usage AS u (account_id, day, files, bytes) VALUES (${accountId}, ${vnDateParts(now).iso}::date, 1, ${size})
        ON CONFLICT (account_id, day) DO UPDATE SET files = u.files + 1, bytes = u.bytes + excluded.bytes
        RETURNING u.files, u.bytes::float8 AS bytes`,
  );
  if (Number(u!.files) > allowance.files || Number(u!.bytes) > allowance.bytes) throw exceeded(reply, allowance, now);
}
