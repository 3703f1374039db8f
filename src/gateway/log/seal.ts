/**
 * Seals (niêm phong) of the exchange log: every GATEWAY_SEAL_EVERY_MS the chain's head (position and hash) is signed
 * by the gateway's key (a JWS, ES256) and the signature's SHA-256 is time-stamped by a time-stamping authority
 * (RFC 3161, the platform's client in src/platform/timestamp). A seal proves the log up to its position existed, as
 * it is, at the TSA's time: rewriting the chain afterwards needs the key and a time-stamp from the past.
 * The time-stamper is injected: without a TSA configured a seal is signed only, and the verifier says so.
 */
import crypto from 'node:crypto';
import { desc, sql } from 'drizzle-orm';
import { CompactSign } from 'jose';
import { queryRows, type Database } from '../../platform/index.js';
import type { GatewayKeys } from '../keys.js';
import { gatewayLogSeals } from '../schema.js';
import { linkAll } from './chain.js';

export interface Timestamper {
  url: string;
  stamp(digest: Uint8Array): Promise<{ token: Buffer }>;
}
export interface TimestampVerifier {
  verify(token: Buffer, digest: Uint8Array): Promise<{ valid: boolean; reason?: string }>;
}

/** The platform's RFC 3161 client against `url`. */
export function rfc3161Timestamper(url: string): Timestamper {
  return {
    url,
    async stamp(digest) {
      const { requestTimestamp } = await import('../../platform/timestamp/index.js');
      const r = await requestTimestamp({ url, digest, hashAlgorithm: 'SHA-256' });
      return { token: r.token };
    },
  };
}

export interface SealPayload {
  pos: number;
  headHash: string;
  sealedAt: string;
}

export const sealDigest = (signature: string) => new Uint8Array(crypto.createHash('sha256').update(signature).digest());

/** Seals the head if it moved since the last seal; answers the new seal's position, or null when nothing was new. */
export async function sealLog(
  database: Database,
  keys: GatewayKeys,
  timestamper?: Timestamper,
): Promise<number | null> {
  await linkAll(database);
  const [head] = await queryRows<{ pos: number | string; hash: string }>(
    database.db,
    sql`SELECT pos, hash FROM gateway_log_chain ORDER BY pos DESC LIMIT 1`,
  );
  if (!head) return null;
  const [last] = await database.db.select().from(gatewayLogSeals).orderBy(desc(gatewayLogSeals.id)).limit(1);
  if (last && last.pos === Number(head.pos)) return null;
  const key = await keys.signing();
  const payload: SealPayload = { pos: Number(head.pos), headHash: head.hash, sealedAt: new Date().toISOString() };
  const signature = await new CompactSign(new TextEncoder().encode(JSON.stringify(payload)))
    .setProtectedHeader({ alg: 'ES256', kid: key.kid })
    .sign(key.privateKey);
  const stamp = timestamper ? await timestamper.stamp(sealDigest(signature)) : null;
  await database.db.insert(gatewayLogSeals).values({
    pos: payload.pos,
    headHash: payload.headHash,
    sealedAt: new Date(payload.sealedAt),
    kid: key.kid,
    signature,
    timestampToken: stamp ? stamp.token.toString('base64') : null,
    tsaUrl: timestamper?.url ?? null,
  });
  return payload.pos;
}
