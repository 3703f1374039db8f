/**
 * PAdES B-LT: a time-stamped signature whose CA publishes a CRL (served here over HTTP at the distribution point its
 * certificates name, or given as configuration) gets a /DSS with the chain and the CRL, and is reported B-LT and
 * valid by our verifier and valid by poppler's pdfsig; a second signature after it still verifies; a certificate the
 * CRL lists is reported revoked; without revocation data the signature stays B-T and nothing fails.
 */
import { createHash, webcrypto } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PDFArray, PDFDict, PDFName, PDFRawStream, PDFRef } from 'pdf-lib';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestCa,
  generateKeyPair,
  SIGNING_ALGORITHM,
  toPkcs12,
  x509,
  type IssuedCert,
  type TestCa,
} from '../../platform/pki/index.js';
import { describeKeys } from '../../platform/pki/index.js';
import { startTestTsa, type TestTsa } from '../../platform/timestamp/index.js';
import { testServer } from '../../platform/testing/index.js';
import { act, approvedDraft, office } from '../test-fixtures.js';
import { documentActions } from '../schema.js';
import { sealRectFor, type Rect } from './appearance.js';
import { appendDss } from './dss.js';
import { addValidationData } from './ltv.js';
import { signPdf, type SignatureRequest } from './pades.js';
import { loadPdf, readSignatures } from './pdf-signatures.js';
import { addPlatformKey } from './service.js';
import { identityOf, pdfsig, plainPdf, rawSignerOf, signedElsewhere, tsaStamper } from './test-fixtures.js';
import { verifyPdf } from './verify.js';

const dir = mkdtempSync(join(tmpdir(), 'pades-lt-'));
const file = (name: string, bytes: Uint8Array) => {
  const p = join(dir, name);
  writeFileSync(p, bytes);
  return p;
};
const RECT: Rect = [340, 120, 500, 190];
const DAY = 86_400_000;

let ca: TestCa, tsa: TestTsa, crlServer: Server, crlBase: string;
let leader: IssuedCert, agency: IssuedCert, revoked: IssuedCert, plain: IssuedCert, silent: IssuedCert;
let crlDer: Buffer, crlPem: string, base: Buffer;
let crlHits = 0;
const trustedPem = () => [ca.certPem];

const req = (name: string, kind: 'person' | 'agency' = 'person'): SignatureRequest => ({
  rect: kind === 'person' ? RECT : sealRectFor(RECT),
  presentation:
    kind === 'person' ? { kind, name } : { kind, agencyName: name, signingTime: new Date(Date.now() - 1000) },
  signingTime: new Date(),
  signerName: name,
});
const sign = (pdf: Buffer, who: IssuedCert, name: string, kind: 'person' | 'agency' = 'person') =>
  signPdf(pdf, req(name, kind), identityOf(who), rawSignerOf(who), tsaStamper(tsa.url));

/** A signing certificate of the test CA naming `crlUrl` as its CRL distribution point. */
async function issueWithCrlPoint(commonName: string, crlUrl: string): Promise<IssuedCert> {
  const root = new x509.X509Certificate(ca.certPem);
  const keys = await generateKeyPair();
  const serial = webcrypto.getRandomValues(new Uint8Array(16));
  serial[0] = serial[0]! & 0x7f;
  const { KeyUsageFlags: F } = x509;
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: Buffer.from(serial).toString('hex'),
    issuer: root.subject,
    subject: `CN=${commonName}, C=VN`,
    notBefore: new Date(Date.now() - DAY),
    notAfter: new Date(Date.now() + 365 * DAY),
    signingAlgorithm: SIGNING_ALGORITHM,
    publicKey: keys.publicKey,
    signingKey: ca.privateKey,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(F.digitalSignature | F.nonRepudiation, true),
      new x509.CRLDistributionPointsExtension([crlUrl]),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
      await x509.AuthorityKeyIdentifierExtension.create(root),
    ],
  });
  return describeKeys(cert, keys, [ca.certPem]);
}

/** The /DSS of a PDF: the DER of its certificates and CRLs, and its /VRI keys. */
async function dssOf(pdf: Uint8Array) {
  const doc = await loadPdf(pdf);
  const dss = doc.catalog.lookup(PDFName.of('DSS'), PDFDict);
  const ders = (key: string) =>
    dss
      .lookup(PDFName.of(key), PDFArray)
      .asArray()
      .map((r) => Buffer.from((doc.context.lookup(r as PDFRef) as PDFRawStream).getContents()).toString('hex'));
  const vri = dss.lookup(PDFName.of('VRI'), PDFDict);
  return { certs: ders('Certs'), crls: ders('CRLs'), vri: vri.keys().map((k) => k.decodeText()) };
}

