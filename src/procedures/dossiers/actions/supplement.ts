import { eq } from 'drizzle-orm';
import { Type } from 'typebox';
import { problems } from '../../../platform/index.js';
import { procedures } from '../../catalog/schema.js';
import { formDataErrors, FormDataSchema } from '../form-data.js';
import { AttachmentSchema, mergeAttachments, missingFiles } from '../attachments.js';
import { restartedColumns } from '../clock.js';
import { assessFee, feeRulesOf } from '../../fees/rules.js';
import type { PaperAttachment } from '../schema.js';
import { applicant, defineAction, staff } from './base.js';

/** Bổ sung: the applicant (or the desk for them) hands in the papers; the clock restarts where it stopped. */
export const supplement = defineAction<{
  attachments?: PaperAttachment[];
  formData?: Record<string, unknown>;
  note?: string;
}>({
  name: 'supplement',
  label: { vi: 'Bổ sung hồ sơ', en: 'Supplement' },
  from: ['supplement_requested'],
  performers: [applicant, staff('dossiers.receive', 'receiving', 'handling')],
  body: Type.Object(
    {
      attachments: Type.Optional(Type.Array(AttachmentSchema, { maxItems: 50 })),
      formData: Type.Optional(FormDataSchema),
      note: Type.Optional(Type.String({ maxLength: 2000 })),
    },
    { additionalProperties: false },
  ),
  async run({ tx, dossier, input, now, calendar, files, principal }) {
    if (input.formData) {
      // The form as the procedure declares it now, read in this transaction.
      const [p] = await tx
        .select({ formFields: procedures.formFields })
        .from(procedures)
        .where(eq(procedures.id, dossier.procedureId));
      const invalid = formDataErrors(p?.formFields ?? [], { formData: input.formData }, { now });
      if (invalid.length)
        throw problems.badRequest(
          { vi: 'Tờ khai bổ sung chưa hợp lệ.', en: 'The supplemented form is not valid.' },
          { code: 'validation', errors: invalid },
        );
    }
    const added = input.attachments ?? [];
    const errors = await missingFiles(tx, files, added, '/body/attachments', principal.accountId);
    if (errors.length)
      throw problems.badRequest(
        { vi: 'Có tệp chưa được tải lên.', en: 'Some files have not been uploaded.' },
        { code: 'validation', errors },
      );
    const clock = restartedColumns(calendar, dossier, now);
    const attachments = mergeAttachments(dossier.attachments, added);
    // A changed form may change the fee (copies, area…): recomputed by the rules in force, keeping the claimed reduction.
    const fee = input.formData
      ? assessFee(await feeRulesOf(tx, dossier.procedureId), {
          formData: { ...dossier.formData, ...input.formData },
          channel: dossier.channel,
          category: dossier.fee?.category,
          evidence: dossier.fee?.evidence,
          at: now,
        })
      : null;
    const set = {
      ...clock.set,
      resumeStatus: null,
      attachments,
      ...(input.formData ? { formData: { ...dossier.formData, ...input.formData } } : {}),
      ...(fee ? { fee, feeTotal: fee.total } : {}),
    };
    const feeChange = fee && fee.total !== dossier.feeTotal ? { fee: { from: dossier.feeTotal, to: fee.total } } : {};
    const details = {
      files: added.flatMap((a) => a.files),
      ...(input.note ? { note: input.note } : {}),
      ...clock.details,
      ...feeChange,
    };
    return { to: dossier.resumeStatus ?? 'received', set, details };
  },
});
