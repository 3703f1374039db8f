/**
 * A circuit breaker per provider (service), held per instance. Why per instance: a breaker records what this
 * instance sees of the provider (its network path, its connection pool); sharing it through PostgreSQL would add a
 * round trip to every call for a signal each instance gets for free within a few failures. Several instances each
 * open after `failures` consecutive failures, so a dead provider gets at most that many calls per instance per
 * `openMs`. After `openMs` one trial call is let through (half-open): its success closes the circuit.
 */
export type BreakerState = 'closed' | 'open' | 'half-open';

interface Circuit {
  failures: number;
  openUntil: number;
  trial: boolean;
}

export class CircuitBreakers {
  private readonly circuits = new Map<string, Circuit>();
  constructor(
    private readonly failures: number,
    private readonly openMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Whether a call may go to `id` now; when not, how long until a trial (ms). */
  admit(id: string): { ok: true } | { ok: false; retryAfterMs: number } {
    const c = this.circuits.get(id);
    if (!c || c.failures < this.failures) return { ok: true };
    const t = this.now();
    if (t < c.openUntil) return { ok: false, retryAfterMs: c.openUntil - t };
    if (c.trial) return { ok: false, retryAfterMs: 1000 };
    c.trial = true;
    return { ok: true };
  }

  success(id: string): void {
    this.circuits.delete(id);
  }

  failure(id: string): void {
    const c = this.circuits.get(id) ?? { failures: 0, openUntil: 0, trial: false };
    c.failures++;
    c.trial = false;
    if (c.failures >= this.failures) c.openUntil = this.now() + this.openMs;
    this.circuits.set(id, c);
  }

  state(id: string): BreakerState {
    const c = this.circuits.get(id);
    if (!c || c.failures < this.failures) return 'closed';
    return this.now() < c.openUntil ? 'open' : 'half-open';
  }
}
