import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  date,
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
import { agencies, people } from '../directory/schema.js';

/** Where facts come from: an agency's GLPI, a Wazuh manager, a spreadsheet upload, facts typed by hand. */
export const SOURCE_KINDS = ['glpi', 'wazuh', 'spreadsheet', 'manual'] as const;
export type SourceKind = (typeof SOURCE_KINDS)[number];
/** Device kinds (thiết bị): workstations, tablets, servers and network equipment. */
export const DEVICE_KINDS = ['desktop', 'laptop', 'tablet', 'server', 'network'] as const;
export type DeviceKind = (typeof DEVICE_KINDS)[number];
/** Anti-malware (phòng chống mã độc) state of a device as its source reports it. */
export const ANTIMALWARE = ['active', 'inactive', 'none', 'unknown'] as const;
export type Antimalware = (typeof ANTIMALWARE)[number];
/** Networks: LAN, Internet, the province's WAN, the dedicated data network (mạng truyền số liệu chuyên dùng) level I/II. */
export const NETWORK_KINDS = ['lan', 'internet', 'wan', 'dedicated'] as const;
export type NetworkKind = (typeof NETWORK_KINDS)[number];
export const APP_CATEGORIES = ['hr', 'finance', 'emulation', 'asset', 'platform', 'other'] as const;
export type AppCategory = (typeof APP_CATEGORIES)[number];
export const IPV6_STATUSES = ['unknown', 'ready', 'not_ready'] as const;
export type Ipv6Status = (typeof IPV6_STATUSES)[number];
export const FACT_STATUSES = ['active', 'gone'] as const;
export const IMPORT_STATUSES = ['succeeded', 'failed', 'rejected'] as const;
export type ImportStatus = (typeof IMPORT_STATUSES)[number];

const created = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();
const updated = () => timestamp('updated_at', { withTimezone: true }).notNull().defaultNow();

export const inventorySources = pgTable(
  'inventory_sources',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    agencyId: uuid('agency_id')
      .notNull()
      .references(() => agencies.id),
    kind: text('kind', { enum: SOURCE_KINDS }).notNull(),
    name: text('name').notNull(),
    baseUrl: text('base_url'),
    settings: jsonb('settings').$type<Record<string, unknown>>().notNull().default({}),
    enabled: boolean('enabled').notNull().default(true),
    demo: boolean('demo').notNull().default(false),
    lastRunAt: timestamp('last_run_at', { withTimezone: true }),
    lastSuccessAt: timestamp('last_success_at', { withTimezone: true }),
    lastStatus: text('last_status'),
    lastError: text('last_error'),
    createdAt: created(),
  },
  (t) => [
    index('inventory_sources_agency_idx').on(t.agencyId),
    check('inventory_sources_kind_ck', sql`${t.kind} IN ('glpi', 'wazuh', 'spreadsheet', 'manual')`),
  ],
);

/** Columns every imported fact carries: its source, its id there, whether the source still sends it, and when. */
const factColumns = () => ({
  id: uuid('id').primaryKey().defaultRandom(),
  agencyId: uuid('agency_id')
    .notNull()
    .references(() => agencies.id),
  sourceId: uuid('source_id')
    .notNull()
    .references(() => inventorySources.id),
  externalId: text('external_id').notNull(),
});
const factTail = () => ({
  status: text('status', { enum: FACT_STATUSES }).notNull().default('active'),
  goneAt: timestamp('gone_at', { withTimezone: true }),
  fingerprint: text('fingerprint').notNull(),
});

export const inventoryDevices = pgTable(
  'inventory_devices',
  {
    ...factColumns(),
    kind: text('kind', { enum: DEVICE_KINDS }).notNull(),
    name: text('name').notNull(),
    serial: text('serial'),
    ownerPersonId: uuid('owner_person_id').references(() => people.id),
    location: text('location'),
    osName: text('os_name'),
    osVersion: text('os_version'),
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true }),
    antimalware: text('antimalware', { enum: ANTIMALWARE }).notNull().default('unknown'),
    internet: boolean('internet').notNull().default(false),
    sharesMalwareData: boolean('shares_malware_data').notNull().default(false),
    ...factTail(),
    firstSeenAt: timestamp('first_seen_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: updated(),
  },
  (t) => [
    uniqueIndex('inventory_devices_source_uq').on(t.sourceId, t.externalId),
    index('inventory_devices_agency_idx').on(t.agencyId, t.kind),
    index('inventory_devices_serial_idx').on(t.serial),
    check('inventory_devices_kind_ck', sql`${t.kind} IN ('desktop', 'laptop', 'tablet', 'server', 'network')`),
    check('inventory_devices_antimalware_ck', sql`${t.antimalware} IN ('active', 'inactive', 'none', 'unknown')`),
    check('inventory_devices_status_ck', sql`${t.status} IN ('active', 'gone')`),
  ],
);

export const inventoryNetworks = pgTable(
  'inventory_networks',
  {
    ...factColumns(),
    kind: text('kind', { enum: NETWORK_KINDS }).notNull(),
    level: smallint('level'),
    provider: text('provider'),
    bandwidthMbps: integer('bandwidth_mbps'),
    ...factTail(),
    updatedAt: updated(),
  },
  (t) => [
    uniqueIndex('inventory_networks_source_uq').on(t.sourceId, t.externalId),
    index('inventory_networks_agency_idx').on(t.agencyId),
    check('inventory_networks_kind_ck', sql`${t.kind} IN ('lan', 'internet', 'wan', 'dedicated')`),
    check('inventory_networks_level_ck', sql`${t.level} IS NULL OR ${t.level} IN (1, 2)`),
    check('inventory_networks_status_ck', sql`${t.status} IN ('active', 'gone')`),
  ],
);

