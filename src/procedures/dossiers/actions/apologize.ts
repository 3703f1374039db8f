import { Type } from 'typebox';
import { problems } from '../../../platform/index.js';
import { isLate } from '../late.js';
import { defineAction, staff } from './base.js';

/**
 * Phiếu xin lỗi và hẹn lại ngày trả kết quả: only for a late dossier. The new date is kept beside the
 * original appointment, which never moves: the dossier stays counted as late.
 */
export const apologize = defineAction<{ newDueAt?: string; workingDays?: number; reason: string }>({
  name: 'apologize',
  label: { vi: 'Xin lỗi và hẹn lại', en: 'Apologise and set a new date' },
  from: ['received', 'processing', 'supplement_requested', 'awaiting_approval', 'approved', 'suspended'],
  performers: [staff('dossiers.apologize', 'receiving', 'handling', 'current')],
  body: Type.Object(
    {
      reason: Type.String({ minLength: 1, maxLength: 4000 }),
      newDueAt: Type.Optional(Type.String({ format: 'date-time', description: 'Ngày hẹn mới' })),
      workingDays: Type.Optional(
        Type.Number({
          minimum: 0.5,
          maximum: 365,
          multipleOf: 0.5,
          description: 'Hoặc: số ngày làm việc thêm, tính từ bây giờ',
        }),
      ),
    },
    { additionalProperties: false },
  ),
  guard: (d, now) =>
    isLate(d, now)
      ? null
      : { vi: 'Chỉ lập phiếu xin lỗi khi hồ sơ đã quá hạn.', en: 'An apology is only for a late dossier.' },
  run({ input, now, calendar }) {
    const when = input.newDueAt
      ? new Date(input.newDueAt)
      : input.workingDays
        ? calendar.addWorkingDays(now, input.workingDays)
        : null;
    if (!when)
      throw problems.invalidField(
        '/body/newDueAt',
        { vi: 'Cần ngày hẹn mới hoặc số ngày làm việc.', en: 'A new date or a number of working days is required.' },
        'required',
      );
    if (when.getTime() <= now.getTime())
      throw problems.invalidField(
        '/body/newDueAt',
        { vi: 'Ngày hẹn mới phải sau thời điểm hiện tại.', en: 'The new date must be in the future.' },
        'not-future',
      );
    return {
      to: 'same',
      set: { newDueAt: when },
      details: { reason: input.reason, newDueAt: when.toISOString() },
      notify: true,
    };
  },
});
