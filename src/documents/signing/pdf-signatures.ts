/**
 * Reads the signatures of a PDF (every signature dictionary: /ByteRange, /Contents, /SubFilter, /M) and compares
 * revisions, so the verifier can tell what changed after a signature: only signatures and validation data (allowed,
 * as DocMDP level 2 and PAdES-LT allow) or anything else (the document was modified).
 */
import {
  PDFArray,
  PDFDict,
  PDFDocument,
  PDFHexString,
  PDFName,
  PDFNumber,
  PDFObject,
  PDFRef,
  PDFString,
} from 'pdf-lib';

export interface PdfSignature {
  fieldName: string | null;
  subFilter: string | null;
  byteRange: number[];
  contents: Uint8Array;
  /** /M as written, parsed when possible. */
  claimedTime: Date | null;
  name: string | null;
  reason: string | null;
  /** Whether /ByteRange is well formed: starts at 0, the gap is exactly the /Contents string, inside the file. */
  rangeWellFormed: boolean;
}

function text(o: PDFObject | undefined): string | null {
  if (o instanceof PDFString || o instanceof PDFHexString) return o.decodeText();
  return null;
}

/** D:YYYYMMDDHHmmSS+HH'mm' → Date. */
export function parsePdfDate(s: string | null): Date | null {
  if (!s) return null;
  const m = /^D:(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?([Z+-])?(\d{2})?'?(\d{2})?'?/.exec(s);
  if (!m) return null;
  const [, y, mo = '01', d = '01', h = '00', mi = '00', se = '00', sign, oh = '00', om = '00'] = m;
  const base = Date.UTC(+y!, +mo - 1, +d, +h, +mi, +se);
  const off = sign === '+' || sign === '-' ? (sign === '+' ? 1 : -1) * (+oh * 60 + +om) * 60_000 : 0;
  return new Date(base - off);
}

export async function loadPdf(pdf: Uint8Array): Promise<PDFDocument> {
  return PDFDocument.load(pdf, { updateMetadata: false, ignoreEncryption: true, throwOnInvalidObject: false });
}

export async function readSignatures(pdf: Uint8Array, doc?: PDFDocument): Promise<PdfSignature[]> {
  const d = doc ?? (await loadPdf(pdf));
  const fieldOf = new Map<string, string>();
  const sigDicts: [PDFRef, PDFDict][] = [];
  for (const [ref, obj] of d.context.enumerateIndirectObjects()) {
    if (!(obj instanceof PDFDict)) continue;
    const v = obj.get(PDFName.of('V'));
    if (v instanceof PDFRef && obj.get(PDFName.of('FT'))?.toString() === '/Sig')
      fieldOf.set(v.tag, text(obj.lookup(PDFName.of('T'))) ?? '');
    if (obj.get(PDFName.of('ByteRange')) && obj.get(PDFName.of('Contents'))) sigDicts.push([ref, obj]);
  }
  const out: PdfSignature[] = [];
  for (const [ref, dict] of sigDicts) {
    const br = dict.lookup(PDFName.of('ByteRange'));
    const byteRange =
      br instanceof PDFArray ? br.asArray().map((n) => (n instanceof PDFNumber ? n.asNumber() : NaN)) : [];
    const c = dict.lookup(PDFName.of('Contents'));
    const contents = c instanceof PDFHexString ? c.asBytes() : c instanceof PDFString ? c.asBytes() : new Uint8Array();
    const [a, b, e, f] = byteRange;
    let ok = byteRange.length === 4 && a === 0 && b! > 0 && e! > b! && f! >= 0 && e! + f! <= pdf.length;
    if (ok) ok = pdf[b!] === 0x3c && pdf[e! - 1] === 0x3e; // the gap is exactly <…>
    out.push({
      fieldName: fieldOf.get(ref.tag) ?? null,
      subFilter: dict.get(PDFName.of('SubFilter'))?.toString().replace(/^\//, '') ?? null,
      byteRange,
      contents: trimDer(contents),
      claimedTime: parsePdfDate(text(dict.lookup(PDFName.of('M')))),
      name: text(dict.lookup(PDFName.of('Name'))),
      reason: text(dict.lookup(PDFName.of('Reason'))),
      rangeWellFormed: ok,
    });
  }
  // In the order they were applied: the one covering less of the file came first.
  return out.sort((x, y) => x.byteRange[2]! + x.byteRange[3]! - (y.byteRange[2]! + y.byteRange[3]!));
}

/** /Contents is padded with zeros after the DER: cut at the outer TLV's length. */
function trimDer(b: Uint8Array): Uint8Array {
  if (b.length < 2 || b[0] !== 0x30) return b;
  const l = b[1]!;
  if (l < 0x80) return b.subarray(0, 2 + l);
  const n = l & 0x7f;
  let len = 0;
  for (let i = 0; i < n; i++) len = len * 256 + b[2 + i]!;
  return b.subarray(0, Math.min(b.length, 2 + n + len));
}

/** The bytes a signature covers. */
export function signedBytes(pdf: Uint8Array, byteRange: number[]): Buffer {
  const parts: Buffer[] = [];
  for (let i = 0; i + 1 < byteRange.length; i += 2)
    parts.push(Buffer.from(pdf.subarray(byteRange[i]!, byteRange[i]! + byteRange[i + 1]!)));
  return Buffer.concat(parts);
}

export type ChangeKind = 'none' | 'signatures' | 'validation-data' | 'other';

const str = (o: PDFObject | undefined) => (o === undefined ? '' : o.toString());

/** Keys of `a` and `b` whose values differ. */
function changedKeys(a: PDFDict, b: PDFDict): string[] {
  const keys = new Set([...a.keys(), ...b.keys()].map((k) => k.toString()));
  return [...keys].filter((k) => str(a.get(PDFName.of(k.slice(1)))) !== str(b.get(PDFName.of(k.slice(1)))));
}

/**
 * What the revisions after `revision` (a prefix of the file) changed. New objects alone change nothing visible; what
 * matters is which existing objects were rewritten: the catalog may gain /AcroForm or /DSS, the form its fields and
 * flags, a page its /Annots with signature widgets only, the arrays of fields and annotations may grow. Anything
 * else (a content stream, a page's resources, a non-signature annotation) is a modification.
 */
export async function classifyLaterChanges(
  revision: Uint8Array,
  full: Uint8Array,
): Promise<{ kind: ChangeKind; details: string[] }> {
  if (revision.length >= full.length) return { kind: 'none', details: [] };
  const [old, now] = await Promise.all([loadPdf(revision), loadPdf(full)]);
  const details: string[] = [];
  let signatures = false;
  let validation = false;
  const isSigWidget = (r: PDFObject) => {
    const o = r instanceof PDFRef ? now.context.lookup(r) : r;
    return o instanceof PDFDict && o.get(PDFName.of('FT'))?.toString() === '/Sig';
  };
  for (const [ref, before] of old.context.enumerateIndirectObjects()) {
    const after = now.context.lookup(ref);
    if (!after || str(after) === str(before)) continue;
    if (before instanceof PDFDict && after instanceof PDFDict) {
      const keys = changedKeys(before, after);
      const type = str(after.get(PDFName.of('Type')));
      if (type === '/Catalog' && keys.every((k) => k === '/AcroForm' || k === '/DSS' || k === '/Perms')) {
        if (keys.includes('/DSS')) validation = true;
        if (keys.includes('/AcroForm')) signatures = true;
        continue;
      }
      if (type === '/Page' && keys.every((k) => k === '/Annots')) {
        const was = before.lookupMaybe(PDFName.of('Annots'), PDFArray)?.asArray().map(str) ?? [];
        const is = now.context.lookupMaybe(after.get(PDFName.of('Annots')), PDFArray)?.asArray() ?? [];
        if (is.slice(0, was.length).map(str).join() === was.join() && is.slice(was.length).every(isSigWidget)) {
          signatures = true;
          continue;
        }
      }
      if (
        after.get(PDFName.of('Fields')) &&
        keys.every((k) => k === '/Fields' || k === '/SigFlags' || k === '/DR' || k === '/DA')
      ) {
        signatures = true;
        continue;
      }
      details.push(`object ${ref.objectNumber} (${type || 'dictionary'}) changed: ${keys.join(', ')}`);
      continue;
    }
    if (before instanceof PDFArray && after instanceof PDFArray) {
      const was = before.asArray().map(str);
      const is = after.asArray();
      if (is.slice(0, was.length).map(str).join() === was.join() && is.slice(was.length).every(isSigWidget)) {
        signatures = true;
        continue;
      }
    }
    details.push(`object ${ref.objectNumber} changed`);
  }
  if (details.length) return { kind: 'other', details };
  return { kind: signatures ? 'signatures' : validation ? 'validation-data' : 'none', details };
}
