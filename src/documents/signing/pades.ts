/**
 * PAdES signing (ETSI EN 319 142-1): a signature field with its visible appearance and a signature dictionary
 * (/SubFilter /ETSI.CAdES.detached) appended as an incremental update, then the CMS over the byte range written into
 * the reserved /Contents. Two steps, because a remote signer (CSC) answers after the signer approves on a phone:
 * `preparePdfSignature` gives the bytes to sign and a state to keep; `finishPdfSignature` embeds the result.
 */
import { PDFArray, PDFDict, PDFDocument, PDFHexString, PDFName, PDFRef, PDFString } from 'pdf-lib';
import { buildAppearance, type Presentation, type Rect } from './appearance.js';
import {
  appendToArray,
  loadForUpdate,
  objectsAddedSince,
  objectTags,
  writeIncrementalUpdate,
  type UpdateObject,
} from './pdf-update.js';
import { assembleSignedData, prepareSignerInfo, sha256, signatureTimestampImprint, type PreparedCms } from './cms.js';

/** Room reserved for the CMS (hex doubles it): a 2048-bit signature, a chain of three and a time-stamp token fit. */
export const DEFAULT_CONTENTS_BYTES = 24_576;
const BYTE_RANGE_PLACEHOLDER = '[0 0000000000 0000000000 0000000000]';

export interface SignatureRequest {
  /** 0-based page; default the last page. */
  page?: number;
  rect: Rect;
  presentation: Presentation;
  /** Claimed signing time (/M); the time-stamp gives the trusted one. */
  signingTime: Date;
  reason?: string;
  location?: string;
  /** The signer's name as the dictionary's /Name. */
  signerName?: string;
  contentsBytes?: number;
}

/** A PDF waiting for its CMS: the file with an empty /Contents, and where that hole is. */
export interface PreparedPdf {
  pdf: Buffer;
  byteRange: [number, number, number, number];
  /** SHA-256 over the byte range (the CMS message digest). */
  digest: Uint8Array;
  fieldName: string;
}

function pdfDate(d: Date): string {
  const local = new Date(d.getTime() + 7 * 3_600_000).toISOString();
  return `D:${local.slice(0, 4)}${local.slice(5, 7)}${local.slice(8, 10)}${local.slice(11, 13)}${local.slice(14, 16)}${local.slice(17, 19)}+07'00'`;
}

const textString = (s: string) => PDFHexString.fromText(s).toString();

/** Names of the signature fields already in the document (to pick a new one). */
function existingFieldNames(doc: PDFDocument): Set<string> {
  const names = new Set<string>();
  const acro = doc.catalog.lookupMaybe(PDFName.of('AcroForm'), PDFDict);
  const fields = acro?.lookupMaybe(PDFName.of('Fields'), PDFArray);
  for (const ref of fields?.asArray() ?? []) {
    const field = ref instanceof PDFRef ? doc.context.lookup(ref) : ref;
    if (field instanceof PDFDict) {
      const t = field.lookup(PDFName.of('T'));
      if (t instanceof PDFString || t instanceof PDFHexString) names.add(t.decodeText());
    }
  }
  return names;
}

