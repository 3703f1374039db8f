import { bigserial, index, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * Text messages to send (hộp thư đi SMS). The development provider stops here, and tests read the
 * messages from this table; a real gateway would deliver rows from here and set `sent_at`.
 */
export const smsOutbox = pgTable(
  'sms_outbox',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    to: text('to').notNull(),
    body: text('body').notNull(),
    /** What sent it, e.g. 'feedback.otp'; never the message's secret. */
    purpose: text('purpose').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    sentAt: timestamp('sent_at', { withTimezone: true }),
  },
  (t) => [index('sms_outbox_to_idx').on(t.to, t.createdAt)],
);
export { emails } from './email-schema.js';
