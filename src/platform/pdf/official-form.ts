/**
 * Printable administrative forms (biểu mẫu) as PDF, laid out like Vietnamese official papers: the
 * issuing agency top left, the national motto top right (Nghị định 30/2020/NĐ-CP), place and date,
 * a centred title, the body, and the signature block. Text is set in DejaVu Serif, shipped as a
 * package, so every Vietnamese diacritic renders the same on any machine.
 */
import { createRequire } from 'node:module';
import PDFDocument from 'pdfkit';
import { VIETNAM_UTC_OFFSET_MS } from '../calendar/working-time.js';

const require = createRequire(import.meta.url);
const FONT_DIR = require.resolve('dejavu-fonts-ttf/ttf/DejaVuSerif.ttf').replace(/DejaVuSerif\.ttf$/, '');
const FONTS = {
  regular: `${FONT_DIR}DejaVuSerif.ttf`,
  bold: `${FONT_DIR}DejaVuSerif-Bold.ttf`,
  italic: `${FONT_DIR}DejaVuSerif-Italic.ttf`,
};

export type FormBlock =
  | { kind: 'paragraph'; text: string; italic?: boolean }
  | { kind: 'fields'; rows: [label: string, value: string][] }
  | { kind: 'list'; title?: string; items: string[] }
  | { kind: 'table'; columns: string[]; widths: number[]; rows: string[][] };

export interface OfficialForm {
  /** Upper line (governing body) and lower line (issuing agency), e.g. 'UBND THÀNH PHỐ HUẾ' / 'TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG'. */
  agency: { parent?: string; name: string };
  /** Document number line under the agency, e.g. 'Số: 000.01.01.H57-261123-0001'. */
  number?: string;
  place: string;
  date: Date;
  title: string;
  subtitle?: string;
  blocks: FormBlock[];
  signature?: { role: string; name?: string; note?: string };
  /** Small print at the bottom of the last page (e.g. how to look the dossier up). */
  footer?: string;
  /** PDF metadata. */
  meta?: { subject?: string; keywords?: string };
}

/** "ngày 23 tháng 11 năm 2026", in Vietnam time. */
export function vietnameseDateLine(d: Date): string {
  const local = new Date(d.getTime() + VIETNAM_UTC_OFFSET_MS);
  const dd = String(local.getUTCDate()).padStart(2, '0');
  const mm = String(local.getUTCMonth() + 1).padStart(2, '0');
  return `ngày ${dd} tháng ${mm} năm ${local.getUTCFullYear()}`;
}

