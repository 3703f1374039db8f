/**
 * OAuth 2.0 client credentials (RFC 6749 §4.4): a consumer trades its client id and secret for a short-lived access
 * token, a JWT signed ES256 by the gateway (RFC 9068 claims: iss, sub, aud, client_id, iat, exp, jti). The proxy
 * verifies it with the key named by `kid`, offline: no database read per call.
 */
import crypto from 'node:crypto';
import { SignJWT, jwtVerify, errors } from 'jose';
import type { GatewayKeys } from './keys.js';

export const TOKEN_AUDIENCE = 'tinhso-lgsp';

export interface TokenClaims {
  consumerId: string;
  clientId: string;
}

export async function issueAccessToken(
  keys: GatewayKeys,
  issuer: string,
  ttlSec: number,
  c: TokenClaims,
): Promise<string> {
  const k = await keys.signing();
  return new SignJWT({ client_id: c.clientId })
    .setProtectedHeader({ alg: 'ES256', kid: k.kid, typ: 'at+jwt' })
    .setIssuer(issuer)
    .setSubject(c.consumerId)
    .setAudience(TOKEN_AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(`${ttlSec}s`)
    .setJti(crypto.randomUUID())
    .sign(k.privateKey);
}

export type TokenCheck = { ok: true; claims: TokenClaims } | { ok: false; reason: 'expired' | 'invalid' };

/**
 * Tokens already verified, until their expiry: a consumer sends the same token for minutes, and checking its
 * signature once is enough (the cache holds only verified tokens, so a forged one is checked every time).
 */
const verified = new Map<string, { claims: TokenClaims; expMs: number }>();
const MAX_CACHED = 10_000;

export async function verifyAccessToken(keys: GatewayKeys, issuer: string, token: string): Promise<TokenCheck> {
  const hit = verified.get(token);
  if (hit) {
    if (hit.expMs > Date.now()) return { ok: true, claims: hit.claims };
    verified.delete(token);
    return { ok: false, reason: 'expired' };
  }
  try {
    const { payload } = await jwtVerify(
      token,
      async (h) => {
        const key = h.kid ? await keys.publicKey(h.kid) : null;
        if (!key) throw new errors.JWKSNoMatchingKey();
        return key;
      },
      { issuer, audience: TOKEN_AUDIENCE, algorithms: ['ES256'], typ: 'at+jwt' },
    );
    if (typeof payload.sub !== 'string' || typeof payload.client_id !== 'string')
      return { ok: false, reason: 'invalid' };
    const claims = { consumerId: payload.sub, clientId: payload.client_id };
    if (verified.size >= MAX_CACHED) verified.clear();
    if (typeof payload.exp === 'number') verified.set(token, { claims, expMs: payload.exp * 1000 });
    return { ok: true, claims };
  } catch (e) {
    return { ok: false, reason: e instanceof errors.JWTExpired ? 'expired' : 'invalid' };
  }
}

export const hashSecret = (s: string) => crypto.createHash('sha256').update(s).digest('hex');

export function secretMatches(given: string, hash: string | null): boolean {
  if (!hash) return false;
  const a = Buffer.from(hashSecret(given), 'hex');
  const b = Buffer.from(hash, 'hex');
  return a.length === b.length && crypto.timingSafeEqual(a, b);
}

export const newSecret = () => crypto.randomBytes(32).toString('base64url');
