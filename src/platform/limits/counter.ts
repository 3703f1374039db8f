/**
 * Rate limits counted in the database (DESIGN §4: nothing that must be shared lives only in a
 * process): every instance behind the load balancer adds to the same counters. A hit is one statement,
 * INSERT … ON CONFLICT … DO UPDATE … RETURNING, so concurrent hits on any number of instances are
 * counted exactly, without a read-then-write race. A window starts with the first hit and lasts
 * `windowMs`; a hit after it starts the next one.
 */
import { sql, type SQL } from 'drizzle-orm';
import { queryRows, type Executor } from '../db/client.js';

/** At most `max` hits per `timeWindowMs` (the shape of the configuration's limits). */
export interface RateRule {
  max: number;
  timeWindowMs: number;
}

/** One counter to add to: its key and the rule it is held to. */
export interface LimitHit {
  key: string;
  rule: RateRule;
}

export interface LimitState {
  key: string;
  /** Hits in the current window, this one included. */
  hits: number;
  /** When the window ends (ms since the epoch). */
  resetMs: number;
  exceeded: boolean;
}

export interface LimitVerdict {
  allowed: boolean;
  /** How long until every exceeded counter's window ends (0 when allowed). */
  retryAfterMs: number;
  states: LimitState[];
}

/** The limits' clock: tests move it (windows are minutes long) instead of waiting. */
export const limitsClock = { now: (): Date => new Date() };

/** Far below int4's limit: a flood of refused hits cannot overflow the counter. */
const CAP = 2_000_000_000;

const at = (now: Date) => sql`${now.toISOString()}::timestamptz`;

/**
 * The upsert of counters given as a jsonb array of {key, window_ms}, all by `cost`. Keys are written
 * in order, so two statements naming the same keys lock them in the same order and never deadlock.
 */
function upsert(rows: SQL, cost: SQL, now: SQL): SQL {
  return sql`INSERT INTO rate_limits AS r (key, hits, reset_at)
      SELECT t.key, ${cost}, ${now} + t.window_ms * interval '1 millisecond'
        FROM jsonb_to_recordset(${rows}) AS t(key text, window_ms int8)
       ORDER BY t.key
    ON CONFLICT (key) DO UPDATE SET
      hits = CASE WHEN r.reset_at <= ${now} THEN excluded.hits ELSE least(r.hits + excluded.hits, ${sql.raw(String(CAP))}) END,
      reset_at = CASE WHEN r.reset_at <= ${now} THEN excluded.reset_at ELSE r.reset_at END
    RETURNING r.key, r.hits, (extract(epoch FROM r.reset_at) * 1000)::float8 AS reset_ms`;
}

/**
 * The statement of one counter's hit with placeholders (`limitKey`, `limitCost`, `limitWindowMs`,
 * `limitNow`), to put in a WITH clause of a hot path's own prepared statement: the count and the read
 * then cost one round trip. It returns `hits` and `reset_ms`.
 */
export function hitStatement(): SQL {
  const rows = sql`jsonb_build_array(jsonb_build_object('key', ${sql.placeholder('limitKey')}::text, 'window_ms', ${sql.placeholder('limitWindowMs')}::int8))`;
  return upsert(rows, sql`${sql.placeholder('limitCost')}::int`, sql`${sql.placeholder('limitNow')}::timestamptz`);
}

/**
 * Adds `cost` (default 1) to each counter and says whether all are still within their rule. Run on
 * the database it commits at once (a refused request still counts); run in a transaction it counts
 * only if that commits, and holds the counters' rows until then (concurrent hits on them wait).
 */
