import { sql } from 'drizzle-orm';
import {
  bigserial,
  boolean,
  check,
  index,
  integer,
  jsonb,
  pgTable,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { documents } from '../schema.js';

/**
 * This deployment's exchange identity: an ES256 key pair made on first use. Envelopes and status packets it sends
 * carry a JWS by this key; peers know the public key (GET /api/documents/exchange/identity) from their configuration.
 * The private key is sealed at rest like the signing keys.
 */
export const documentExchangeIdentity = pgTable(
  'document_exchange_identity',
  {
    id: smallint('id').primaryKey().default(1),
    keyId: text('key_id').notNull(),
    publicJwk: jsonb('public_jwk').notNull(),
    sealedPrivateKey: text('sealed_private_key').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [check('document_exchange_identity_one_ck', sql`${t.id} = 1`)],
);

/** Other deployments (the national exchange or another province's platform): where to post, whose key to trust, which agencies (mã định danh) they serve. */
export const documentExchangePeers = pgTable(
  'document_exchange_peers',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull(),
    baseUrl: text('base_url').notNull(),
    keyId: text('key_id').notNull(),
    publicJwk: jsonb('public_jwk').notNull(),
    organIds: text('organ_ids')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    active: boolean('active').notNull().default(true),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('document_exchange_peers_key_uq').on(t.keyId)],
);

export const MESSAGE_KINDS = ['edoc', 'status'] as const;
export const MESSAGE_DIRECTIONS = ['out', 'in'] as const;
/** edXML Bussiness/BussinessDocType: 0 new, 1 recall (thu hồi), 2 update (cập nhật), 3 replace (thay thế). */
export const BUSINESS_TYPES = ['new', 'recall', 'update', 'replace'] as const;
export type BusinessType = (typeof BUSINESS_TYPES)[number];

/**
 * Every envelope (gói tin văn bản) and status packet (gói tin trạng thái) sent or received. Outgoing rows are the
 * outbox: a job delivers each until the receiver acknowledges it. Incoming rows make delivery idempotent: a second
 * copy of a message id is acknowledged and applied no more.
 */
export const documentExchangeMessages = pgTable(
  'document_exchange_messages',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    messageId: uuid('message_id').notNull(),
    direction: text('direction', { enum: MESSAGE_DIRECTIONS }).notNull(),
    kind: text('kind', { enum: MESSAGE_KINDS }).notNull(),
    business: text('business', { enum: BUSINESS_TYPES }),
    /** Our document: the outgoing one sent or answered, the incoming one received. */
    documentId: uuid('document_id').references(() => documents.id),
    /** For a status packet: the envelope it answers; for a recall/update: the envelope it concerns. */
    relatesTo: uuid('relates_to'),
    fromOrganId: text('from_organ_id').notNull(),
    toOrganId: text('to_organ_id').notNull(),
    /** Status packets: 01 đã đến · 02 từ chối · 03 đã tiếp nhận · 04 chờ phân công · 05 đã phân công/đang xử lý · 06 hoàn thành · 13 lấy lại · 15/16 đồng ý/từ chối lấy lại, cập nhật. */
    statusCode: text('status_code'),
    description: text('description'),
    /** pending → delivered (acknowledged) or dead; received rows: applied or rejected. */
    state: text('state').notNull(),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    body: text('body').notNull(),
    meta: jsonb('meta')
      .notNull()
      .default(sql`'{}'::jsonb`),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    deliveredAt: timestamp('delivered_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('document_exchange_messages_uq').on(t.direction, t.messageId),
    index('document_exchange_messages_document_idx').on(t.documentId),
    index('document_exchange_messages_relates_idx').on(t.relatesTo),
  ],
);
