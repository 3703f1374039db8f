import crypto from 'node:crypto';
import { and, desc, eq, gt, inArray, isNull, lt, sql } from 'drizzle-orm';
import type { FastifyRequest } from 'fastify';
import {
  hitLimits,
  problems,
  type Executor,
  OutboxSmsSender,
  normalizeVnPhone,
  type SmsSender,
} from '../platform/index.js';
import { feedbackPhoneCodes, feedbackReporterTickets, type Report } from './schema.js';

/** One-time codes: 6 digits, 5 minutes, 5 tries; at most 5 codes per phone per hour. */
export const OTP = { digits: 6, ttlMs: 5 * 60_000, maxAttempts: 5, perHour: 5 } as const;
/** A confirmed phone may report (and upload photos) for two hours. */
export const TICKET_TTL_MS = 2 * 3_600_000;
export const TICKET_HEADER = 'x-reporter-ticket';

const sms: SmsSender = new OutboxSmsSender();
const hash = (salt: string, value: string) => crypto.createHash('sha256').update(`${salt}:${value}`).digest('hex');

export function requirePhone(input: string, field = '/body/phone'): string {
  const phone = normalizeVnPhone(input);
  if (!phone)
    throw problems.invalidField(
      field,
      { vi: 'Số điện thoại di động Việt Nam không hợp lệ.', en: 'Not a valid Vietnamese mobile number.' },
      'phone',
    );
  return phone;
}

/**
 * Sends a code to the phone (mã xác thực); only its salted hash is kept. The phone's hourly cap is a
 * database counter hit in the caller's transaction: concurrent requests on any instance queue on its
 * row, and a request that fails later counts no code.
 */
export async function sendPhoneCode(
  tx: Executor,
  phone: string,
  now = new Date(),
): Promise<{ sent: true; expiresAt: Date } | { sent: false; retryAfterMs: number }> {
  const cap = await hitLimits(
    tx,
    [{ key: `feedback.phone-code:${phone}`, rule: { max: OTP.perHour, timeWindowMs: 3_600_000 } }],
    { now },
  );
  if (!cap.allowed) return { sent: false, retryAfterMs: cap.retryAfterMs };
  const code = String(crypto.randomInt(0, 10 ** OTP.digits)).padStart(OTP.digits, '0');
  const salt = crypto.randomBytes(16).toString('hex');
  const expiresAt = new Date(now.getTime() + OTP.ttlMs);
  await tx.insert(feedbackPhoneCodes).values({ phone, codeHash: hash(salt, code), salt, expiresAt, createdAt: now });
  await sms.send(tx, {
    to: phone,
    body: `Ma xac thuc phan anh hien truong: ${code}. Het han sau 5 phut. Khong chia se ma nay.`,
    purpose: 'feedback.otp',
  });
  return { sent: true, expiresAt };
}

const wrongCode = () =>
  problems.badRequest(
    { vi: 'Mã xác thực không đúng hoặc đã hết hạn.', en: 'The code is wrong or has expired.' },
    { code: 'otp-invalid' },
  );

/**
 * Checks the latest live code for the phone. A try is used up first, in one statement that only
 * succeeds while tries are left (concurrent guesses cannot all read the same count); then the code is
 * compared, and a right one is consumed once. A wrong code's try stays used even though the request
 * fails, by the caller committing first: see routes/reporter.ts.
 */
export async function checkPhoneCode(
  tx: Executor,
  phone: string,
  code: string,
  now = new Date(),
): Promise<{ ok: true; ticket: string; expiresAt: Date } | { ok: false }> {
  const live = and(
    eq(feedbackPhoneCodes.phone, phone),
    isNull(feedbackPhoneCodes.usedAt),
    gt(feedbackPhoneCodes.expiresAt, now),
  );
  const latest = tx
    .select({ id: feedbackPhoneCodes.id })
    .from(feedbackPhoneCodes)
    .where(live)
    .orderBy(desc(feedbackPhoneCodes.createdAt))
    .limit(1);
  const [row] = await tx
    .update(feedbackPhoneCodes)
    .set({ attempts: sql`${feedbackPhoneCodes.attempts} + 1` })
    .where(
      and(
        inArray(feedbackPhoneCodes.id, latest),
        isNull(feedbackPhoneCodes.usedAt),
        lt(feedbackPhoneCodes.attempts, OTP.maxAttempts),
      ),
    )
    .returning({ id: feedbackPhoneCodes.id, salt: feedbackPhoneCodes.salt, codeHash: feedbackPhoneCodes.codeHash });
  if (!row) return { ok: false };
  const good = crypto.timingSafeEqual(Buffer.from(hash(row.salt, code)), Buffer.from(row.codeHash));
  if (!good) return { ok: false };
  const [used] = await tx
    .update(feedbackPhoneCodes)
    .set({ usedAt: now })
    .where(and(eq(feedbackPhoneCodes.id, row.id), isNull(feedbackPhoneCodes.usedAt)))
    .returning({ id: feedbackPhoneCodes.id });
  if (!used) return { ok: false };
  const ticket = `rpt_${crypto.randomBytes(32).toString('base64url')}`;
  const expiresAt = new Date(now.getTime() + TICKET_TTL_MS);
  await tx.insert(feedbackReporterTickets).values({ tokenHash: hash('ticket', ticket), phone, expiresAt });
  return { ok: true, ticket, expiresAt };
}
export { wrongCode };

/** Who is reporting: a logged-in account, or a phone confirmed by a ticket. */
export interface Reporter {
  accountId: string | null;
  phone: string | null;
}

/** The phone of a live ticket sent with the request, or null. A ticket that is sent but not live is a 401. */
export async function ticketPhone(ex: Executor, req: FastifyRequest): Promise<string | null> {
  const raw = req.headers[TICKET_HEADER];
  if (typeof raw !== 'string' || !raw) return null;
  const [row] = await ex
    .select({ phone: feedbackReporterTickets.phone })
    .from(feedbackReporterTickets)
    .where(
      and(
        eq(feedbackReporterTickets.tokenHash, hash('ticket', raw)),
        gt(feedbackReporterTickets.expiresAt, new Date()),
      ),
    );
  if (!row)
    throw problems.unauthorized(
      {
        vi: 'Phiên xác thực số điện thoại đã hết hạn; vui lòng nhận mã mới.',
        en: 'The phone confirmation has expired; please request a new code.',
      },
      { code: 'ticket-invalid' },
    );
  return row.phone;
}

/** The reporter making this request, or a 401 when there is neither a login nor a confirmed phone. */
export async function currentReporter(ex: Executor, req: FastifyRequest): Promise<Reporter> {
  const phone = await ticketPhone(ex, req);
  if (req.principal) return { accountId: req.principal.accountId, phone };
  if (phone) return { accountId: null, phone };
  throw problems.unauthorized(
    { vi: 'Vui lòng đăng nhập hoặc xác thực số điện thoại.', en: 'Please log in or confirm your phone number.' },
    { code: 'reporter-required' },
  );
}

/** Is this reporter the one who filed the report? */
export function isReporterOf(r: Reporter, report: Pick<Report, 'reporterAccountId' | 'reporterPhone'>): boolean {
  if (r.accountId && report.reporterAccountId === r.accountId) return true;
  return Boolean(r.phone && report.reporterPhone === r.phone && !report.reporterAccountId);
}
