/**
 * An RFC 3161 time-stamp token read apart: the CMS SignedData around the TSTInfo, the TSTInfo's message imprint,
 * time and serial, and the TSA certificate carried in the token.
 */
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { derToPem, HASH_BY_OID, OID, type HashName } from '../pki/index.js';

export interface ParsedToken {
  signed: pkijs.SignedData;
  info: pkijs.TSTInfo;
  hashAlgorithm: HashName | undefined;
  hashedMessage: Buffer;
  genTime: Date;
  serialNumber: string;
  nonce: string | undefined;
  tsaCert: pkijs.Certificate | undefined;
}

export class TimestampFormatError extends Error {
  override name = 'TimestampFormatError';
}

const hex = (i: asn1js.Integer) => Buffer.from(i.valueBlock.valueHexView).toString('hex');

export function parseToken(token: Uint8Array): ParsedToken {
  const asn = asn1js.fromBER(token);
  if (asn.offset === -1) throw new TimestampFormatError('the time-stamp token is not DER');
  let signed: pkijs.SignedData;
  let info: pkijs.TSTInfo;
  try {
    const ci = new pkijs.ContentInfo({ schema: asn.result });
    if (ci.contentType !== OID.signedData)
      throw new TimestampFormatError('the time-stamp token is not a CMS SignedData');
    signed = new pkijs.SignedData({ schema: ci.content });
    if (signed.encapContentInfo.eContentType !== OID.tstInfo || !signed.encapContentInfo.eContent)
      throw new TimestampFormatError('the token does not hold a TSTInfo');
    const inner = asn1js.fromBER(signed.encapContentInfo.eContent.getValue());
    info = new pkijs.TSTInfo({ schema: inner.result });
  } catch (err) {
    if (err instanceof TimestampFormatError) throw err;
    throw new TimestampFormatError(`the time-stamp token cannot be read: ${(err as Error).message}`);
  }
  const sid = signed.signerInfos[0]?.sid;
  const tsaCert = (signed.certificates ?? []).find(
    (c): c is pkijs.Certificate =>
      c instanceof pkijs.Certificate &&
      sid instanceof pkijs.IssuerAndSerialNumber &&
      c.serialNumber.isEqual(sid.serialNumber) &&
      c.issuer.isEqual(sid.issuer),
  );
  return {
    signed,
    info,
    hashAlgorithm: HASH_BY_OID[info.messageImprint.hashAlgorithm.algorithmId],
    hashedMessage: Buffer.from(info.messageImprint.hashedMessage.valueBlock.valueHexView),
    genTime: info.genTime,
    serialNumber: hex(info.serialNumber),
    nonce: info.nonce ? hex(info.nonce) : undefined,
    tsaCert,
  };
}

export function certificatePem(cert: pkijs.Certificate): string {
  return derToPem(new Uint8Array(cert.toSchema().toBER()));
}
