import type { AppContext } from '../context.js';
import type { Principal, Target } from '../auth/authorize.js';
import type { IdempotencyClaim } from './idempotency.js';

declare module 'fastify' {
  interface FastifyInstance {
    ctx: AppContext;
  }
  interface FastifyRequest {
    /** The logged-in account, or null for anonymous requests. */
    principal: Principal | null;
    /** Set once the request has written its audit row. */
    audited: boolean;
    /** The scopes the request's permission checks passed for, first one first: its audit rows are scoped by them. */
    authorizedTargets: Target[];
    /** Set when the request carries an Idempotency-Key not seen before. */
    idempotency: IdempotencyClaim | null;
  }
  interface FastifyContextConfig {
    /** A state-changing route that deliberately writes no audit row (it must say why). */
    noAudit?: string;
  }
}
export {};
