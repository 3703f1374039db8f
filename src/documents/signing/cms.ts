/**
 * The CAdES signature inside a PAdES signature (ETSI EN 319 142-1, ETSI.CAdES.detached): a CMS SignedData
 * (RFC 5652) over the PDF's byte range, detached, with the signed attributes content-type, message-digest and
 * signing-certificate-v2 (RFC 5035) and no signing-time (PAdES takes the claimed time from the signature
 * dictionary's /M), and the signature time-stamp (RFC 3161 token over the signature value) as an unsigned attribute.
 * pkijs and asn1js build and encode every structure; the signature itself comes from a `RawSigner`.
 */
import { createHash } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';

export const OID = {
  data: '1.2.840.113549.1.7.1',
  signedData: '1.2.840.113549.1.7.2',
  contentType: '1.2.840.113549.1.9.3',
  messageDigest: '1.2.840.113549.1.9.4',
  signingTime: '1.2.840.113549.1.9.5',
  signingCertificateV2: '1.2.840.113549.1.9.16.2.47',
  signatureTimeStamp: '1.2.840.113549.1.9.16.2.14',
  sha256: '2.16.840.1.101.3.4.2.1',
  rsaEncryption: '1.2.840.113549.1.1.1',
  sha256WithRsa: '1.2.840.113549.1.1.11',
} as const;

/** Signs the DER of the signed attributes (RSASSA-PKCS1-v1_5 with SHA-256): a platform key or a remote service. */
export interface RawSigner {
  sign(data: Uint8Array): Promise<Uint8Array>;
}

export const sha256 = (data: Uint8Array) => new Uint8Array(createHash('sha256').update(data).digest());

function toArrayBuffer(u: Uint8Array): ArrayBuffer {
  return u.buffer.slice(u.byteOffset, u.byteOffset + u.byteLength) as ArrayBuffer;
}

export function parseCertificate(der: Uint8Array): pkijs.Certificate {
  return pkijs.Certificate.fromBER(toArrayBuffer(der));
}

/** SigningCertificateV2 ::= SEQUENCE { certs SEQUENCE OF ESSCertIDv2 } with SHA-256 (the DEFAULT, so omitted). */
function signingCertificateV2(cert: pkijs.Certificate, certDer: Uint8Array): asn1js.Sequence {
  const issuerSerial = new asn1js.Sequence({
    value: [
      new pkijs.GeneralNames({ names: [new pkijs.GeneralName({ type: 4, value: cert.issuer })] }).toSchema(),
      cert.serialNumber,
    ],
  });
  const essCertIdV2 = new asn1js.Sequence({
    value: [new asn1js.OctetString({ valueHex: toArrayBuffer(sha256(certDer)) }), issuerSerial],
  });
  return new asn1js.Sequence({ value: [new asn1js.Sequence({ value: [essCertIdV2] })] });
}

/** DER orders a SET OF by the encodings of its elements; NSS re-encodes the attributes that way when verifying. */
function derSorted(attrs: pkijs.Attribute[]): pkijs.Attribute[] {
  const enc = attrs.map((a) => ({ a, bytes: Buffer.from(a.toSchema().toBER()) }));
  enc.sort((x, y) => Buffer.compare(x.bytes, y.bytes));
  return enc.map((e) => e.a);
}

export interface PreparedCms {
  signerInfo: pkijs.SignerInfo;
  /** The bytes the signer signs: the signed attributes encoded as a SET (tag 0x31). */
  toBeSigned: Uint8Array;
}

/** Builds the signer info over `contentDigest` (SHA-256 of the byte range) for the certificate `certDer`. */
export function prepareSignerInfo(contentDigest: Uint8Array, certDer: Uint8Array): PreparedCms {
  const cert = parseCertificate(certDer);
  const attributes = derSorted([
    new pkijs.Attribute({ type: OID.contentType, values: [new asn1js.ObjectIdentifier({ value: OID.data })] }),
    new pkijs.Attribute({
      type: OID.messageDigest,
      values: [new asn1js.OctetString({ valueHex: toArrayBuffer(contentDigest) })],
    }),
    new pkijs.Attribute({ type: OID.signingCertificateV2, values: [signingCertificateV2(cert, certDer)] }),
  ]);
  const signerInfo = new pkijs.SignerInfo({
    version: 1,
    sid: new pkijs.IssuerAndSerialNumber({ issuer: cert.issuer, serialNumber: cert.serialNumber }),
    digestAlgorithm: new pkijs.AlgorithmIdentifier({ algorithmId: OID.sha256, algorithmParams: new asn1js.Null() }),
    signedAttrs: new pkijs.SignedAndUnsignedAttributes({ type: 0, attributes }),
    signatureAlgorithm: new pkijs.AlgorithmIdentifier({
      algorithmId: OID.sha256WithRsa,
      algorithmParams: new asn1js.Null(),
    }),
  });
  const set = new Uint8Array(signerInfo.signedAttrs!.toSchema().toBER());
  set[0] = 0x31; // [0] IMPLICIT in the signer info, a SET when signed (RFC 5652 §5.4)
  return { signerInfo, toBeSigned: set };
}

/** Wraps the signer info, its signature and the certificates into a ContentInfo (DER). */
export function assembleSignedData(
  prepared: PreparedCms,
  signature: Uint8Array,
  certsDer: Uint8Array[],
  timestampToken?: Uint8Array,
): Buffer {
  const { signerInfo } = prepared;
  signerInfo.signature = new asn1js.OctetString({ valueHex: toArrayBuffer(signature) });
  if (timestampToken) {
    const token = asn1js.fromBER(toArrayBuffer(timestampToken));
    if (token.offset === -1) throw new Error('the time-stamp token is not DER');
    signerInfo.unsignedAttrs = new pkijs.SignedAndUnsignedAttributes({
      type: 1,
      attributes: [new pkijs.Attribute({ type: OID.signatureTimeStamp, values: [token.result] })],
    });
  }
  const signedData = new pkijs.SignedData({
    version: 1,
    digestAlgorithms: [new pkijs.AlgorithmIdentifier({ algorithmId: OID.sha256, algorithmParams: new asn1js.Null() })],
    encapContentInfo: new pkijs.EncapsulatedContentInfo({ eContentType: OID.data }),
    certificates: certsDer.map(parseCertificate),
    signerInfos: [signerInfo],
  });
  const contentInfo = new pkijs.ContentInfo({ contentType: OID.signedData, content: signedData.toSchema(true) });
  return Buffer.from(contentInfo.toSchema().toBER());
}

/** The message imprint of the signature time-stamp: SHA-256 of the signature value's octets (RFC 3161 appx A). */
export function signatureTimestampImprint(signature: Uint8Array): Uint8Array {
  return sha256(signature);
}
