/**
 * The issued document's PDF, laid out as Nghị định 30/2020/NĐ-CP appendix I prescribes: the issuing
 * agency (and its governing body) top left with the number and symbol under it; the national motto
 * top right with place and date; the type name and summary (trích yếu) — for an official letter the
 * summary goes under the number as "V/v …"; the body; recipients (nơi nhận) bottom left; the signer's
 * capacity, title, signature place and name bottom right. A4, margins top/bottom 20 mm, left 30 mm,
 * right 15 mm; the shipped DejaVu Serif renders every Vietnamese diacritic.
 * The signature place is returned so that the visible signature lands where the signer's would.
 */
import { createRequire } from 'node:module';
import PDFDocument from 'pdfkit';
import type { PdfLayout, Recipient } from './schema.js';

const require = createRequire(import.meta.url);
const FONT_DIR = require.resolve('dejavu-fonts-ttf/ttf/DejaVuSerif.ttf').replace(/DejaVuSerif\.ttf$/, '');
const FONTS = {
  regular: `${FONT_DIR}DejaVuSerif.ttf`,
  bold: `${FONT_DIR}DejaVuSerif-Bold.ttf`,
  italic: `${FONT_DIR}DejaVuSerif-Italic.ttf`,
  boldItalic: `${FONT_DIR}DejaVuSerif-BoldItalic.ttf`,
};
const MM = 72 / 25.4;
const VN_OFFSET_MS = 7 * 3600_000;

export interface IssuedLayoutInput {
  agency: { parent?: string | null; name: string };
  /** '12/QĐ-UBND' (or blank digits for a draft preview). */
  numberSymbol: string;
  place: string;
  date: Date | null;
  /** The type's name ('Quyết định'); null for an official letter (công văn). */
  typeName: string | null;
  summary: string;
  body: string;
  recipients: Recipient[];
  /** Lưu: VT, <drafting unit>. */
  keptBy?: string | null;
  signer: { capacity?: string | null; title?: string | null; name?: string | null };
  urgency?: string | null;
  confidentiality?: string | null;
  /** Shown diagonally on a preview that is not the issued document. */
  watermark?: string;
}

/** "ngày 06 tháng 12 năm 2026" (Vietnam date); a blank date for a draft. */
export function dateLine(d: Date | null): string {
  if (!d) return 'ngày      tháng      năm 20   ';
  const local = new Date(d.getTime() + VN_OFFSET_MS);
  const dd = String(local.getUTCDate()).padStart(2, '0');
  const mm = String(local.getUTCMonth() + 1).padStart(2, '0');
  return `ngày ${dd} tháng ${mm} năm ${local.getUTCFullYear()}`;
}

const URGENCY_MARK: Record<string, string> = { urgent: 'KHẨN', very_urgent: 'THƯỢNG KHẨN', flash: 'HỎA TỐC' };
const SECRECY_MARK: Record<string, string> = { confidential: 'MẬT', secret: 'TỐI MẬT', top_secret: 'TUYỆT MẬT' };

