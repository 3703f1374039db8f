/**
 * Incremental updates (ISO 32000-1 §7.5.6) of a PDF: new and changed objects appended after the original bytes with
 * their own cross-reference section whose trailer points back (/Prev) at the previous one. The original bytes are
 * never touched, so every earlier signature's byte range stays valid.
 *
 * pdf-lib parses the file and serialises each object (dictionaries, streams, embedded fonts and images); this file
 * only lays the appended section out (objects, xref table or xref stream, trailer), which pdf-lib cannot do: its
 * `save()` rewrites the whole file. pyHanko's `IncrementalPdfFileWriter` is the model: same object numbers for
 * changed objects, new numbers from the old /Size on, the same kind of cross-reference section as the previous one.
 */
import {
  PDFArray,
  PDFDict,
  PDFDocument,
  PDFName,
  PDFNumber,
  PDFObject,
  PDFRef,
  PDFHexString,
  PDFString,
} from 'pdf-lib';

const latin1 = (s: string) => Buffer.from(s, 'latin1');

/** Where the previous cross-reference section starts, read from the last `startxref`. */
export function lastStartXref(pdf: Uint8Array): number {
  const tail = Buffer.from(pdf.subarray(Math.max(0, pdf.length - 2048))).toString('latin1');
  const m = /startxref\s+(\d+)\s+%%EOF\s*$/.exec(tail) ?? /startxref\s+(\d+)\s+%%EOF/.exec(tail);
  if (!m) throw new Error('no startxref');
  return Number(m[1]);
}

/** True when the section at `offset` is a cross-reference stream (PDF 1.5) rather than an `xref` table. */
function isXrefStream(pdf: Uint8Array, offset: number): boolean {
  const head = Buffer.from(pdf.subarray(offset, offset + 32)).toString('latin1');
  return !head.startsWith('xref');
}

/**
 * The /Size of the previous section. pdf-lib forgets object streams and xref streams once parsed, so its largest
 * object number can be below it: new objects must not take those numbers (a reader would look an object stream up and
 * find ours).
 */
export function previousSize(pdf: Uint8Array, offset = lastStartXref(pdf)): number {
  const text = Buffer.from(pdf.subarray(offset)).toString('latin1');
  const m = /\/Size\s+(\d+)/.exec(text);
  if (!m) throw new Error('no /Size in the last trailer');
  return Number(m[1]);
}

/** Loads a PDF with pdf-lib for an update: new object numbers start at the file's /Size. */
export async function loadForUpdate(pdf: Uint8Array): Promise<PDFDocument> {
  const doc = await PDFDocument.load(pdf, { updateMetadata: false });
  doc.context.largestObjectNumber = Math.max(doc.context.largestObjectNumber, previousSize(pdf) - 1);
  return doc;
}

/** One object of the update: a pdf-lib object, or bytes written as they are (the signature dictionary). */
export type UpdateObject = { ref: PDFRef; object: PDFObject } | { ref: PDFRef; raw: Buffer };

export interface WrittenUpdate {
  /** The whole file: the original bytes then the update. */
  pdf: Buffer;
  /** Offset of each written object in `pdf`, by object number. */
  offsets: Map<number, number>;
}

function serialise(o: UpdateObject): Buffer {
  const head = latin1(`${o.ref.objectNumber} ${o.ref.generationNumber} obj\n`);
  let body: Buffer;
  if ('raw' in o) body = o.raw;
  else {
    body = Buffer.alloc(o.object.sizeInBytes());
    o.object.copyBytesInto(body, 0);
  }
  return Buffer.concat([head, body, latin1('\nendobj\n')]);
}

/** Runs of consecutive object numbers, as xref subsections need them. */
function runs(numbers: number[]): [start: number, count: number][] {
  const out: [number, number][] = [];
  for (const n of numbers) {
    const last = out[out.length - 1];
    if (last && last[0] + last[1] === n) last[1]++;
    else out.push([n, 1]);
  }
  return out;
}

/**
 * Appends `objects` to `original` as one incremental update. The trailer keeps the document's /Root, /Info and /ID
 * and points at the previous section with /Prev.
 */
