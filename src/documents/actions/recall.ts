import { and, eq } from 'drizzle-orm';
import { Type } from 'typebox';
import { defineAction, staff } from './base.js';
import { queueEnvelopes } from '../exchange/service.js';
import { documentExchangeMessages } from '../exchange/schema.js';

/**
 * Lấy lại (thu hồi) a sent document: a recall envelope to every agency it was sent to through the exchange; each
 * receiver cancels it and answers 15 (agreed). Nghị định 30/2020 art. 18.
 */
export const recall = defineAction<{ reason: string }>({
  name: 'recall',
  label: { vi: 'Lấy lại văn bản', en: 'Recall' },
  direction: 'outgoing',
  from: ['sent'],
  performers: [staff('documents.send')],
  body: Type.Object({ reason: Type.String({ minLength: 1, maxLength: 2000 }) }, { additionalProperties: false }),
  async run({ tx, document: d, input }) {
    const sent = await tx
      .select({ to: documentExchangeMessages.toOrganId })
      .from(documentExchangeMessages)
      .where(
        and(
          eq(documentExchangeMessages.documentId, d.id),
          eq(documentExchangeMessages.direction, 'out'),
          eq(documentExchangeMessages.kind, 'edoc'),
          eq(documentExchangeMessages.business, 'new'),
        ),
      );
    const organs = [...new Set(sent.map((s) => s.to))];
    const queued = organs.length ? await queueEnvelopes(tx, d, 'recall', input.reason, organs) : [];
    return {
      to: 'withdrawn',
      details: { reason: input.reason, envelopes: queued.map((m) => ({ messageId: m.messageId, to: m.toOrganId })) },
    };
  },
});
