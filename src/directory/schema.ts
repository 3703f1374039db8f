import { sql } from 'drizzle-orm';
import {
  type AnyPgColumn,
  boolean,
  check,
  date,
  doublePrecision,
  index,
  pgTable,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { accounts } from '../platform/auth/schema.js';

/** Types of administrative unit (loại đơn vị hành chính). */
export const UNIT_TYPES = [
  'tinh',
  'thanh_pho_trung_uong',
  'huyen',
  'quan',
  'thi_xa',
  'thanh_pho_thuoc_tinh',
  'xa',
  'phuong',
  'thi_tran',
  'dac_khu',
] as const;
export type UnitType = (typeof UNIT_TYPES)[number];

/**
 * Why a version of a unit ended. `reparented` closes a version whose parent changed
 * (e.g. a commune kept as it was when the district level ended on 1 July 2025).
 */
export const UNIT_STATUSES = ['current', 'merged', 'renamed', 'reparented', 'dissolved'] as const;
export type UnitStatus = (typeof UNIT_STATUSES)[number];

export const UNIT_EVENT_KINDS = ['merge', 'rename', 'split', 'create', 'dissolve', 'reparent'] as const;
export type UnitEventKind = (typeof UNIT_EVENT_KINDS)[number];

export const AGENCY_LEVELS = ['central', 'province', 'department', 'district', 'commune', 'unit'] as const;
export type AgencyLevel = (typeof AGENCY_LEVELS)[number];

/**
 * Administrative units (đơn vị hành chính), one row per version: a rename or a change of parent
 * closes the row (valid_to, status, successor_id) and opens a new one with the same code, so the
 * tree as of any date can be rebuilt. A version's parent may itself have been closed later; the
 * parent as of a date is found by following successor_id (see tree.ts).
 * Level is what the unit is (1 province, 2 district, 3 commune), not its depth: after the 2025
 * reform communes (level 3) sit directly under their province.
 */
export const adminUnits = pgTable(
  'admin_units',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    code: text('code').notNull(),
    name: text('name').notNull(),
    type: text('type', { enum: UNIT_TYPES }).notNull(),
    level: smallint('level').notNull(),
    parentId: uuid('parent_id').references((): AnyPgColumn => adminUnits.id),
    /** First and last day of this version, both inclusive; valid_to null = still in force. */
    validFrom: date('valid_from', { mode: 'string' }).notNull(),
    validTo: date('valid_to', { mode: 'string' }),
    status: text('status', { enum: UNIT_STATUSES }).notNull().default('current'),
    successorId: uuid('successor_id').references((): AnyPgColumn => adminUnits.id),
    /** Data not confirmed against an official source (dữ liệu minh hoạ). */
    demo: boolean('demo').notNull().default(false),
    lat: doublePrecision('lat'),
    lng: doublePrecision('lng'),
    /** The point is an approximate centre, not a surveyed one. */
    locationDemo: boolean('location_demo').notNull().default(false),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('admin_units_code_from_uq').on(t.code, t.validFrom),
    index('admin_units_parent_idx').on(t.parentId),
    index('admin_units_successor_idx').on(t.successorId),
    index('admin_units_level_idx').on(t.level, t.validFrom),
    index('admin_units_name_trgm').using('gin', sql`lower(f_unaccent(${t.name})) gin_trgm_ops`),
    check('admin_units_level_ck', sql`${t.level} IN (1, 2, 3)`),
    check('admin_units_validity_ck', sql`${t.validTo} IS NULL OR ${t.validTo} >= ${t.validFrom}`),
  ],
);

/** History of units (lịch sử đơn vị hành chính): append-only, one row per legal change. */
export const adminUnitEvents = pgTable(
  'admin_unit_events',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    kind: text('kind', { enum: UNIT_EVENT_KINDS }).notNull(),
    effective: date('effective', { mode: 'string' }).notNull(),
    /** The decision behind the change, e.g. 'Nghị quyết 202/2025/QH15'. */
    legalBasis: text('legal_basis'),
    fromUnitIds: uuid('from_unit_ids')
      .array()
      .notNull()
      .default(sql`'{}'::uuid[]`),
    toUnitIds: uuid('to_unit_ids')
      .array()
      .notNull()
      .default(sql`'{}'::uuid[]`),
    note: text('note'),
    demo: boolean('demo').notNull().default(false),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('admin_unit_events_from_idx').using('gin', t.fromUnitIds),
    index('admin_unit_events_to_idx').using('gin', t.toUnitIds),
    index('admin_unit_events_effective_idx').on(t.effective),
  ],
);

/**
 * Agencies (cơ quan, đơn vị) with their electronic identifier (mã định danh điện tử,
 * Quyết định 20/2020/QĐ-TTg) as code. `key` is a short stable handle (e.g. 'STP') that seeds and
 * demo accounts refer to; it is not an official identifier.
 */
export const agencies = pgTable(
  'agencies',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    code: text('code').notNull(),
    key: text('key'),
    name: text('name').notNull(),
    shortName: text('short_name'),
    level: text('level', { enum: AGENCY_LEVELS }).notNull(),
    parentId: uuid('parent_id').references((): AnyPgColumn => agencies.id),
    unitId: uuid('unit_id').references(() => adminUnits.id),
    demo: boolean('demo').notNull().default(false),
    active: boolean('active').notNull().default(true),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('agencies_code_uq').on(t.code),
    uniqueIndex('agencies_key_uq').on(t.key),
    index('agencies_parent_idx').on(t.parentId),
    index('agencies_unit_idx').on(t.unitId),
    index('agencies_name_trgm').using('gin', sql`lower(f_unaccent(${t.name})) gin_trgm_ops`),
  ],
);

/** The directory profile of an account (cán bộ): where they work and how to reach them. */
export const people = pgTable(
  'people',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    accountId: uuid('account_id')
      .notNull()
      .references(() => accounts.id),
    agencyId: uuid('agency_id').references(() => agencies.id),
    position: text('position'),
    phone: text('phone'),
    email: text('email'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('people_account_uq').on(t.accountId), index('people_agency_idx').on(t.agencyId)],
);

export type AdminUnit = typeof adminUnits.$inferSelect;
export type AdminUnitEvent = typeof adminUnitEvents.$inferSelect;
export type Agency = typeof agencies.$inferSelect;
export type Person = typeof people.$inferSelect;
