import { sql } from 'drizzle-orm';
import { check, index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { accounts } from '../../platform/auth/schema.js';
// A cycle with the catalog's schema (it names paper kinds): both sides reference lazily, so it is harmless.
import { procedures } from '../catalog/schema.js';
import { NATIONAL_SOURCES } from './sources.js';

export * from './sources.js';

/**
 * Kinds of paper (loại giấy tờ): one catalog for procedures' papers (what a procedure asks for, what it
 * issues) and the citizens' repository documents, so that a result kept once answers a later request.
 */
export const paperKinds = pgTable(
  'paper_kinds',
  {
    code: text('code').primaryKey(),
    name: text('name').notNull(),
    nameEn: text('name_en'),
    /** The national database that holds papers of this kind, when one does. */
    nationalSource: text('national_source', { enum: NATIONAL_SOURCES }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check('paper_kinds_code_ck', sql`${t.code} ~ '^[a-z0-9][a-z0-9-]{0,63}$'`),
    check(
      'paper_kinds_source_ck',
      sql`${t.nationalSource} IS NULL OR ${t.nationalSource} IN ('population','civil-status','business','land','insurance')`,
    ),
  ],
);

/**
 * A citizen's consent to a lookup in a national database and what it answered (personal data:
 * purpose-bound, kept as evidence of the consent). Written before the dossier it serves.
 */
export const nationalLookups = pgTable(
  'national_lookups',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    accountId: uuid('account_id')
      .notNull()
      .references(() => accounts.id),
    source: text('source', { enum: NATIONAL_SOURCES }).notNull(),
    purpose: text('purpose').notNull(),
    procedureId: uuid('procedure_id').references(() => procedures.id),
    idNumber: text('id_number').notNull(),
    consentedAt: timestamp('consented_at', { withTimezone: true }).notNull(),
    outcome: text('outcome', { enum: ['found', 'not-found', 'mismatch', 'unavailable'] }).notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('national_lookups_account_idx').on(t.accountId),
    check('national_lookups_outcome_ck', sql`${t.outcome} IN ('found','not-found','mismatch','unavailable')`),
  ],
);

export type PaperKind = typeof paperKinds.$inferSelect;
export type NationalLookup = typeof nationalLookups.$inferSelect;
