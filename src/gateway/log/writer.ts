/**
 * Writes exchange-log rows without serialising the hot path: requests hand their row to a group commit, which
 * inserts whatever is waiting in one statement (the rows and their chain-queue entries together, atomic as one
 * statement is); a request waits for its own batch only. The proxy waits for its row before the last bytes of the
 * answer leave (proxy.ts), so an answered request always has its row: a crash loses only requests whose answer
 * the client never received in full.
 */
import { sql } from 'drizzle-orm';
import { preparedStatement, type Database } from '../../platform/index.js';
import { nextTurn } from '../limits.js';

export interface LogRow {
  requestId: string;
  at: Date;
  consumerId: string | null;
  serviceId: string | null;
  memberCode: string;
  serviceCode: string;
  method: string;
  path: string;
  status: number;
  outcome: 'forwarded' | 'refused' | 'upstream-error';
  refusal: string | null;
  bytesIn: number;
  bytesOut: number;
  latencyMs: number;
  requestSha256: string;
  responseSha256: string;
  requestBody: string | null;
  responseBody: string | null;
  traceId: string;
}

/**
 * One statement for a whole batch, prepared: PostgreSQL parses and plans it once per pooled connection, not for every
 * batch (with a batch every few milliseconds, planning was a visible share of the database's CPU per logged call).
 */
const insertRows = preparedStatement<{ seq: number | string }, { doc: string }>(
  'gateway_exchange_log_insert',
  sql`WITH ins AS (
      INSERT INTO gateway_exchange_log (request_id, at, consumer_id, service_id, member_code, service_code, method, path, status, outcome,
        refusal, bytes_in, bytes_out, latency_ms, request_sha256, response_sha256, request_body, response_body, trace_id)
      SELECT request_id, at, consumer_id, service_id, member_code, service_code, method, path, status, outcome,
        refusal, bytes_in, bytes_out, latency_ms, request_sha256, response_sha256, request_body, response_body, trace_id
        FROM jsonb_to_recordset(${sql.placeholder('doc')}::jsonb) AS t(i int, request_id text, at timestamptz, consumer_id uuid, service_id uuid, member_code text,
          service_code text, method text, path text, status int, outcome text, refusal text, bytes_in int8, bytes_out int8, latency_ms float8,
          request_sha256 text, response_sha256 text, request_body text, response_body text, trace_id text)
       ORDER BY i
      RETURNING seq),
    q AS (INSERT INTO gateway_log_pending (seq) SELECT seq FROM ins RETURNING seq)
    SELECT seq FROM q ORDER BY seq`,
);

async function insertBatch(database: Database, rows: LogRow[]): Promise<number[]> {
  const doc = JSON.stringify(
    rows.map((r, i) => ({
      i,
      request_id: r.requestId,
      at: r.at.toISOString(),
      consumer_id: r.consumerId,
      service_id: r.serviceId,
      member_code: r.memberCode,
      service_code: r.serviceCode,
      method: r.method,
      path: r.path,
      status: r.status,
      outcome: r.outcome,
      refusal: r.refusal,
      bytes_in: r.bytesIn,
      bytes_out: r.bytesOut,
      latency_ms: r.latencyMs,
      request_sha256: r.requestSha256,
      response_sha256: r.responseSha256,
      request_body: r.requestBody,
      response_body: r.responseBody,
      trace_id: r.traceId,
    })),
  );
  const res = await insertRows(database, { doc });
  const out = res.map((r) => Number(r.seq));
  return rows.map((_, i) => out[i] ?? 0);
}

interface Waiting {
  row: LogRow;
  resolve(): void;
  reject(e: unknown): void;
}

export class ExchangeLogWriter {
  private queue: Waiting[] = [];
  private running = false;
  private idle: (() => void)[] = [];

  constructor(
    private readonly database: Database,
    private readonly maxBatch = 500,
  ) {}

  /** Resolves once the row has committed. One statement per batch: atomic without a transaction of its own. */
  write(row: LogRow): Promise<void> {
    return new Promise((resolve, reject) => {
      this.queue.push({ row, resolve, reject });
      if (!this.running) void this.drain();
    });
  }

  private async drain() {
    this.running = true;
    try {
      // A turn of the event loop first, for the rows of requests read meanwhile (limits.ts says why).
      while ((await nextTurn(), this.queue.length)) {
        const batch = this.queue.splice(0, this.maxBatch);
        try {
          await insertBatch(
            this.database,
            batch.map((w) => w.row),
          );
          for (const w of batch) w.resolve();
        } catch {
          // One bad row must not lose the others: each is tried on its own.
          for (const w of batch) await insertBatch(this.database, [w.row]).then(w.resolve, w.reject);
        }
      }
    } finally {
      this.running = false;
      for (const f of this.idle.splice(0)) f();
    }
  }

  /** Waits for every row handed over so far (shutdown, tests). */
  flushed(): Promise<void> {
    return !this.running && !this.queue.length ? Promise.resolve() : new Promise((r) => this.idle.push(r));
  }
}
