import { Type } from 'typebox';
import { problems, StringEnum } from '../../platform/index.js';
import { findReport } from '../load.js';
import { defineAction } from './base.js';

/** Từ chối: not a valid report, or a duplicate of another one (named). */
export const reject = defineAction<{ kind: 'invalid' | 'duplicate'; reason: string; duplicateOf?: string }>({
  name: 'reject',
  label: { vi: 'Từ chối', en: 'Reject' },
  from: ['new', 'in_progress'],
  by: 'staff',
  body: Type.Object(
    {
      kind: StringEnum(['invalid', 'duplicate'] as const),
      reason: Type.String({ minLength: 3, maxLength: 2000 }),
      duplicateOf: Type.Optional(
        Type.String({ minLength: 1, maxLength: 64, description: 'id or public number of the original report' }),
      ),
    },
    { additionalProperties: false },
  ),
  async run({ tx, report, input }) {
    if (input.kind === 'invalid') return { to: 'rejected', details: { kind: 'invalid', reason: input.reason } };
    const original = input.duplicateOf ? await findReport(tx, input.duplicateOf) : null;
    if (!original || original.id === report.id) {
      throw problems.invalidField(
        '/body/duplicateOf',
        { vi: 'Cần chỉ ra phản ánh gốc (khác phản ánh này).', en: 'Name the original report (another one).' },
        'duplicate-of',
      );
    }
    return {
      to: 'rejected',
      set: { mergedIntoId: original.id },
      details: { kind: 'duplicate', reason: input.reason, duplicateOf: original.publicId },
    };
  },
});
