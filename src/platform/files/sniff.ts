import fs from 'node:fs/promises';

/**
 * Content types are decided from the bytes, never from what the client declared: a declared
 * "application/pdf" that starts with `MZ` is a Windows program, and is refused.
 */
export const TYPES = {
  pdf: 'application/pdf',
  jpeg: 'image/jpeg',
  png: 'image/png',
  webp: 'image/webp',
  zip: 'application/zip',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  xml: 'application/xml',
  /** XML a browser would run or render as a page: never accepted unless a deployment lists it, and then sent as a download. */
  svg: 'image/svg+xml',
  xhtml: 'application/xhtml+xml',
  /** XML with entity declarations (external entities, "billion laughs"), which no document of ours needs. */
  dtd: 'application/xml-dtd',
} as const;

/** Types of XML that carry active content: a specific refusal names them. */
export const ACTIVE_XML_TYPES: readonly string[] = [TYPES.svg, TYPES.xhtml, TYPES.dtd];

/** How many leading bytes `sniffHead` needs to decide. */
export const SNIFF_BYTES = 16;

const startsWith = (b: Buffer, sig: number[], at = 0) =>
  b.length >= at + sig.length && sig.every((x, i) => b[at + i] === x);
const ascii = (s: string) => [...s].map((c) => c.charCodeAt(0));
const utf16 = (s: string, le: boolean) => [...s].flatMap((c) => (le ? [c.charCodeAt(0), 0] : [0, c.charCodeAt(0)]));

/**
 * The type family from the first bytes, or null when they match nothing we accept. ZIP is only a
 * family: whether it is a Word or Excel file is decided from its entries (`refineZip`).
 */
export function sniffHead(head: Buffer): string | null {
  if (startsWith(head, ascii('%PDF-'))) return TYPES.pdf;
  if (startsWith(head, [0xff, 0xd8, 0xff])) return TYPES.jpeg;
  if (startsWith(head, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return TYPES.png;
  if (startsWith(head, ascii('RIFF')) && startsWith(head, ascii('WEBP'), 8)) return TYPES.webp;
  // Local file header, or the end record of an empty archive.
  if (startsWith(head, [0x50, 0x4b, 0x03, 0x04]) || startsWith(head, [0x50, 0x4b, 0x05, 0x06])) return TYPES.zip;
  // An XML declaration is only allowed at the very start, after an optional byte-order mark.
  if (startsWith(head, ascii('<?xml')) || startsWith(head, [0xef, 0xbb, 0xbf, ...ascii('<?xml')])) return TYPES.xml;
  if (
    startsWith(head, [0xff, 0xfe, ...utf16('<?xml', true)]) ||
    startsWith(head, [0xfe, 0xff, ...utf16('<?xml', false)])
  )
    return TYPES.xml;
  return null;
}

/** The names in a ZIP file's central directory; null when the archive cannot be read. */
export async function zipEntryNames(file: string, maxEntries = 10_000): Promise<string[] | null> {
  const fh = await fs.open(file, 'r');
  try {
    const { size } = await fh.stat();
    // The end-of-central-directory record is 22 bytes plus a comment of at most 65535.
    const tailLen = Math.min(size, 22 + 0xffff);
    const tail = Buffer.alloc(tailLen);
    await fh.read(tail, 0, tailLen, size - tailLen);
    let eocd = -1;
    for (let i = tailLen - 22; i >= 0; i--) {
      if (tail.readUInt32LE(i) === 0x06054b50) {
        eocd = i;
        break;
      }
    }
    if (eocd < 0) return null;
    const entries = tail.readUInt16LE(eocd + 10);
    const cdSize = tail.readUInt32LE(eocd + 12);
    const cdOffset = tail.readUInt32LE(eocd + 16);
    // ZIP64 archives keep the real values elsewhere; office documents of our size never need it.
    if (cdOffset === 0xffffffff || cdSize === 0xffffffff || cdOffset + cdSize > size || cdSize > 16 * 1024 * 1024)
      return null;
    const cd = Buffer.alloc(cdSize);
    await fh.read(cd, 0, cdSize, cdOffset);
    const names: string[] = [];
    let p = 0;
    while (p + 46 <= cd.length && names.length < Math.min(entries, maxEntries)) {
      if (cd.readUInt32LE(p) !== 0x02014b50) return null;
      const nameLen = cd.readUInt16LE(p + 28);
      const extraLen = cd.readUInt16LE(p + 30);
      const commentLen = cd.readUInt16LE(p + 32);
      if (p + 46 + nameLen > cd.length) return null;
      names.push(cd.toString('utf8', p + 46, p + 46 + nameLen));
      p += 46 + nameLen + extraLen + commentLen;
    }
    return names;
  } finally {
    await fh.close();
  }
}

/** An Office Open XML document is a ZIP with `[Content_Types].xml` and its main part. */
export function ooxmlType(names: string[]): string | null {
  const set = new Set(names);
  if (!set.has('[Content_Types].xml')) return null;
  if (set.has('word/document.xml')) return TYPES.docx;
  if (set.has('xl/workbook.xml')) return TYPES.xlsx;
  if (set.has('ppt/presentation.xml')) return TYPES.pptx;
  return null;
}

/** The text of an XML file, enough to look for markup: every pattern below is ASCII. */
function xmlText(b: Buffer): string {
  if (b[0] === 0xff && b[1] === 0xfe) return new TextDecoder('utf-16le').decode(b);
  if (b[0] === 0xfe && b[1] === 0xff) return new TextDecoder('utf-16be').decode(b);
  // UTF-8's multi-byte sequences never contain ASCII bytes, so latin1 finds ASCII markup exactly.
  return b.toString('latin1');
}

/**
 * What an XML file really is: SVG or XHTML (by element or namespace), anything with a script element
 * or a stylesheet instruction (a browser runs XSLT), a DTD declaring entities — or plain data. A
 * prefix (`<x:script xmlns:x=…xhtml>`) does not hide an element; a match inside a comment or CDATA is
 * refused too, which costs a real document nothing.
 */
export function xmlKind(b: Buffer): string {
  const text = xmlText(b);
  if (/<(?:[\w.-]+:)?svg[\s/>]/i.test(text) || /http:\/\/www\.w3\.org\/2000\/svg/i.test(text)) return TYPES.svg;
  if (
    /<(?:[\w.-]+:)?(?:script|html)[\s/>]/i.test(text) ||
    /http:\/\/www\.w3\.org\/1999\/xhtml/i.test(text) ||
    /<\?xml-stylesheet\b/i.test(text)
  ) {
    return TYPES.xhtml;
  }
  if (/<!ENTITY\b/i.test(text)) return TYPES.dtd;
  return TYPES.xml;
}

/** The final type of a stored file whose head sniffed as `family`. */
export async function refineType(family: string, file: string): Promise<string> {
  if (family === TYPES.xml) return xmlKind(await fs.readFile(file));
  if (family !== TYPES.zip) return family;
  const names = await zipEntryNames(file);
  return (names && ooxmlType(names)) ?? TYPES.zip;
}

/**
 * Picks the name under which a sniffed type is allowed: XML is one family with two names, and a
 * deployment may allow only `text/xml`.
 */
export function allowedAs(type: string, allowed: readonly string[]): string | null {
  if (allowed.includes(type)) return type;
  if (type === TYPES.xml && allowed.includes('text/xml')) return 'text/xml';
  return null;
}
