import { Type } from 'typebox';
import { problems } from '../../platform/index.js';
import { DraftFieldsSchema, versionFields, type DraftFields } from '../draft-fields.js';
import { documentTypes, documentVersions } from '../schema.js';
import { eq } from 'drizzle-orm';
import { defineAction, staff } from './base.js';

/**
 * Lưu dự thảo: every save of a draft is a new version; earlier versions stay readable (who wrote what,
 * what the unit head sent back). Only in `draft`: a draft under review is edited after it is returned.
 */
export const saveVersion = defineAction<DraftFields & { note?: string }>({
  name: 'save-version',
  label: { vi: 'Lưu phiên bản dự thảo', en: 'Save a draft version' },
  direction: 'outgoing',
  from: ['draft'],
  performers: [staff('documents.draft', 'drafting_unit', 'agency')],
  body: Type.Object(
    { ...DraftFieldsSchema.properties, note: Type.Optional(Type.String({ maxLength: 2000 })) },
    { additionalProperties: false },
  ),
  async run({ tx, document: d, input, principal, now }) {
    const { note, summary, body, ...rest } = input;
    if (rest.typeCode && rest.typeCode !== d.typeCode) {
      const [t] = await tx.select().from(documentTypes).where(eq(documentTypes.code, rest.typeCode));
      if (!t?.active)
        throw problems.invalidField(
          '/body/typeCode',
          { vi: 'Loại văn bản không có trong danh mục.', en: 'Unknown document type.' },
          'unknown-type',
        );
    }
    const next = {
      typeCode: rest.typeCode ?? d.typeCode,
      summary: summary ?? d.summary,
      body: body ?? d.body ?? '',
      recipients: rest.recipients ?? d.recipients,
      signerId: rest.signerId === undefined ? d.signerId : rest.signerId,
      signerCapacity: rest.signerCapacity === undefined ? d.signerCapacity : rest.signerCapacity,
      signerTitle: rest.signerTitle === undefined ? d.signerTitle : rest.signerTitle,
      signerName: rest.signerName === undefined ? d.signerName : rest.signerName,
      urgency: rest.urgency ?? d.urgency,
      confidentiality: rest.confidentiality ?? d.confidentiality,
    };
    const version = d.version + 1;
    const { summary: s, body: b, ...fields } = next;
    await tx
      .insert(documentVersions)
      .values({
        documentId: d.id,
        version,
        summary: s,
        body: b,
        fields: versionFields(fields),
        note: note ?? null,
        createdBy: principal.accountId,
        createdAt: now,
      });
    return { to: 'same', set: { ...next, version }, details: { version, ...(note ? { note } : {}) } };
  },
});
