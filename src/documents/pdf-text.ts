/**
 * What a PDF holds in text, read with pdf.js (pdfjs-dist): the text of its pages for search, its page
 * count, and whether it is a scan (pages but no text layer: bản quét, searchable by metadata only).
 * A file pdf.js cannot open is not a PDF we can register.
 */
import type { TextState } from './statuses.js';

type PdfJs = typeof import('pdfjs-dist/legacy/build/pdf.mjs');
let pdfjs: Promise<PdfJs> | null = null;

/**
 * pdf.js, loaded on first use. Its legacy build (the one Node 20 runs) and its worker bring core-js polyfills that
 * replace the process's own JSON.stringify, JSON.parse and Array.prototype.push with slower copies (JSON.stringify
 * about six times slower: every HTTP answer and log line paid for it). The built-ins Node already has are put back
 * after pdf.js loads and after each read (its worker module is loaded on the first document); what pdf.js adds
 * (Promise.withResolvers, iterator helpers…) stays, as it needs those.
 */
const NATIVE = { stringify: JSON.stringify, parse: JSON.parse, push: Array.prototype.push };
function restoreBuiltins() {
  JSON.stringify = NATIVE.stringify;
  JSON.parse = NATIVE.parse;
  Array.prototype.push = NATIVE.push;
}

function loadPdfJs(): Promise<PdfJs> {
  pdfjs ??= import('pdfjs-dist/legacy/build/pdf.mjs').then((m) => {
    restoreBuiltins();
    return m;
  });
  return pdfjs;
}

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
  const { getDocument } = await loadPdfJs();
  let pdf;
  try {
    // A copy: pdf.js transfers (detaches) the buffer it is given.
    pdf = await getDocument({
      data: new Uint8Array(data),
      useSystemFonts: false,
      isEvalSupported: false,
      disableFontFace: true,
      verbosity: 0,
    }).promise;
  } catch (e) {
    restoreBuiltins();
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
    const text = parts
      .join('\n')
      .replace(/[ \t]+/g, ' ')
      .replaceAll(String.fromCharCode(0), '')
      .trim()
      .slice(0, MAX_TEXT_CHARS);
    return {
      pages: pdf.numPages,
      text,
      textState: text.replace(/\s/g, '').length >= 20 ? 'text' : pdf.numPages > 0 ? 'scanned' : 'none',
    };
  } finally {
    await pdf.destroy();
    restoreBuiltins();
  }
}
