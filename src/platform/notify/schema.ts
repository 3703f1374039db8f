import { bigserial, index, integer, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

/** pending: to deliver; kept: no provider configured (development); sent: the carrier accepted it; delivered/failed: its report. */
export const SMS_STATUSES = ['pending', 'kept', 'sent', 'delivered', 'failed'] as const;
export type SmsStatus = (typeof SMS_STATUSES)[number];

/**
 * Text messages to send (hộp thư đi SMS). The development provider stops here, and tests read the
 * messages from this table; the `notify.sms` job delivers
 * rows from here through the configured carrier gateway (./sms-gateway.ts) and records its delivery status.
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
    status: text('status', { enum: SMS_STATUSES }).notNull().default('pending'),
    /** The configured provider that took it (SMS_PROVIDER), and the carrier's id of the message. */
    provider: text('provider'),
    providerMessageId: text('provider_message_id'),
    /** The carrier's own delivery status, as reported (a callback or a poll). */
    deliveryStatus: text('delivery_status'),
    deliveredAt: timestamp('delivered_at', { withTimezone: true }),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
  },
  (t) => [
    index('sms_outbox_to_idx').on(t.to, t.createdAt),
    uniqueIndex('sms_outbox_provider_message_uq').on(t.provider, t.providerMessageId),
    index('sms_outbox_status_idx').on(t.status),
  ],
);
export { emails } from './email-schema.js';
