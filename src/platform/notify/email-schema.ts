import { bigserial, index, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * Every e-mail the platform sends (thư điện tử), written in the transaction of the change that
 * causes it and delivered by the job runner. Without an SMTP server configured the row is the only
 * copy (status 'kept'), so a fresh installation still shows what it would have sent.
 */
export const emails = pgTable(
  'emails',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    to: text('to').notNull(),
    subject: text('subject').notNull(),
    text: text('text').notNull(),
    html: text('html'),
    /** Why it was sent, e.g. 'dossier.received'; with `ref` it names the event, and dedupes it. */
    purpose: text('purpose').notNull(),
    ref: text('ref'),
    status: text('status', { enum: ['pending', 'sent', 'kept'] })
      .notNull()
      .default('pending'),
    messageId: text('message_id'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    sentAt: timestamp('sent_at', { withTimezone: true }),
  },
  (t) => [index('emails_to_idx').on(t.to, t.createdAt), index('emails_ref_idx').on(t.purpose, t.ref)],
);
