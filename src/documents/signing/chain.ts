/**
 * Certificate paths (chuỗi chứng thư) from a certificate to a configured trusted root, for the verifier and for
 * gathering long-term validation data. pkijs's chain engine builds and checks the path (signatures, validity at the
 * given time, CA flags); revocation is left to revocation.ts: given any CRL, pkijs demands one for every certificate
 * of the path, so the CRLs of another signature in the same /DSS would make a path without its own CRLs fail.
 */
import * as pkijs from 'pkijs';

export const certDer = (c: pkijs.Certificate): Uint8Array => new Uint8Array(c.toSchema().toBER());

export const sameCert = (a: pkijs.Certificate, b: pkijs.Certificate): boolean =>
  Buffer.from(certDer(a)).equals(Buffer.from(certDer(b)));

export interface CertPath {
  trusted: boolean;
  /** The leaf first, the trust anchor last; empty when no trusted path was found. */
  path: pkijs.Certificate[];
  reason?: string;
}

/** The path from `leaf` to one of `roots` through the certificates of `pool`, checked at `at`. */
export async function buildPath(
  leaf: pkijs.Certificate,
  pool: pkijs.Certificate[],
  roots: pkijs.Certificate[],
  at: Date,
): Promise<CertPath> {
  // pkijs validates the last certificate of `certs`, and of two equal ones keeps the first: the leaf goes last, once.
  const others: pkijs.Certificate[] = [];
  for (const c of pool) if (!sameCert(c, leaf) && !others.some((o) => sameCert(o, c))) others.push(c);
  const engine = new pkijs.CertificateChainValidationEngine({
    trustedCerts: roots,
    certs: [...others, leaf],
    checkDate: at,
  });
  try {
    const res = await engine.verify();
    if (res.result === true && res.certificatePath?.length) return { trusted: true, path: res.certificatePath };
    return { trusted: false, path: [], reason: res.resultMessage };
  } catch (e) {
    return { trusted: false, path: [], reason: (e as { resultMessage?: string }).resultMessage ?? String(e) };
  }
}
