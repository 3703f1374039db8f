/**
 * A time-stamp authority for tests and benches (RFC 3161 over HTTP, RFC 5816 signing-certificate-v2), started on
 * 127.0.0.1 with its certificate from a test CA. It can be told to fail its next requests, to test retries.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import {
  contentTypeAttribute,
  createTestCa,
  digest,
  messageDigestAttribute,
  OID,
  parseCertificate,
  signingCertificateV2Attribute,
  HASH_BY_OID,
  type IssuedCert,
  type TestCa,
} from '../pki/index.js';

export interface TestTsa {
  url: string;
  caCertPem: string;
  tsaCertPem: string;
  /** Requests answered with a token so far. */
  requests: number;
  /** The next n requests get HTTP 503. */
  failNext(n: number): void;
  close(): Promise<void>;
}

// An arbitrary policy identifier under the private-enterprise arc, marking tokens of this test authority.
const TEST_POLICY = '1.3.6.1.4.1.99999.3161.1';

function reply(status: number, token?: pkijs.ContentInfo, text?: string): Buffer {
  const resp = new pkijs.TimeStampResp({
    status: new pkijs.PKIStatusInfo({
      status,
      ...(text ? { statusStrings: [new asn1js.Utf8String({ value: text })] } : {}),
    }),
    ...(token ? { timeStampToken: token } : {}),
  });
  return Buffer.from(resp.toSchema().toBER());
}

async function stamp(reqDer: Buffer, tsa: IssuedCert): Promise<Buffer> {
  const asn = asn1js.fromBER(reqDer);
  if (asn.offset === -1) return reply(2, undefined, 'badDataFormat');
  let req: pkijs.TimeStampReq;
  try {
    req = new pkijs.TimeStampReq({ schema: asn.result });
  } catch {
    return reply(2, undefined, 'badDataFormat');
  }
  if (!HASH_BY_OID[req.messageImprint.hashAlgorithm.algorithmId]) return reply(2, undefined, 'badAlg');
  const serial = randomBytes(12);
  serial[0] = serial[0]! & 0x7f;
  const cert = parseCertificate(tsa.certDer);
  const info = new pkijs.TSTInfo({
    version: 1,
    policy: TEST_POLICY,
    messageImprint: req.messageImprint,
    serialNumber: new asn1js.Integer({ valueHex: serial }),
    genTime: new Date(Math.floor(Date.now() / 1000) * 1000),
    accuracy: new pkijs.Accuracy({ seconds: 1 }),
    ...(req.nonce ? { nonce: req.nonce } : {}),
    tsa: new pkijs.GeneralName({ type: 4, value: cert.subject }),
  });
  const content = Buffer.from(info.toSchema().toBER());
  const signed = new pkijs.SignedData({
    version: 3,
    encapContentInfo: new pkijs.EncapsulatedContentInfo({
      eContentType: OID.tstInfo,
      eContent: new asn1js.OctetString({ valueHex: content }),
    }),
    signerInfos: [
      new pkijs.SignerInfo({
        version: 1,
        sid: new pkijs.IssuerAndSerialNumber({ issuer: cert.issuer, serialNumber: cert.serialNumber }),
        signedAttrs: new pkijs.SignedAndUnsignedAttributes({
          type: 0,
          attributes: [
            contentTypeAttribute(OID.tstInfo),
            messageDigestAttribute(await digest('SHA-256', content)),
            await signingCertificateV2Attribute(tsa.certDer),
          ],
        }),
      }),
    ],
    ...(req.certReq ? { certificates: [cert] } : {}),
  });
  await signed.sign(tsa.privateKey, 0, 'SHA-256');
  return reply(0, new pkijs.ContentInfo({ contentType: OID.signedData, content: signed.toSchema(true) }));
}

export async function startTestTsa(opts: { ca?: TestCa } = {}): Promise<TestTsa> {
  const ca = opts.ca ?? (await createTestCa({ commonName: 'Tỉnh số Test Root CA', organization: 'Tỉnh số (test)' }));
  const tsa = await ca.issue({ commonName: 'Tỉnh số Test TSA', organization: 'Tỉnh số (test)', usage: 'tsa' });
  let failing = 0;
  const state = { requests: 0 };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (failing > 0) {
        failing--;
        res.writeHead(503).end();
        return;
      }
      if (req.method !== 'POST' || !(req.headers['content-type'] ?? '').startsWith('application/timestamp-query')) {
        res.writeHead(415, { 'content-type': 'text/plain' }).end('POST application/timestamp-query');
        return;
      }
      stamp(Buffer.concat(chunks), tsa).then(
        (body) => {
          state.requests++;
          res
            .writeHead(200, { 'content-type': 'application/timestamp-reply', 'content-length': body.length })
            .end(body);
        },
        () => res.writeHead(500).end(),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/tsa`,
    caCertPem: ca.certPem,
    tsaCertPem: tsa.certPem,
    get requests() {
      return state.requests;
    },
    failNext(n: number) {
      failing = n;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
