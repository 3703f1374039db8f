import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestCa, type IssuedCert, type TestCa } from '../../platform/pki/index.js';
import { startTestTsa, type TestTsa } from '../../platform/timestamp/index.js';
import { signPdf, type SignatureRequest } from './pades.js';
import { sealRectFor, type Rect } from './appearance.js';
import { verifyPdf } from './verify.js';
import { identityOf, pdfsig, plainPdf, rawSignerOf, signedElsewhere, tsaStamper } from './test-fixtures.js';
import { readSignatures } from './pdf-signatures.js';
import * as pkijs from 'pkijs';

const dir = mkdtempSync(join(tmpdir(), 'pades-'));
const file = (name: string, bytes: Uint8Array) => {
  const p = join(dir, name);
  writeFileSync(p, bytes);
  return p;
};
const RECT: Rect = [340, 120, 500, 190];

let ca: TestCa, other: TestCa, tsa: TestTsa, leader: IssuedCert, agency: IssuedCert;
let base: Buffer, once: Buffer, twice: Buffer;

const leaderReq = (): SignatureRequest => ({
  rect: RECT,
  presentation: { kind: 'person', name: 'Nguyễn Văn An' },
  signingTime: new Date(),
  signerName: 'Nguyễn Văn An',
  reason: 'Ký ban hành',
});
const agencyReq = (): SignatureRequest => ({
  rect: sealRectFor(RECT),
  presentation: { kind: 'agency', agencyName: 'ỦY BAN NHÂN DÂN TỈNH THỪA THIÊN HUẾ', signingTime: new Date() },
  signingTime: new Date(),
  signerName: 'ỦY BAN NHÂN DÂN TỈNH THỪA THIÊN HUẾ',
});

beforeAll(async () => {
  ca = await createTestCa({ commonName: 'Test National Root CA', organization: 'Tinh so tests' });
  other = await createTestCa({ commonName: 'Untrusted CA' });
  tsa = await startTestTsa({ ca });
  leader = await ca.issue({ commonName: 'Nguyễn Văn An', organization: 'UBND tỉnh', usage: 'signing' });
  agency = await ca.issue({ commonName: 'ỦY BAN NHÂN DÂN TỈNH THỪA THIÊN HUẾ', usage: 'signing' });
  base = await plainPdf();
  once = await signPdf(base, leaderReq(), identityOf(leader), rawSignerOf(leader), tsaStamper(tsa.url));
  twice = await signPdf(once, agencyReq(), identityOf(agency), rawSignerOf(agency), tsaStamper(tsa.url));
});
afterAll(async () => {
  await tsa?.close();
});