export function writeIncrementalUpdate(original: Uint8Array, doc: PDFDocument, objects: UpdateObject[]): WrittenUpdate {
  const prev = lastStartXref(original);
  const streamXref = isXrefStream(original, prev);
  const parts: Buffer[] = [Buffer.from(original)];
  let length = original.length;
  // The update starts on a fresh line; a newline after %%EOF is outside every earlier byte range anyway.
  if (original[original.length - 1] !== 0x0a) {
    parts.push(latin1('\n'));
    length++;
  }
  const offsets = new Map<number, number>();
  const sorted = [...objects].sort((a, b) => a.ref.objectNumber - b.ref.objectNumber);
  for (const o of sorted) {
    offsets.set(o.ref.objectNumber, length);
    const bytes = serialise(o);
    parts.push(bytes);
    length += bytes.length;
  }
  const trailer = doc.context.trailerInfo;
  const largest = Math.max(doc.context.largestObjectNumber, ...sorted.map((o) => o.ref.objectNumber));
  const common = [
    `/Root ${String(trailer.Root)}`,
    trailer.Info ? `/Info ${String(trailer.Info)}` : '',
    trailer.ID ? `/ID ${String(trailer.ID)}` : '',
    `/Prev ${prev}`,
  ].filter(Boolean);

  if (!streamXref) {
    const xrefAt = length;
    const nums = sorted.map((o) => o.ref.objectNumber);
    let table = 'xref\n';
    for (const [start, count] of runs(nums)) {
      table += `${start} ${count}\n`;
      for (let n = start; n < start + count; n++) {
        const gen = sorted.find((o) => o.ref.objectNumber === n)!.ref.generationNumber;
        table += `${String(offsets.get(n)).padStart(10, '0')} ${String(gen).padStart(5, '0')} n\r\n`;
      }
    }
    table += `trailer\n<< /Size ${largest + 1} ${common.join(' ')} >>\nstartxref\n${xrefAt}\n%%EOF\n`;
    parts.push(latin1(table));
    return { pdf: Buffer.concat(parts), offsets };
  }

  // The previous section is an xref stream: this one is too (a reader that follows /Prev meets one kind only).
  const xrefNum = largest + 1;
  const xrefAt = length;
  offsets.set(xrefNum, xrefAt);
  const nums = [...sorted.map((o) => o.ref.objectNumber), xrefNum];
  const rows: Buffer[] = [];
  for (const n of nums) {
    const row = Buffer.alloc(7);
    row[0] = 1;
    row.writeUInt32BE(offsets.get(n)!, 1);
    const gen = n === xrefNum ? 0 : sorted.find((o) => o.ref.objectNumber === n)!.ref.generationNumber;
    row.writeUInt16BE(gen, 5);
    rows.push(row);
  }
  const data = Buffer.concat(rows);
  const index = runs(nums)
    .map(([s, c]) => `${s} ${c}`)
    .join(' ');
  const dict = `<< /Type /XRef /Size ${xrefNum + 1} /W [1 4 2] /Index [${index}] ${common.join(' ')} /Length ${data.length} >>`;
  parts.push(
    latin1(`${xrefNum} 0 obj\n${dict}\nstream\n`),
    data,
    latin1(`\nendstream\nendobj\nstartxref\n${xrefAt}\n%%EOF\n`),
  );
  return { pdf: Buffer.concat(parts), offsets };
}

/** The objects pdf-lib now holds that were not in the file when it was loaded. */
export function objectsAddedSince(doc: PDFDocument, before: Set<string>): UpdateObject[] {
  return doc.context
    .enumerateIndirectObjects()
    .filter(([ref]) => !before.has(ref.tag))
    .map(([ref, object]) => ({ ref, object }));
}

export function objectTags(doc: PDFDocument): Set<string> {
  return new Set(doc.context.enumerateIndirectObjects().map(([ref]) => ref.tag));
}

/** Adds `ref` to an array held under `key` in `holder` (itself at `holderRef`), wherever the array lives. */
export function appendToArray(
  doc: PDFDocument,
  holder: PDFDict,
  holderRef: PDFRef,
  key: string,
  ref: PDFRef,
  changed: Map<string, UpdateObject>,
): void {
  const name = PDFName.of(key);
  const raw = holder.get(name);
  if (raw instanceof PDFRef) {
    const arr = doc.context.lookup(raw, PDFArray);
    arr.push(ref);
    changed.set(raw.tag, { ref: raw, object: arr });
  } else if (raw instanceof PDFArray) {
    raw.push(ref);
    changed.set(holderRef.tag, { ref: holderRef, object: holder });
  } else {
    holder.set(name, doc.context.obj([ref]));
    changed.set(holderRef.tag, { ref: holderRef, object: holder });
  }
}

export { PDFArray, PDFDict, PDFName, PDFNumber, PDFRef, PDFHexString, PDFString };
