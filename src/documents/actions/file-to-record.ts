import { eq } from 'drizzle-orm';
import { Type } from 'typebox';
import { problems } from '../../platform/index.js';
import { workRecords } from '../schema.js';
import { defineAction, staff } from './base.js';

/** Lập hồ sơ: put the document in a work record (hồ sơ công việc) of its agency, or take it out (null). */
export const fileToRecord = defineAction<{ workRecordId: string | null }>({
  name: 'file-to-record',
  label: { vi: 'Đưa vào hồ sơ công việc', en: 'File in a work record' },
  direction: 'both',
  from: [
    'draft',
    'in_review',
    'in_approval',
    'approved',
    'numbered',
    'signed',
    'issued',
    'sent',
    'registered',
    'assigned',
    'in_progress',
    'completed',
    'withdrawn',
    'replaced',
  ],
  performers: [staff('documents.work-records', 'agency', 'drafting_unit')],
  body: Type.Object(
    { workRecordId: Type.Union([Type.String({ format: 'uuid' }), Type.Null()]) },
    { additionalProperties: false },
  ),
  async run({ tx, document: d, input }) {
    if (input.workRecordId) {
      const [r] = await tx.select().from(workRecords).where(eq(workRecords.id, input.workRecordId));
      if (!r || r.agencyId !== d.agencyId)
        throw problems.invalidField(
          '/body/workRecordId',
          { vi: 'Không có hồ sơ công việc này ở cơ quan.', en: 'No such work record in the agency.' },
          'unknown-work-record',
        );
      if (r.status !== 'open')
        throw problems.conflict(
          { vi: 'Hồ sơ công việc đã đóng.', en: 'The work record is closed.' },
          { code: 'work-record-closed' },
        );
    }
    return {
      to: 'same',
      set: { workRecordId: input.workRecordId },
      details: { workRecordId: input.workRecordId, previous: d.workRecordId },
    };
  },
});
