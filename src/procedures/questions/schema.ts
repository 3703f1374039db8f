import { sql } from 'drizzle-orm';
import { boolean, check, index, numeric, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { accounts } from '../../platform/auth/schema.js';
import { agencies } from '../../directory/schema.js';
import { procedures } from '../catalog/schema.js';
import { dossiers } from '../dossiers/schema.js';

export const QUESTION_STATUSES = ['open', 'answered'] as const;

/**
 * Questions on a procedure or a dossier (hỏi đáp), routed to the competent agency with a deadline in
 * working time; an answer the agency publishes shows on the procedure's page and in the catalog search.
 * The asker's name and contact are personal data: never shown with a published answer.
 */
export const questions = pgTable(
  'questions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    procedureId: uuid('procedure_id')
      .notNull()
      .references(() => procedures.id),
    dossierId: uuid('dossier_id').references(() => dossiers.id),
    agencyId: uuid('agency_id')
      .notNull()
      .references(() => agencies.id),
    askerAccountId: uuid('asker_account_id').references(() => accounts.id),
    askerName: text('asker_name').notNull(),
    askerContact: text('asker_contact'),
    body: text('body').notNull(),
    status: text('status', { enum: QUESTION_STATUSES }).notNull().default('open'),
    askedAt: timestamp('asked_at', { withTimezone: true }).notNull(),
    dueAt: timestamp('due_at', { withTimezone: true }).notNull(),
    answer: text('answer'),
    answeredBy: uuid('answered_by').references(() => accounts.id),
    answeredAt: timestamp('answered_at', { withTimezone: true }),
    published: boolean('published').notNull().default(false),
    publishedAt: timestamp('published_at', { withTimezone: true }),
    search: text('search').generatedAlwaysAs(sql`lower(f_unaccent("body" || ' ' || coalesce("answer", '')))`),
  },
  (t) => [
    index('questions_agency_status_idx').on(t.agencyId, t.status),
    index('questions_procedure_published_idx')
      .on(t.procedureId)
      .where(sql`${t.published}`),
    index('questions_search_trgm')
      .using('gin', sql`${t.search} gin_trgm_ops`)
      .where(sql`${t.published}`),
    check('questions_status_ck', sql`${t.status} IN ('open','answered')`),
    check(
      'questions_answer_ck',
      sql`(${t.status} = 'answered') = (${t.answer} IS NOT NULL AND ${t.answeredAt} IS NOT NULL)`,
    ),
    check('questions_published_ck', sql`NOT ${t.published} OR ${t.status} = 'answered'`),
    check('questions_contact_ck', sql`${t.askerAccountId} IS NOT NULL OR ${t.askerContact} IS NOT NULL`),
  ],
);

/** Working days an agency has to answer; the row without agency is the default (5, seeded). */
export const questionRules = pgTable(
  'question_rules',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    agencyId: uuid('agency_id').references(() => agencies.id),
    answerWorkingDays: numeric('answer_working_days', { precision: 4, scale: 1, mode: 'number' }).notNull(),
  },
  (t) => [
    uniqueIndex('question_rules_agency_uq').using(
      'btree',
      sql`coalesce(${t.agencyId}, '00000000-0000-0000-0000-000000000000'::uuid)`,
    ),
    check(
      'question_rules_days_ck',
      sql`${t.answerWorkingDays} > 0 AND ${t.answerWorkingDays} * 2 = trunc(${t.answerWorkingDays} * 2)`,
    ),
  ],
);

export type Question = typeof questions.$inferSelect;
