/**
 * Signed attributes that CMS signatures of the platform carry: content type, message digest, and the ESS
 * signing-certificate-v2 (RFC 5035) that RFC 5816 time stamps and PAdES signatures require, binding the signature to
 * its signer's certificate. pkijs has no class for the ESS attribute, so its ASN.1 is assembled here with asn1js from
 * the RFC's definition; the hashing is WebCrypto's.
 */
import { webcrypto } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';

export const OID = {
  contentType: '1.2.840.113549.1.9.3',
  messageDigest: '1.2.840.113549.1.9.4',
  signingTime: '1.2.840.113549.1.9.5',
  signingCertificateV2: '1.2.840.113549.1.9.16.2.47',
  timeStampToken: '1.2.840.113549.1.9.16.2.14',
  tstInfo: '1.2.840.113549.1.9.16.1.4',
  data: '1.2.840.113549.1.7.1',
  signedData: '1.2.840.113549.1.7.2',
  sha256: '2.16.840.1.101.3.4.2.1',
  sha384: '2.16.840.1.101.3.4.2.2',
  sha512: '2.16.840.1.101.3.4.2.3',
  rsaEncryption: '1.2.840.113549.1.1.1',
  sha256WithRSA: '1.2.840.113549.1.1.11',
  ekuTimeStamping: '1.3.6.1.5.5.7.3.8',
} as const;

export type HashName = 'SHA-256' | 'SHA-384' | 'SHA-512';
export const HASH_OID: Record<HashName, string> = {
  'SHA-256': OID.sha256,
  'SHA-384': OID.sha384,
  'SHA-512': OID.sha512,
};
export const HASH_BY_OID: Record<string, HashName> = {
  [OID.sha256]: 'SHA-256',
  [OID.sha384]: 'SHA-384',
  [OID.sha512]: 'SHA-512',
};

export async function digest(hash: HashName, data: Uint8Array): Promise<Buffer> {
  return Buffer.from(await webcrypto.subtle.digest(hash, data));
}

export function parseCertificate(der: Uint8Array): pkijs.Certificate {
  const asn = asn1js.fromBER(der);
  if (asn.offset === -1) throw new Error('not a DER certificate');
  return new pkijs.Certificate({ schema: asn.result });
}

export function contentTypeAttribute(oid: string): pkijs.Attribute {
  return new pkijs.Attribute({ type: OID.contentType, values: [new asn1js.ObjectIdentifier({ value: oid })] });
}

export function messageDigestAttribute(value: Uint8Array): pkijs.Attribute {
  return new pkijs.Attribute({ type: OID.messageDigest, values: [new asn1js.OctetString({ valueHex: value })] });
}

/** SigningCertificateV2 ::= SEQUENCE { certs SEQUENCE OF ESSCertIDv2 } with the SHA-256 default algorithm omitted. */
export async function signingCertificateV2Attribute(certDer: Uint8Array): Promise<pkijs.Attribute> {
  const cert = parseCertificate(certDer);
  const issuerSerial = new asn1js.Sequence({
    value: [
      new pkijs.GeneralNames({ names: [new pkijs.GeneralName({ type: 4, value: cert.issuer })] }).toSchema(),
      cert.serialNumber,
    ],
  });
  const essCertIdV2 = new asn1js.Sequence({
    value: [new asn1js.OctetString({ valueHex: await digest('SHA-256', certDer) }), issuerSerial],
  });
  return new pkijs.Attribute({
    type: OID.signingCertificateV2,
    values: [new asn1js.Sequence({ value: [new asn1js.Sequence({ value: [essCertIdV2] })] })],
  });
}
