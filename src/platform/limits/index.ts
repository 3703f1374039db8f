export {
  addToLimits,
  hitLimits,
  hitStatement,
  limitsClock,
  purgeRateLimits,
  refundLimit,
  resetLimits,
  RATE_LIMIT_PURGE_JOB,
  type LimitHit,
  type LimitState,
  type LimitVerdict,
  type RateRule,
} from './counter.js';
export { perClientLimit, Reservations, reservationSize } from './client-limit.js';
export { tooManyRequests, waitText } from './too-many.js';
export { rateLimits } from './schema.js';
