/**
 * Test material for signatures: a plain PDF, a platform signer from a test certificate, and a PDF signed "elsewhere":
 * produced by another path than ours (pdf-lib's full save with the signature dictionary in place, adbe.pkcs7.detached,
 * a CMS made by pkijs's own SignedData.sign with a signing-time attribute), as another product would.
 */
import { spawnSync } from 'node:child_process';
import { webcrypto } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { PDFDocument, PDFHexString, PDFName, PDFNumber, StandardFonts } from 'pdf-lib';
import { pemToDer, type IssuedCert } from '../../platform/pki/index.js';
import { requestTimestamp } from '../../platform/timestamp/index.js';
import type { SigningIdentity, Timestamper } from './pades.js';

export async function plainPdf(text = 'Công văn số 12/UBND-VP'): Promise<Buffer> {
  const doc = await PDFDocument.create();
  const page = doc.addPage([595.28, 841.89]);
  page.drawText(text.normalize('NFD').replace(/\p{M}/gu, '').replace(/đ/g, 'd'), {
    x: 72,
    y: 760,
    size: 14,
    font: await doc.embedFont(StandardFonts.TimesRoman),
  });
  return Buffer.from(await doc.save({ useObjectStreams: false }));
}

export const identityOf = (c: IssuedCert): SigningIdentity => ({
  certDer: c.certDer,
  chainDer: c.chainPem.map(pemToDer),
});

export const rawSignerOf = (c: IssuedCert) => async (data: Uint8Array) =>
  new Uint8Array(await webcrypto.subtle.sign('RSASSA-PKCS1-v1_5', c.privateKey as webcrypto.CryptoKey, data));

export const tsaStamper =
  (url: string): Timestamper =>
  async (imprint) =>
    (await requestTimestamp({ url, digest: imprint })).token;

/** poppler's verdict; `-nocert` because no NSS database holds the test root (certutil is not installed). */
export function pdfsig(path: string): { out: string; status: number | null } {
  const r = spawnSync('pdfsig', ['-nocert', '-no-ocsp', path], { encoding: 'utf8' });
  return { out: `${r.stdout}${r.stderr}`, status: r.status };
}

const ab = (u: Uint8Array) => u.buffer.slice(u.byteOffset, u.byteOffset + u.byteLength) as ArrayBuffer;

/** A PDF signed by another path: full save, adbe.pkcs7.detached, pkijs's SignedData.sign with a signing time. */
export async function signedElsewhere(signer: IssuedCert): Promise<Buffer> {
  const doc = await PDFDocument.create();
  const page = doc.addPage([595.28, 841.89]);
  page.drawText('Signed by another product', {
    x: 72,
    y: 760,
    size: 14,
    font: await doc.embedFont(StandardFonts.Helvetica),
  });
  const SIZE = 8192;
  const sig = doc.context.obj({
    Type: 'Sig',
    Filter: 'Adobe.PPKLite',
    SubFilter: 'adbe.pkcs7.detached',
    ByteRange: [0, 9_999_999_999, 9_999_999_999, 9_999_999_999].map((n) => PDFNumber.of(n)),
    Contents: PDFHexString.of('0'.repeat(SIZE * 2)),
    M: PDFHexString.fromText("D:20261201090000+07'00'"),
  });
  const sigRef = doc.context.register(sig);
  const widget = doc.context.register(
    doc.context.obj({
      Type: 'Annot',
      Subtype: 'Widget',
      FT: 'Sig',
      T: PDFHexString.fromText('Other1'),
      V: sigRef,
      Rect: [0, 0, 0, 0],
      F: 132,
      P: page.ref,
    }),
  );
  page.node.set(PDFName.of('Annots'), doc.context.obj([widget]));
  doc.catalog.set(PDFName.of('AcroForm'), doc.context.obj({ Fields: [widget], SigFlags: 3 }));
  const pdf = Buffer.from(await doc.save({ useObjectStreams: false }));
  const placeholder = '[ 0 9999999999 9999999999 9999999999 ]';
  const brAt = pdf.indexOf(placeholder, 0, 'latin1');
  const cAt = pdf.indexOf(`<${'0'.repeat(SIZE * 2)}>`, 0, 'latin1');
  const cEnd = cAt + SIZE * 2 + 2;
  const br = [0, cAt, cEnd, pdf.length - cEnd];
  pdf.write(`[ ${br.join(' ')} ]`.padEnd(placeholder.length, ' '), brAt, 'latin1');
  const data = Buffer.concat([pdf.subarray(0, cAt), pdf.subarray(cEnd)]);

  const cert = pkijs.Certificate.fromBER(ab(signer.certDer));
  const digest = await webcrypto.subtle.digest('SHA-256', data);
  const sd = new pkijs.SignedData({
    version: 1,
    encapContentInfo: new pkijs.EncapsulatedContentInfo({ eContentType: '1.2.840.113549.1.7.1' }),
    signerInfos: [
      new pkijs.SignerInfo({
        version: 1,
        sid: new pkijs.IssuerAndSerialNumber({ issuer: cert.issuer, serialNumber: cert.serialNumber }),
        signedAttrs: new pkijs.SignedAndUnsignedAttributes({
          type: 0,
          attributes: [
            new pkijs.Attribute({
              type: '1.2.840.113549.1.9.3',
              values: [new asn1js.ObjectIdentifier({ value: '1.2.840.113549.1.7.1' })],
            }),
            new pkijs.Attribute({
              type: '1.2.840.113549.1.9.5',
              values: [new asn1js.UTCTime({ valueDate: new Date() })],
            }),
            new pkijs.Attribute({
              type: '1.2.840.113549.1.9.4',
              values: [new asn1js.OctetString({ valueHex: digest })],
            }),
          ],
        }),
      }),
    ],
    certificates: [cert, ...signer.chainPem.map((p) => pkijs.Certificate.fromBER(ab(pemToDer(p))))],
  });
  await sd.sign(signer.privateKey as never, 0, 'SHA-256');
  const der = Buffer.from(
    new pkijs.ContentInfo({ contentType: '1.2.840.113549.1.7.2', content: sd.toSchema(true) }).toSchema().toBER(),
  );
  pdf.write(der.toString('hex'), cAt + 1, 'latin1');
  return pdf;
}
