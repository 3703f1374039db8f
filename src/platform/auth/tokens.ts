import crypto from 'node:crypto';

export const randomToken = (bytes = 32) => crypto.randomBytes(bytes).toString('base64url');
export const sha256 = (s: string) => crypto.createHash('sha256').update(s).digest('hex');

/** API tokens are recognisable (for secret scanners) and carry no meaning beyond their randomness. */
export const API_TOKEN_PREFIX = 'tsk_';
export const newApiToken = () => `${API_TOKEN_PREFIX}${randomToken(32)}`;

/** Compares secrets in constant time. */
export function safeEqual(a: string, b: string): boolean {
  const ab = Buffer.from(a);
  const bb = Buffer.from(b);
  return ab.length === bb.length && crypto.timingSafeEqual(ab, bb);
}
