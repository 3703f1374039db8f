/**
 * What a PDF holds in text, read with pdf.js (pdfjs-dist): the text of its pages for search, its page
 * count, and whether it is a scan (pages but no text layer: bản quét, searchable by metadata only).
 * A file pdf.js cannot open is not a PDF we can register.
 */
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import type { TextState } from './statuses.js';

/** Enough text to find a document by; a longer document is searchable by its beginning. */
export const MAX_TEXT_CHARS = 100_000;
const MAX_PAGES = 200;

export interface PdfText {
  pages: number;
  text: string;
  textState: TextState;
}

export class UnreadablePdf extends Error {}

export async function readPdfText(data: Uint8Array): Promise<PdfText> {
  let pdf;
  try {
    // A copy: pdf.js transfers (detaches) the buffer it is given.
    pdf = await getDocument({ data: new Uint8Array(data), useSystemFonts: false, isEvalSupported: false, disableFontFace: true, verbosity: 0 }).promise;
  } catch (e) {
    throw new UnreadablePdf((e as Error).message);
  }
  try {
    const parts: string[] = [];
    let length = 0;
    for (let i = 1; i <= Math.min(pdf.numPages, MAX_PAGES) && length < MAX_TEXT_CHARS; i++) {
      const page = await pdf.getPage(i);
      const content = await page.getTextContent();
      const line = content.items.map((it) => ('str' in it ? it.str + (it.hasEOL ? '\n' : '') : '')).join('');
      parts.push(line);
      length += line.length;
      page.cleanup();
    }
    const text = parts.join('\n').replace(/[ \t]+/g, ' ').replaceAll(String.fromCharCode(0), '').trim().slice(0, MAX_TEXT_CHARS);
    return { pages: pdf.numPages, text, textState: text.replace(/\s/g, '').length >= 20 ? 'text' : pdf.numPages > 0 ? 'scanned' : 'none' };
  } finally {
    await pdf.destroy();
  }
}
