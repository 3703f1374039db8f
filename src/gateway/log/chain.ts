/**
 * The exchange log's hash chain (chuỗi băm), linked after commit as the audit chain is (src/platform/audit/chainer.ts):
 * writers only insert their rows and a queue entry; one linker at a time across all instances (an advisory lock)
 * takes the committed queued rows in seq order, hashes each row's content (`row_hash`) and links it to the previous
 * link (`hash`). A link keeps the row's service and time, so a row later deleted by its service's retention leaves a
 * link the verifier can still check, and whose absence it can tell lawful from not (gateway_log_purges).
 */
import crypto from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Logger } from 'pino';
import { queryRows, type Database, type Executor } from '../../platform/index.js';
import { nextTurn } from '../limits.js';

export const GATEWAY_CHAIN_LOCK = 74_201_30;
/**
 * Rows linked per round (one transaction), and per statement within it, with a turn of the event loop between
 * statements: hashing and encoding 2,000 rows at once held the instance's requests for 20–40 ms every round (the
 * gateway's p99 under load was 36 ms with it, 12 ms without it, 13 ms in rounds of 400 in slices of 200). A round that
 * finds a full batch is followed by the next at once (LogChainer), so the chain keeps up with any rate.
 */
export const LINK_BATCH = 400;
const LINK_SLICE = 200;
export const GENESIS = '0'.repeat(64);

/** A stored log row (raw SQL: snake_case). */
export interface StoredRow {
  seq: number | string;
  request_id: string;
  at: Date | string;
  consumer_id: string | null;
  service_id: string | null;
  member_code: string;
  service_code: string;
  method: string;
  path: string;
  status: number;
  outcome: string;
  refusal: string | null;
  bytes_in: number | string;
  bytes_out: number | string;
  latency_ms: number;
  request_sha256: string;
  response_sha256: string;
  request_body: string | null;
  response_body: string | null;
  trace_id: string;
}

export const ROW_COLUMN_LIST =
  'l.seq, l.request_id, l.at, l.consumer_id, l.service_id, l.member_code, l.service_code, l.method, l.path, l.status, l.outcome, l.refusal, l.bytes_in, l.bytes_out, l.latency_ms, l.request_sha256, l.response_sha256, l.request_body, l.response_body, l.trace_id';
export const ROW_COLUMNS = sql.raw(ROW_COLUMN_LIST);

const iso = (d: Date | string) => (d instanceof Date ? d : new Date(d)).toISOString();

/** The hash of a row's content: every column, canonical JSON. */
export function rowHash(r: StoredRow): string {
  const doc: Record<(typeof ROW_KEYS)[number], unknown> = {
    seq: Number(r.seq),
    requestId: r.request_id,
    at: iso(r.at),
    consumerId: r.consumer_id,
    serviceId: r.service_id,
    memberCode: r.member_code,
    serviceCode: r.service_code,
    method: r.method,
    path: r.path,
    status: Number(r.status),
    outcome: r.outcome,
    refusal: r.refusal,
    bytesIn: Number(r.bytes_in),
    bytesOut: Number(r.bytes_out),
    latencyMs: Number(r.latency_ms),
    requestSha256: r.request_sha256,
    responseSha256: r.response_sha256,
    requestBody: r.request_body,
    responseBody: r.response_body,
    traceId: r.trace_id,
  };
  let json = '{';
  for (const k of ROW_KEYS)
    if (doc[k] !== undefined) json += `${json.length > 1 ? ',' : ''}"${k}":${JSON.stringify(doc[k])}`;
  return crypto.createHash('sha256').update(`${json}}`).digest('hex');
}

/**
 * The row's keys in canonical (sorted) order: every value is flat, so the document is written in one pass, the same
 * bytes as canonicalJson (chain.test.ts checks) without its per-key sorting and recursion, for every row linked.
 */
const ROW_KEYS = [
  'at',
  'bytesIn',
  'bytesOut',
  'consumerId',
  'latencyMs',
  'memberCode',
  'method',
  'outcome',
  'path',
  'refusal',
  'requestBody',
  'requestId',
  'requestSha256',
  'responseBody',
  'responseSha256',
  'seq',
  'serviceCode',
  'serviceId',
  'status',
  'traceId',
] as const;

export interface LinkFields {
  pos: number;
  seq: number;
  serviceId: string | null;
  at: string;
  rowHash: string;
}

