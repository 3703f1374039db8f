/**
 * The integration platform's tables (nền tảng tích hợp, chia sẻ dữ liệu — LGSP), as drizzle/0030_gateway.sql creates
 * them: the registry (members, services), consumers and their access, signing keys, the exchange log with its hash
 * chain and seals, monitoring alerts, and the synchronisation outbox of the National Public Service Portal.
 */
import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  boolean,
  check,
  doublePrecision,
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
import { agencies } from '../directory/schema.js';

export const MEMBER_KINDS = ['agency', 'system', 'platform', 'national'] as const;
export type MemberKind = (typeof MEMBER_KINDS)[number];

/** A member (thành viên): an agency or one of its information systems, named by its electronic identifier. */
export const gatewayMembers = pgTable(
  'gateway_members',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** Mã định danh điện tử (QĐ 20/2020/QĐ-TTg) of the agency, or `<agency code>:<system>` for a system. */
    code: text('code').notNull(),
    name: text('name').notNull(),
    kind: text('kind', { enum: MEMBER_KINDS }).notNull(),
    agencyId: uuid('agency_id').references(() => agencies.id),
    active: boolean('active').notNull().default(true),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('gateway_members_code_uq').on(t.code),
    check('gateway_members_kind_ck', sql`${t.kind} IN ('agency', 'system', 'platform', 'national')`),
  ],
);

/** A service a member provides (dịch vụ chia sẻ): a REST API behind the gateway. */
export const gatewayServices = pgTable(
  'gateway_services',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    memberId: uuid('member_id')
      .notNull()
      .references(() => gatewayMembers.id),
    code: text('code').notNull(),
    name: text('name').notNull(),
    description: text('description').notNull().default(''),
    /** Where requests go; one starting with "/" is the platform's own API. */
    baseUrl: text('base_url').notNull(),
    /** The service's OpenAPI description, as the provider gave it. */
    openapi: jsonb('openapi').$type<Record<string, unknown>>(),
    version: text('version').notNull().default('1'),
    ownerAgencyId: uuid('owner_agency_id').references(() => agencies.id),
    /** Cấp độ an toàn hệ thống thông tin, Nghị định 85/2016/NĐ-CP: 1–5. */
    classification: smallint('classification').notNull().default(2),
    personalData: boolean('personal_data').notNull().default(false),
    bodyLimit: integer('body_limit').notNull().default(1048576),
    timeoutMs: integer('timeout_ms').notNull().default(10000),
    logBodies: boolean('log_bodies').notNull().default(false),
    retentionDays: integer('retention_days').notNull().default(365),
    alertErrorRate: doublePrecision('alert_error_rate').notNull().default(0.2),
    alertP95Ms: integer('alert_p95_ms').notNull().default(3000),
    active: boolean('active').notNull().default(true),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('gateway_services_member_code_uq').on(t.memberId, t.code),
    check('gateway_services_classification_ck', sql`${t.classification} BETWEEN 1 AND 5`),
    check('gateway_services_limits_ck', sql`${t.bodyLimit} > 0 AND ${t.timeoutMs} > 0 AND ${t.retentionDays} > 0`),
  ],
);

/** A client system (hệ thống khai thác) calling through the gateway, by OAuth client credentials or a TLS certificate. */
export const gatewayConsumers = pgTable(
  'gateway_consumers',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    memberId: uuid('member_id')
      .notNull()
      .references(() => gatewayMembers.id),
    name: text('name').notNull(),
    clientId: text('client_id').notNull(),
    /** SHA-256 of the client secret (a random 32-byte secret: a fast hash suffices). */
    secretHash: text('secret_hash'),
    /** SHA-256 of the DER of the client certificate for mutual TLS. */
    certSha256: text('cert_sha256'),
    rateMax: integer('rate_max').notNull().default(600),
    rateWindowMs: integer('rate_window_ms').notNull().default(60000),
    dailyQuota: integer('daily_quota').notNull().default(100000),
    active: boolean('active').notNull().default(true),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('gateway_consumers_client_id_uq').on(t.clientId),
    uniqueIndex('gateway_consumers_cert_uq').on(t.certSha256),
    check('gateway_consumers_limits_ck', sql`${t.rateMax} > 0 AND ${t.rateWindowMs} > 0 AND ${t.dailyQuota} > 0`),
  ],
);

/** An access right (quyền truy cập): consumer × service × operation, for a purpose, until an expiry. */
export const gatewayAccessRules = pgTable(
  'gateway_access_rules',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    consumerId: uuid('consumer_id')
      .notNull()
      .references(() => gatewayConsumers.id),
    serviceId: uuid('service_id')
      .notNull()
      .references(() => gatewayServices.id),
    methods: text('methods').array().notNull(),
    /** A path under the service: `*` matches one segment, a trailing `/**` everything below. */
    pathPattern: text('path_pattern').notNull(),
    purpose: text('purpose').notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }),
    requestId: uuid('request_id'),
    grantedBy: uuid('granted_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
  },
  (t) => [index('gateway_access_rules_consumer_idx').on(t.consumerId, t.serviceId)],
);

export const REQUEST_STATUSES = ['pending', 'approved', 'refused'] as const;

