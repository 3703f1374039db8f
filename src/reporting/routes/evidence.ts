/** Evidence (minh chứng) of an entered value or an answer: an uploaded file of an allowed type, or an https link. */
import { Type } from 'typebox';
import { problems, type App } from '../../platform/index.js';

export const EVIDENCE_TYPES = [
  'application/pdf',
  'image/jpeg',
  'image/png',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
];

export const Evidence = Type.Object(
  {
    fileSha256: Type.Optional(
      Type.String({ pattern: '^[0-9a-f]{64}$', description: 'a file uploaded through /api/files' }),
    ),
    url: Type.Optional(
      Type.String({ format: 'uri', maxLength: 2000, description: 'an https link to a published document' }),
    ),
  },
  { additionalProperties: false },
);

export async function checkEvidence(
  app: App,
  e: { fileSha256?: string; url?: string },
): Promise<{ sha256: string | null; url: string | null }> {
  if (!e.fileSha256 && !e.url)
    throw problems.invalidField(
      '/body/evidence',
      {
        vi: 'Cần minh chứng: một tệp đã tải lên hoặc một đường dẫn https.',
        en: 'Evidence is required: an uploaded file or an https link.',
      },
      'evidence-required',
    );
  if (e.url && !/^https:\/\//i.test(e.url))
    throw problems.invalidField(
      '/body/evidence/url',
      { vi: 'Đường dẫn minh chứng phải là https.', en: 'An evidence link must be https.' },
      'evidence-url',
    );
  if (e.fileSha256) {
    const meta = await app.ctx.files.metadata(e.fileSha256);
    if (!meta)
      throw problems.invalidField(
        '/body/evidence/fileSha256',
        { vi: 'Không có tệp minh chứng này.', en: 'No such evidence file.' },
        'evidence-file',
      );
    if (!EVIDENCE_TYPES.includes(meta.contentType))
      throw problems.invalidField(
        '/body/evidence/fileSha256',
        {
          vi: `Loại tệp "${meta.contentType}" không được dùng làm minh chứng (PDF, ảnh, Word, Excel).`,
          en: `A "${meta.contentType}" file is not accepted as evidence (PDF, image, Word, Excel).`,
        },
        'evidence-type',
      );
  }
  return { sha256: e.fileSha256 ?? null, url: e.url ?? null };
}
