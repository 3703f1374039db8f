import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgSequence,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  uuid,
  bigserial,
} from 'drizzle-orm/pg-core';
import { accounts } from '../platform/auth/schema.js';
import { adminUnits, agencies } from '../directory/schema.js';

/** Where a report came from (kênh tiếp nhận). */
export const CHANNELS = ['app', 'web', 'hotline', 'counter', 'open311'] as const;
export type Channel = (typeof CHANNELS)[number];

/**
 * Where a report stands. new: waiting for the agency; in_progress: accepted (đang xử lý);
 * info_requested: waiting for the reporter; resolved (đã xử lý); rejected (từ chối); merged into another.
 */
export const REPORT_STATUSES = ['new', 'in_progress', 'info_requested', 'resolved', 'rejected', 'merged'] as const;
export type ReportStatus = (typeof REPORT_STATUSES)[number];
export const OPEN_STATUSES: readonly ReportStatus[] = ['new', 'in_progress', 'info_requested'];

export const DEADLINE_UNITS = ['working_hours', 'working_days'] as const;
export type DeadlineUnit = (typeof DEADLINE_UNITS)[number];

/** Categories of report (lĩnh vực phản ánh), with the time an agency has to resolve one. */
export const feedbackCategories = pgTable(
  'feedback_categories',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** Stable code; also the Open311 service_code. */
    code: text('code').notNull(),
    nameVi: text('name_vi').notNull(),
    nameEn: text('name_en').notNull(),
    descriptionVi: text('description_vi'),
    descriptionEn: text('description_en'),
    /** Open311 group. */
    groupName: text('group_name'),
    deadlineAmount: integer('deadline_amount').notNull(),
    deadlineUnit: text('deadline_unit', { enum: DEADLINE_UNITS }).notNull(),
    active: boolean('active').notNull().default(true),
    demo: boolean('demo').notNull().default(false),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('feedback_categories_code_uq').on(t.code),
    check('feedback_categories_deadline_ck', sql`${t.deadlineAmount} > 0`),
  ],
);

/**
 * Routing rules (quy tắc chuyển xử lý): a category in a unit (or anywhere, unit null) goes to an
 * agency. The most specific rule wins (a unit's over the catch-all), then the highest priority.
 */
export const feedbackRoutingRules = pgTable(
  'feedback_routing_rules',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    categoryId: uuid('category_id')
      .notNull()
      .references(() => feedbackCategories.id),
    unitId: uuid('unit_id').references(() => adminUnits.id),
    agencyId: uuid('agency_id')
      .notNull()
      .references(() => agencies.id),
    priority: integer('priority').notNull().default(0),
    active: boolean('active').notNull().default(true),
    demo: boolean('demo').notNull().default(false),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('feedback_routing_rules_lookup_idx').on(t.categoryId, t.unitId)],
);

