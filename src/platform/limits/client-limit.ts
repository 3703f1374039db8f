/**
 * A limit per client address on a route, counted in the database, cheap on a hot path: a process
 * reserves several hits of a client's counter at once (one statement) and spends them from memory.
 * Across instances the total stays bounded by the rule, since every hit spent was counted in the
 * database first; a reservation left unspent (the client moved to another instance, the window ended)
 * only makes the limit a little stricter.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Bilingual } from '../http/problem.js';
import { hitLimits, limitsClock, type RateRule } from './counter.js';
import { tooManyRequests } from './too-many.js';

/** How many hits a process reserves at a time: a tenth of the rule, between 1 and 1,000. */
export function reservationSize(rule: RateRule): number {
  return Math.min(1000, Math.max(1, Math.floor(rule.max / 10)));
}

/** Hits of a client's counter this process reserved and has not spent yet. */
export class Reservations {
  private readonly buckets = new Map<string, { left: number; resetMs: number }>();

  constructor(private readonly maxEntries = 10_000) {}

  /** Spends a reserved hit; false when none is left (the caller reserves more from the database). */
  take(key: string, nowMs: number): boolean {
    const b = this.buckets.get(key);
    if (!b || b.resetMs <= nowMs || b.left <= 0) return false;
    if (--b.left === 0) this.buckets.delete(key);
    return true;
  }

  /**
   * Records the database's answer to a reservation of `cost` hits, counter now at `hits`: how many of
   * them are within the rule. One goes to this request (true), the rest are kept for later ones.
   */
  settle(key: string, answer: { hits: number; resetMs: number }, cost: number, rule: RateRule): boolean {
    const granted = Math.max(0, Math.min(cost, rule.max - (answer.hits - cost)));
    if (granted > 1) {
      // Bounded memory: forgetting reservations only makes clients ask the database again.
      if (this.buckets.size >= this.maxEntries) this.buckets.clear();
      this.buckets.set(key, { left: granted - 1, resetMs: answer.resetMs });
    }
    return granted > 0;
  }
}

/**
 * An onRequest hook limiting a route per client address (`req.ip`, which is the peer unless it is a
 * configured proxy: TRUST_PROXY). `rule` is read on each request, from the configuration.
 */
export function perClientLimit(name: string, rule: (req: FastifyRequest) => RateRule, what?: Bilingual) {
  const reserved = new Reservations();
  return async (req: FastifyRequest, reply: FastifyReply) => {
    const r = rule(req);
    const key = `${name}:${req.ip}`;
    const now = limitsClock.now();
    if (reserved.take(key, now.getTime())) return;
    const cost = reservationSize(r);
    // Within the rule when at least the first of the `cost` hits reserved is: settle() decides.
    const [state] = (await hitLimits(req.server.ctx.db, [{ key, rule: r }], { cost, now })).states;
    if (!reserved.settle(key, state!, cost, r)) throw tooManyRequests(reply, state!.resetMs - now.getTime(), what);
  };
}
