/**
 * The visible signature of Nghị định 30/2020/NĐ-CP appendix I:
 * - the signer's (chữ ký số của người có thẩm quyền): the image of their handwritten signature (blue, transparent
 *   PNG) at the signature place, between the title and the name; without an image, their name in blue italics;
 * - the agency's (chữ ký số của cơ quan, tổ chức): the red seal image, true size, over about the left third of the
 *   signer's image, with the agency's name and the signing time in ISO 8601 with Vietnam's offset (+07:00).
 * Drawn as a form XObject (the widget's normal appearance) with pdf-lib's operators; text in DejaVu Serif, embedded
 * as a subset, so every Vietnamese diacritic shows on any reader.
 */
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import fontkit from '@pdf-lib/fontkit';
import {
  PDFDocument,
  PDFName,
  PDFRef,
  degrees,
  drawEllipse,
  drawImage,
  drawText,
  popGraphicsState,
  pushGraphicsState,
  rgb,
  type PDFOperator,
} from 'pdf-lib';

const require = createRequire(import.meta.url);
const FONT_ITALIC = readFileSync(require.resolve('dejavu-fonts-ttf/ttf/DejaVuSerif-Italic.ttf'));
const FONT_BOLD = readFileSync(require.resolve('dejavu-fonts-ttf/ttf/DejaVuSerif-Bold.ttf'));

export const MM = 72 / 25.4;
/** A provincial people's committee's seal is 35–36 mm across; the true size is the default when no image says so. */
export const SEAL_DIAMETER = 36 * MM;
const BLUE = rgb(0.05, 0.2, 0.65);
const RED = rgb(0.85, 0.07, 0.1);

export type Rect = [x1: number, y1: number, x2: number, y2: number];

export type Presentation =
  | { kind: 'person'; name: string; imagePng?: Uint8Array }
  | { kind: 'agency'; agencyName: string; signingTime: Date; sealPng?: Uint8Array; sealDiameter?: number };

/** "2026-12-06T14:03:05+07:00": the signing time in Vietnam time with its offset (ISO 8601). */
export function vietnamIso(d: Date): string {
  const local = new Date(d.getTime() + 7 * 3_600_000);
  return `${local.toISOString().slice(0, 19)}+07:00`;
}

/**
 * The agency's widget rectangle for a signer's rectangle: a seal of `diameter` whose right edge is a third of the way
 * into the signer's image, centred on it vertically, with two lines of text underneath.
 */
export function sealRectFor(signer: Rect, diameter = SEAL_DIAMETER): Rect {
  const [x1, y1, x2, y2] = signer;
  const right = x1 + (x2 - x1) / 3;
  const cy = (y1 + y2) / 2;
  const width = Math.max(diameter, 150);
  return [
    right - width / 2 - diameter / 2,
    cy - diameter / 2 - 18,
    right - diameter / 2 + width / 2,
    cy + diameter / 2,
  ];
}

async function fontFor(doc: PDFDocument, bytes: Buffer) {
  doc.registerFontkit(fontkit);
  return doc.embedFont(bytes, { subset: true });
}

function fitText(font: Awaited<ReturnType<typeof fontFor>>, text: string, width: number, size: number): number {
  const w = font.widthOfTextAtSize(text, size);
  return w > width ? (size * width) / w : size;
}

/** Builds the appearance stream for `rect` and registers it (and its font and images) in `doc`. Returns its ref. */
export async function buildAppearance(doc: PDFDocument, rect: Rect, p: Presentation): Promise<PDFRef> {
  const width = rect[2] - rect[0];
  const height = rect[3] - rect[1];
  const ops: PDFOperator[] = [pushGraphicsState()];
  const fonts: Record<string, PDFRef> = {};
  const images: Record<string, PDFRef> = {};
  const noRotate = { rotate: degrees(0), xSkew: degrees(0), ySkew: degrees(0) };

  if (p.kind === 'person') {
    if (p.imagePng) {
      const img = await doc.embedPng(p.imagePng);
      const scale = Math.min(width / img.width, height / img.height);
      const w = img.width * scale;
      const h = img.height * scale;
      images.Sig = img.ref;
      ops.push(...drawImage('Sig', { x: (width - w) / 2, y: (height - h) / 2, width: w, height: h, ...noRotate }));
    } else {
      const font = await fontFor(doc, FONT_ITALIC);
      fonts.F1 = font.ref;
      const size = fitText(font, p.name, width - 4, 16);
      const w = font.widthOfTextAtSize(p.name, size);
      ops.push(
        ...drawText(font.encodeText(p.name), {
          color: BLUE,
          font: 'F1',
          size,
          x: (width - w) / 2,
          y: height / 2 - size / 3,
          ...noRotate,
        }),
      );
    }
  } else {
    const font = await fontFor(doc, FONT_BOLD);
    fonts.F1 = font.ref;
    const d = p.sealDiameter ?? SEAL_DIAMETER;
    const cx = width / 2;
    const cy = height - d / 2;
    if (p.sealPng) {
      const img = await doc.embedPng(p.sealPng);
      images.Seal = img.ref;
      ops.push(...drawImage('Seal', { x: cx - d / 2, y: cy - d / 2, width: d, height: d, ...noRotate }));
    } else {
      // No seal image on file: two red rings and the agency's name across, so the place of the seal is still marked.
      ops.push(
        ...drawEllipse({
          x: cx,
          y: cy,
          xScale: d / 2,
          yScale: d / 2,
          color: undefined,
          borderColor: RED,
          borderWidth: 2,
        }),
      );
      ops.push(
        ...drawEllipse({
          x: cx,
          y: cy,
          xScale: d / 2 - 5,
          yScale: d / 2 - 5,
          color: undefined,
          borderColor: RED,
          borderWidth: 0.8,
        }),
      );
      const size = fitText(font, p.agencyName, d - 16, 7);
      const w = font.widthOfTextAtSize(p.agencyName, size);
      ops.push(
        ...drawText(font.encodeText(p.agencyName), {
          color: RED,
          font: 'F1',
          size,
          x: cx - w / 2,
          y: cy - size / 3,
          ...noRotate,
        }),
      );
    }
    const lines = [p.agencyName, vietnamIso(p.signingTime)];
    lines.forEach((line, i) => {
      const size = fitText(font, line, width - 2, 6.5);
      const w = font.widthOfTextAtSize(line, size);
      ops.push(
        ...drawText(font.encodeText(line), {
          color: RED,
          font: 'F1',
          size,
          x: (width - w) / 2,
          y: 10 - i * 8 + 1,
          ...noRotate,
        }),
      );
    });
  }
  ops.push(popGraphicsState());
  const resources: Record<string, unknown> = {};
  if (Object.keys(fonts).length) resources.Font = fonts;
  if (Object.keys(images).length) resources.XObject = images;
  const stream = doc.context.formXObject(ops, { BBox: [0, 0, width, height], Resources: resources as never });
  return doc.context.register(stream);
}

export { PDFName };