export async function renderIssuedPdf(input: IssuedLayoutInput): Promise<{ pdf: Buffer; layout: PdfLayout }> {
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: 20 * MM, bottom: 20 * MM, left: 30 * MM, right: 15 * MM },
    info: {
      Title: `${input.numberSymbol.trim()} ${input.summary}`.slice(0, 300),
      Author: input.agency.name,
      Subject: input.summary.slice(0, 300),
      Creator: 'Tỉnh số',
      CreationDate: input.date ?? new Date(),
    },
    lang: 'vi-VN',
    pdfVersion: '1.7',
    bufferPages: true,
  });
  doc.registerFont('regular', FONTS.regular);
  doc.registerFont('bold', FONTS.bold);
  doc.registerFont('italic', FONTS.italic);
  doc.registerFont('boldItalic', FONTS.boldItalic);
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const pageH = doc.page.height;
  const left = doc.page.margins.left;
  const width = doc.page.width - left - doc.page.margins.right;
  const colLeft = width * 0.42;
  const colRight = width - colLeft;
  const top = doc.y;

  // Issuing agency (ô số 2) and number (ô số 3), left.
  doc.font('regular').fontSize(12);
  if (input.agency.parent) doc.text(input.agency.parent.toUpperCase(), left, top, { width: colLeft, align: 'center' });
  doc.font('bold').fontSize(12).text(input.agency.name.toUpperCase(), left, doc.y, { width: colLeft, align: 'center' });
  const ruleY = doc.y + 2;
  doc
    .moveTo(left + colLeft * 0.33, ruleY)
    .lineTo(left + colLeft * 0.67, ruleY)
    .lineWidth(0.6)
    .stroke();
  const numberY = ruleY + 8;
  doc
    .font('regular')
    .fontSize(13)
    .text(`Số: ${input.numberSymbol}`, left, numberY, { width: colLeft, align: 'center' });
  const numberBox = { page: 0, x: left, y: pageH - doc.y, width: colLeft, height: doc.y - numberY };
  if (!input.typeName)
    doc
      .font('regular')
      .fontSize(12)
      .text(`V/v ${input.summary}`, left + 10, doc.y + 4, { width: colLeft - 20, align: 'center' });
  const marks = [
    input.confidentiality ? SECRECY_MARK[input.confidentiality] : undefined,
    input.urgency ? URGENCY_MARK[input.urgency] : undefined,
  ].filter(Boolean);
  if (marks.length)
    doc
      .font('bold')
      .fontSize(13)
      .text(marks.join('   '), left, doc.y + 6, { width: colLeft, align: 'center' });
  const leftBottom = doc.y;

  // National motto (ô số 1), place and date (ô số 4), right.
  doc
    .font('bold')
    .fontSize(12)
    .text('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', left + colLeft, top, { width: colRight, align: 'center' });
  doc
    .font('bold')
    .fontSize(13)
    .text('Độc lập - Tự do - Hạnh phúc', left + colLeft, doc.y, { width: colRight, align: 'center' });
  const mottoRule = doc.y + 2;
  doc
    .moveTo(left + colLeft + colRight * 0.2, mottoRule)
    .lineTo(left + colLeft + colRight * 0.8, mottoRule)
    .lineWidth(0.6)
    .stroke();
  doc
    .font('italic')
    .fontSize(13)
    .text(`${input.place}, ${dateLine(input.date)}`, left + colLeft, mottoRule + 8, {
      width: colRight,
      align: 'center',
    });
  doc.y = Math.max(leftBottom, doc.y) + 22;

  // Type name and summary (ô số 5a).
  if (input.typeName) {
    doc.font('bold').fontSize(14).text(input.typeName.toUpperCase(), left, doc.y, { width, align: 'center' });
    doc
      .font('bold')
      .fontSize(14)
      .text(input.summary, left + width * 0.1, doc.y + 2, { width: width * 0.8, align: 'center' });
    const y = doc.y + 3;
    doc
      .moveTo(left + width * 0.4, y)
      .lineTo(left + width * 0.6, y)
      .lineWidth(0.6)
      .stroke();
    doc.y = y + 14;
  }

  // Body (ô số 6): paragraphs, justified, first line indented.
  for (const para of input.body
    .split(/\n\s*\n|\n/)
    .map((p) => p.trim())
    .filter(Boolean)) {
    doc
      .font('regular')
      .fontSize(13)
      .text(para, left, doc.y, { width, align: 'justify', indent: (12 * MM) / 1.2, paragraphGap: 6, lineGap: 2 });
  }

  // Recipients (ô số 9a) left and the signature block (ô số 7a, 7b, 7c) right, side by side.
  doc.moveDown(1);
  const blockH = 150;
  if (doc.y + blockH > pageH - doc.page.margins.bottom) doc.addPage();
  const y0 = doc.y;
  const pageIndex = doc.bufferedPageRange().count - 1;
  doc.font('boldItalic').fontSize(12).text('Nơi nhận:', left, y0, { width: colLeft });
  const lines = input.recipients.map((r) => `- ${r.name};`);
  lines.push(`- Lưu: VT${input.keptBy ? `, ${input.keptBy}` : ''}.`);
  doc.font('regular').fontSize(11);
  for (const l of lines) doc.text(l, left, doc.y, { width: colLeft });
  const recipientsBottom = doc.y;

  const sx = left + colLeft;
  doc.font('bold').fontSize(13);
  if (input.signer.capacity)
    doc.text(input.signer.capacity.toUpperCase(), sx, y0, { width: colRight, align: 'center' });
  doc.text((input.signer.title ?? '').toUpperCase(), sx, input.signer.capacity ? doc.y : y0, {
    width: colRight,
    align: 'center',
  });
  const sigTop = doc.y + 4;
  const sigH = 70;
  const signature = {
    page: pageIndex,
    x: sx + colRight * 0.15,
    y: pageH - (sigTop + sigH),
    width: colRight * 0.7,
    height: sigH,
  };
  if (input.signer.name)
    doc
      .font('bold')
      .fontSize(13)
      .text(input.signer.name, sx, sigTop + sigH + 6, { width: colRight, align: 'center' });
  doc.y = Math.max(recipientsBottom, doc.y);

  const pageCount = doc.bufferedPageRange().count;
  if (input.watermark) {
    for (let i = 0; i < pageCount; i++) {
      doc.switchToPage(i);
      doc
        .save()
        .rotate(-30, { origin: [doc.page.width / 2, pageH / 2] })
        .font('bold')
        .fontSize(60)
        .fillColor('#cccccc', 0.35);
      doc.text(input.watermark, 0, pageH / 2 - 30, { width: doc.page.width, align: 'center', lineBreak: false });
      doc.restore();
    }
  }
  doc.end();
  const pdf = await done;
  return { pdf, layout: { pageCount, pageSize: [doc.page.width, pageH], signature, number: numberBox } };
}
