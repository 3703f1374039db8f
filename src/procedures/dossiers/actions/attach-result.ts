import { Type } from 'typebox';
import { problems } from '../../../platform/index.js';
import { Sha256 } from '../attachments.js';
import { keepResult } from '../../repository/keep.js';
import { defineAction, staff } from './base.js';

/** Có kết quả: the signed result document is stored; its time is what early / on time / late is measured by. */
export const attachResult = defineAction<{ sha256: string; note?: string; number?: string; validUntil?: string }>({
  name: 'attach-result',
  label: { vi: 'Cập nhật kết quả', en: 'Attach the result' },
  from: ['approved'],
  performers: [staff('dossiers.result', 'handling', 'receiving')],
  body: Type.Object(
    {
      sha256: Sha256,
      note: Type.Optional(Type.String({ maxLength: 2000 })),
      number: Type.Optional(
        Type.String({
          minLength: 1,
          maxLength: 100,
          description: 'Số, ký hiệu giấy tờ kết quả (lưu vào kho dữ liệu của người nộp)',
        }),
      ),
      validUntil: Type.Optional(Type.String({ format: 'date', description: 'Giấy tờ kết quả có giá trị đến ngày' })),
    },
    { additionalProperties: false },
  ),
  async run({ tx, files, input, now, principal, dossier }) {
    // Only a file the acting officer uploaded: an address known from elsewhere is no key to its content.
    if (!(await files.uploaders(tx, [input.sha256])).get(input.sha256)?.has(principal.accountId))
      throw problems.invalidField(
        '/body/sha256',
        { vi: 'Tệp kết quả chưa được tải lên.', en: 'The result file has not been uploaded.' },
        'file-not-found',
      );
    // The result becomes the applicant's electronic document (kho dữ liệu, ../../repository).
    const documentId = await keepResult(tx, dossier, input, now);
    return {
      to: 'result_ready',
      set: { resultSha256: input.sha256, completedAt: now },
      details: {
        sha256: input.sha256,
        ...(input.note ? { note: input.note } : {}),
        ...(documentId ? { documentId } : {}),
      },
      notify: true,
    };
  },
});
