import { Type } from 'typebox';
import { problems } from '../../../platform/index.js';
import { Sha256 } from '../attachments.js';
import { defineAction, staff } from './base.js';

/** Có kết quả: the signed result document is stored; its time is what early / on time / late is measured by. */
export const attachResult = defineAction<{ sha256: string; note?: string }>({
  name: 'attach-result',
  label: { vi: 'Cập nhật kết quả', en: 'Attach the result' },
  from: ['approved'],
  performers: [staff('dossiers.result', 'handling', 'receiving')],
  body: Type.Object({ sha256: Sha256, note: Type.Optional(Type.String({ maxLength: 2000 })) }, { additionalProperties: false }),
  async run({ tx, files, input, now, principal }) {
    // Only a file the acting officer uploaded: an address known from elsewhere is no key to its content.
    if (!(await files.uploaders(tx, [input.sha256])).get(input.sha256)?.has(principal.accountId)) throw problems.invalidField('/body/sha256', { vi: 'Tệp kết quả chưa được tải lên.', en: 'The result file has not been uploaded.' }, 'file-not-found');
    return { to: 'result_ready', set: { resultSha256: input.sha256, completedAt: now }, details: { sha256: input.sha256, ...(input.note ? { note: input.note } : {}) }, notify: true };
  },
});