/** "14 giờ 30 phút, ngày 23/11/2026", in Vietnam time. */
export function vietnameseDateTime(d: Date): string {
  const local = new Date(d.getTime() + VIETNAM_UTC_OFFSET_MS);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${p(local.getUTCHours())} giờ ${p(local.getUTCMinutes())} phút, ngày ${p(local.getUTCDate())}/${p(local.getUTCMonth() + 1)}/${local.getUTCFullYear()}`;
}

const MM = 72 / 25.4;

export function renderOfficialForm(form: OfficialForm): Promise<Buffer> {
  // A4 with the margins of Nghị định 30/2020: top/bottom 20 mm, left 30 mm, right 15 mm.
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: 20 * MM, bottom: 20 * MM, left: 30 * MM, right: 15 * MM },
    info: {
      Title: form.title,
      Author: form.agency.name,
      Subject: form.meta?.subject ?? form.title,
      Keywords: form.meta?.keywords ?? '',
      Creator: 'Tỉnh số',
      CreationDate: form.date,
    },
    lang: 'vi-VN',
    pdfVersion: '1.7',
  });
  doc.registerFont('regular', FONTS.regular);
  doc.registerFont('bold', FONTS.bold);
  doc.registerFont('italic', FONTS.italic);
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  const left = doc.page.margins.left;
  const width = doc.page.width - left - doc.page.margins.right;
  const colLeft = width * 0.42;
  const colRight = width - colLeft;
  const top = doc.y;

  // Header: agency (left) and national motto (right), each centred in its column.
  doc.font('regular').fontSize(11);
  if (form.agency.parent) doc.text(form.agency.parent.toUpperCase(), left, top, { width: colLeft, align: 'center' });
  doc.font('bold').text(form.agency.name.toUpperCase(), left, doc.y, { width: colLeft, align: 'center' });
  if (form.number)
    doc
      .font('regular')
      .fontSize(10)
      .text(form.number, left, doc.y + 4, { width: colLeft, align: 'center' });
  const leftBottom = doc.y;
  doc
    .font('bold')
    .fontSize(11)
    .text('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', left + colLeft, top, { width: colRight, align: 'center' });
  doc
    .font('bold')
    .fontSize(12)
    .text('Độc lập - Tự do - Hạnh phúc', left + colLeft, doc.y, { width: colRight, align: 'center', underline: true });
  doc
    .font('italic')
    .fontSize(11)
    .text(`${form.place}, ${vietnameseDateLine(form.date)}`, left + colLeft, doc.y + 8, {
      width: colRight,
      align: 'center',
    });
  doc.y = Math.max(leftBottom, doc.y) + 24;

  doc.font('bold').fontSize(14).text(form.title.toUpperCase(), left, doc.y, { width, align: 'center' });
  if (form.subtitle) doc.font('italic').fontSize(11).text(form.subtitle, { width, align: 'center' });
  doc.moveDown(1.2);

  for (const b of form.blocks) {
    doc.x = left;
    if (b.kind === 'paragraph') {
      doc
        .font(b.italic ? 'italic' : 'regular')
        .fontSize(12)
        .text(b.text, left, doc.y, { width, align: 'justify' });
    } else if (b.kind === 'fields') {
      for (const [label, value] of b.rows) {
        doc
          .font('regular')
          .fontSize(12)
          .text(`${label}: `, left, doc.y, { width, continued: true })
          .font('bold')
          .text(value || '…');
      }
    } else if (b.kind === 'list') {
      if (b.title) doc.font('bold').fontSize(12).text(b.title, left, doc.y, { width });
      b.items.forEach((item, i) =>
        doc
          .font('regular')
          .fontSize(12)
          .text(`${i + 1}. ${item}`, left + 12, doc.y, { width: width - 12 }),
      );
    } else {
      drawTable(doc, left, b);
    }
    doc.moveDown(0.6);
  }

  if (form.signature) {
    doc.moveDown(0.8);
    const x = left + colLeft;
    if (doc.y > doc.page.height - doc.page.margins.bottom - 110) doc.addPage();
    const y = doc.y;
    doc.font('bold').fontSize(12).text(form.signature.role.toUpperCase(), x, y, { width: colRight, align: 'center' });
    if (form.signature.note)
      doc.font('italic').fontSize(11).text(form.signature.note, x, doc.y, { width: colRight, align: 'center' });
    doc.moveDown(4);
    if (form.signature.name)
      doc.font('bold').fontSize(12).text(form.signature.name, x, doc.y, { width: colRight, align: 'center' });
  }
  if (form.footer) {
    doc.moveDown(2);
    doc.font('italic').fontSize(9.5).text(form.footer, left, doc.y, { width, align: 'left' });
  }
  doc.end();
  return done;
}

function drawTable(doc: PDFKit.PDFDocument, left: number, t: Extract<FormBlock, { kind: 'table' }>) {
  const total = t.widths.reduce((a, b) => a + b, 0);
  const width = doc.page.width - left - doc.page.margins.right;
  const cols = t.widths.map((w) => (w / total) * width);
  const row = (cells: string[], bold: boolean) => {
    doc.font(bold ? 'bold' : 'regular').fontSize(11);
    const heights = cells.map((c, i) => doc.heightOfString(c, { width: cols[i]! - 8 }));
    const h = Math.max(...heights) + 8;
    if (doc.y + h > doc.page.height - doc.page.margins.bottom) doc.addPage();
    const y = doc.y;
    let x = left;
    cells.forEach((c, i) => {
      doc.rect(x, y, cols[i]!, h).stroke();
      doc.text(c, x + 4, y + 4, { width: cols[i]! - 8 });
      x += cols[i]!;
    });
    doc.x = left;
    doc.y = y + h;
  };
  row(t.columns, true);
  for (const r of t.rows) row(r, false);
}
