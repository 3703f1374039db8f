/** The documents module (văn bản và điều hành). Other modules use only what this file exports. */
import { sql } from 'drizzle-orm';
import type { App } from '../platform/index.js';
import { documentRoutes } from './routes/documents.js';
import { registerRoutes } from './routes/registers.js';
import { statsRoutes } from './routes/stats.js';
import { workRecordRoutes } from './routes/work-records.js';
import { signingExchangeRoutes } from './signing-exchange.js';

/** The module's routes and jobs, registered by the server (src/main.ts). */
export async function documentsModule(app: App) {
  // The PDFs a document names are kept for as long as the platform runs.
  app.ctx.files.references
    .keep('document_files', (c) => sql`SELECT sha256 FROM document_files WHERE sha256 IN ${c}`)
    .keep('documents', (c) => sql`SELECT pdf_sha256 AS sha256 FROM documents WHERE pdf_sha256 IN ${c}`);
  await documentRoutes(app);
  await registerRoutes(app);
  await workRecordRoutes(app);
  await statsRoutes(app);
  // Signatures (PAdES, platform keys and remote CSC) and the exchange (edXML): src/documents/signing, exchange.
  app.ctx.files.references.keep(
    'document_signing_requests',
    (c) =>
      sql`SELECT base_pdf_sha256 AS sha256 FROM document_signing_requests WHERE base_pdf_sha256 IN ${c} UNION SELECT prepared_pdf_sha256 FROM document_signing_requests WHERE prepared_pdf_sha256 IN ${c} UNION SELECT signed_pdf_sha256 FROM document_signing_requests WHERE signed_pdf_sha256 IN ${c}`,
  );
  app.ctx.files.references.keep(
    'document_signing_keys',
    (c) => sql`SELECT image_sha256 AS sha256 FROM document_signing_keys WHERE image_sha256 IN ${c}`,
  );
  await signingExchangeRoutes(app);
}

export { registerIncoming, type IncomingInput } from './incoming.js';
export { allocateNumber, formatNumberSymbol, printedNumber, vietnamYear } from './numbering.js';
export { addDocumentFile, storeGeneratedPdf, checkUploadedPdf, MAX_DOCUMENT_BYTES } from './files.js';
export { findDocument, performAction, visibleDocument, appendAction } from './service.js';
export {
  documents,
  documentFiles,
  documentActions,
  documentTypes,
  documentRegisters,
  workRecords,
  type Document,
} from './schema.js';
export { seedDocumentsDemo } from './demo.js';
