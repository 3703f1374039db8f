import { Type } from 'typebox';
import { defineAction } from './base.js';
import { OutboxSmsSender } from '../../platform/index.js';

const sms = new OutboxSmsSender();

/** Yêu cầu bổ sung thông tin: the agency asks the reporter; a reporter with a phone gets a text. */
export const requestInfo = defineAction<{ question: string }>({
  name: 'request-info',
  label: { vi: 'Yêu cầu bổ sung thông tin', en: 'Request information' },
  from: ['new', 'in_progress'],
  by: 'staff',
  body: Type.Object({ question: Type.String({ minLength: 3, maxLength: 2000 }) }, { additionalProperties: false }),
  async run({ tx, report, input }) {
    if (report.reporterPhone) {
      await sms.send(tx, {
        to: report.reporterPhone,
        body: `Phan anh ${report.publicId}: co quan xu ly can bo sung thong tin. Vui long xem tren ung dung.`,
        purpose: 'feedback.request-info',
      });
    }
    return { to: 'info_requested', details: { question: input.question } };
  },
});
