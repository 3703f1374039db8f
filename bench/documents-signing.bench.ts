/**
 * Signatures (issue #11): PAdES signatures per second with a platform key (a key the platform holds, RSA 2048 from a
 * test CA), in this process, on an A4 official document rendered as the module renders them:
 * - B-B: prepare the incremental update, the CMS with its signed attributes, the RSA signature, embed;
 * - B-T: the same with an RFC 3161 time stamp from a local test TSA over HTTP;
 * - verify: our verifier on the signed PDF (integrity, chain, time stamp);
 * beside a bare baseline in the same run: the RSA signature alone over the same digest (Web Crypto), which any signing
 * product pays. Usage: npm run bench:documents-signing -- [signatures=200]
 */
import { createTestCa } from '../src/platform/pki/index.js';
import { startTestTsa } from '../src/platform/timestamp/index.js';
import { renderOfficialForm } from '../src/platform/pdf/official-form.js';
import { signPdf, type SignatureRequest } from '../src/documents/signing/pades.js';
import { verifyPdf } from '../src/documents/signing/verify.js';
import { identityOf, rawSignerOf, tsaStamper } from '../src/documents/signing/test-fixtures.js';

const n = Number(process.argv[2] ?? 200);
const ca = await createTestCa({ commonName: 'Bench Root CA', organization: 'Tinh so bench' });
const leader = await ca.issue({ commonName: 'Nguyễn Văn An', organization: 'Sở Tư pháp', usage: 'signing' });
const tsa = await startTestTsa({ ca });
const pdf = await renderOfficialForm({
  agency: { parent: 'UBND THÀNH PHỐ HUẾ', name: 'SỞ TƯ PHÁP' },
  place: 'Huế',
  date: new Date(),
  title: 'TỜ TRÌNH',
  blocks: Array.from({ length: 12 }, (_, i) => ({
    kind: 'paragraph' as const,
    text: `${i + 1}. Về việc đề nghị phê duyệt kế hoạch chuyển đổi số năm 2027 của Sở Tư pháp, bảo đảm thống nhất với kế hoạch của tỉnh.`,
  })),
});
const req = (): SignatureRequest => ({
  rect: [340, 120, 500, 190],
  presentation: { kind: 'person', name: 'Nguyễn Văn An' },
  signingTime: new Date(),
  signerName: 'Nguyễn Văn An',
  reason: 'Ký ban hành',
});
const identity = identityOf(leader);
const sign = rawSignerOf(leader);
const digest = new Uint8Array(32).fill(7);

async function rate(label: string, count: number, fn: () => Promise<unknown>) {
  const times: number[] = [];
  const t0 = performance.now();
  for (let i = 0; i < count; i++) {
    const t = performance.now();
    await fn();
    times.push(performance.now() - t);
  }
  const s = (performance.now() - t0) / 1000;
  times.sort((a, b) => a - b);
  const q = (p: number) => times[Math.min(times.length - 1, Math.floor(p * times.length))]!.toFixed(1);
  console.log(`${label.padEnd(58)} ${(count / s).toFixed(1).padStart(8)} /s   median ${q(0.5)} ms, p95 ${q(0.95)} ms`);
}

console.log(`${pdf.length.toLocaleString('en')}-byte A4 document, RSA 2048, ${n} each, one at a time, this process`);
// The baseline signs with the same key through the same Web Crypto call our signer makes.
await rate('bare baseline: RSA signature of a digest (Web Crypto)', n, () => sign(digest));
await rate('PAdES B-B with a platform key (incremental update, CMS)', n, () => signPdf(pdf, req(), identity, sign));
await rate('PAdES B-T (+ RFC 3161 time stamp from a local TSA)', n, () =>
  signPdf(pdf, req(), identity, sign, tsaStamper(tsa.url)),
);
const signed = await signPdf(pdf, req(), identity, sign, tsaStamper(tsa.url));
await rate('verify (integrity, chain to the trusted root, time stamp)', Math.min(n, 100), async () => {
  const r = await verifyPdf(signed, { trustedPem: [ca.certPem] });
  if (r.indication !== 'valid') throw new Error(`not valid: ${r.indication}`);
});
await tsa.close();