export function linkHash(prev: string, f: LinkFields): string {
  return crypto
    .createHash('sha256')
    .update(`${prev}\n${f.pos}\n${f.seq}\n${f.serviceId ?? ''}\n${f.at}\n${f.rowHash}`)
    .digest('hex');
}

async function anyQueued(ex: Executor): Promise<boolean> {
  const [r] = await queryRows<{ q: boolean }>(
    ex,
    sql`SELECT EXISTS (SELECT 1 FROM gateway_log_pending p JOIN gateway_exchange_log l ON l.seq = p.seq) AS q`,
  );
  return Boolean(r?.q);
}

/** One round: links up to `batch` committed rows; null when another instance holds the lock. */
export async function linkLog(
  database: Database,
  opts: { wait?: boolean; batch?: number } = {},
): Promise<number | null> {
  const batch = opts.batch ?? LINK_BATCH;
  return database.db.transaction(async (tx) => {
    const lock = opts.wait
      ? sql`SELECT true AS locked FROM pg_advisory_xact_lock(${GATEWAY_CHAIN_LOCK})`
      : sql`SELECT pg_try_advisory_xact_lock(${GATEWAY_CHAIN_LOCK}) AS locked`;
    const [got] = await queryRows<{ locked: boolean }>(tx, lock);
    if (!got?.locked) return null;
    const [head] = await queryRows<{ pos: number | string; hash: string }>(
      tx,
      sql`SELECT pos, hash FROM gateway_log_chain ORDER BY pos DESC LIMIT 1`,
    );
    const rows = await queryRows<StoredRow>(
      tx,
      sql`SELECT ${ROW_COLUMNS} FROM gateway_log_pending p JOIN gateway_exchange_log l ON l.seq = p.seq ORDER BY p.seq LIMIT ${batch}`,
    );
    if (!rows.length) return 0;
    let pos = head ? Number(head.pos) : 0;
    let prev = head?.hash ?? GENESIS;
    // In slices, with a turn of the event loop between them (LINK_BATCH says why).
    for (let i = 0; i < rows.length; i += LINK_SLICE) {
      if (i) await nextTurn();
      const links = rows.slice(i, i + LINK_SLICE).map((r) => {
        const f: LinkFields = {
          pos: ++pos,
          seq: Number(r.seq),
          serviceId: r.service_id,
          at: iso(r.at),
          rowHash: rowHash(r),
        };
        const hash = linkHash(prev, f);
        const link = {
          pos: f.pos,
          seq: f.seq,
          service_id: f.serviceId,
          at: f.at,
          row_hash: f.rowHash,
          prev_hash: prev,
          hash,
        };
        prev = hash;
        return link;
      });
      await tx.execute(sql`WITH linked AS (
          INSERT INTO gateway_log_chain (pos, seq, service_id, at, row_hash, prev_hash, hash)
          SELECT pos, seq, service_id, at, row_hash, prev_hash, hash
            FROM jsonb_to_recordset(${JSON.stringify(links)}::jsonb) AS r(pos int8, seq int8, service_id uuid, at timestamptz, row_hash text, prev_hash text, hash text)
          RETURNING seq)
        DELETE FROM gateway_log_pending WHERE seq IN (SELECT seq FROM linked)`);
    }
    return rows.length;
  });
}

/** Links every committed row now (tests, the seal, the verifier). */
export async function linkAll(database: Database): Promise<number> {
  let total = 0;
  while (await anyQueued(database.db)) {
    // Larger rounds than the chainer's: fewer transactions for a backlog; the slices still yield to requests.
    const n = (await linkLog(database, { wait: true, batch: 2000 })) ?? 0;
    total += n;
    if (n === 0) break;
  }
  return total;
}

/** Links rows every `intervalMs` in this instance (skipping a round while another instance links). */
export class LogChainer {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> = Promise.resolve();
  constructor(
    private readonly database: Database,
    private readonly log: Logger,
    private readonly intervalMs = 500,
  ) {}
  start() {
    const tick = () => {
      let full = false;
      this.running = linkLog(this.database, { batch: LINK_BATCH })
        .then((n) => void (full = n === LINK_BATCH))
        .catch((err: unknown) => this.log.error({ err }, 'gateway log chainer failed; retrying'))
        .finally(() => {
          // More waiting: the next round at once, so the chain never falls further behind under load.
          if (this.timer) this.timer = setTimeout(tick, full ? 0 : this.intervalMs).unref();
        });
    };
    this.timer = setTimeout(tick, 0).unref();
  }
  async stop() {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running;
  }
}
