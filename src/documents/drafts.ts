/** A new outgoing draft (dự thảo): version 1 is saved with it; the drafting unit decides who reviews it. */
import { and, eq } from 'drizzle-orm';
import { problems, type Tx } from '../platform/index.js';
import type { DraftFields } from './draft-fields.js';
import { versionFields } from './draft-fields.js';
import { appendAction } from './service.js';
import { documents, documentTypes, documentVersions, type Document } from './schema.js';

export interface NewDraft extends DraftFields {
  agencyId: string;
  draftingUnitId?: string | null;
  typeCode: string;
  summary: string;
  inReplyToId?: string | null;
  workRecordId?: string | null;
}

export async function createDraft(
  tx: Tx,
  input: NewDraft,
  by: { accountId: string; label: string; at: Date; clientTransactionId?: string | null },
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
  const body = input.body ?? '';
  const [row] = await tx
    .insert(documents)
    .values({
      direction: 'outgoing',
      agencyId: input.agencyId,
      draftingUnitId: input.draftingUnitId ?? null,
      typeCode: input.typeCode,
      status: 'draft',
      summary: input.summary,
      body,
      recipients: input.recipients ?? [],
      signerId: input.signerId ?? null,
      signerCapacity: input.signerCapacity ?? null,
      signerTitle: input.signerTitle ?? null,
      signerName: input.signerName ?? null,
      urgency: input.urgency ?? 'normal',
      confidentiality: input.confidentiality ?? 'normal',
      drafterId: by.accountId,
      inReplyToId: input.inReplyToId ?? null,
      workRecordId: input.workRecordId ?? null,
      version: 1,
      registeredAt: by.at,
      createdBy: by.accountId,
      createTransactionId: by.clientTransactionId ?? null,
      createdAt: by.at,
      updatedAt: by.at,
    })
    .returning();
  const d = row!;
  const { typeCode, recipients, signerId, signerCapacity, signerTitle, signerName, urgency, confidentiality } = input;
  await tx.insert(documentVersions).values({
    documentId: d.id,
    version: 1,
    summary: input.summary,
    body,
    fields: versionFields({
      typeCode,
      recipients,
      signerId,
      signerCapacity,
      signerTitle,
      signerName,
      urgency,
      confidentiality,
    }),
    createdBy: by.accountId,
    createdAt: by.at,
  });
  const action = await appendAction(
    tx,
    { id: d.id, lastSeq: 0, status: null },
    {
      action: 'create-draft',
      actorId: by.accountId,
      actorLabel: by.label,
      at: by.at,
      to: 'draft',
      details: { version: 1 },
    },
  );
  await tx.update(documents).set({ lastSeq: action.seq }).where(eq(documents.id, d.id));
  return { ...d, lastSeq: action.seq };
}
