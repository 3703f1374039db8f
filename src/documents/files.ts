/** A document's PDFs: checked when they come in, recorded in order, read back under the document's rules. */
import { eq } from 'drizzle-orm';
import { problems, type Files, type Tx } from '../platform/index.js';
import { documentFiles, type DocumentFile } from './schema.js';
import { readPdfText, UnreadablePdf, type PdfText } from './pdf-text.js';
import type { FileRole, TextState } from './statuses.js';

/** The largest PDF a register takes (Nghị định 30 sets none; a scan of a thick document stays well under). */
export const MAX_DOCUMENT_BYTES = 20 * 1024 * 1024;

/**
 * An upload named as a document's PDF: it must be the caller's own upload, a PDF by its content, not
 * over the limit, and readable. Done before the transaction (reading the text takes a while).
 */
export async function checkUploadedPdf(
  files: Files,
  sha256: string,
  accountId: string,
  pointer = '/body/pdfSha256',
): Promise<PdfText & { filename: string | null; size: number }> {
  const own = await files.uploadOf(sha256, accountId);
  const meta = own ? await files.metadata(sha256) : null;
  if (!own || !meta) {
    throw problems.invalidField(
      pointer,
      {
        vi: 'Không tìm thấy tệp đã tải lên; hãy tải tệp PDF lên trước (POST /api/files).',
        en: 'No such upload of yours; upload the PDF first (POST /api/files).',
      },
      'file-not-found',
    );
  }
  if (meta.contentType !== 'application/pdf') {
    throw problems.unsupported(
      { vi: 'Văn bản phải là tệp PDF.', en: 'The document must be a PDF file.' },
      { code: 'not-pdf' },
    );
  }
  if (meta.size > MAX_DOCUMENT_BYTES) {
    throw problems.tooLarge(
      {
        vi: `Tệp quá lớn (tối đa ${MAX_DOCUMENT_BYTES / 1048576} MB).`,
        en: `The file is too large (at most ${MAX_DOCUMENT_BYTES / 1048576} MB).`,
      },
      { code: 'file-too-large' },
    );
  }
  const content = await files.readFile(sha256);
  try {
    return { ...(await readPdfText(content.data)), filename: own.filename, size: meta.size };
  } catch (e) {
    if (e instanceof UnreadablePdf)
      throw problems.invalidField(
        pointer,
        { vi: 'Tệp PDF bị hỏng, không đọc được.', en: 'The PDF is damaged and cannot be read.' },
        'pdf-unreadable',
      );
    throw e;
  }
}

/** Records a PDF of a document (original, numbered layout, a signed revision, an attachment) inside the caller's transaction. */
export async function addDocumentFile(
  tx: Tx,
  row: {
    documentId: string;
    sha256: string;
    role: FileRole;
    name?: string | null;
    pages?: number | null;
    textState?: TextState | null;
    addedBy: string | null;
    at: Date;
  },
): Promise<DocumentFile> {
  const [f] = await tx
    .insert(documentFiles)
    .values({
      documentId: row.documentId,
      sha256: row.sha256,
      role: row.role,
      name: row.name ?? null,
      pages: row.pages ?? null,
      textState: row.textState ?? null,
      addedBy: row.addedBy,
      addedAt: row.at,
    })
    .returning();
  return f!;
}

/** Stores bytes the platform made (a rendered PDF) and records them as a file, inside the caller's transaction. */
export async function storeGeneratedPdf(
  tx: Tx,
  files: Files,
  pdf: Buffer,
  by: string | null,
  filename: string,
): Promise<string> {
  const blob = await files.put(pdf, {
    declaredType: 'application/pdf',
    filename,
    allowedTypes: ['application/pdf'],
    maxBytes: MAX_DOCUMENT_BYTES * 5,
  });
  await files.record(tx, blob, { accountId: by, filename });
  return blob.sha256;
}

export const filesOf = (tx: Tx, documentId: string) =>
  tx.select().from(documentFiles).where(eq(documentFiles.documentId, documentId)).orderBy(documentFiles.addedAt);