/** SHA-1 (upper-case hex) of each signature's /Contents as written, in signing order: the /VRI keys. */
async function vriKeysOf(pdf: Buffer) {
  return (await readSignatures(pdf)).map((s) =>
    createHash('sha1')
      .update(Buffer.from(pdf.subarray(s.byteRange[1]! + 1, s.byteRange[2]! - 1).toString('latin1'), 'hex'))
      .digest('hex')
      .toUpperCase(),
  );
}

const hex = (pem: string) => Buffer.from(new x509.X509Certificate(pem).rawData).toString('hex');

beforeAll(async () => {
  ca = await createTestCa({ commonName: 'Test National Root CA (LTV)', organization: 'Tinh so tests' });
  tsa = await startTestTsa({ ca });
  crlServer = createServer((rq, res) => {
    if (rq.url === '/root.crl') {
      crlHits++;
      res.writeHead(200, { 'content-type': 'application/pkix-crl' }).end(crlDer);
    } else if (rq.url === '/silent.crl') {
      /* never answers: the signer must not wait for it beyond its time limit */
    } else res.writeHead(404).end();
  });
  await new Promise<void>((r) => crlServer.listen(0, '127.0.0.1', r));
  crlBase = `http://127.0.0.1:${(crlServer.address() as AddressInfo).port}`;
  leader = await issueWithCrlPoint('Nguyễn Văn An', `${crlBase}/root.crl`);
  agency = await issueWithCrlPoint('ỦY BAN NHÂN DÂN TỈNH THỪA THIÊN HUẾ', `${crlBase}/root.crl`);
  revoked = await issueWithCrlPoint('Trần Thị Thu Hồi', `${crlBase}/root.crl`);
  silent = await issueWithCrlPoint('Lê Văn Im Lặng', `${crlBase}/silent.crl`);
  plain = await ca.issue({ commonName: 'Phạm Văn Không Có Điểm Phân Phối', usage: 'signing' });
  const crl = await x509.X509CrlGenerator.create({
    issuer: new x509.X509Certificate(ca.certPem).subject,
    thisUpdate: new Date(Date.now() - 60_000),
    nextUpdate: new Date(Date.now() + 7 * DAY),
    entries: [
      {
        serialNumber: new x509.X509Certificate(revoked.certPem).serialNumber,
        revocationDate: new Date(Date.now() - 3_600_000),
        reason: x509.X509CrlReason.keyCompromise,
      },
    ],
    signingKey: ca.privateKey,
    signingAlgorithm: SIGNING_ALGORITHM,
  });
  crlDer = Buffer.from(crl.rawData);
  crlPem = crl.toString('pem');
  base = await plainPdf();
});
afterAll(async () => {
  crlServer?.closeAllConnections();
  await new Promise((r) => crlServer?.close(r));
  await tsa?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('PAdES B-LT', () => {
  it('with the CRL from the distribution point, the /DSS holds the chain and the CRL; B-LT, valid, and pdfsig agrees', async () => {
    const signed = await sign(base, leader, 'Nguyễn Văn An');
    expect((await verifyPdf(signed, { trustedPem: trustedPem() })).signatures[0]).toMatchObject({
      level: 'B-T',
      revocation: 'not-checked',
      indication: 'valid',
    });
    const hits = crlHits;
    const lt = await addValidationData(signed, { trustedPem: trustedPem(), fetchTimeoutMs: 5000 });
    expect(lt.added, lt.reason).toBe(true);
    expect(crlHits).toBeGreaterThan(hits);
    expect(lt.pdf.subarray(0, signed.length).equals(signed)).toBe(true); // an incremental update

    const dss = await dssOf(lt.pdf);
    expect(new Set(dss.certs)).toEqual(new Set([hex(leader.certPem), hex(ca.certPem), hex(tsa.tsaCertPem)]));
    expect(dss.crls).toEqual([crlDer.toString('hex')]);
    expect(dss.vri).toEqual(await vriKeysOf(lt.pdf));

    const report = await verifyPdf(lt.pdf, { trustedPem: trustedPem() });
    expect(report.indication).toBe('valid');
    expect(report.signatures[0]).toMatchObject({
      level: 'B-LT',
      indication: 'valid',
      chainTrusted: true,
      revocation: 'good',
      changesAfter: 'validation-data',
      timestamp: { present: true, valid: true },
    });
    expect(report.modifiedAfterLastSignature).toBe(false);
    const { out } = pdfsig(file('lt.pdf', lt.pdf));
    expect(out).toContain('Signature Validation: Signature is Valid.');
  });

  it('with the CRL given as configuration, nothing is fetched', async () => {
    const signed = await sign(base, plain, 'Phạm Văn Không Có Điểm Phân Phối');
    const hits = crlHits;
    const lt = await addValidationData(signed, { trustedPem: trustedPem(), crls: [Buffer.from(crlPem)] });
    expect(lt.added, lt.reason).toBe(true);
    expect(crlHits).toBe(hits);
    expect((await dssOf(lt.pdf)).crls).toEqual([crlDer.toString('hex')]);
    expect((await verifyPdf(lt.pdf, { trustedPem: trustedPem() })).signatures[0]).toMatchObject({
      level: 'B-LT',
      indication: 'valid',
    });
  });

  it('the agency seal after the /DSS update: both signatures verify, by us and by pdfsig', async () => {
    const once = (
      await addValidationData(await sign(base, leader, 'Nguyễn Văn An'), {
        trustedPem: trustedPem(),
        fetchTimeoutMs: 5000,
      })
    ).pdf;
    const twice = await sign(once, agency, 'ỦY BAN NHÂN DÂN TỈNH THỪA THIÊN HUẾ', 'agency');
    const sealed = await verifyPdf(twice, { trustedPem: trustedPem() });
    // The seal's certificate is in its signature and its CA's CRL already in the store: B-LT before its own update.
    expect(sealed.signatures.map((s) => [s.indication, s.changesAfter, s.level])).toEqual([
      ['valid', 'signatures', 'B-LT'],
      ['valid', 'none', 'B-LT'],
    ]);
    const lt = await addValidationData(twice, { trustedPem: trustedPem(), fetchTimeoutMs: 5000 });
    expect(lt.added, lt.reason).toBe(true);
    const report = await verifyPdf(lt.pdf, { trustedPem: trustedPem() });
    expect(report.signatures.map((s) => [s.indication, s.changesAfter, s.level])).toEqual([
      ['valid', 'signatures', 'B-LT'],
      ['valid', 'validation-data', 'B-LT'],
    ]);
    expect(report.indication).toBe('valid');
    // One store for both: each certificate and the CRL once, a /VRI entry per signature.
    const dss = await dssOf(lt.pdf);
    expect(dss.certs).toHaveLength(4);
    expect(dss.certs).toContain(hex(agency.certPem));
    expect(dss.crls).toHaveLength(1);
    expect(new Set(dss.vri)).toEqual(new Set(await vriKeysOf(lt.pdf)));
    const { out } = pdfsig(file('lt-twice.pdf', lt.pdf));
    expect(out.match(/Signature is Valid/g)).toHaveLength(2);
  });

  it('a certificate revoked in that CRL is reported revoked', async () => {
    const signed = await sign(base, revoked, 'Trần Thị Thu Hồi');
    const lt = await addValidationData(signed, { trustedPem: trustedPem(), fetchTimeoutMs: 5000 });
    expect(lt.added, lt.reason).toBe(true);
    const report = await verifyPdf(lt.pdf, { trustedPem: trustedPem() });
    expect(report.indication).toBe('invalid');
    expect(report.signatures[0]).toMatchObject({ integrity: true, revocation: 'revoked', indication: 'invalid' });
    expect(report.signatures[0]!.reasons.map((r) => r.en)).toContain('The signer’s certificate was revoked.');
  });

  it('without revocation data the signature stays B-T and nothing fails', async () => {
    // No distribution point and no configured CRL.
    const signed = await sign(base, plain, 'Phạm Văn Không Có Điểm Phân Phối');
    const none = await addValidationData(signed, { trustedPem: trustedPem(), fetchTimeoutMs: 5000 });
    expect(none).toMatchObject({ added: false });
    expect(none.reason).toContain('no CRL');
    expect(none.pdf.equals(signed)).toBe(true);
    // A distribution point that never answers: given up after the time limit.
    const quiet = await sign(base, silent, 'Lê Văn Im Lặng');
    const waited = await addValidationData(quiet, { trustedPem: trustedPem(), fetchTimeoutMs: 200 });
    expect(waited).toMatchObject({ added: false });
    expect(waited.pdf.equals(quiet)).toBe(true);
    // Fetching not allowed: the distribution point is not asked.
    const hits = crlHits;
    const notAllowed = await addValidationData(await sign(base, leader, 'Nguyễn Văn An'), { trustedPem: trustedPem() });
    expect(notAllowed.added).toBe(false);
    expect(crlHits).toBe(hits);
    expect((await verifyPdf(notAllowed.pdf, { trustedPem: trustedPem() })).signatures[0]).toMatchObject({
      level: 'B-T',
      indication: 'valid',
    });
    // Without a time stamp (B-B) there is nothing to extend.
    const bb = await signPdf(base, req('Nguyễn Văn An'), identityOf(leader), rawSignerOf(leader));
    expect((await verifyPdf(bb, { trustedPem: trustedPem() })).signatures[0]!.level).toBe('B-B');
    expect((await addValidationData(bb, { trustedPem: trustedPem(), fetchTimeoutMs: 5000 })).added).toBe(false);
  });

  it(
    'signing through the API stores the B-LT PDF; the report and the action say B-LT',
    { timeout: 120_000 },
    async () => {
      const saved = { ...process.env };
      Object.assign(process.env, {
        DOCUMENTS_TRUSTED_ROOTS: ca.certPem,
        DOCUMENTS_TSA_URL: tsa.url,
        DOCUMENTS_CRL_FETCH: '1',
      });
      const s = await testServer();
      try {
        const o = await office(s);
        await addPlatformKey(s.ctx.db, {
          kind: 'person',
          accountId: o.leader.accountId!,
          label: 'Chứng thư số cá nhân',
          p12: await toPkcs12(leader, 'p12-pw'),
          password: 'p12-pw',
        });
        const id = await approvedDraft(o);
        await act(o.clerk, id, 'number');
        const started = await o.leader.post(`/api/documents/${id}/signing-requests`, { kind: 'person' });
        expect(started.statusCode, started.body).toBe(201);
        const request = (started.json() as { request: { id: string; status: string } }).request;
        expect(request.status).toBe('ready');
        await act(o.leader, id, 'sign', { signingRequestId: request.id });
        const got = (await o.leader.get(`/api/documents/${id}/signatures`)).json() as {
          stored: boolean;
          report: { indication: string; signatures: { level: string; indication: string; revocation: string }[] };
        };
        expect(got.stored).toBe(true);
        expect(got.report.indication).toBe('valid');
        expect(got.report.signatures).toMatchObject([{ level: 'B-LT', indication: 'valid', revocation: 'good' }]);
        const [action] = await s.ctx.db
          .select()
          .from(documentActions)
          .where(and(eq(documentActions.documentId, id), eq(documentActions.action, 'sign')));
        expect(action!.details).toMatchObject({ level: 'B-LT', indication: 'valid' });
      } finally {
        await s.close();
        for (const k of ['DOCUMENTS_TRUSTED_ROOTS', 'DOCUMENTS_TSA_URL', 'DOCUMENTS_CRL_FETCH'])
          if (saved[k] === undefined) delete process.env[k];
          else process.env[k] = saved[k];
      }
    },
  );
});

describe('a /DSS is material to check, never trust', () => {
  it('a trusted certificate appended to the store does not make an untrusted signer trusted', async () => {
    const other = await createTestCa({ commonName: 'Untrusted CA (LTV)' });
    const untrusted = await signedElsewhere(await other.issue({ commonName: 'Someone', usage: 'signing' }));
    const padded = await appendDss(untrusted, { certs: [leader.certDer, ca.certDer], crls: [crlDer] });
    const report = await verifyPdf(padded, { trustedPem: trustedPem() });
    expect(report.signatures[0]).toMatchObject({
      integrity: true,
      chainTrusted: false,
      changesAfter: 'validation-data',
      indication: 'indeterminate',
    });
  });

  it('a time stamp whose authority chains only to a root found in the store is not valid', async () => {
    const other = await createTestCa({ commonName: 'Untrusted TSA root' });
    const otherTsa = await startTestTsa({ ca: other });
    try {
      const stamped = await signPdf(
        base,
        req('Nguyễn Văn An'),
        identityOf(leader),
        rawSignerOf(leader),
        tsaStamper(otherTsa.url),
      );
      const padded = await appendDss(stamped, { certs: [other.certDer], crls: [] });
      const s = (await verifyPdf(padded, { trustedPem: trustedPem() })).signatures[0]!;
      expect(s.timestamp).toMatchObject({
        present: true,
        valid: false,
        reason: 'the time-stamping authority is not trusted',
      });
      expect(s).toMatchObject({ level: 'B-B', indication: 'indeterminate' });
    } finally {
      await otherTsa.close();
    }
  });
});
