import { eq } from 'drizzle-orm';
import { Type } from 'typebox';
import { defineAction, staff } from './base.js';
import { documents } from '../schema.js';
import { queueEnvelopes } from '../exchange/service.js';

/**
 * Gửi văn bản: the clerk sends the issued document to its recipients that are agencies, as edXML envelopes through the
 * exchange (an agency here directly, another deployment over HTTP), delivered from the outbox until acknowledged.
 * A document that replaces an earlier one (replacesId) goes as an update (thay thế) of that one.
 */
export const send = defineAction<{ withPaper?: boolean }>({
  name: 'send',
  label: { vi: 'Gửi văn bản', en: 'Send' },
  direction: 'outgoing',
  from: ['issued', 'sent'],
  performers: [staff('documents.send')],
  body: Type.Object({ withPaper: Type.Optional(Type.Boolean()) }, { additionalProperties: false }),
  async run({ tx, document: d, input, now }) {
    let business: 'new' | 'replace' = 'new';
    let replaces: string | undefined;
    if (d.replacesId) {
      const [old] = await tx.select().from(documents).where(eq(documents.id, d.replacesId));
      if (old?.numberSymbol) {
        business = 'replace';
        replaces = old.id;
      }
    }
    const queued = await queueEnvelopes(tx, d, business, undefined, undefined, replaces);
    const paper = input.withPaper ?? (d.recipients ?? []).some((r) => r.paper);
    return {
      to: 'sent',
      set: {
        sentAt: now,
        sentElectronically: d.sentElectronically || queued.length > 0,
        sentWithPaper: d.sentWithPaper || paper,
      },
      details: { envelopes: queued.map((m) => ({ messageId: m.messageId, to: m.toOrganId })), withPaper: paper },
    };
  },
});
