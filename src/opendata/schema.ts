import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  boolean,
  check,
  customType,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { accounts } from '../platform/auth/schema.js';
import { files } from '../platform/files/schema.js';
import { agencies } from '../directory/schema.js';

const bytea = customType<{ data: Buffer }>({ dataType: () => 'bytea' });

/** Where a dataset stands: drafted by the agency's staff, reviewed by its leader (duyệt), published, withdrawn. */
export const DATASET_STATES = ['draft', 'in_review', 'published', 'withdrawn'] as const;
export type DatasetState = (typeof DATASET_STATES)[number];

/** Update frequency (tần suất cập nhật), mapped to the EU frequency vocabulary in DCAT. */
export const FREQUENCIES = [
  'continuous',
  'daily',
  'weekly',
  'monthly',
  'quarterly',
  'annual',
  'irregular',
  'never',
] as const;
export type Frequency = (typeof FREQUENCIES)[number];

/** DataStore column types (CKAN's names). */
export const FIELD_TYPES = ['text', 'int', 'numeric', 'bool', 'date', 'timestamp'] as const;
export type FieldType = (typeof FIELD_TYPES)[number];

/** Open licences (giấy phép dữ liệu mở), as data an administrator edits. */
export const opendataLicences = pgTable('opendata_licences', {
  id: text('id').primaryKey(),
  titleVi: text('title_vi').notNull(),
  titleEn: text('title_en').notNull(),
  url: text('url').notNull(),
  /** The licence's own text where no public page holds it (the Vietnamese government one). */
  textVi: text('text_vi'),
  odConformance: text('od_conformance').notNull().default('approved'),
  position: integer('position').notNull().default(0),
});

/** Themes (nhóm dữ liệu): CKAN's groups. */
export const opendataGroups = pgTable(
  'opendata_groups',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull(),
    titleVi: text('title_vi').notNull(),
    titleEn: text('title_en').notNull(),
    descriptionVi: text('description_vi'),
    descriptionEn: text('description_en'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('opendata_groups_name_uq').on(t.name)],
);