export async function hitLimits(
  ex: Executor,
  hits: LimitHit[],
  opts: { cost?: number; now?: Date } = {},
): Promise<LimitVerdict> {
  const now = opts.now ?? limitsClock.now();
  const rules = new Map<string, RateRule>();
  for (const h of hits) rules.set(h.key, h.rule);
  if (!rules.size) return { allowed: true, retryAfterMs: 0, states: [] };
  const doc = JSON.stringify(
    [...rules].map(([key, rule]) => ({ key, window_ms: Math.max(1, Math.round(rule.timeWindowMs)) })),
  );
  const rows = await queryRows<{ key: string; hits: number; reset_ms: number }>(
    ex,
    upsert(sql`${doc}::jsonb`, sql`${opts.cost ?? 1}::int`, at(now)),
  );
  const states = rows.map((r) => {
    const hits = Number(r.hits);
    return { key: r.key, hits, resetMs: Number(r.reset_ms), exceeded: hits > rules.get(r.key)!.max };
  });
  const exceeded = states.filter((s) => s.exceeded);
  return {
    allowed: !exceeded.length,
    retryAfterMs: Math.max(0, ...exceeded.map((s) => s.resetMs - now.getTime())),
    states,
  };
}

/**
 * Adds each item's own `cost` to its counter in one statement, for callers that batch the hits of many requests
 * (the integration gateway counts a burst of calls in one round trip). Answers each counter's total after the
 * statement and when its window ends; a caller gives its requests the slots `hits - cost + 1 … hits` in its order.
 */
export async function addToLimits(
  ex: Executor,
  items: { key: string; timeWindowMs: number; cost: number }[],
  now = limitsClock.now(),
): Promise<Map<string, { hits: number; resetMs: number }>> {
  const out = new Map<string, { hits: number; resetMs: number }>();
  if (!items.length) return out;
  const doc = JSON.stringify(
    items.map((i) => ({ key: i.key, window_ms: Math.max(1, Math.round(i.timeWindowMs)), cost: i.cost })),
  );
  const rows = await queryRows<{ key: string; hits: number; reset_ms: number }>(
    ex,
    sql`INSERT INTO rate_limits AS r (key, hits, reset_at)
          SELECT t.key, t.cost, ${at(now)} + t.window_ms * interval '1 millisecond'
            FROM jsonb_to_recordset(${doc}::jsonb) AS t(key text, window_ms int8, cost int)
           ORDER BY t.key
        ON CONFLICT (key) DO UPDATE SET
          hits = CASE WHEN r.reset_at <= ${at(now)} THEN excluded.hits ELSE least(r.hits + excluded.hits, ${sql.raw(String(CAP))}) END,
          reset_at = CASE WHEN r.reset_at <= ${at(now)} THEN excluded.reset_at ELSE r.reset_at END
        RETURNING r.key, r.hits, (extract(epoch FROM r.reset_at) * 1000)::float8 AS reset_ms`,
  );
  for (const r of rows) out.set(r.key, { hits: Number(r.hits), resetMs: Number(r.reset_ms) });
  return out;
}

/** Forgets counters (a successful login clears the failures that came before it). */
export async function resetLimits(ex: Executor, keys: string[]): Promise<void> {
  if (!keys.length) return;
  await ex.execute(
    sql`DELETE FROM rate_limits WHERE key IN (${sql.join(
      keys.map((k) => sql`${k}`),
      sql`, `,
    )})`,
  );
}

/** Takes one hit back from a counter whose window is still running (a request that should not have counted). */
export async function refundLimit(ex: Executor, key: string, now = limitsClock.now()): Promise<void> {
  await ex.execute(
    sql`UPDATE rate_limits SET hits = greatest(hits - 1, 0) WHERE key = ${key} AND reset_at > ${at(now)}`,
  );
}

/** Deletes counters whose window has ended (a scheduled job); answers how many. */
export async function purgeRateLimits(ex: Executor, now = limitsClock.now()): Promise<number> {
  const rows = await queryRows<{ key: string }>(
    ex,
    sql`DELETE FROM rate_limits WHERE reset_at <= ${at(now)} RETURNING key`,
  );
  return rows.length;
}

export const RATE_LIMIT_PURGE_JOB = 'platform.rate-limit-purge';
