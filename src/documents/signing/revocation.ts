/**
 * Revocation data (thông tin thu hồi chứng thư) as CRLs (RFC 5280): which CRL speaks for a certificate of a path,
 * whether it lists the certificate as revoked at a given time, and where a missing one is fetched from — the
 * certificate's CRL distribution points over HTTP, with a time limit. Only CRLs: no OCSP responder is asked.
 * Certificates are never fetched (the national root CA is configuration); a CRL is signed by its issuer and checked
 * against the issuer's key, so fetching one trusts nothing new.
 */
import * as pkijs from 'pkijs';
import { pemToDer } from '../../platform/pki/index.js';

const ab = (u: Uint8Array) => u.buffer.slice(u.byteOffset, u.byteOffset + u.byteLength) as ArrayBuffer;

/** A CRL with the bytes it was read from (written as they are into a /DSS). */
export interface Crl {
  der: Uint8Array;
  crl: pkijs.CertificateRevocationList;
}

/** Reads a CRL from DER or PEM ("X509 CRL"); null when it is not one. */
export function parseCrl(bytes: Uint8Array): Crl | null {
  try {
    const text = Buffer.from(bytes.subarray(0, 64)).toString('latin1');
    const der = text.includes('-----BEGIN') ? new Uint8Array(pemToDer(Buffer.from(bytes).toString('latin1'))) : bytes;
    return { der, crl: pkijs.CertificateRevocationList.fromBER(ab(der)) };
  } catch {
    return null;
  }
}

/**
 * The CRLs that speak for `cert` at `at`: issued under its issuer's name, signed with the issuer's key, and still
 * current then (no next update, or one not before `at`: a CRL made after the signing time proves the certificate
 * was not revoked before it).
 */
export async function crlsFor(
  cert: pkijs.Certificate,
  issuer: pkijs.Certificate,
  crls: Crl[],
  at: Date,
): Promise<Crl[]> {
  const out: Crl[] = [];
  for (const c of crls) {
    if (!c.crl.issuer.isEqual(cert.issuer)) continue;
    if (c.crl.nextUpdate && c.crl.nextUpdate.value < at) continue;
    try {
      if (await c.crl.verify({ issuerCertificate: issuer })) out.push(c);
    } catch {
      /* a CRL that does not verify speaks for nobody */
    }
  }
  return out;
}

export const revokedIn = (cert: pkijs.Certificate, c: Crl, at: Date): boolean =>
  !!c.crl.revokedCertificates?.some(
    (rc) => rc.userCertificate.isEqual(cert.serialNumber) && rc.revocationDate.value <= at,
  );

export interface PathRevocation {
  /** good: every certificate but the trust anchor has a CRL and none is revoked at `at`. */
  status: 'good' | 'revoked' | 'incomplete';
  /** The CRLs that spoke, once each. */
  used: Crl[];
  /** The certificates without a CRL, and those revoked at `at`. */
  missing: pkijs.Certificate[];
  revoked: pkijs.Certificate[];
}

/** The revocation state of a path (leaf first, its issuer next, … the anchor last) from `crls` at `at`. */
export async function pathRevocation(path: pkijs.Certificate[], crls: Crl[], at: Date): Promise<PathRevocation> {
  const used: Crl[] = [];
  const missing: pkijs.Certificate[] = path.length < 2 ? [...path] : [];
  const revoked: pkijs.Certificate[] = [];
  for (let i = 0; i + 1 < path.length; i++) {
    const found = await crlsFor(path[i]!, path[i + 1]!, crls, at);
    if (!found.length) missing.push(path[i]!);
    for (const c of found) {
      if (!used.includes(c)) used.push(c);
      if (revokedIn(path[i]!, c, at) && !revoked.includes(path[i]!)) revoked.push(path[i]!);
    }
  }
  return { status: revoked.length ? 'revoked' : missing.length ? 'incomplete' : 'good', used, missing, revoked };
}

const CRL_DISTRIBUTION_POINTS = '2.5.29.31';
const URI = 6;

/** The http(s) URLs of a certificate's CRL distribution points (LDAP ones are left: no LDAP client here). */
export function distributionPoints(cert: pkijs.Certificate): string[] {
  const ext = cert.extensions?.find((e) => e.extnID === CRL_DISTRIBUTION_POINTS);
  const points = (ext?.parsedValue as pkijs.CRLDistributionPoints | undefined)?.distributionPoints ?? [];
  const urls: string[] = [];
  for (const p of points) {
    const names = Array.isArray(p.distributionPoint) ? p.distributionPoint : [];
    for (const n of names)
      if (n.type === URI && typeof n.value === 'string' && /^https?:\/\//i.test(n.value)) urls.push(n.value);
  }
  return urls;
}

/** A CRL is a few megabytes at most even for a national CA; more is not a CRL. */
const MAX_CRL_BYTES = 20 * 1024 * 1024;

/** Fetches a CRL; null on any failure (unreachable, slow, not a CRL): revocation data is best effort. */
export async function fetchCrl(url: string, timeoutMs: number): Promise<Crl | null> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs), redirect: 'follow' });
    if (!res.ok) {
      await res.body?.cancel();
      return null;
    }
    const declared = Number(res.headers.get('content-length') ?? 0);
    if (declared > MAX_CRL_BYTES) {
      await res.body?.cancel();
      return null;
    }
    // Read with the cap applied as the bytes come: an answer without a declared length is not read whole first.
    if (!res.body) return null;
    const reader = res.body.getReader();
    const chunks: Uint8Array[] = [];
    let size = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > MAX_CRL_BYTES) {
        await reader.cancel().catch(() => undefined);
        return null;
      }
      chunks.push(value);
    }
    return parseCrl(Buffer.concat(chunks));
  } catch {
    return null;
  }
}
