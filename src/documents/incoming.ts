/**
 * Vào sổ văn bản đến: an incoming document gets the next arrival number (số đến) of the agency's
 * incoming register for the year, in the transaction that saves it — from the clerk's form (an uploaded
 * PDF) or from the exchange (src/documents/exchange), which calls `registerIncoming` in its own transaction.
 */
import { and, eq } from 'drizzle-orm';
import { problems, type Tx } from '../platform/index.js';
import { addDocumentFile } from './files.js';
import { allocateNumber, printedNumber } from './numbering.js';
import { appendAction } from './service.js';
import { documents, documentTypes, type Document } from './schema.js';
import type { Confidentiality, TextState, Urgency } from './statuses.js';

export interface IncomingInput {
  agencyId: string;
  typeCode: string;
  summary: string;
  senderName: string;
  senderAgencyId?: string | null;
  originalNumberSymbol?: string | null;
  /** Their date (YYYY-MM-DD). */
  originalDate?: string | null;
  urgency?: Urgency;
  confidentiality?: Confidentiality;
  receivedVia: 'paper' | 'email' | 'exchange' | 'system';
  pdf?: { sha256: string; name?: string | null; pages?: number | null; textState: TextState; text: string } | null;
  /** The work record it goes into, if any. */
  workRecordId?: string | null;
  note?: string | null;
}

export async function registerIncoming(
  tx: Tx,
  input: IncomingInput,
  by: { accountId: string | null; label: string; at: Date; clientTransactionId?: string | null },
): Promise<Document> {
  const [t] = await tx
    .select()
    .from(documentTypes)
    .where(and(eq(documentTypes.code, input.typeCode), eq(documentTypes.active, true)));
  if (!t)
    throw problems.invalidField(
      '/body/typeCode',
      { vi: 'Loại văn bản không có trong danh mục.', en: 'Unknown document type.' },
      'unknown-type',
    );
  const [row] = await tx
    .insert(documents)
    .values({
      direction: 'incoming',
      agencyId: input.agencyId,
      typeCode: input.typeCode,
      status: 'registered',
      summary: input.summary,
      urgency: input.urgency ?? 'normal',
      confidentiality: input.confidentiality ?? 'normal',
      registeredAt: by.at,
      senderName: input.senderName,
      senderAgencyId: input.senderAgencyId ?? null,
      originalNumberSymbol: input.originalNumberSymbol ?? null,
      originalDate: input.originalDate ?? null,
      receivedVia: input.receivedVia,
      pdfSha256: input.pdf?.sha256 ?? null,
      textState: input.pdf?.textState ?? null,
      content: input.pdf?.text || null,
      workRecordId: input.workRecordId ?? null,
      createdBy: by.accountId,
      createTransactionId: by.clientTransactionId ?? null,
      createdAt: by.at,
      updatedAt: by.at,
    })
    .returning();
  const d = row!;
  const { registerId, number } = await allocateNumber(tx, {
    agencyId: input.agencyId,
    direction: 'incoming',
    typeCode: input.typeCode,
    at: by.at,
    documentId: d.id,
  });
  if (input.pdf)
    await addDocumentFile(tx, {
      documentId: d.id,
      sha256: input.pdf.sha256,
      role: 'original',
      name: input.pdf.name ?? null,
      pages: input.pdf.pages ?? null,
      textState: input.pdf.textState,
      addedBy: by.accountId,
      at: by.at,
    });
  const action = await appendAction(
    tx,
    { id: d.id, lastSeq: 0, status: null },
    {
      action: 'register',
      actorId: by.accountId,
      actorLabel: by.label,
      at: by.at,
      to: 'registered',
      details: { arrivalNumber: number, receivedVia: input.receivedVia, ...(input.note ? { note: input.note } : {}) },
    },
  );
  const [updated] = await tx
    .update(documents)
    .set({ registerId, number, numberSymbol: printedNumber(number), lastSeq: action.seq })
    .where(eq(documents.id, d.id))
    .returning();
  return updated!;
}
