import { Type } from 'typebox';
import { problems } from '../../platform/index.js';
import { agencyOf } from '../access.js';
import { checkAssignee } from './assignees.js';
import { defineAction, staff } from './base.js';

/** Trình: the drafter sends the draft to the unit head (trưởng phòng) for review. */
export const submit = defineAction<{ reviewerId?: string; note?: string }>({
  name: 'submit',
  label: { vi: 'Trình duyệt', en: 'Submit for review' },
  direction: 'outgoing',
  from: ['draft'],
  performers: [staff('documents.draft', 'drafting_unit', 'agency')],
  body: Type.Object(
    {
      reviewerId: Type.Optional(Type.String({ format: 'uuid' })),
      note: Type.Optional(Type.String({ maxLength: 2000 })),
    },
    { additionalProperties: false },
  ),
  async run({ tx, document: d, input, scopes }) {
    if (!d.body?.trim())
      throw problems.conflict(
        { vi: 'Dự thảo chưa có nội dung.', en: 'The draft has no body yet.' },
        { code: 'empty-draft' },
      );
    if (input.reviewerId)
      await checkAssignee(
        tx,
        scopes,
        input.reviewerId,
        agencyOf(d, 'drafting_unit'),
        'documents.review',
        '/body/reviewerId',
      );
    return {
      to: 'in_review',
      set: { reviewerId: input.reviewerId ?? d.reviewerId },
      details: {
        version: d.version,
        ...(input.reviewerId ? { reviewerId: input.reviewerId } : {}),
        ...(input.note ? { note: input.note } : {}),
      },
    };
  },
});
