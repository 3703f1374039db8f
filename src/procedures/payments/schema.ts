import { sql } from 'drizzle-orm';
import { bigserial, check, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { accounts } from '../../platform/auth/schema.js';
import { dossiers } from '../dossiers/schema.js';

export const PAYMENT_PROVIDERS = ['gateway', 'vietqr'] as const;
export const PAYMENT_STATUSES = ['pending', 'paid', 'failed', 'cancelled'] as const;

/**
 * A request to pay a dossier's fees (phí, lệ phí). The status is a cache of the fold of its events;
 * an amount is in đồng (VND has no minor unit).
 */
export const paymentRequests = pgTable(
  'payment_requests',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    dossierId: uuid('dossier_id')
      .notNull()
      .references(() => dossiers.id),
    amount: integer('amount').notNull(),
    description: text('description').notNull(),
    provider: text('provider', { enum: PAYMENT_PROVIDERS }).notNull(),
    status: text('status', { enum: PAYMENT_STATUSES }).notNull().default('pending'),
    /** The provider's id for this payment (gateway transaction, or the transfer reference for VietQR). */
    providerRef: text('provider_ref'),
    payUrl: text('pay_url'),
    /** The EMVCo/VietQR string a banking app scans. */
    qrPayload: text('qr_payload'),
    /** Receipt number (số biên lai), given when paid. */
    receiptNo: text('receipt_no'),
    createdBy: uuid('created_by').references(() => accounts.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    paidAt: timestamp('paid_at', { withTimezone: true }),
  },
  (t) => [
    index('payment_requests_dossier_idx').on(t.dossierId),
    uniqueIndex('payment_requests_provider_ref_uq').on(t.provider, t.providerRef),
    uniqueIndex('payment_requests_receipt_uq').on(t.receiptNo),
    // At most one open request per dossier: a second click finds the first.
    uniqueIndex('payment_requests_open_uq').on(t.dossierId).where(sql`${t.status} = 'pending'`),
    check('payment_requests_amount_ck', sql`${t.amount} > 0`),
  ],
);

/** What happened to a payment, append-only; a provider's event id is accepted once (replay-proof). */
export const paymentEvents = pgTable(
  'payment_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    paymentId: uuid('payment_id')
      .notNull()
      .references(() => paymentRequests.id),
    kind: text('kind', { enum: ['created', 'paid', 'failed', 'confirmed', 'cancelled'] }).notNull(),
    provider: text('provider').notNull(),
    providerEventId: text('provider_event_id'),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
    actorId: uuid('actor_id').references(() => accounts.id),
    details: jsonb('details').$type<Record<string, unknown>>().notNull().default(sql`'{}'::jsonb`),
  },
  (t) => [index('payment_events_payment_idx').on(t.paymentId), uniqueIndex('payment_events_provider_event_uq').on(t.provider, t.providerEventId)],
);

/** Receipt numbers per year, allocated in the paying transaction: no gaps, no duplicates. */
export const paymentReceiptCounters = pgTable('payment_receipt_counters', {
  year: integer('year').primaryKey(),
  last: integer('last').notNull(),
});