/** Module settings as key → JSON value: the minimum count of a published cell (minCount). */
export const opendataSettings = pgTable('opendata_settings', {
  key: text('key').primaryKey(),
  value: jsonb('value').notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/**
 * Datasets (bộ dữ liệu). The actions are the truth; state, dates and publishing here are cached from them in the
 * same transaction. `systemKey` marks the datasets the platform publishes from its own figures.
 */
export const opendataDatasets = pgTable(
  'opendata_datasets',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull(),
    titleVi: text('title_vi').notNull(),
    titleEn: text('title_en').notNull(),
    notesVi: text('notes_vi').notNull().default(''),
    notesEn: text('notes_en').notNull().default(''),
    agencyId: uuid('agency_id')
      .notNull()
      .references(() => agencies.id),
    licenceId: text('licence_id')
      .notNull()
      .references(() => opendataLicences.id),
    temporalStart: date('temporal_start', { mode: 'string' }),
    temporalEnd: date('temporal_end', { mode: 'string' }),
    /** Codes of the administrative units covered (phạm vi không gian). */
    spatialUnits: text('spatial_units')
      .array()
      .notNull()
      .default(sql`'{}'`),
    frequency: text('frequency', { enum: FREQUENCIES }).notNull(),
    tags: text('tags')
      .array()
      .notNull()
      .default(sql`'{}'`),
    /** Names of opendata_groups. */
    groups: text('groups')
      .array()
      .notNull()
      .default(sql`'{}'`),
    state: text('state', { enum: DATASET_STATES }).notNull().default('draft'),
    private: boolean('private').notNull().default(false),
    systemKey: text('system_key'),
    createdBy: uuid('created_by').references(() => accounts.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    modifiedAt: timestamp('modified_at', { withTimezone: true }).notNull().defaultNow(),
    publishedAt: timestamp('published_at', { withTimezone: true }),
    /** Name, titles, notes and tags, lower-cased and without diacritics, kept by every write: what `q` searches. */
    search: text('search').notNull().default(''),
  },
  (t) => [
    uniqueIndex('opendata_datasets_name_uq').on(t.name),
    uniqueIndex('opendata_datasets_system_key_uq').on(t.systemKey),
    index('opendata_datasets_agency_idx').on(t.agencyId),
    index('opendata_datasets_modified_idx').on(t.modifiedAt),
    index('opendata_datasets_tags_idx').using('gin', t.tags),
    index('opendata_datasets_groups_idx').using('gin', t.groups),
    check('opendata_datasets_name_ck', sql`${t.name} ~ '^[a-z0-9_-]{2,100}$'`),
    check('opendata_datasets_state_ck', sql`${t.state} IN ('draft', 'in_review', 'published', 'withdrawn')`),
    check(
      'opendata_datasets_frequency_ck',
      sql`${t.frequency} IN ('continuous', 'daily', 'weekly', 'monthly', 'quarterly', 'annual', 'irregular', 'never')`,
    ),
  ],
);

/** A dataset's timeline: create, update, submit, approve (publish), return, withdraw. */
export const opendataDatasetActions = pgTable(
  'opendata_dataset_actions',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    datasetId: uuid('dataset_id')
      .notNull()
      .references(() => opendataDatasets.id),
    action: text('action').notNull(),
    actorId: uuid('actor_id').references(() => accounts.id),
    note: text('note'),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('opendata_dataset_actions_dataset_idx').on(t.datasetId, t.id)],
);

/** Resources (tài nguyên): a link or stored bytes, with their versions; tabular ones also live in the DataStore. */
export const opendataResources = pgTable(
  'opendata_resources',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    datasetId: uuid('dataset_id')
      .notNull()
      .references(() => opendataDatasets.id),
    name: text('name').notNull(),
    description: text('description').notNull().default(''),
    format: text('format').notNull(),
    /** An external link; null when the bytes are stored here (the download address is then ours). */
    url: text('url'),
    position: integer('position').notNull().default(0),
    datastoreActive: boolean('datastore_active').notNull().default(false),
    downloads: bigint('downloads', { mode: 'number' }).notNull().default(0),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    modifiedAt: timestamp('modified_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('opendata_resources_dataset_idx').on(t.datasetId, t.position),
    index('opendata_resources_format_idx').on(t.format),
  ],
);

/**
 * Text resources (CSV, JSON, GeoJSON) by content address. The platform's file store takes only the types it can
 * sniff (PDF, images, Office files); an XLSX resource goes there (`fileSha256`), text stays here.
 */
export const opendataBlobs = pgTable('opendata_blobs', {
  sha256: text('sha256').primaryKey(),
  content: bytea('content').notNull(),
});

/** Every version of a resource's bytes, never changed: the latest is served, the others stay listed with their dates. */
export const opendataResourceVersions = pgTable(
  'opendata_resource_versions',
  {
    resourceId: uuid('resource_id')
      .notNull()
      .references(() => opendataResources.id),
    version: integer('version').notNull(),
    sha256: text('sha256').notNull(),
    size: bigint('size', { mode: 'number' }).notNull(),
    mimetype: text('mimetype').notNull(),
    fileSha256: text('file_sha256').references(() => files.sha256),
    createdBy: uuid('created_by').references(() => accounts.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.resourceId, t.version] })],
);

/** The typed field list of a DataStore table: every filter, sort and projection is checked against it. */
export const opendataDatastoreFields = pgTable(
  'opendata_datastore_fields',
  {
    resourceId: uuid('resource_id')
      .notNull()
      .references(() => opendataResources.id),
    position: integer('position').notNull(),
    name: text('name').notNull(),
    type: text('type', { enum: FIELD_TYPES }).notNull(),
    labelVi: text('label_vi'),
    labelEn: text('label_en'),
  },
  (t) => [
    primaryKey({ columns: [t.resourceId, t.position] }),
    uniqueIndex('opendata_datastore_fields_name_uq').on(t.resourceId, t.name),
    check(
      'opendata_datastore_fields_type_ck',
      sql`${t.type} IN ('text', 'int', 'numeric', 'bool', 'date', 'timestamp')`,
    ),
  ],
);

/** DataStore rows: one JSONB object per row, numbered from 1 (CKAN's `_id`). */
export const opendataDatastoreRows = pgTable(
  'opendata_datastore_rows',
  {
    resourceId: uuid('resource_id')
      .notNull()
      .references(() => opendataResources.id),
    rowId: integer('row_id').notNull(),
    data: jsonb('data').notNull(),
    /** The row's text, lower-cased and without diacritics, computed once at insert: what `q` searches. */
    search: text('search').notNull().default(''),
  },
  (t) => [
    primaryKey({ columns: [t.resourceId, t.rowId] }),
    index('opendata_datastore_rows_data_idx').using('gin', sql`${t.data} jsonb_path_ops`),
  ],
);

export type Dataset = typeof opendataDatasets.$inferSelect;
export type Resource = typeof opendataResources.$inferSelect;
export type ResourceVersion = typeof opendataResourceVersions.$inferSelect;
export type DatastoreField = typeof opendataDatastoreFields.$inferSelect;
export type Licence = typeof opendataLicences.$inferSelect;
export type Group = typeof opendataGroups.$inferSelect;
