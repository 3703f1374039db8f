/**
 * The registry as the proxy reads it: services, consumers and access rules, held per process and reloaded at most
 * every `ttlMs` (and at once after a change made through this instance). A change made through another instance
 * reaches this one within `ttlMs` (5 s by default): a revoked rule stops working within that delay, a price paid for
 * keeping the hot path to the counters and the log.
 */
import { and, eq, isNull } from 'drizzle-orm';
import type { Db } from '../platform/index.js';
import {
  gatewayAccessRules,
  gatewayConsumers,
  gatewayMembers,
  gatewayServices,
  type AccessRule,
  type Consumer,
  type Service,
} from './schema.js';

export interface ServiceEntry extends Service {
  memberCode: string;
  memberName: string;
}
export interface ConsumerEntry extends Consumer {
  memberCode: string;
}
export interface RuleEntry extends AccessRule {
  matcher: RegExp;
}

export interface Snapshot {
  services: Map<string, ServiceEntry>;
  servicesById: Map<string, ServiceEntry>;
  consumers: Map<string, ConsumerEntry>;
  consumersByClientId: Map<string, ConsumerEntry>;
  consumersByCert: Map<string, ConsumerEntry>;
  /** Rules by `${consumerId} ${serviceId}`. */
  rules: Map<string, RuleEntry[]>;
}

/** `*` is one path segment, a trailing `/**` anything below (or nothing); the rest is literal. */
export function pathMatcher(pattern: string): RegExp {
  const p = pattern.startsWith('/') ? pattern : `/${pattern}`;
  const tail = p.endsWith('/**');
  const body = (tail ? p.slice(0, -3) : p)
    .split('*')
    .map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('[^/]+');
  return new RegExp(`^${body}${tail ? '(/.*)?' : '/?'}$`);
}

export const serviceKey = (member: string, service: string) => `${member}\u0000${service}`;

export class Registry {
  private snapshot: Promise<Snapshot> | null = null;
  private loadedAt = 0;

  constructor(
    private readonly db: Db,
    private readonly ttlMs = 5_000,
  ) {}

  invalidate(): void {
    this.snapshot = null;
  }

  get(): Promise<Snapshot> {
    if (!this.snapshot || Date.now() - this.loadedAt > this.ttlMs) {
      this.loadedAt = Date.now();
      const p = this.load();
      this.snapshot = p;
      p.catch(() => {
        if (this.snapshot === p) this.snapshot = null;
      });
    }
    return this.snapshot;
  }

  private async load(): Promise<Snapshot> {
    const services = await this.db
      .select({ s: gatewayServices, memberCode: gatewayMembers.code, memberName: gatewayMembers.name })
      .from(gatewayServices)
      .innerJoin(gatewayMembers, eq(gatewayMembers.id, gatewayServices.memberId))
      .where(and(eq(gatewayServices.active, true), eq(gatewayMembers.active, true)));
    const consumers = await this.db
      .select({ c: gatewayConsumers, memberCode: gatewayMembers.code })
      .from(gatewayConsumers)
      .innerJoin(gatewayMembers, eq(gatewayMembers.id, gatewayConsumers.memberId))
      .where(eq(gatewayConsumers.active, true));
    const rules = await this.db.select().from(gatewayAccessRules).where(isNull(gatewayAccessRules.revokedAt));
    const snap: Snapshot = {
      services: new Map(),
      servicesById: new Map(),
      consumers: new Map(),
      consumersByClientId: new Map(),
      consumersByCert: new Map(),
      rules: new Map(),
    };
    for (const { s, memberCode, memberName } of services) {
      const e = { ...s, memberCode, memberName };
      snap.services.set(serviceKey(memberCode, s.code), e);
      snap.servicesById.set(s.id, e);
    }
    for (const { c, memberCode } of consumers) {
      const e = { ...c, memberCode };
      snap.consumers.set(c.id, e);
      snap.consumersByClientId.set(c.clientId, e);
      if (c.certSha256) snap.consumersByCert.set(c.certSha256, e);
    }
    for (const r of rules) {
      const k = `${r.consumerId} ${r.serviceId}`;
      const list = snap.rules.get(k) ?? [];
      list.push({ ...r, matcher: pathMatcher(r.pathPattern) });
      snap.rules.set(k, list);
    }
    return snap;
  }
}

/** The rule that lets `consumer` call `method path` on `service` now, if any. */
export function ruleFor(
  snap: Snapshot,
  consumerId: string,
  serviceId: string,
  method: string,
  path: string,
  now = new Date(),
): RuleEntry | null {
  const m = method === 'HEAD' ? ['HEAD', 'GET'] : [method];
  for (const r of snap.rules.get(`${consumerId} ${serviceId}`) ?? []) {
    if (r.expiresAt && r.expiresAt.getTime() <= now.getTime()) continue;
    if (!r.methods.some((x) => x === '*' || m.includes(x))) continue;
    if (r.matcher.test(path)) return r;
  }
  return null;
}
