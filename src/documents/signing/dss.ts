/**
 * The document security store (/DSS, ISO 32000-2 §12.8.4.3, ETSI EN 319 142-1 §5.4): validation data kept in the PDF
 * itself — /Certs, /CRLs and /OCSPs, arrays of streams each holding one DER object, and /VRI, per signature the
 * subset that validates it, keyed by the upper-case hex SHA-1 of the signature's /Contents (the whole string as
 * written, padding included, as iText, pyHanko and the EU DSS library key it).
 *
 * Written as an incremental update that adds a new /DSS dictionary (merging the previous one's entries) and changes
 * only the catalog's /DSS: every object an earlier signature covered stays as it was, and the verifier classifies
 * the revision as validation data, not a modification.
 */
import { createHash } from 'node:crypto';
import * as pkijs from 'pkijs';
import { decodePDFRawStream, PDFArray, PDFDict, PDFDocument, PDFName, PDFObject, PDFRawStream, PDFRef } from 'pdf-lib';
import { loadPdf } from './pdf-signatures.js';
import { loadForUpdate, objectsAddedSince, objectTags, writeIncrementalUpdate } from './pdf-update.js';
import { parseCrl, type Crl } from './revocation.js';

const ab = (u: Uint8Array) => u.buffer.slice(u.byteOffset, u.byteOffset + u.byteLength) as ArrayBuffer;
const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

function deref(doc: PDFDocument, o: PDFObject | undefined): PDFObject | undefined {
  return o instanceof PDFRef ? doc.context.lookup(o) : o;
}

/** The decoded bytes of each stream of a /DSS array (another producer may have compressed them). */
function streamsOf(doc: PDFDocument, dss: PDFDict, key: string): { ref: PDFObject; bytes: Uint8Array }[] {
  const out: { ref: PDFObject; bytes: Uint8Array }[] = [];
  for (const item of dss.lookupMaybe(PDFName.of(key), PDFArray)?.asArray() ?? []) {
    const s = deref(doc, item);
    if (!(s instanceof PDFRawStream)) continue;
    try {
      out.push({ ref: item, bytes: decodePDFRawStream(s).decode() });
    } catch {
      /* an undecodable stream carries nothing */
    }
  }
  return out;
}

export interface DssMaterial {
  certs: pkijs.Certificate[];
  crls: Crl[];
}

/** Certificates and CRLs of a PDF's /DSS; what cannot be read is left out (the verifier says what is missing). */
export async function readDss(pdf: Uint8Array, doc?: PDFDocument): Promise<DssMaterial> {
  const out: DssMaterial = { certs: [], crls: [] };
  try {
    const d = doc ?? (await loadPdf(pdf));
    const dss = d.catalog.lookupMaybe(PDFName.of('DSS'), PDFDict);
    if (!dss) return out;
    for (const { bytes } of streamsOf(d, dss, 'Certs')) {
      try {
        out.certs.push(pkijs.Certificate.fromBER(ab(bytes)));
      } catch {
        /* not a certificate */
      }
    }
    for (const { bytes } of streamsOf(d, dss, 'CRLs')) {
      const c = parseCrl(bytes);
      if (c) out.crls.push(c);
    }
  } catch {
    /* an unreadable file has no DSS to offer */
  }
  return out;
}

export interface DssAddition {
  certs: Uint8Array[];
  crls: Uint8Array[];
  ocsps?: Uint8Array[];
  /** The signature these validate: its /VRI entry names them. */
  vri?: { signatureContents: Uint8Array; certs: Uint8Array[]; crls: Uint8Array[]; ocsps?: Uint8Array[] };
}

/** The /VRI key of a signature: SHA-1 of its /Contents bytes, upper-case hex. */
export const vriKey = (signatureContents: Uint8Array): string =>
  createHash('sha1').update(signatureContents).digest('hex').toUpperCase();

/** Appends an incremental update whose /DSS holds the previous store's entries and `add` (each object once). */
export async function appendDss(pdf: Uint8Array, add: DssAddition): Promise<Buffer> {
  const doc = await loadForUpdate(pdf);
  const before = objectTags(doc);
  const previous = doc.catalog.lookupMaybe(PDFName.of('DSS'), PDFDict);

  const arrays = { Certs: [] as PDFObject[], CRLs: [] as PDFObject[], OCSPs: [] as PDFObject[] };
  const known = new Map<string, PDFObject>(); // sha-256 of the DER → the stream already holding it
  if (previous) {
    for (const key of Object.keys(arrays) as (keyof typeof arrays)[]) {
      // Every earlier entry is kept as it was, even one this reader cannot decode.
      arrays[key].push(...(previous.lookupMaybe(PDFName.of(key), PDFArray)?.asArray() ?? []));
      for (const { ref, bytes } of streamsOf(doc, previous, key)) known.set(sha256(bytes), ref);
    }
  }
  const streamFor = (der: Uint8Array, key: keyof typeof arrays): PDFObject => {
    const digest = sha256(der);
    let ref = known.get(digest);
    if (!ref) {
      // Uncompressed: DER barely compresses, and any reader takes a stream without a filter.
      ref = doc.context.register(doc.context.stream(der));
      known.set(digest, ref);
      arrays[key].push(ref);
    }
    return ref;
  };
  for (const c of add.certs) streamFor(c, 'Certs');
  for (const c of add.crls) streamFor(c, 'CRLs');
  for (const o of add.ocsps ?? []) streamFor(o, 'OCSPs');

  const vri = doc.context.obj({});
  const previousVri = previous?.lookupMaybe(PDFName.of('VRI'), PDFDict);
  for (const [k, v] of previousVri?.entries() ?? []) vri.set(k, v);
  if (add.vri) {
    const entry = doc.context.obj({});
    const list = (ders: Uint8Array[] | undefined, key: keyof typeof arrays) =>
      doc.context.obj((ders ?? []).map((d) => streamFor(d, key)));
    if (add.vri.certs.length) entry.set(PDFName.of('Cert'), list(add.vri.certs, 'Certs'));
    if (add.vri.crls.length) entry.set(PDFName.of('CRL'), list(add.vri.crls, 'CRLs'));
    if (add.vri.ocsps?.length) entry.set(PDFName.of('OCSP'), list(add.vri.ocsps, 'OCSPs'));
    vri.set(PDFName.of(vriKey(add.vri.signatureContents)), doc.context.register(entry));
  }
  const dss = doc.context.obj({ Type: 'DSS' });
  for (const [key, items] of Object.entries(arrays)) if (items.length) dss.set(PDFName.of(key), doc.context.obj(items));
  if (vri.entries().length) dss.set(PDFName.of('VRI'), doc.context.register(vri));

  const rootRef = doc.context.trailerInfo.Root as PDFRef;
  doc.catalog.set(PDFName.of('DSS'), doc.context.register(dss));
  const objects = [...objectsAddedSince(doc, before), { ref: rootRef, object: doc.catalog }];
  return writeIncrementalUpdate(pdf, doc, objects).pdf;
}