/** Information systems (hệ thống thông tin) with their security level under Nghị định 85/2016/NĐ-CP. */
export const inventorySystems = pgTable(
  'inventory_systems',
  {
    ...factColumns(),
    name: text('name').notNull(),
    purpose: text('purpose'),
    hosting: text('hosting'),
    publicUrl: text('public_url'),
    ipv6Status: text('ipv6_status', { enum: IPV6_STATUSES }).notNull().default('unknown'),
    ipv6CheckedAt: timestamp('ipv6_checked_at', { withTimezone: true }),
    ipv6Check: jsonb('ipv6_check').$type<Ipv6CheckResult>(),
    dataHeld: text('data_held'),
    personalData: boolean('personal_data').notNull().default(false),
    securityLevel: smallint('security_level'),
    // The approval decision (quyết định phê duyệt cấp độ): a document of the documents module, or its number and date.
    approvalDocumentId: uuid('approval_document_id'),
    approvalNumber: text('approval_number'),
    approvalDate: date('approval_date'),
    reviewDate: date('review_date'),
    sharesMalwareData: boolean('shares_malware_data').notNull().default(false),
    ...factTail(),
    updatedAt: updated(),
  },
  (t) => [
    uniqueIndex('inventory_systems_source_uq').on(t.sourceId, t.externalId),
    index('inventory_systems_agency_idx').on(t.agencyId),
    check('inventory_systems_level_ck', sql`${t.securityLevel} IS NULL OR ${t.securityLevel} BETWEEN 1 AND 5`),
    check('inventory_systems_ipv6_ck', sql`${t.ipv6Status} IN ('unknown', 'ready', 'not_ready')`),
    check('inventory_systems_status_ck', sql`${t.status} IN ('active', 'gone')`),
  ],
);

export const inventoryApplications = pgTable(
  'inventory_applications',
  {
    ...factColumns(),
    category: text('category', { enum: APP_CATEGORIES }).notNull(),
    name: text('name').notNull(),
    vendor: text('vendor'),
    version: text('version'),
    ...factTail(),
    updatedAt: updated(),
  },
  (t) => [
    uniqueIndex('inventory_applications_source_uq').on(t.sourceId, t.externalId),
    index('inventory_applications_agency_idx').on(t.agencyId),
    check(
      'inventory_applications_category_ck',
      sql`${t.category} IN ('hr', 'finance', 'emulation', 'asset', 'platform', 'other')`,
    ),
    check('inventory_applications_status_ck', sql`${t.status} IN ('active', 'gone')`),
  ],
);

/** Sector databases (cơ sở dữ liệu chuyên ngành) with their entry in the data catalogue. */
export const inventoryDatabases = pgTable(
  'inventory_databases',
  {
    ...factColumns(),
    name: text('name').notNull(),
    sector: text('sector'),
    catalogueEntry: text('catalogue_entry'),
    ...factTail(),
    updatedAt: updated(),
  },
  (t) => [
    uniqueIndex('inventory_databases_source_uq').on(t.sourceId, t.externalId),
    index('inventory_databases_agency_idx').on(t.agencyId),
    check('inventory_databases_status_ck', sql`${t.status} IN ('active', 'gone')`),
  ],
);

export interface ReportRow {
  /** Row number in a spreadsheet, or the item's id at the tool. */
  at: string;
  problem: string;
  vi: string;
  en: string;
}
export interface ImportCounts {
  created: number;
  updated: number;
  unchanged: number;
  gone: number;
}

export const inventoryImports = pgTable(
  'inventory_imports',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    sourceId: uuid('source_id')
      .notNull()
      .references(() => inventorySources.id),
    agencyId: uuid('agency_id').notNull(),
    status: text('status', { enum: IMPORT_STATUSES }).notNull(),
    reason: text('reason'),
    counts: jsonb('counts').$type<Partial<ImportCounts>>().notNull().default({}),
    report: jsonb('report').$type<ReportRow[]>().notNull().default([]),
    fileSha256: text('file_sha256'),
    actorId: uuid('actor_id'),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
  },
  (t) => [
    index('inventory_imports_source_idx').on(t.sourceId, t.startedAt),
    check('inventory_imports_status_ck', sql`${t.status} IN ('succeeded', 'failed', 'rejected')`),
  ],
);

export interface Ipv6CheckResult {
  host: string;
  aaaa: string[];
  http: { ok: boolean; status?: number; address?: string; error?: string } | null;
  reason: string;
}

export type Source = typeof inventorySources.$inferSelect;
export type Device = typeof inventoryDevices.$inferSelect;
export type Network = typeof inventoryNetworks.$inferSelect;
export type InfoSystem = typeof inventorySystems.$inferSelect;
export type Application = typeof inventoryApplications.$inferSelect;
export type SectorDatabase = typeof inventoryDatabases.$inferSelect;
export type ImportRun = typeof inventoryImports.$inferSelect;