export async function preparePdfSignature(input: Uint8Array, req: SignatureRequest): Promise<PreparedPdf> {
  const doc = await loadForUpdate(input);
  const before = objectTags(doc);
  const pages = doc.getPages();
  const page = pages[req.page ?? pages.length - 1];
  if (!page) throw new RangeError('no such page');
  const changed = new Map<string, UpdateObject>();

  const taken = existingFieldNames(doc);
  let n = taken.size + 1;
  while (taken.has(`Signature${n}`)) n++;
  const fieldName = `Signature${n}`;

  const sigRef = doc.context.nextRef();
  const apRef = await buildAppearance(doc, req.rect, req.presentation);
  const widget = doc.context.obj({
    Type: 'Annot',
    Subtype: 'Widget',
    FT: 'Sig',
    T: PDFString.of(fieldName),
    V: sigRef,
    F: 132, // print, locked
    Rect: req.rect,
    P: page.ref,
    AP: { N: apRef },
  });
  const widgetRef = doc.context.register(widget);
  appendToArray(doc, page.node, page.ref, 'Annots', widgetRef, changed);

  const rootRef = doc.context.trailerInfo.Root as PDFRef;
  const acroRaw = doc.catalog.get(PDFName.of('AcroForm'));
  if (acroRaw instanceof PDFRef) {
    const acro = doc.context.lookup(acroRaw, PDFDict);
    acro.set(PDFName.of('SigFlags'), doc.context.obj(3));
    changed.set(acroRaw.tag, { ref: acroRaw, object: acro });
    appendToArray(doc, acro, acroRaw, 'Fields', widgetRef, changed);
  } else if (acroRaw instanceof PDFDict) {
    acroRaw.set(PDFName.of('SigFlags'), doc.context.obj(3));
    appendToArray(doc, acroRaw, rootRef, 'Fields', widgetRef, changed);
    changed.set(rootRef.tag, { ref: rootRef, object: doc.catalog });
  } else {
    const acroRef = doc.context.register(doc.context.obj({ Fields: [widgetRef], SigFlags: 3 }));
    doc.catalog.set(PDFName.of('AcroForm'), acroRef);
    changed.set(rootRef.tag, { ref: rootRef, object: doc.catalog });
  }

  await doc.flush(); // embeds the appearance's font subset and images into their reserved objects
  const contentsBytes = req.contentsBytes ?? DEFAULT_CONTENTS_BYTES;
  const sigDict = [
    '<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter /ETSI.CAdES.detached',
    `/ByteRange ${BYTE_RANGE_PLACEHOLDER}`,
    `/Contents <${'0'.repeat(contentsBytes * 2)}>`,
    `/M (${pdfDate(req.signingTime)})`,
    req.signerName ? `/Name ${textString(req.signerName)}` : '',
    req.reason ? `/Reason ${textString(req.reason)}` : '',
    req.location ? `/Location ${textString(req.location)}` : '',
    '/Prop_Build << /App << /Name /TinhSo >> >> >>',
  ]
    .filter(Boolean)
    .join('\n');
  const objects: UpdateObject[] = [
    ...objectsAddedSince(doc, before),
    ...changed.values(),
    { ref: sigRef, raw: Buffer.from(sigDict, 'latin1') },
  ];
  const unique = new Map(objects.map((o) => [o.ref.tag, o]));
  const { pdf, offsets } = writeIncrementalUpdate(input, doc, [...unique.values()]);

  const sigAt = offsets.get(sigRef.objectNumber)!;
  const contentsAt = pdf.indexOf('/Contents <', sigAt, 'latin1') + '/Contents '.length;
  const contentsEnd = contentsAt + contentsBytes * 2 + 2;
  const byteRange: [number, number, number, number] = [0, contentsAt, contentsEnd, pdf.length - contentsEnd];
  const rangeAt = pdf.indexOf(BYTE_RANGE_PLACEHOLDER, sigAt, 'latin1');
  const filled = `[${byteRange.join(' ')}]`.padEnd(BYTE_RANGE_PLACEHOLDER.length, ' ');
  if (filled.length !== BYTE_RANGE_PLACEHOLDER.length) throw new Error('file too large for the byte range placeholder');
  pdf.write(filled, rangeAt, 'latin1');
  const digest = sha256(Buffer.concat([pdf.subarray(0, contentsAt), pdf.subarray(contentsEnd)]));
  return { pdf, byteRange, digest, fieldName };
}

/** Writes the DER CMS into the reserved /Contents; fails when it does not fit. */
export function embedCms(prepared: PreparedPdf, cms: Uint8Array): Buffer {
  const [, at, end] = prepared.byteRange;
  const room = (end - at - 2) / 2;
  if (cms.length > room) throw new Error(`the signature (${cms.length} bytes) does not fit the ${room} bytes reserved`);
  const out = Buffer.from(prepared.pdf);
  out.write(
    Buffer.from(cms)
      .toString('hex')
      .padEnd(room * 2, '0'),
    at + 1,
    'latin1',
  );
  return out;
}

/** What signs: a certificate chain and a way to sign the signed attributes. */
export interface SigningIdentity {
  certDer: Uint8Array;
  /** Issuer chain (without the signer's own certificate), up to the root when known. */
  chainDer: Uint8Array[];
}

export interface PendingSignature {
  prepared: PreparedPdf;
  cms: PreparedCms;
}

export function startCms(prepared: PreparedPdf, identity: SigningIdentity): PendingSignature {
  return { prepared, cms: prepareSignerInfo(prepared.digest, identity.certDer) };
}

/** A time-stamp authority call: the DER TimeStampToken over `imprint` (SHA-256). */
export type Timestamper = (imprint: Uint8Array) => Promise<Uint8Array>;

/** Completes a signature given the raw signature value: time-stamps it (B-T) and embeds the CMS. */
export async function completeSignature(
  pending: PendingSignature,
  identity: SigningIdentity,
  signature: Uint8Array,
  timestamp?: Timestamper,
): Promise<Buffer> {
  const token = timestamp ? await timestamp(signatureTimestampImprint(signature)) : undefined;
  const cms = assembleSignedData(pending.cms, signature, [identity.certDer, ...identity.chainDer], token);
  return embedCms(pending.prepared, cms);
}

/** One call for a signer that answers at once (a platform key). */
export async function signPdf(
  input: Uint8Array,
  req: SignatureRequest,
  identity: SigningIdentity,
  sign: (data: Uint8Array) => Promise<Uint8Array>,
  timestamp?: Timestamper,
): Promise<Buffer> {
  const prepared = await preparePdfSignature(input, req);
  const pending = startCms(prepared, identity);
  const signature = await sign(pending.cms.toBeSigned);
  return completeSignature(pending, identity, signature, timestamp);
}
