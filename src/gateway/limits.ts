/**
 * A consumer's rate limit and daily quota, counted in the platform's rate_limits table (PostgreSQL: shared by every
 * instance) but in batches: the calls that arrive while a batch is being counted are counted together in the next
 * statement, each with its own slot, so a burst of calls costs one round trip instead of one each, and calls of one
 * consumer never queue on its counter's row lock one by one. A call whose slot is past the limit is refused (and
 * still counts, as every limit of the platform does).
 */
import { addToLimits, limitsClock } from '../platform/limits/index.js';
import type { Db } from '../platform/index.js';

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

export class BatchedLimits {
  private queue: Waiting[] = [];
  private running = false;
  constructor(
    private readonly db: Db,
    private readonly maxBatch = 1000,
  ) {}

  hit(hits: Hit[]): Promise<Verdict> {
    return new Promise((resolve, reject) => {
      this.queue.push({ hits, resolve, reject });
      if (!this.running) void this.drain();
    });
  }

  private async drain() {
    this.running = true;
    try {
      while (this.queue.length) await this.flush(this.queue.splice(0, this.maxBatch));
    } finally {
      this.running = false;
    }
  }

  private async flush(batch: Waiting[]) {
    const costs = new Map<string, { timeWindowMs: number; cost: number }>();
    for (const w of batch) for (const h of w.hits) costs.set(h.key, { timeWindowMs: h.timeWindowMs, cost: (costs.get(h.key)?.cost ?? 0) + 1 });
    const now = limitsClock.now();
    let totals: Map<string, { hits: number; resetMs: number }>;
    try {
      totals = await addToLimits(this.db, [...costs].map(([key, v]) => ({ key, ...v })), now);
    } catch (e) {
      for (const w of batch) w.reject(e);
      return;
    }
    // Slots in arrival order: the first call of the batch gets the first slot after what was counted before.
    const next = new Map<string, number>();
    for (const [key, t] of totals) next.set(key, t.hits - costs.get(key)!.cost + 1);
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
      w.resolve({ allowed, retryAfterMs: allowed ? 0 : Math.max(1000, retryAfterMs) });
    }
  }
}
