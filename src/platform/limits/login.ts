/**
 * Login attempts (đăng nhập), limited three ways at once: per client address and username (a kiosk
 * shared by many citizens is not locked out by one of them), per account from any address (a rotated
 * address resets nothing), and per address for any username (one client spraying many accounts).
 * Every attempt is counted before the password is checked, in one statement, so concurrent guesses on
 * any instance cannot slip past the limit; a successful login then takes its own attempt back.
 */
import crypto from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Config } from '../config.js';
import type { Executor } from '../db/client.js';
import { hitLimits, limitsClock, refundLimit, resetLimits, type LimitHit } from './counter.js';
import { tooManyRequests } from './too-many.js';

type LoginRules = Pick<Config, 'loginRateLimit' | 'loginAccountRateLimit' | 'loginAddressRateLimit'>;

/**
 * The counters of one attempt. Usernames are hashed: what was typed may be a password typed into the
 * wrong field, and unknown names are counted like real ones so a 429 does not tell which accounts exist.
 */
export function loginCounters(
  rules: LoginRules,
  ip: string,
  username: string,
): { address: LimitHit; addressUser: LimitHit; account: LimitHit } {
  const user = crypto.createHash('sha256').update(username.toLowerCase()).digest('hex');
  return {
    address: { key: `login.address:${ip}`, rule: rules.loginAddressRateLimit },
    addressUser: { key: `login.address-user:${ip}:${user}`, rule: rules.loginRateLimit },
    account: { key: `login.account:${user}`, rule: rules.loginAccountRateLimit },
  };
}

/** Counts the attempt; throws the 429 (with Retry-After) when any of its limits is exceeded, right password or not. */
export async function countLoginAttempt(
  db: Executor,
  req: FastifyRequest,
  reply: FastifyReply,
  username: string,
  now = limitsClock.now(),
) {
  const c = loginCounters(req.server.ctx.config, req.ip, username);
  const verdict = await hitLimits(db, [c.address, c.addressUser, c.account], { now });
  if (!verdict.allowed) {
    throw tooManyRequests(reply, verdict.retryAfterMs, {
      vi: 'Đăng nhập sai quá nhiều lần với tài khoản này hoặc từ địa chỉ này.',
      en: 'Too many failed logins for this account or from this address.',
    });
  }
}

/** After a successful login: the account's failures are forgotten and this attempt does not count against the address. */
export async function loginSucceeded(db: Executor, req: FastifyRequest, username: string): Promise<void> {
  const c = loginCounters(req.server.ctx.config, req.ip, username);
  await resetLimits(db, [c.addressUser.key, c.account.key]);
  await refundLimit(db, c.address.key);
}
