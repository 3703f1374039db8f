/**
 * Verifies the exchange log (`npm run gateway:verify`): every link follows from the one before; every row still
 * present hashes to its link's row hash; a row that is gone is gone lawfully (a retention run of its service covers
 * its time); no committed row stays out of the chain; every seal's head is the chain's hash at its position, its
 * signature verifies with the gateway's key, and its time-stamp token covers the signature.
 */
import { asc, sql } from 'drizzle-orm';
import { compactVerify, importJWK, type JWK } from 'jose';
import { queryRows, type Database } from '../../platform/index.js';
import { gatewayKeys, gatewayLogPurges, gatewayLogSeals } from '../schema.js';
import { GENESIS, linkHash, rowHash, ROW_COLUMN_LIST, type StoredRow } from './chain.js';
import { sealDigest, type SealPayload, type TimestampVerifier } from './seal.js';

export interface LogProblem {
  pos?: number;
  seq?: number;
  sealId?: number;
  reason:
    | 'broken-link'
    | 'row-altered'
    | 'row-missing'
    | 'unlinked'
    | 'seal-head-mismatch'
    | 'seal-signature'
    | 'seal-timestamp'
    | 'seal-unstamped';
}

export interface LogVerification {
  valid: boolean;
  links: number;
  rows: number;
  seals: number;
  problems: LogProblem[];
}

/** The platform's RFC 3161 verifier, trusting `trustedPem` when given. */
export function rfc3161Verifier(trustedPem?: string[]): TimestampVerifier {
  return {
    async verify(token, digest) {
      const { verifyTimestamp } = await import('../../platform/timestamp/index.js');
      const r = await verifyTimestamp(token, digest, trustedPem ? { trustedPem } : undefined);
      return { valid: r.valid, reason: r.reason };
    },
  };
}

export async function verifyExchangeLog(
  database: Database,
  opts: { timestamps?: TimestampVerifier; requireTimestamps?: boolean; batch?: number } = {},
): Promise<LogVerification> {
  const db = database.db;
  const batch = opts.batch ?? 5000;
  const problems: LogProblem[] = [];
  const purges = await db.select().from(gatewayLogPurges);
  const lawfullyGone = (serviceId: string | null, at: Date) =>
    purges.some((p) => p.serviceId === serviceId && at.getTime() < p.before.getTime());
  const hashAt = new Map<number, string>();
  const seals = await db.select().from(gatewayLogSeals).orderBy(asc(gatewayLogSeals.id));
  const sealedPositions = new Set(seals.map((s) => s.pos));
  let prev = GENESIS;
  let pos = 0;
  let links = 0;
  let rows = 0;
  for (;;) {
    const chunk = await queryRows<
      StoredRow & {
        pos: number | string;
        c_seq: number | string;
        c_service_id: string | null;
        c_at: Date | string;
        row_hash: string;
        prev_hash: string;
        hash: string;
        l_seq: number | string | null;
      }
    >(
      db,
      sql`SELECT c.pos, c.seq AS c_seq, c.service_id AS c_service_id, c.at AS c_at, c.row_hash, c.prev_hash, c.hash, l.seq AS l_seq, ${sql.raw(ROW_COLUMN_LIST.replace('l.seq, ', ''))}
            FROM gateway_log_chain c LEFT JOIN gateway_exchange_log l ON l.seq = c.seq
           WHERE c.pos > ${pos} ORDER BY c.pos LIMIT ${batch}`,
    );
    if (!chunk.length) break;
    for (const c of chunk) {
      const p = Number(c.pos);
      const at = new Date(c.c_at);
      const expected = linkHash(prev, {
        pos: p,
        seq: Number(c.c_seq),
        serviceId: c.c_service_id,
        at: at.toISOString(),
        rowHash: c.row_hash,
      });
      if (c.prev_hash !== prev || c.hash !== expected || p !== pos + 1)
        problems.push({ pos: p, seq: Number(c.c_seq), reason: 'broken-link' });
      if (c.l_seq === null) {
        if (!lawfullyGone(c.c_service_id, at)) problems.push({ pos: p, seq: Number(c.c_seq), reason: 'row-missing' });
      } else {
        rows++;
        if (rowHash({ ...c, seq: c.l_seq }) !== c.row_hash)
          problems.push({ pos: p, seq: Number(c.c_seq), reason: 'row-altered' });
      }
      if (sealedPositions.has(p)) hashAt.set(p, c.hash);
      prev = c.hash;
      pos = p;
      links++;
    }
  }
  // Rows committed but left out of the chain, beyond the queue the linker has not reached yet.
  const unlinked = await queryRows<{ seq: number | string }>(
    db,
    sql`SELECT l.seq FROM gateway_exchange_log l WHERE NOT EXISTS (SELECT 1 FROM gateway_log_chain c WHERE c.seq = l.seq)
          AND NOT EXISTS (SELECT 1 FROM gateway_log_pending q WHERE q.seq = l.seq) LIMIT 100`,
  );
  for (const u of unlinked) problems.push({ seq: Number(u.seq), reason: 'unlinked' });

  const keyRows = await db.select().from(gatewayKeys);
  const jwks = new Map(keyRows.map((k) => [k.kid, k.publicJwk as JWK]));
  for (const s of seals) {
    if (hashAt.get(s.pos) !== s.headHash) problems.push({ sealId: s.id, pos: s.pos, reason: 'seal-head-mismatch' });
    try {
      const jwk = jwks.get(s.kid);
      if (!jwk) throw new Error('unknown key');
      const { payload } = await compactVerify(s.signature, await importJWK({ ...jwk, alg: 'ES256' }, 'ES256'));
      const p = JSON.parse(new TextDecoder().decode(payload)) as SealPayload;
      if (p.pos !== s.pos || p.headHash !== s.headHash || new Date(p.sealedAt).getTime() !== s.sealedAt.getTime())
        throw new Error('payload differs');
    } catch {
      problems.push({ sealId: s.id, pos: s.pos, reason: 'seal-signature' });
    }
    if (s.timestampToken && opts.timestamps) {
      const r = await opts.timestamps
        .verify(Buffer.from(s.timestampToken, 'base64'), sealDigest(s.signature))
        .catch(() => ({ valid: false }));
      if (!r.valid) problems.push({ sealId: s.id, pos: s.pos, reason: 'seal-timestamp' });
    } else if (opts.requireTimestamps) problems.push({ sealId: s.id, pos: s.pos, reason: 'seal-unstamped' });
  }
  return { valid: problems.length === 0, links, rows, seals: seals.length, problems };
}
