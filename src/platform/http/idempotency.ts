/**
 * `Idempotency-Key` for state-changing requests (DESIGN §4). The key is reserved inside the request's
 * own transaction by `transact`, so it exists exactly when the change committed; the answer is stored
 * once sent. A resend with the same key and body gets that answer again (header `Idempotent-Replayed`);
 * the same key with a different request is a 422; a resend while the first is still running is a 409.
 */
import crypto from 'node:crypto';
import { and, eq, lt, sql } from 'drizzle-orm';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Executor } from '../db/client.js';
import { idempotencyKeys } from '../db/schema.js';
import { canonicalJson } from '../audit/chain.js';
import { problems } from './problem.js';
import './types.js';

export const IDEMPOTENCY_HEADER = 'idempotency-key';
const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const KEY = /^[\x21-\x7e]{8,200}$/;
/** Answers that set cookies (a session) cannot be replayed from a stored body. */
const NOT_REPLAYABLE = new Set(['/api/auth/login', '/api/auth/logout']);
/** How long an answer is kept for replay. */
export const IDEMPOTENCY_RETENTION_MS = 24 * 3_600_000;
/** Now, for the scheduled purge; tests move it to a day later instead of waiting for it. */
export const idempotencyClock = { now: (): Date => new Date() };

export interface IdempotencyClaim {
  scope: string;
  key: string;
  requestHash: string;
  /** Set by `transact` once the key row is written in the change's transaction. */
  reserved: boolean;
}

function requestHash(req: FastifyRequest): string {
  const body =
    req.body === undefined ? '' : Buffer.isBuffer(req.body) ? req.body.toString('base64') : canonicalJson(req.body);
  return crypto
    .createHash('sha256')
    .update(`${req.method} ${req.url.split('?')[0]}\n${body}`)
    .digest('hex');
}

/** preHandler: replays a stored answer, refuses a reused key, or marks the request for reservation. */
export async function idempotencyPreHandler(req: FastifyRequest, reply: FastifyReply) {
  if (!UNSAFE.has(req.method) || NOT_REPLAYABLE.has(req.routeOptions.url ?? '')) return;
  const raw = req.headers[IDEMPOTENCY_HEADER];
  if (raw === undefined) return;
  const key = Array.isArray(raw) ? raw[0]! : raw;
  if (!KEY.test(key)) {
    throw problems.badRequest(
      {
        vi: 'Idempotency-Key phải gồm 8–200 ký tự ASCII in được.',
        en: 'Idempotency-Key must be 8–200 printable ASCII characters.',
      },
      { code: 'idempotency-key-invalid' },
    );
  }
  const scope = req.principal?.accountId ?? 'anonymous';
  const hash = requestHash(req);
  const [row] = await req.server.ctx.db
    .select()
    .from(idempotencyKeys)
    .where(and(eq(idempotencyKeys.scope, scope), eq(idempotencyKeys.key, key)));
  if (!row) {
    req.idempotency = { scope, key, requestHash: hash, reserved: false };
    return;
  }
  if (row.requestHash !== hash) {
    throw problems.unprocessable(
      {
        vi: 'Idempotency-Key này đã được dùng cho một yêu cầu khác.',
        en: 'This Idempotency-Key was used for a different request.',
      },
      { code: 'idempotency-key-reused' },
    );
  }
  if (row.statusCode === null) {
    throw problems.conflict(
      {
        vi: 'Yêu cầu với khoá này đang được xử lý hoặc đã thực hiện nhưng chưa ghi được kết quả; vui lòng kiểm tra lại.',
        en: 'A request with this key is in progress, or was applied without its answer being recorded; please check.',
      },
      { code: 'idempotency-in-progress' },
    );
  }
  req.audited = true; // the change and its audit row were written by the first request
  return reply
    .code(row.statusCode)
    .header('idempotent-replayed', 'true')
    .type(row.contentType ?? 'application/json; charset=utf-8')
    .send(row.body ?? '');
}

/** Called by `transact` inside the change's transaction. A concurrent twin makes this one roll back. */
export async function reserveIdempotencyKey(tx: Executor, req: FastifyRequest): Promise<void> {
  const c = req.idempotency;
  if (!c || c.reserved) return;
  await reserveIdempotencyClaim(tx, c);
  c.reserved = true;
}

/**
 * Writes the key's row in the caller's transaction without marking the claim: for changes committed
 * later on the request's behalf (a batch), which mark it once their transaction has committed.
 */
export async function reserveIdempotencyClaim(tx: Executor, c: IdempotencyClaim): Promise<void> {
  const rows = await tx
    .insert(idempotencyKeys)
    .values({ scope: c.scope, key: c.key, requestHash: c.requestHash })
    .onConflictDoNothing()
    .returning({ key: idempotencyKeys.key });
  if (!rows.length) {
    throw problems.conflict(
      {
        vi: 'Một yêu cầu khác với cùng Idempotency-Key đang được xử lý.',
        en: 'Another request with the same Idempotency-Key is in progress.',
      },
      { code: 'idempotency-in-progress' },
    );
  }
}

/** onSend: stores the answer of a request whose key was reserved (and so whose change committed). */
export async function storeIdempotentAnswer(req: FastifyRequest, reply: FastifyReply, payload: unknown) {
  const c = req.idempotency;
  if (!c?.reserved || reply.statusCode >= 500) return payload;
  // A failed request rolled its reservation back with its change, so only committed answers get here.
  const body =
    typeof payload === 'string'
      ? payload
      : Buffer.isBuffer(payload)
        ? payload.toString('utf8')
        : payload == null
          ? ''
          : null;
  if (body === null) return payload; // a stream: not replayable; the key still blocks a second change
  await req.server.ctx.db
    .update(idempotencyKeys)
    .set({ statusCode: reply.statusCode, contentType: String(reply.getHeader('content-type') ?? ''), body })
    .where(and(eq(idempotencyKeys.scope, c.scope), eq(idempotencyKeys.key, c.key)));
  return payload;
}

/** Forgets answers older than the retention (a scheduled job). */
export async function purgeIdempotencyKeys(db: Executor, now = idempotencyClock.now()): Promise<number> {
  const rows = await db
    .delete(idempotencyKeys)
    .where(
      lt(
        idempotencyKeys.createdAt,
        sql`${new Date(now.getTime() - IDEMPOTENCY_RETENTION_MS).toISOString()}::timestamptz`,
      ),
    )
    .returning({ key: idempotencyKeys.key });
  return rows.length;
}