/** Module settings as key → JSON value: fallback agency, duplicate radius, reopen period… (see settings.ts). */
export const feedbackSettings = pgTable('feedback_settings', {
  key: text('key').primaryKey(),
  value: jsonb('value').notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/** Public report numbers: PA-<year>-<n>. */
export const feedbackReportSeq = pgSequence('feedback_report_seq', { startWith: 1 });

/**
 * Field reports (phản ánh). The actions are the truth; status, agency, handler, dates and counters
 * here are cached from them in the same transaction. Reporter columns are never shown in public.
 */
export const feedbackReports = pgTable(
  'feedback_reports',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    publicId: text('public_id').notNull(),
    /** Open311 token handed to the client that posted it. */
    token: text('token').notNull(),
    categoryId: uuid('category_id')
      .notNull()
      .references(() => feedbackCategories.id),
    description: text('description').notNull(),
    address: text('address'),
    lat: doublePrecision('lat').notNull(),
    lng: doublePrecision('lng').notNull(),
    unitId: uuid('unit_id').references(() => adminUnits.id),
    agencyId: uuid('agency_id')
      .notNull()
      .references(() => agencies.id),
    handlerAccountId: uuid('handler_account_id').references(() => accounts.id),
    status: text('status', { enum: REPORT_STATUSES }).notNull().default('new'),
    channel: text('channel', { enum: CHANNELS }).notNull(),
    reporterAccountId: uuid('reporter_account_id').references(() => accounts.id),
    reporterPhone: text('reporter_phone'),
    reporterName: text('reporter_name'),
    reporterEmail: text('reporter_email'),
    /** An image address given by an Open311 client instead of an upload. */
    mediaUrl: text('media_url'),
    dueAt: timestamp('due_at', { withTimezone: true }).notNull(),
    firstResolvedAt: timestamp('first_resolved_at', { withTimezone: true }),
    resolvedAt: timestamp('resolved_at', { withTimezone: true }),
    /** Times the reporter reopened it: each one means a resolution did not last. */
    reopenCount: integer('reopen_count').notNull().default(0),
    rating: smallint('rating'),
    mergedIntoId: uuid('merged_into_id'),
    escalatedAt: timestamp('escalated_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('feedback_reports_public_id_uq').on(t.publicId),
    uniqueIndex('feedback_reports_token_uq').on(t.token),
    index('feedback_reports_location_idx').on(t.lat, t.lng),
    index('feedback_reports_category_status_idx').on(t.categoryId, t.status),
    index('feedback_reports_agency_status_due_idx').on(t.agencyId, t.status, t.dueAt),
    index('feedback_reports_created_idx').on(t.createdAt),
    index('feedback_reports_reporter_idx').on(t.reporterAccountId),
    check('feedback_reports_rating_ck', sql`${t.rating} IS NULL OR ${t.rating} BETWEEN 1 AND 5`),
  ],
);

/** What happened to a report (lịch sử xử lý): append-only, one row per action. */
export const feedbackActions = pgTable(
  'feedback_actions',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    reportId: uuid('report_id')
      .notNull()
      .references(() => feedbackReports.id),
    action: text('action').notNull(),
    /** staff, reporter, system, or intake (an officer filing for a citizen). */
    actorKind: text('actor_kind').notNull(),
    actorAccountId: uuid('actor_account_id').references(() => accounts.id),
    /** The agency that acted or that holds the report after the action. */
    agencyId: uuid('agency_id').references(() => agencies.id),
    fromStatus: text('from_status', { enum: REPORT_STATUSES }),
    toStatus: text('to_status', { enum: REPORT_STATUSES }).notNull(),
    details: jsonb('details').$type<Record<string, unknown>>().notNull().default({}),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('feedback_actions_report_idx').on(t.reportId, t.id)],
);

/** Photos of a report: the private original (with its metadata) and the public copy (resized, stripped). */
export const feedbackPhotos = pgTable(
  'feedback_photos',
  {
    reportId: uuid('report_id')
      .notNull()
      .references(() => feedbackReports.id),
    actionId: integer('action_id').notNull(),
    originalSha256: text('original_sha256').notNull(),
    publicSha256: text('public_sha256').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.reportId, t.originalSha256] }),
    index('feedback_photos_public_idx').on(t.publicSha256),
  ],
);

/**
 * Photos uploaded for a report not yet sent (or an action not yet taken): who uploaded them, so a
 * report can refer only to its own sender's photos.
 */
export const feedbackUploads = pgTable(
  'feedback_uploads',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    originalSha256: text('original_sha256').notNull(),
    publicSha256: text('public_sha256').notNull(),
    accountId: uuid('account_id').references(() => accounts.id),
    /** For an anonymous reporter: the confirmed phone. */
    phone: text('phone'),
    width: integer('width'),
    height: integer('height'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('feedback_uploads_original_idx').on(t.originalSha256)],
);

/** People who joined a report instead of filing a duplicate (người theo dõi). */
export const feedbackFollowers = pgTable(
  'feedback_followers',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    reportId: uuid('report_id')
      .notNull()
      .references(() => feedbackReports.id),
    accountId: uuid('account_id').references(() => accounts.id),
    phone: text('phone'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('feedback_followers_report_idx').on(t.reportId)],
);

/** One-time codes sent to a phone for anonymous reporting (mã OTP): only their hash is kept. */
export const feedbackPhoneCodes = pgTable(
  'feedback_phone_codes',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    phone: text('phone').notNull(),
    codeHash: text('code_hash').notNull(),
    salt: text('salt').notNull(),
    attempts: integer('attempts').notNull().default(0),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    usedAt: timestamp('used_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('feedback_phone_codes_phone_idx').on(t.phone, t.createdAt)],
);

/** A confirmed phone's short-lived ticket (vé xác thực), sent back as the X-Reporter-Ticket header. */
export const feedbackReporterTickets = pgTable('feedback_reporter_tickets', {
  tokenHash: text('token_hash').primaryKey(),
  phone: text('phone').notNull(),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

export type Category = typeof feedbackCategories.$inferSelect;
export type RoutingRule = typeof feedbackRoutingRules.$inferSelect;
export type Report = typeof feedbackReports.$inferSelect;
export type ReportAction = typeof feedbackActions.$inferSelect;
