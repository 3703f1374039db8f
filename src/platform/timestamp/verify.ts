/**
 * Verifies an RFC 3161 time-stamp token against the digest it should cover: the message imprint, the TSA's CMS
 * signature (with the message-digest attribute over the TSTInfo), the TSA certificate's time-stamping purpose
 * (RFC 3161 §2.3), and, when trusted roots are given, the TSA's chain at the stamp's own time.
 */
import * as pkijs from 'pkijs';
import { OID, parseCertificate, pemToDer } from '../pki/index.js';
import { certificatePem, parseToken, TimestampFormatError, type ParsedToken } from './token.js';

export interface TimestampVerification {
  valid: boolean;
  genTime?: Date;
  serialNumber?: string;
  tsaCertPem?: string;
  /** Why it is not valid (English, for logs and the verification report). */
  reason?: string;
}

const EXT_KEY_USAGE = '2.5.29.37';

function hasTimeStampingPurpose(cert: pkijs.Certificate): boolean {
  const ext = cert.extensions?.find((e) => e.extnID === EXT_KEY_USAGE);
  const purposes = (ext?.parsedValue as pkijs.ExtKeyUsage | undefined)?.keyPurposes ?? [];
  return !!ext?.critical && purposes.length === 1 && purposes[0] === OID.ekuTimeStamping;
}

export async function verifyTimestamp(
  token: Uint8Array,
  digest: Uint8Array,
  opts: { trustedPem?: string[] } = {},
): Promise<TimestampVerification> {
  let p: ParsedToken;
  try {
    p = parseToken(token);
  } catch (err) {
    return {
      valid: false,
      reason: err instanceof TimestampFormatError ? err.message : `unreadable token: ${(err as Error).message}`,
    };
  }
  const facts = {
    genTime: p.genTime,
    serialNumber: p.serialNumber,
    ...(p.tsaCert ? { tsaCertPem: certificatePem(p.tsaCert) } : {}),
  };
  if (!p.hashedMessage.equals(Buffer.from(digest)))
    return { valid: false, ...facts, reason: 'the time stamp covers other data' };
  if (!p.tsaCert) return { valid: false, ...facts, reason: 'the token does not carry the time-stamping certificate' };
  if (!hasTimeStampingPurpose(p.tsaCert))
    return { valid: false, ...facts, reason: 'the signer’s certificate is not for time stamping' };
  const trusted = (opts.trustedPem ?? []).map((pem) => parseCertificate(pemToDer(pem)));
  const contentType = p.signed.signerInfos[0]?.signedAttrs?.attributes.find((a) => a.type === OID.contentType)
    ?.values[0] as { valueBlock?: { toString(): string } } | undefined;
  if (contentType?.valueBlock?.toString() !== OID.tstInfo)
    return { valid: false, ...facts, reason: 'the signed content type is not a TSTInfo' };
  // pkijs verifies a TSTInfo only given the stamped data itself, to hash it again; a caller may hold just the
  // digest (a PAdES signature value's, a log head's). The imprint was compared above, so the signature is checked
  // as over plain content: the message-digest attribute against the TSTInfo bytes, the signature over the attributes.
  p.signed.encapContentInfo.eContentType = OID.data;
  try {
    const result = await p.signed.verify({
      signer: 0,
      checkChain: trusted.length > 0,
      trustedCerts: trusted,
      checkDate: p.genTime,
      extendedMode: true,
    });
    if (!result.signatureVerified)
      return { valid: false, ...facts, reason: result.message || 'the time-stamp signature does not verify' };
    if (trusted.length > 0 && result.signerCertificateVerified === false)
      return { valid: false, ...facts, reason: 'the time-stamping authority is not trusted' };
  } catch (err) {
    const e = err as { message?: string; code?: number };
    return {
      valid: false,
      ...facts,
      reason: e.message || `the time-stamp signature does not verify (code ${e.code ?? '?'})`,
    };
  }
  return { valid: true, ...facts };
}
