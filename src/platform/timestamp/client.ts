/**
 * RFC 3161 time-stamp client: asks a time-stamp authority (TSA) to bind a digest to a trusted time, over HTTP
 * (RFC 3161 §3.4: POST application/timestamp-query, answer application/timestamp-reply). The answer is checked
 * against the request (status, message imprint, nonce) before it is returned. pkijs encodes and decodes.
 */
import { randomBytes } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { request } from 'undici';
import { HASH_OID, type HashName } from '../pki/index.js';
import { certificatePem, parseToken } from './token.js';

export interface TimestampResult {
  /** DER TimeStampToken (a CMS ContentInfo), as it goes into a PAdES signature's unsigned attributes. */
  token: Buffer;
  genTime: Date;
  serialNumber: string;
  tsaCertPem: string;
}

export interface TimestampRequest {
  url: string;
  digest: Uint8Array;
  hashAlgorithm?: HashName;
  timeoutMs?: number;
  /** E.g. Authorization for a TSA that asks for credentials. */
  headers?: Record<string, string>;
}

/** Why a time stamp could not be had: the TSA unreachable or answering wrongly, or refusing (its status text). */
export class TimestampError extends Error {
  override name = 'TimestampError';
  constructor(
    message: string,
    readonly kind: 'unreachable' | 'refused' | 'invalid',
  ) {
    super(message);
  }
}

const DIGEST_LENGTH: Record<HashName, number> = { 'SHA-256': 32, 'SHA-384': 48, 'SHA-512': 64 };

export function encodeRequest(digest: Uint8Array, hashAlgorithm: HashName, nonce: Buffer): Buffer {
  const req = new pkijs.TimeStampReq({
    version: 1,
    messageImprint: new pkijs.MessageImprint({
      hashAlgorithm: new pkijs.AlgorithmIdentifier({
        algorithmId: HASH_OID[hashAlgorithm],
        algorithmParams: new asn1js.Null(),
      }),
      hashedMessage: new asn1js.OctetString({ valueHex: digest }),
    }),
    nonce: new asn1js.Integer({ valueHex: nonce }),
    certReq: true,
  });
  return Buffer.from(req.toSchema().toBER());
}

export async function requestTimestamp(opts: TimestampRequest): Promise<TimestampResult> {
  const hashAlgorithm = opts.hashAlgorithm ?? 'SHA-256';
  if (opts.digest.length !== DIGEST_LENGTH[hashAlgorithm])
    throw new TimestampError(
      `a ${hashAlgorithm} digest has ${DIGEST_LENGTH[hashAlgorithm]} bytes, not ${opts.digest.length}`,
      'invalid',
    );
  // A positive nonce (first bit clear) so its DER integer encodes the same bytes back.
  const nonce = randomBytes(8);
  nonce[0] = (nonce[0]! & 0x7f) | 0x01;
  const body = encodeRequest(opts.digest, hashAlgorithm, nonce);
  const timeout = opts.timeoutMs ?? 10_000;
  let answer: Buffer;
  try {
    const res = await request(opts.url, {
      method: 'POST',
      body,
      headers: {
        'content-type': 'application/timestamp-query',
        accept: 'application/timestamp-reply',
        ...opts.headers,
      },
      headersTimeout: timeout,
      bodyTimeout: timeout,
    });
    answer = Buffer.from(await res.body.arrayBuffer());
    if (res.statusCode !== 200)
      throw new TimestampError(`the time-stamp authority answered HTTP ${res.statusCode}`, 'unreachable');
  } catch (err) {
    if (err instanceof TimestampError) throw err;
    throw new TimestampError(
      `the time-stamp authority at ${opts.url} could not be reached: ${(err as Error).message}`,
      'unreachable',
    );
  }
  const asn = asn1js.fromBER(answer);
  if (asn.offset === -1)
    throw new TimestampError('the time-stamp authority answered something that is not DER', 'invalid');
  let resp: pkijs.TimeStampResp;
  try {
    resp = new pkijs.TimeStampResp({ schema: asn.result });
  } catch (err) {
    throw new TimestampError(`the time-stamp reply cannot be read: ${(err as Error).message}`, 'invalid');
  }
  // PKIStatus: 0 granted, 1 granted with modifications; anything else carries no token.
  if (resp.status.status > 1 || !resp.timeStampToken) {
    const text = resp.status.statusStrings?.map((s) => s.valueBlock.value).join('; ');
    throw new TimestampError(
      `the time-stamp authority refused (status ${resp.status.status}${text ? `: ${text}` : ''})`,
      'refused',
    );
  }
  const token = Buffer.from(resp.timeStampToken.toSchema().toBER());
  const parsed = parseToken(token);
  if (parsed.hashAlgorithm !== hashAlgorithm || !parsed.hashedMessage.equals(Buffer.from(opts.digest)))
    throw new TimestampError('the time stamp is for another digest than the one asked', 'invalid');
  if (parsed.nonce !== nonce.toString('hex'))
    throw new TimestampError('the time stamp does not carry the nonce of the request', 'invalid');
  if (!parsed.tsaCert) throw new TimestampError('the time stamp does not carry its authority’s certificate', 'invalid');
  return {
    token,
    genTime: parsed.genTime,
    serialNumber: parsed.serialNumber,
    tsaCertPem: certificatePem(parsed.tsaCert),
  };
}