describe('PAdES signatures', () => {
  it('keep the original bytes and pass pdfsig, with the time stamp, verified by openssl', async () => {
    expect(once.subarray(0, base.length).equals(base)).toBe(true);
    const { out } = pdfsig(file('once.pdf', once));
    expect(out).toContain('Signature Type: ETSI.CAdES.detached');
    expect(out).toContain('Signature Validation: Signature is Valid.');
    expect(out).toContain('Total document signed');
    const report = await verifyPdf(once, { trustedPem: [ca.certPem] });
    expect(report.indication).toBe('valid');
    const s = report.signatures[0]!;
    expect(s).toMatchObject({ integrity: true, chainTrusted: true, coversWholeDocument: true, changesAfter: 'none' });
    expect(s.timestamp).toMatchObject({ present: true, valid: true });
    expect(s.signer?.commonName).toBe('Nguyễn Văn An');
    // The token is checked by a second, independent implementation: openssl ts.
    const [sig] = await readSignatures(once);
    const ci = pkijs.ContentInfo.fromBER(sig!.contents.slice().buffer);
    const sd = new pkijs.SignedData({ schema: ci.content });
    const si = sd.signerInfos[0]!;
    const token = Buffer.from(
      si.unsignedAttrs!.attributes.find((a) => a.type === '1.2.840.113549.1.9.16.2.14')!.values[0].toBER(),
    );
    const value = Buffer.from(si.signature.valueBlock.valueHexView);
    const ts = spawnSync(
      'openssl',
      [
        'ts',
        '-verify',
        '-data',
        file('sigvalue.bin', value),
        '-in',
        file('token.der', token),
        '-token_in',
        '-CAfile',
        file('ca.pem', Buffer.from(ca.certPem)),
        '-untrusted',
        file('tsa.pem', Buffer.from(tsa.tsaCertPem)),
      ],
      { encoding: 'utf8' },
    );
    expect(`${ts.stdout}${ts.stderr}`).toContain('Verification: OK');
  });

  it('two signatures in turn (leader, then the agency seal) are both valid', async () => {
    const { out } = pdfsig(file('twice.pdf', twice));
    expect(out.match(/Signature is Valid/g)).toHaveLength(2);
    const report = await verifyPdf(twice, { trustedPem: [ca.certPem] });
    expect(report.signatures.map((s) => [s.indication, s.changesAfter])).toEqual([
      ['valid', 'signatures'],
      ['valid', 'none'],
    ]);
    expect(report.indication).toBe('valid');
    // The visible presentation renders (poppler draws the page with both appearances).
    const r = spawnSync(
      'pdftoppm',
      ['-r', '30', '-png', '-singlefile', file('twice-render.pdf', twice), join(dir, 'render')],
      { encoding: 'utf8' },
    );
    expect(r.status).toBe(0);
  });

  it('a byte changed after signing is reported invalid by our verifier and by pdfsig', async () => {
    const bad = Buffer.from(twice);
    const at = bad.indexOf('/MediaBox [ 0', 0, 'latin1') + 12; // the page's lower-left x, 0 → 1
    bad[at] = '1'.charCodeAt(0);
    expect(pdfsig(file('bad.pdf', bad)).out).toMatch(/Signature is Invalid|Digest Mismatch/);
    const report = await verifyPdf(bad, { trustedPem: [ca.certPem] });
    expect(report.indication).toBe('invalid');
    expect(report.signatures.every((s) => !s.integrity)).toBe(true);
  });

  it('a PDF signed elsewhere by a trusted CA verifies; by an untrusted CA it does not', async () => {
    const trusted = await signedElsewhere(await ca.issue({ commonName: 'Sở Tư pháp', usage: 'signing' }));
    expect(pdfsig(file('elsewhere.pdf', trusted)).out).toContain('Signature is Valid');
    const ok = await verifyPdf(trusted, { trustedPem: [ca.certPem] });
    expect(ok.signatures[0]).toMatchObject({
      subFilter: 'adbe.pkcs7.detached',
      integrity: true,
      chainTrusted: true,
      indication: 'valid',
    });
    const untrusted = await signedElsewhere(await other.issue({ commonName: 'Someone', usage: 'signing' }));
    const no = await verifyPdf(untrusted, { trustedPem: [ca.certPem] });
    expect(no.signatures[0]).toMatchObject({ integrity: true, chainTrusted: false, indication: 'indeterminate' });
    expect(no.signatures[0]!.reasons[0]!.en).toContain('trusted root');
  });

  it('an expired certificate is not valid at the signing time', async () => {
    const old = await ca.issue({
      commonName: 'Hết hạn',
      usage: 'signing',
      notBefore: new Date(Date.now() - 400 * 86_400_000),
      notAfter: new Date(Date.now() - 30 * 86_400_000),
    });
    const pdf = await signPdf(base, leaderReq(), identityOf(old), rawSignerOf(old), tsaStamper(tsa.url));
    const report = await verifyPdf(pdf, { trustedPem: [ca.certPem] });
    expect(report.signatures[0]).toMatchObject({ integrity: true, chainTrusted: false });
    expect(report.signatures[0]!.reasons.map((r) => r.en).join()).toContain('not valid at the signing time');
  });

  it('content appended after the last signature is flagged as a modification', async () => {
    const { PDFDocument, StandardFonts } = await import('pdf-lib');
    const { loadForUpdate, writeIncrementalUpdate } = await import('./pdf-update.js');
    const doc = await loadForUpdate(twice);
    const page = doc.getPages()[0]!;
    const font = await doc.embedFont(StandardFonts.Helvetica);
    const before = new Set(doc.context.enumerateIndirectObjects().map(([r]) => r.tag));
    page.drawText('APPROVED LATER', { x: 72, y: 500, font });
    await doc.flush();
    const objs = doc.context
      .enumerateIndirectObjects()
      .filter(([r]) => !before.has(r.tag))
      .map(([ref, object]) => ({ ref, object }));
    const { pdf } = writeIncrementalUpdate(twice, doc, [...objs, { ref: page.ref, object: page.node }]);
    void PDFDocument;
    const report = await verifyPdf(pdf, { trustedPem: [ca.certPem] });
    expect(report.modifiedAfterLastSignature).toBe(true);
    expect(report.indication).toBe('invalid');
  });
});
