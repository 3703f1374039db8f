import { sql } from 'drizzle-orm';
import {
  bigserial,
  check,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { accounts } from '../../platform/auth/schema.js';
import { agencies } from '../../directory/schema.js';
import { dossiers } from '../dossiers/schema.js';

/** gateway: the project's own signed protocol; vnpay: VNPAY 2.1.0; vietqr: a bank transfer; desk: cash or card at the one-stop desk. */
export const PAYMENT_PROVIDERS = ['gateway', 'vnpay', 'vietqr', 'desk'] as const;
export const DESK_METHODS = ['cash', 'card'] as const;
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
    /** Receipt number (số biên lai), given when paid, from the receiving agency's receipt book of the year. */
    receiptNo: text('receipt_no'),
    receiptBookId: uuid('receipt_book_id').references(() => receiptBooks.id),
    receiptSeq: integer('receipt_seq'),
    /** desk: cash (tiền mặt) or card (thẻ). */
    method: text('method', { enum: DESK_METHODS }),
    /** Paid back after a refusal or withdrawal, where the fee rule says so. */
    refundedAmount: integer('refunded_amount'),
    refundedAt: timestamp('refunded_at', { withTimezone: true }),
    createdBy: uuid('created_by').references(() => accounts.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    paidAt: timestamp('paid_at', { withTimezone: true }),
  },
  (t) => [
    index('payment_requests_dossier_idx').on(t.dossierId),
    uniqueIndex('payment_requests_provider_ref_uq').on(t.provider, t.providerRef),
    uniqueIndex('payment_requests_receipt_uq').on(t.receiptNo),
    uniqueIndex('payment_requests_receipt_seq_uq').on(t.receiptBookId, t.receiptSeq),
    check('payment_requests_method_ck', sql`${t.method} IS NULL OR ${t.method} IN ('cash', 'card')`),
    check(
      'payment_requests_refund_ck',
      sql`${t.refundedAmount} IS NULL OR (${t.refundedAmount} > 0 AND ${t.refundedAmount} <= ${t.amount})`,
    ),
    // At most one open request per dossier: a second click finds the first.
    uniqueIndex('payment_requests_open_uq')
      .on(t.dossierId)
      .where(sql`${t.status} = 'pending'`),
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
    kind: text('kind', { enum: ['created', 'paid', 'failed', 'confirmed', 'cancelled', 'refunded'] }).notNull(),
    provider: text('provider').notNull(),
    providerEventId: text('provider_event_id'),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
    actorId: uuid('actor_id').references(() => accounts.id),
    details: jsonb('details')
      .$type<Record<string, unknown>>()
      .notNull()
      .default(sql`'{}'::jsonb`),
  },
  (t) => [
    index('payment_events_payment_idx').on(t.paymentId),
    uniqueIndex('payment_events_provider_event_uq').on(t.provider, t.providerEventId),
  ],
);

/**
 * Receipt books (quyển biên lai điện tử): one per agency and year; `last` is the last number given,
 * taken in the paying transaction (row lock until commit): no gaps, no number given twice.
 */
export const receiptBooks = pgTable(
  'receipt_books',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    agencyId: uuid('agency_id')
      .notNull()
      .references(() => agencies.id),
    year: integer('year').notNull(),
    /** Ký hiệu: the agency's code and the year, e.g. 000.00.05.H57/BL26. */
    symbol: text('symbol').notNull(),
    last: integer('last').notNull().default(0),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('receipt_books_agency_year_uq').on(t.agencyId, t.year),
    check('receipt_books_last_ck', sql`${t.last} >= 0`),
  ],
);

/** Receipt numbers per year before receipt books (kept for the receipts already given). */
export const paymentReceiptCounters = pgTable('payment_receipt_counters', {
  year: integer('year').primaryKey(),
  last: integer('last').notNull(),
});
