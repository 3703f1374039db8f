import { sql } from 'drizzle-orm';
import {
  bigserial,
  boolean,
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
import { dossiers } from '../dossiers/schema.js';

/** intake: papers the postal service collected and brought to the desk; return: the result carried to the applicant. */
export const SHIPMENT_DIRECTIONS = ['intake', 'return'] as const;
export type ShipmentDirection = (typeof SHIPMENT_DIRECTIONS)[number];

export const SHIPMENT_STATUSES = [
  'requested',
  'handed_over',
  'in_transit',
  'delivered',
  'returned_to_sender',
  'cancelled',
] as const;
export type ShipmentStatus = (typeof SHIPMENT_STATUSES)[number];

/** What the applicant pays the postal service (bưu chính công ích, Quyết định 45/2016/QĐ-TTg): rows an administrator edits. */
export const postalRates = pgTable(
  'postal_rates',
  {
    code: text('code').primaryKey(),
    name: text('name').notNull(),
    nameEn: text('name_en').notNull(),
    amount: integer('amount').notNull(),
    active: boolean('active').notNull().default(true),
    demo: boolean('demo').notNull().default(false),
  },
  (t) => [check('postal_rates_amount_ck', sql`${t.amount} >= 0`)],
);

/** A dossier's postal leg; `status` is a cache of the fold of its events (postal_events). */
export const postalShipments = pgTable(
  'postal_shipments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    dossierId: uuid('dossier_id')
      .notNull()
      .references(() => dossiers.id),
    direction: text('direction', { enum: SHIPMENT_DIRECTIONS }).notNull(),
    status: text('status', { enum: SHIPMENT_STATUSES }).notNull(),
    rateCode: text('rate_code').references(() => postalRates.code),
    fee: integer('fee').notNull().default(0),
    recipientName: text('recipient_name').notNull(),
    recipientPhone: text('recipient_phone'),
    address: text('address').notNull(),
    carrier: text('carrier'),
    trackingCode: text('tracking_code'),
    createdBy: uuid('created_by').references(() => accounts.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('postal_shipments_dossier_uq')
      .on(t.dossierId, t.direction)
      .where(sql`${t.status} <> 'cancelled'`),
    uniqueIndex('postal_shipments_tracking_uq').on(t.carrier, t.trackingCode),
    check('postal_shipments_direction_ck', sql`${t.direction} IN ('intake','return')`),
    check(
      'postal_shipments_status_ck',
      sql`${t.status} IN ('requested','handed_over','in_transit','delivered','returned_to_sender','cancelled')`,
    ),
    check('postal_shipments_fee_ck', sql`${t.fee} >= 0`),
  ],
);

/** What happened to a shipment, append-only; a carrier's event id is applied once. */
export const postalEvents = pgTable(
  'postal_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    shipmentId: uuid('shipment_id')
      .notNull()
      .references(() => postalShipments.id),
    status: text('status', { enum: SHIPMENT_STATUSES }).notNull(),
    carrier: text('carrier').notNull(),
    eventId: text('event_id'),
    at: timestamp('at', { withTimezone: true }).notNull(),
    recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull().defaultNow(),
    actorId: uuid('actor_id').references(() => accounts.id),
    details: jsonb('details')
      .$type<Record<string, unknown>>()
      .notNull()
      .default(sql`'{}'::jsonb`),
  },
  (t) => [
    index('postal_events_shipment_idx').on(t.shipmentId),
    uniqueIndex('postal_events_carrier_event_uq').on(t.carrier, t.eventId),
  ],
);

export type PostalShipment = typeof postalShipments.$inferSelect;
export type PostalEvent = typeof postalEvents.$inferSelect;
