/**
 * Verification of the signatures of any PDF (ours or received), in the spirit of the EU DSS validation report:
 * per signature, its integrity (the digest over the byte range against the CMS message digest, and the CMS signature
 * with the signer's key), the signer's certificate chain to a configured trusted root (the national root CA is
 * configuration, never fetched) at the signing time (the time-stamp's genTime when there is one, else now: the claimed /M
 * proves nothing), revocation where CRLs are in the signature or in the document's DSS, the signature time-stamp, and
 * whether the document was changed after the signature (only later signatures and validation data are allowed).
 * The PAdES level it reaches: B-B, B-T with a valid time stamp, B-LT when the document also holds the validation data
 * (the signer's and the time-stamping authority's paths and a CRL for each of their certificates but the root).
 */
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { buildPath, type CertPath } from './chain.js';
import { OID } from './cms.js';
import { readDss } from './dss.js';
import { classifyLaterChanges, loadPdf, readSignatures, signedBytes, type ChangeKind } from './pdf-signatures.js';
import { pathRevocation, parseCrl, type Crl } from './revocation.js';
import { splitPem, pemToDer } from '../../platform/pki/index.js';
import { parseToken, verifyTimestamp } from '../../platform/timestamp/index.js';

export type Indication = 'valid' | 'invalid' | 'indeterminate';
/** PAdES baseline levels (ETSI EN 319 142-1 §6); B-LTA (a document time stamp over the store) is not made here. */
export type PadesLevel = 'B-B' | 'B-T' | 'B-LT';

export interface SignatureReport {
  fieldName: string | null;
  subFilter: string | null;
  signer: {
    commonName: string | null;
    subject: string;
    issuer: string;
    serialNumber: string;
    notBefore: string;
    notAfter: string;
  } | null;
  claimedTime: string | null;
  timestamp: { present: boolean; valid: boolean | null; genTime: string | null; reason?: string };
  /** The time the chain was checked at. */
  validationTime: string;
  integrity: boolean;
  chainTrusted: boolean;
  chainReason?: string;
  /** Of the signer's path: good when every certificate but the root has a current CRL, none listing it. */
  revocation: 'good' | 'revoked' | 'not-checked';
  /** The PAdES level reached; null for a signature that is not PAdES (adbe.pkcs7.detached and the like). */
  level: PadesLevel | null;
  coversWholeDocument: boolean;
  changesAfter: ChangeKind;
  changeDetails: string[];
  indication: Indication;
  reasons: { vi: string; en: string }[];
}

export interface VerificationReport {
  signatures: SignatureReport[];
  /** No signature, or every one valid and nothing but signatures/validation data after the last. */
  indication: Indication | 'unsigned';
  modifiedAfterLastSignature: boolean;
  verifiedAt: string;
}

const ab = (u: Uint8Array) => u.buffer.slice(u.byteOffset, u.byteOffset + u.byteLength) as ArrayBuffer;

export function parseCms(der: Uint8Array): pkijs.SignedData {
  const ci = pkijs.ContentInfo.fromBER(ab(der));
  if (ci.contentType !== OID.signedData) throw new Error('not a SignedData');
  return new pkijs.SignedData({ schema: ci.content });
}

export function rdn(name: pkijs.RelativeDistinguishedNames): string {
  const short: Record<string, string> = {
    '2.5.4.3': 'CN',
    '2.5.4.10': 'O',
    '2.5.4.11': 'OU',
    '2.5.4.6': 'C',
    '2.5.4.7': 'L',
    '2.5.4.8': 'ST',
    '1.2.840.113549.1.9.1': 'E',
  };
  return name.typesAndValues.map((t) => `${short[t.type] ?? t.type}=${String(t.value.valueBlock.value)}`).join(', ');
}

function commonName(name: pkijs.RelativeDistinguishedNames): string | null {
  const cn = name.typesAndValues.find((t) => t.type === '2.5.4.3');
  return cn ? String(cn.value.valueBlock.value) : null;
}

export function findSigner(sd: pkijs.SignedData): pkijs.Certificate | null {
  const sid = sd.signerInfos[0]?.sid;
  const certs = (sd.certificates ?? []).filter((c): c is pkijs.Certificate => c instanceof pkijs.Certificate);
  if (sid instanceof pkijs.IssuerAndSerialNumber) {
    return certs.find((c) => c.issuer.isEqual(sid.issuer) && c.serialNumber.isEqual(sid.serialNumber)) ?? null;
  }
  return null;
}

