import { Type } from 'typebox';
import { problems } from '../../../platform/index.js';
import { feeAccount } from '../../payments/account.js';
import { defineAction, staff } from './base.js';

/** Trả kết quả: the desk hands the result to the applicant. */
export const returnResult = defineAction<{ note?: string }>({
  name: 'return',
  label: { vi: 'Trả kết quả', en: 'Return the result' },
  from: ['result_ready'],
  performers: [staff('dossiers.receive', 'receiving', 'handling')],
  body: Type.Object({ note: Type.Optional(Type.String({ maxLength: 2000 })) }, { additionalProperties: false }),
  async run({ tx, dossier, now, input }) {
    // A result is not handed over while a fee is owed (an exempt dossier owes nothing): the desk records the payment first.
    const account = await feeAccount(tx, dossier);
    if (account.owed > 0) {
      throw problems.conflict(
        {
          vi: `Hồ sơ còn nợ phí, lệ phí ${account.owed.toLocaleString('vi-VN')} đồng; thu phí trước khi trả kết quả.`,
          en: `A fee of ${account.owed} VND is owed; collect it before returning the result.`,
        },
        { code: 'fee-unpaid', extra: { owed: account.owed, total: account.total, paid: account.paid } },
      );
    }
    return { to: 'returned', set: { returnedAt: now }, details: input.note ? { note: input.note } : {} };
  },
});
