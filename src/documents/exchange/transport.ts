/**
 * How envelopes travel between deployments: an HTTP POST of the edXML to the peer's inbox, with a compact JWS
 * (ES256, jose) in `X-Edxml-Signature` over the body's SHA-256, the message id, its kind and the envelope it answers.
 * The receiver knows its peers' public keys from data an administrator enters (document_exchange_peers); this
 * deployment's own key pair is made on first use and kept sealed (keystore.ts).
 */
import { createHash } from 'node:crypto';
import { eq } from 'drizzle-orm';
import {
  CompactSign,
  calculateJwkThumbprint,
  compactVerify,
  exportJWK,
  generateKeyPair,
  importJWK,
  type JWK,
} from 'jose';
import type { Executor } from '../../platform/index.js';
import { openJson, sealJson } from '../signing/keystore.js';
import { documentExchangeIdentity, documentExchangePeers } from './schema.js';

const PURPOSE = 'exchange:es256';

export interface TransportClaims {
  /** Message id: the receiver applies a message id once. */
  mid: string;
  kind: 'edoc' | 'status';
  /** SHA-256 of the body, base64url. */
  sha256: string;
  from: string;
  to: string;
  /** For a status packet: the envelope it answers. */
  rel?: string | null;
  iat: number;
}

export async function ownIdentity(ex: Executor): Promise<{ keyId: string; publicJwk: JWK; privateJwk: JWK }> {
  const [row] = await ex.select().from(documentExchangeIdentity).where(eq(documentExchangeIdentity.id, 1));
  if (row)
    return {
      keyId: row.keyId,
      publicJwk: row.publicJwk as JWK,
      privateJwk: openJson<JWK>(row.sealedPrivateKey, PURPOSE),
    };
  const { publicKey, privateKey } = await generateKeyPair('ES256', { extractable: true });
  const publicJwk = await exportJWK(publicKey);
  const privateJwk = await exportJWK(privateKey);
  const keyId = await calculateJwkThumbprint(publicJwk);
  await ex
    .insert(documentExchangeIdentity)
    .values({ id: 1, keyId, publicJwk, sealedPrivateKey: sealJson(privateJwk, PURPOSE) })
    .onConflictDoNothing();
  const [again] = await ex.select().from(documentExchangeIdentity).where(eq(documentExchangeIdentity.id, 1));
  return {
    keyId: again!.keyId,
    publicJwk: again!.publicJwk as JWK,
    privateJwk: openJson<JWK>(again!.sealedPrivateKey, PURPOSE),
  };
}

export const bodyDigest = (body: string) => createHash('sha256').update(body, 'utf8').digest('base64url');

export async function signTransport(
  ex: Executor,
  body: string,
  claims: Omit<TransportClaims, 'sha256' | 'iat'>,
): Promise<string> {
  const id = await ownIdentity(ex);
  const payload: TransportClaims = { ...claims, sha256: bodyDigest(body), iat: Math.floor(Date.now() / 1000) };
  return new CompactSign(new TextEncoder().encode(JSON.stringify(payload)))
    .setProtectedHeader({ alg: 'ES256', kid: id.keyId, typ: 'edxml+jws' })
    .sign(await importJWK(id.privateJwk, 'ES256'));
}

export class TransportRejected extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** Verifies the JWS with our own key (local delivery) or a peer's; returns the claims and who sent them. */
export async function verifyTransport(
  ex: Executor,
  body: string,
  jws: string | undefined,
): Promise<{ claims: TransportClaims; peerId: string | null }> {
  if (!jws) throw new TransportRejected('signature-missing', 'no X-Edxml-Signature');
  const parts = jws.split('.');
  if (parts.length !== 3) throw new TransportRejected('signature-invalid', 'not a compact JWS');
  let header: { kid?: string; alg?: string };
  try {
    header = JSON.parse(Buffer.from(parts[0]!, 'base64url').toString('utf8')) as { kid?: string; alg?: string };
  } catch {
    throw new TransportRejected('signature-invalid', 'unreadable JWS header');
  }
  const own = await ownIdentity(ex);
  let jwk: JWK | null = null;
  let peerId: string | null = null;
  if (header.kid === own.keyId) jwk = own.publicJwk;
  else if (header.kid) {
    const [peer] = await ex.select().from(documentExchangePeers).where(eq(documentExchangePeers.keyId, header.kid));
    if (peer?.active) {
      jwk = peer.publicJwk as JWK;
      peerId = peer.id;
    }
  }
  if (!jwk) throw new TransportRejected('unknown-sender', 'the signing key belongs to no known peer');
  let claims: TransportClaims;
  try {
    const { payload } = await compactVerify(jws, await importJWK(jwk, 'ES256'), { algorithms: ['ES256'] });
    claims = JSON.parse(new TextDecoder().decode(payload)) as TransportClaims;
  } catch {
    throw new TransportRejected('signature-invalid', 'the signature does not verify');
  }
  if (claims.sha256 !== bodyDigest(body))
    throw new TransportRejected('signature-invalid', 'the body is not the one signed');
  if (!/^[0-9a-f-]{36}$/i.test(claims.mid ?? '')) throw new TransportRejected('signature-invalid', 'no message id');
  return { claims, peerId };
}
