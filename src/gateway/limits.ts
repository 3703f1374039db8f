/**
 * A consumer's rate limit and daily quota, counted in the platform's rate_limits table (PostgreSQL: shared by every
 * instance), cheaply:
 *  - a process reserves a block of a counter's hits at once (a tenth of the limit, at most 1,000, as the platform's
 *    per-client limits do) and spends it from memory, so a busy consumer costs one statement per block, not per call;
 *    every hit spent was counted in the database first, so across instances no more than the limit are ever let
 *    through, and a block left unspent (traffic moved to another instance) only makes the limit a little stricter;
 *  - the calls that need the database are counted together: those arriving while a statement is under way, or in
 *    the same turn of the event loop, share the next one, each with its own slot in arrival order.
 * A limit of under 20 is counted call by call (a block of one): exact. A call past the limit is refused and still
 * counts, as every limit of the platform does.
 */
import type { Db } from '../platform/index.js';
import { addToLimits, limitsClock, reservationSize } from '../platform/index.js';

/**
 * A turn of the event loop. On PGlite a statement runs within the microtasks of the call that started it, so no other
 * request is read while it runs: without this wait before a batch, each call would be counted (or logged) alone.
 */
export const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

export interface Hit {
  key: string;
  max: number;
  timeWindowMs: number;
}
export interface Verdict {
  allowed: boolean;
  retryAfterMs: number;
}

interface Waiting {
  hits: Hit[];
  resolve(v: Verdict): void;
  reject(e: unknown): void;
}

const ALLOWED: Verdict = { allowed: true, retryAfterMs: 0 };
/** Reserved hits are kept per counter and limit: a changed limit does not spend hits reserved under the old one. */
const blockKey = (h: Hit) => `${h.key}\u0000${h.max}`;

export class BatchedLimits {
  private queue: Waiting[] = [];
  private running = false;
  private readonly reserved = new Map<string, { left: number; resetMs: number }>();

  constructor(
    private readonly db: Db,
    private readonly maxBatch = 1000,
    private readonly maxBlocks = 10_000,
  ) {}

  hit(hits: Hit[]): Promise<Verdict> {
    const nowMs = limitsClock.now().getTime();
    const missing = hits.filter((h) => !this.take(blockKey(h), nowMs));
    if (!missing.length) return Promise.resolve(ALLOWED);
    return new Promise((resolve, reject) => {
      this.queue.push({ hits: missing, resolve, reject });
      if (!this.running) void this.drain();
    });
  }

  /** Forgets the blocks reserved (tests); their hits stay counted in the database. */
  forget(): void {
    this.reserved.clear();
  }

  private take(key: string, nowMs: number): boolean {
    const b = this.reserved.get(key);
    if (!b || b.resetMs <= nowMs) return false;
    if (--b.left === 0) this.reserved.delete(key);
    return true;
  }

  private keep(key: string, n: number, resetMs: number) {
    if (n <= 0) return;
    // Bounded memory: forgetting blocks only sends their consumers to the database again.
    if (this.reserved.size >= this.maxBlocks) this.reserved.clear();
    const b = this.reserved.get(key);
    if (b && b.resetMs === resetMs) b.left += n;
    else this.reserved.set(key, { left: n, resetMs });
  }

  private async drain() {
    this.running = true;
    try {
      while ((await nextTurn(), this.queue.length)) await this.flush(this.queue.splice(0, this.maxBatch));
    } finally {
      this.running = false;
    }
  }

  private async flush(batch: Waiting[]) {
    // Per counter: the calls that need it, and what to add (at least one hit per call, a block when it is larger).
    const need = new Map<string, { hit: Hit; calls: number; cost: number }>();
    for (const w of batch)
      for (const h of w.hits) {
        const n = need.get(h.key);
        if (n) n.calls++;
        else need.set(h.key, { hit: h, calls: 1, cost: 0 });
      }
    for (const n of need.values())
      n.cost = Math.max(n.calls, reservationSize({ max: n.hit.max, timeWindowMs: n.hit.timeWindowMs }));
    const now = limitsClock.now();
    let totals: Map<string, { hits: number; resetMs: number }>;
    try {
      totals = await addToLimits(
        this.db,
        [...need].map(([key, n]) => ({ key, timeWindowMs: n.hit.timeWindowMs, cost: n.cost })),
        now,
      );
    } catch (e) {
      for (const w of batch) w.reject(e);
      return;
    }
    // Slots in arrival order: the first call of the batch gets the first slot after what was counted before.
    const next = new Map<string, number>();
    for (const [key, t] of totals) next.set(key, t.hits - need.get(key)!.cost + 1);
    for (const w of batch) {
      let allowed = true;
      let retryAfterMs = 0;
      for (const h of w.hits) {
        const slot = next.get(h.key) ?? 1;
        next.set(h.key, slot + 1);
        if (slot > h.max) {
          allowed = false;
          retryAfterMs = Math.max(retryAfterMs, (totals.get(h.key)?.resetMs ?? now.getTime()) - now.getTime());
        }
      }
      w.resolve(allowed ? ALLOWED : { allowed, retryAfterMs: Math.max(1000, retryAfterMs) });
    }
    // What is left of each block within the limit is spent from memory by later calls.
    for (const [key, n] of need) {
      const t = totals.get(key);
      if (!t) continue;
      const firstSpare = t.hits - n.cost + n.calls + 1;
      const lastSpare = Math.min(t.hits, n.hit.max);
      this.keep(blockKey(n.hit), lastSpare - firstSpare + 1, t.resetMs);
    }
  }
}
