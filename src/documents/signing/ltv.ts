/**
 * PAdES B-LT (ETSI EN 319 142-1 §5.4; dữ liệu kiểm tra dài hạn): after a time-stamped signature (B-T), the
 * certificates of the signer's and of the time-stamping authority's paths to the trusted root, and a CRL for every one
 * of them but the root, go into the document's /DSS, so the signature can still be checked once the certificates have
 * expired or the CA's servers are gone.
 *
 * The data comes from the signature itself, the document's store, the configured CRLs and, when the configuration
 * allows, the CRL distribution points of the certificates on a trusted path (fetched with a time limit). The root
 * certificates are configuration, never fetched. Nothing is added unless all of it is there: the signature then
 * simply stays B-T, and signing never fails for want of it.
 */
import * as pkijs from 'pkijs';
import { buildPath, certDer } from './chain.js';
import { OID } from './cms.js';
import { appendDss, readDss } from './dss.js';
import { readSignatures } from './pdf-signatures.js';
import { crlsFor, distributionPoints, fetchCrl, parseCrl, type Crl } from './revocation.js';
import { findSigner, parseCms, parseTrustedRoots, rdn } from './verify.js';
import { parseToken } from '../../platform/timestamp/index.js';

export interface ValidationDataSources {
  trustedPem: string[];
  /** CRLs held by the configuration (DER or PEM). */
  crls?: Uint8Array[];
  /** Fetch a missing CRL from the certificate's distribution points, waiting at most this long each; unset: never. */
  fetchTimeoutMs?: number | null;
  now?: Date;
}

export interface ValidationDataOutcome {
  /** The PDF with its /DSS update, or as it was given. */
  pdf: Buffer;
  added: boolean;
  /** Why nothing was added (English, for the log). */
  reason?: string;
}

/** The /Contents string of a signature as written (hex between the byte range's two parts), padding included. */
function contentsAsWritten(pdf: Uint8Array, byteRange: number[]): Uint8Array {
  const hex = Buffer.from(pdf.subarray(byteRange[1]! + 1, byteRange[2]! - 1)).toString('latin1');
  return Buffer.from(hex.replace(/[^0-9a-f]/gi, ''), 'hex');
}

const certificatesOf = (sd: pkijs.SignedData) =>
  (sd.certificates ?? []).filter((c): c is pkijs.Certificate => c instanceof pkijs.Certificate);

const unchanged = (pdf: Uint8Array, reason: string): ValidationDataOutcome => ({
  pdf: Buffer.from(pdf),
  added: false,
  reason,
});

/**
 * Adds the validation data of the document's last signature (the one just made), when all of it can be found;
 * otherwise, or on any error, answers the PDF as it was.
 */
export async function addValidationData(pdf: Uint8Array, src: ValidationDataSources): Promise<ValidationDataOutcome> {
  try {
    return await collectAndAppend(pdf, src);
  } catch (e) {
    return unchanged(pdf, `validation data not added: ${(e as Error).message}`);
  }
}

async function collectAndAppend(pdf: Uint8Array, src: ValidationDataSources): Promise<ValidationDataOutcome> {
  const now = src.now ?? new Date();
  const sigs = await readSignatures(pdf);
  const last = sigs[sigs.length - 1];
  if (!last?.rangeWellFormed || last.byteRange[2]! + last.byteRange[3]! !== pdf.length)
    return unchanged(pdf, 'the last signature does not cover the file');
  const sd = parseCms(last.contents);
  const signer = findSigner(sd);
  if (!signer) return unchanged(pdf, 'the signer’s certificate is not in the signature');
  const tsAttr = sd.signerInfos[0]?.unsignedAttrs?.attributes.find((a) => a.type === OID.signatureTimeStamp);
  if (!tsAttr) return unchanged(pdf, 'the signature has no time stamp (B-B)');
  const token = parseToken(new Uint8Array(tsAttr.values[0].toBER()));
  if (!token.tsaCert) return unchanged(pdf, 'the time stamp does not carry its certificate');

  const stored = await readDss(pdf);
  const pool = [...certificatesOf(sd), ...certificatesOf(token.signed), ...stored.certs];
  const roots = parseTrustedRoots(src.trustedPem);
  const paths = [await buildPath(signer, pool, roots, now), await buildPath(token.tsaCert, pool, roots, now)];
  const untrusted = paths.find((p) => !p.trusted);
  if (untrusted) return unchanged(pdf, `no trusted certificate path: ${untrusted.reason ?? ''}`);

  const crls: Crl[] = [
    ...(src.crls ?? []).flatMap((b) => parseCrl(b) ?? []),
    ...stored.crls,
    ...(sd.crls ?? []).flatMap((c) =>
      c instanceof pkijs.CertificateRevocationList ? (parseCrl(new Uint8Array(c.toSchema().toBER())) ?? []) : [],
    ),
  ];
  const pairs = paths.flatMap(({ path }) => path.slice(0, -1).map((cert, i) => ({ cert, issuer: path[i + 1]! })));
  const found = new Map<(typeof pairs)[number], Crl[]>();
  for (const p of pairs) found.set(p, await crlsFor(p.cert, p.issuer, crls, now));
  if (src.fetchTimeoutMs && [...found.values()].some((f) => !f.length)) {
    const tried = new Set<string>();
    for (const p of pairs.filter((x) => !found.get(x)!.length)) {
      for (const url of distributionPoints(p.cert)) {
        if (tried.has(url)) continue;
        tried.add(url);
        const fetched = await fetchCrl(url, src.fetchTimeoutMs);
        if (fetched) crls.push(fetched);
      }
    }
    // One CA's CRL speaks for every certificate it issued (the signer's and the time-stamping authority's alike).
    for (const p of pairs) if (!found.get(p)!.length) found.set(p, await crlsFor(p.cert, p.issuer, crls, now));
  }
  const missing = pairs.filter((p) => !found.get(p)!.length);
  if (missing.length) return unchanged(pdf, `no CRL for ${missing.map((p) => rdn(p.cert.subject)).join('; ')}`);

  const certs = [
    ...new Map(paths.flatMap(({ path }) => path.map(certDer)).map((d) => [Buffer.from(d).toString('hex'), d])).values(),
  ];
  const used = [...new Set([...found.values()].flat())].map((c) => c.der);
  const out = await appendDss(pdf, {
    certs,
    crls: used,
    vri: { signatureContents: contentsAsWritten(pdf, last.byteRange), certs, crls: used },
  });
  return { pdf: out, added: true };
}