/** Trusted roots: PEM text (one or more certificates each). */
export function parseTrustedRoots(pems: string[]): pkijs.Certificate[] {
  return pems.flatMap((p) => splitPem(p)).map((p) => pkijs.Certificate.fromBER(ab(pemToDer(p))));
}

export async function verifyPdf(
  pdf: Uint8Array,
  opts: { trustedPem: string[]; now?: Date },
): Promise<VerificationReport> {
  const now = opts.now ?? new Date();
  const roots = parseTrustedRoots(opts.trustedPem);
  const doc = await loadPdf(pdf);
  const sigs = await readSignatures(pdf, doc);
  const dss = await readDss(pdf, doc);
  const reports: SignatureReport[] = [];
  for (const s of sigs) {
    const reasons: { vi: string; en: string }[] = [];
    const r: SignatureReport = {
      fieldName: s.fieldName,
      subFilter: s.subFilter,
      signer: null,
      claimedTime: s.claimedTime?.toISOString() ?? null,
      timestamp: { present: false, valid: null, genTime: null },
      validationTime: now.toISOString(),
      integrity: false,
      chainTrusted: false,
      revocation: 'not-checked',
      level: null,
      coversWholeDocument: s.rangeWellFormed && s.byteRange[2]! + s.byteRange[3]! === pdf.length,
      changesAfter: 'none',
      changeDetails: [],
      indication: 'invalid',
      reasons,
    };
    reports.push(r);
    if (!s.rangeWellFormed) {
      reasons.push({ vi: 'Vùng ký (ByteRange) không hợp lệ.', en: 'The byte range is malformed.' });
      continue;
    }
    let sd: pkijs.SignedData;
    try {
      sd = parseCms(s.contents);
    } catch {
      reasons.push({ vi: 'Chữ ký không đọc được (không phải CMS).', en: 'The signature is not a readable CMS.' });
      continue;
    }
    const signer = findSigner(sd);
    if (signer) {
      r.signer = {
        commonName: commonName(signer.subject),
        subject: rdn(signer.subject),
        issuer: rdn(signer.issuer),
        serialNumber: Buffer.from(signer.serialNumber.valueBlock.valueHexView).toString('hex'),
        notBefore: signer.notBefore.value.toISOString(),
        notAfter: signer.notAfter.value.toISOString(),
      };
    }
    const data = signedBytes(pdf, s.byteRange);
    try {
      const res = await sd.verify({ signer: 0, data: ab(data), checkChain: false, extendedMode: true });
      r.integrity = res.signatureVerified === true;
    } catch {
      r.integrity = false;
    }
    if (!r.integrity)
      reasons.push({
        vi: 'Nội dung đã bị thay đổi sau khi ký hoặc chữ ký sai.',
        en: 'The content changed after signing, or the signature does not match.',
      });

    // The signature time-stamp (unsigned attribute), over the signature value.
    const si = sd.signerInfos[0]!;
    const tsAttr = si.unsignedAttrs?.attributes.find((a) => a.type === OID.signatureTimeStamp);
    const cmsCerts = (sd.certificates ?? []).filter((c): c is pkijs.Certificate => c instanceof pkijs.Certificate);
    const crls: Crl[] = [
      ...(sd.crls ?? []).flatMap((c) =>
        c instanceof pkijs.CertificateRevocationList ? (parseCrl(new Uint8Array(c.toSchema().toBER())) ?? []) : [],
      ),
      ...dss.crls,
    ];
    // The claimed /M proves nothing: without a valid time stamp the chain is checked now (as EU DSS does).
    let validationTime = now;
    let tsaPath: CertPath | null = null;
    if (tsAttr) {
      r.timestamp.present = true;
      const token = new Uint8Array(tsAttr.values[0].toBER());
      const imprint = new Uint8Array(
        await crypto.subtle.digest('SHA-256', new Uint8Array(si.signature.valueBlock.valueHexView)),
      );
      // The token's own signature here; its authority's path below, to the configured roots only: a certificate in
      // the /DSS is an intermediate at most (anyone may append a /DSS), never a trust anchor.
      const ts = await verifyTimestamp(token, imprint, { trustedPem: [] });
      if (ts.valid && ts.genTime) {
        const parsed = parseToken(token);
        const tokenCerts = (parsed.signed.certificates ?? []).filter(
          (c): c is pkijs.Certificate => c instanceof pkijs.Certificate,
        );
        tsaPath = parsed.tsaCert
          ? await buildPath(parsed.tsaCert, [...tokenCerts, ...cmsCerts, ...dss.certs], roots, ts.genTime)
          : null;
        if (!tsaPath?.trusted) {
          ts.valid = false;
          ts.reason = 'the time-stamping authority is not trusted';
        }
      }
      r.timestamp.valid = ts.valid;
      r.timestamp.genTime = ts.genTime?.toISOString() ?? null;
      if (ts.reason) r.timestamp.reason = ts.reason;
      if (ts.valid && ts.genTime) validationTime = ts.genTime;
      if (!ts.valid)
        reasons.push({
          vi: `Dấu thời gian không hợp lệ: ${ts.reason ?? ''}`,
          en: `The time stamp is not valid: ${ts.reason ?? ''}`,
        });
    }
    r.validationTime = validationTime.toISOString();

    // Validation data complete for the signer's path (and the time stamp's, for B-LT).
    let signerDataComplete = false;
    if (signer) {
      const chain = await buildPath(signer, [...cmsCerts, ...dss.certs], roots, validationTime);
      r.chainTrusted = chain.trusted;
      if (!chain.trusted) r.chainReason = chain.reason;
      // Without a trusted path (an expired certificate), the issuer's CRLs still tell whether it was revoked.
      const issuer = [...roots, ...cmsCerts, ...dss.certs].find((c) => c.subject.isEqual(signer.issuer));
      const path = chain.trusted ? chain.path : issuer ? [signer, issuer] : [signer];
      const rev = await pathRevocation(path, crls, validationTime);
      signerDataComplete = chain.trusted && rev.status === 'good';
      if (rev.status === 'revoked') {
        r.revocation = 'revoked';
        reasons.push(
          rev.revoked.includes(path[0]!)
            ? { vi: 'Chứng thư số của người ký đã bị thu hồi.', en: 'The signer’s certificate was revoked.' }
            : {
                vi: 'Một chứng thư trong chuỗi chứng thực của người ký đã bị thu hồi.',
                en: 'A certificate of the signer’s chain was revoked.',
              },
        );
      } else if (rev.status === 'good') r.revocation = 'good';
      if (!r.chainTrusted && r.revocation !== 'revoked') {
        const expired = validationTime > signer.notAfter.value || validationTime < signer.notBefore.value;
        reasons.push(
          expired
            ? {
                vi: 'Chứng thư số không còn hiệu lực tại thời điểm ký.',
                en: 'The certificate was not valid at the signing time.',
              }
            : {
                vi: 'Chứng thư số không thuộc tổ chức chứng thực được tin cậy.',
                en: 'The certificate does not chain to a trusted root.',
              },
        );
      }
    } else {
      reasons.push({ vi: 'Không tìm thấy chứng thư số của người ký.', en: 'The signer’s certificate is missing.' });
    }
    if (s.subFilter === 'ETSI.CAdES.detached') {
      const tsaDataComplete =
        !!tsaPath?.trusted && (await pathRevocation(tsaPath.path, crls, validationTime)).status === 'good';
      r.level = r.timestamp.valid !== true ? 'B-B' : signerDataComplete && tsaDataComplete ? 'B-LT' : 'B-T';
    }

    if (!r.coversWholeDocument) {
      const end = s.byteRange[2]! + s.byteRange[3]!;
      const later = await classifyLaterChanges(pdf.subarray(0, end), pdf).catch(() => ({
        kind: 'other' as const,
        details: ['later revisions unreadable'],
      }));
      r.changesAfter = later.kind;
      r.changeDetails = later.details;
      if (later.kind === 'other')
        reasons.push({
          vi: 'Văn bản đã bị sửa đổi sau khi ký.',
          en: 'The document was modified after this signature.',
        });
    }

    const intact = r.integrity && r.changesAfter !== 'other';
    const tsOk = !r.timestamp.present || r.timestamp.valid === true;
    r.indication =
      !intact || r.revocation === 'revoked' ? 'invalid' : r.chainTrusted && tsOk ? 'valid' : 'indeterminate';
  }
  const last = reports[reports.length - 1];
  return {
    signatures: reports,
    indication: !reports.length
      ? 'unsigned'
      : reports.some((x) => x.indication === 'invalid')
        ? 'invalid'
        : reports.every((x) => x.indication === 'valid')
          ? 'valid'
          : 'indeterminate',
    modifiedAfterLastSignature: !!last && last.changesAfter === 'other',
    verifiedAt: now.toISOString(),
  };
}

export { asn1js };
