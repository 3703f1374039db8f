/** Attached papers: every file must already be in the file store, uploaded (POST /api/files) by whoever attaches it. */
import { Type } from 'typebox';
import type { Executor, FieldError, Files } from '../../platform/index.js';
import type { PaperAttachment } from './schema.js';

export const Sha256 = Type.String({
  pattern: '^[0-9a-f]{64}$',
  description: 'SHA-256 của tệp đã tải lên — the file’s content address',
});

export const AttachmentSchema = Type.Object(
  {
    paperId: Type.Union([Type.String({ format: 'uuid' }), Type.Null()], {
      description: 'Thành phần hồ sơ (procedure_papers.id); null = giấy tờ khác',
    }),
    name: Type.Optional(Type.String({ maxLength: 300 })),
    files: Type.Array(Sha256, { minItems: 1, maxItems: 20 }),
  },
  { additionalProperties: false },
);

/** The files named in `atts` for which `isMissing` holds, as field errors under `base`. */
export function notUploadedErrors(
  atts: PaperAttachment[],
  isMissing: (sha: string) => boolean,
  base: string,
): FieldError[] {
  const errors: FieldError[] = [];
  for (const [i, a] of atts.entries()) {
    for (const [j, sha] of a.files.entries()) {
      if (isMissing(sha))
        errors.push({
          field: `${base}/${i}/files/${j}`,
          code: 'file-not-found',
          message: { vi: 'Tệp chưa được tải lên.', en: 'The file has not been uploaded.' },
        });
    }
  }
  return errors;
}

/** Files named in `atts` that `accountId` did not upload, as field errors (one query for all): unknown and foreign alike. */
export async function missingFiles(
  ex: Executor,
  files: Files,
  atts: PaperAttachment[],
  base: string,
  accountId: string,
): Promise<FieldError[]> {
  const uploaders = await files.uploaders(
    ex,
    atts.flatMap((a) => a.files),
  );
  return notUploadedErrors(atts, (sha) => !uploaders.get(sha)?.has(accountId), base);
}

/** Adds newly supplied files to the dossier's papers (a supplement adds, it never removes). */
export function mergeAttachments(current: PaperAttachment[], added: PaperAttachment[]): PaperAttachment[] {
  const out = current.map((a) => ({ ...a, files: [...a.files] }));
  for (const a of added) {
    const same = out.find((o) => o.paperId === a.paperId && (a.paperId !== null || o.name === a.name));
    if (same) same.files = [...new Set([...same.files, ...a.files])];
    else out.push({ ...a, files: [...new Set(a.files)] });
  }
  return out;
}