/** A request for access (đề nghị cấp quyền): the consumer's owner asks, the provider's owner decides. */
export const gatewayAccessRequests = pgTable(
  'gateway_access_requests',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    consumerId: uuid('consumer_id')
      .notNull()
      .references(() => gatewayConsumers.id),
    serviceId: uuid('service_id')
      .notNull()
      .references(() => gatewayServices.id),
    methods: text('methods').array().notNull(),
    pathPattern: text('path_pattern').notNull(),
    purpose: text('purpose').notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }),
    status: text('status', { enum: REQUEST_STATUSES }).notNull().default('pending'),
    requestedBy: uuid('requested_by'),
    decidedBy: uuid('decided_by'),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    reason: text('reason'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('gateway_access_requests_status_idx').on(t.status),
    check('gateway_access_requests_status_ck', sql`${t.status} IN ('pending', 'approved', 'refused')`),
  ],
);

/** The gateway's signing keys (access tokens, seals); the private key encrypted with GATEWAY_KEY_SECRET. */
export const gatewayKeys = pgTable('gateway_keys', {
  kid: text('kid').primaryKey(),
  alg: text('alg').notNull(),
  publicJwk: jsonb('public_jwk').$type<Record<string, unknown>>().notNull(),
  privateEnc: text('private_enc').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  retiredAt: timestamp('retired_at', { withTimezone: true }),
});

/** The exchange log (nhật ký trao đổi), append-only: one row per request, forwarded or refused. */
export const gatewayExchangeLog = pgTable(
  'gateway_exchange_log',
  {
    seq: bigserial('seq', { mode: 'number' }).primaryKey(),
    requestId: text('request_id').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull(),
    consumerId: uuid('consumer_id'),
    serviceId: uuid('service_id'),
    memberCode: text('member_code').notNull(),
    serviceCode: text('service_code').notNull(),
    method: text('method').notNull(),
    path: text('path').notNull(),
    status: integer('status').notNull(),
    outcome: text('outcome').notNull(),
    refusal: text('refusal'),
    bytesIn: bigint('bytes_in', { mode: 'number' }).notNull(),
    bytesOut: bigint('bytes_out', { mode: 'number' }).notNull(),
    latencyMs: doublePrecision('latency_ms').notNull(),
    requestSha256: text('request_sha256').notNull(),
    responseSha256: text('response_sha256').notNull(),
    /** AES-256-GCM of the body, only for services that ask for bodies to be kept. */
    requestBody: text('request_body'),
    responseBody: text('response_body'),
    traceId: text('trace_id').notNull(),
  },
  (t) => [
    index('gateway_exchange_log_service_at_idx').on(t.serviceId, t.at),
    index('gateway_exchange_log_consumer_at_idx').on(t.consumerId, t.at),
  ],
);

/** Log rows written but not yet linked into the chain. */
export const gatewayLogPending = pgTable('gateway_log_pending', {
  seq: bigint('seq', { mode: 'number' }).primaryKey(),
});

/** The hash chain over the log, in the order rows were linked. */
export const gatewayLogChain = pgTable(
  'gateway_log_chain',
  {
    pos: bigint('pos', { mode: 'number' }).primaryKey(),
    seq: bigint('seq', { mode: 'number' }).notNull(),
    serviceId: uuid('service_id'),
    at: timestamp('at', { withTimezone: true }).notNull(),
    rowHash: text('row_hash').notNull(),
    prevHash: text('prev_hash').notNull(),
    hash: text('hash').notNull(),
  },
  (t) => [uniqueIndex('gateway_log_chain_seq_uq').on(t.seq)],
);

/** A seal (niêm phong): the chain's head signed by the gateway and time-stamped by a TSA (RFC 3161). */
export const gatewayLogSeals = pgTable('gateway_log_seals', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  pos: bigint('pos', { mode: 'number' }).notNull(),
  headHash: text('head_hash').notNull(),
  sealedAt: timestamp('sealed_at', { withTimezone: true }).notNull(),
  kid: text('kid').notNull(),
  signature: text('signature').notNull(),
  /** The DER TimeStampToken, base64. */
  timestampToken: text('timestamp_token'),
  tsaUrl: text('tsa_url'),
});

/** Retention runs: which rows of a service were deleted, so the verifier knows their absence is lawful. */
export const gatewayLogPurges = pgTable('gateway_log_purges', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  serviceId: uuid('service_id').notNull(),
  before: timestamp('before', { withTimezone: true }).notNull(),
  rows: integer('rows').notNull(),
  at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
});

/** A provider crossing its error-rate or latency threshold in a window (cảnh báo vận hành). */
export const gatewayAlerts = pgTable(
  'gateway_alerts',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    serviceId: uuid('service_id')
      .notNull()
      .references(() => gatewayServices.id),
    kind: text('kind').notNull(),
    value: doublePrecision('value').notNull(),
    threshold: doublePrecision('threshold').notNull(),
    calls: integer('calls').notNull(),
    windowStart: timestamp('window_start', { withTimezone: true }).notNull(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('gateway_alerts_window_uq').on(t.serviceId, t.kind, t.windowStart)],
);

/** The National Public Service Portal outbox: each dossier status change, queued once and delivered once. */
export const gatewayPortalSync = pgTable('gateway_portal_sync', {
  actionId: bigint('action_id', { mode: 'number' }).primaryKey(),
  dossierId: uuid('dossier_id').notNull(),
  status: text('status').notNull(),
  queuedAt: timestamp('queued_at', { withTimezone: true }).notNull().defaultNow(),
  deliveredAt: timestamp('delivered_at', { withTimezone: true }),
  attempts: integer('attempts').notNull().default(0),
});

export type Service = typeof gatewayServices.$inferSelect;
export type Consumer = typeof gatewayConsumers.$inferSelect;
export type AccessRule = typeof gatewayAccessRules.$inferSelect;
