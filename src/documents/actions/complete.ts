import { Type } from 'typebox';
import { problems, StringEnum } from '../../platform/index.js';
import { isAssigned } from '../access.js';
import { findDocument } from '../find.js';
import { OUTCOMES, type Outcome } from '../statuses.js';
import { defineAction, staff } from './base.js';

/** Hoàn thành: the lead handler (or a leader) closes the handling, saying how it was settled. */
export const complete = defineAction<{ outcome: Outcome; note?: string; replyDocumentId?: string }>({
  name: 'complete',
  label: { vi: 'Hoàn thành xử lý', en: 'Complete' },
  direction: 'incoming',
  from: ['assigned', 'in_progress'],
  performers: [
    staff('documents.assign'),
    { permission: 'documents.handle', scopes: ['agency'], only: (d, who, ex) => isAssigned(ex, d.id, who, ['lead']) },
  ],
  body: Type.Object(
    {
      outcome: StringEnum(OUTCOMES, {
        description: 'replied (trả lời bằng văn bản), filed (lưu hồ sơ), for_information (để biết)',
      }),
      note: Type.Optional(Type.String({ maxLength: 4000 })),
      replyDocumentId: Type.Optional(Type.String({ format: 'uuid' })),
    },
    { additionalProperties: false },
  ),
  async run({ tx, document: d, input, now }) {
    if (input.outcome === 'replied') {
      const reply = input.replyDocumentId ? await findDocument(tx, input.replyDocumentId) : undefined;
      if (!reply || reply.direction !== 'outgoing' || reply.agencyId !== d.agencyId) {
        throw problems.invalidField(
          '/body/replyDocumentId',
          { vi: 'Cần chỉ ra văn bản đi trả lời của cơ quan.', en: 'Name the agency’s outgoing reply.' },
          'reply-required',
        );
      }
    }
    return {
      to: 'completed',
      set: { completedAt: now, outcome: input.outcome, outcomeNote: input.note ?? null },
      details: {
        outcome: input.outcome,
        ...(input.note ? { note: input.note } : {}),
        ...(input.replyDocumentId ? { replyDocumentId: input.replyDocumentId } : {}),
      },
    };
  },
});
