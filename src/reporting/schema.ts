/**
 * The reporting module's tables (báo cáo, chỉ tiêu, bộ tiêu chí). It reads other modules only through
 * their published views (procedures_dossier_stats, feedback_report_facts, documents_stats,
 * documents_work_record_stats, inventory_agency_facts) and never their tables.
 */
import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  doublePrecision,
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
import type { Rule } from './criteria/rules.js';
import type { CriterionSource, Subject } from './seed/types.js';
import type { IndicatorSource } from './indicators/types.js';
import type { TemplateField } from './reports/fields.js';

export const PERIOD_KINDS = ['month', 'quarter', 'half', 'year'] as const;
export type PeriodKind = (typeof PERIOD_KINDS)[number];
export const SCOPE_KINDS = ['province', 'agency', 'unit'] as const;
export type ScopeKind = (typeof SCOPE_KINDS)[number];
/** computed: from a view; unavailable: its view is missing; entered/approved/returned: an agency's figure and its review. */
export const VALUE_STATUSES = ['computed', 'unavailable', 'entered', 'approved', 'returned'] as const;
export type ValueStatus = (typeof VALUE_STATUSES)[number];
export const REPORT_STATUSES = ['draft', 'submitted', 'accepted', 'returned'] as const;
export type ReportStatus = (typeof REPORT_STATUSES)[number];
export const ANSWER_STATUSES = ['submitted', 'approved', 'returned'] as const;

/** An indicator (chỉ số): a named, versioned definition; a new version is a new row. */
export const reportingIndicators = pgTable(
  'reporting_indicators',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    key: text('key').notNull(),
    version: integer('version').notNull().default(1),
    nameVi: text('name_vi').notNull(),
    nameEn: text('name_en').notNull(),
    /** '%' for a ratio a/b, 'count' for a count a, 'score' for points. */
    unit: text('unit').notNull(),
    /** 'up': higher is better; 'down': lower is better. */
    direction: text('direction').notNull(),
    /** The plan's wording of the numerator (a) and denominator (b). */
    numeratorVi: text('numerator_vi').notNull(),
    denominatorVi: text('denominator_vi'),
    periodKinds: text('period_kinds').array().notNull(),
    scopeKinds: text('scope_kinds').array().notNull(),
    source: jsonb('source').$type<IndicatorSource>().notNull(),
    /** The department that approves entered values (sở chủ quản); null: the province's administrator. */
    ownerAgencyId: uuid('owner_agency_id'),
    active: boolean('active').notNull().default(true),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('reporting_indicators_key_version_uq').on(t.key, t.version)],
);

/** An indicator's value for one period and scope, kept current by the refresh job (computed) or entered with evidence. */
export const reportingIndicatorValues = pgTable(
  'reporting_indicator_values',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    indicatorKey: text('indicator_key').notNull(),
    indicatorVersion: integer('indicator_version').notNull(),
    periodKind: text('period_kind', { enum: PERIOD_KINDS }).notNull(),
    /** '2026', '2026-H2', '2026-Q3', '2026-07'. */
    periodKey: text('period_key').notNull(),
    scopeKind: text('scope_kind', { enum: SCOPE_KINDS }).notNull(),
    /** The agency's or unit's id; '' for the province. */
    scopeId: text('scope_id').notNull(),
    a: doublePrecision('a'),
    b: doublePrecision('b'),
    value: doublePrecision('value'),
    status: text('status', { enum: VALUE_STATUSES }).notNull(),
    evidenceSha256: text('evidence_sha256'),
    evidenceUrl: text('evidence_url'),
    note: text('note'),
    enteredBy: uuid('entered_by'),
    reviewedBy: uuid('reviewed_by'),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('reporting_indicator_values_uq').on(t.indicatorKey, t.periodKind, t.periodKey, t.scopeKind, t.scopeId),
    index('reporting_indicator_values_period_idx').on(t.periodKind, t.periodKey, t.scopeKind),
  ],
);

/** A criteria set (bộ tiêu chí), versioned. */
export const reportingCriteriaSets = pgTable(
  'reporting_criteria_sets',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    key: text('key').notNull(),
    version: integer('version').notNull().default(1),
    nameVi: text('name_vi').notNull(),
    nameEn: text('name_en').notNull(),
    source: text('source'),
    /** The plan's target share of criteria computed from data (0.8 for Huế). */
    targetComputedShare: doublePrecision('target_computed_share'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('reporting_criteria_sets_key_version_uq').on(t.key, t.version)],
);

/** A group or criterion of a set, as printed (title, rule text, maximum) with its rule as data. */
export const reportingCriteria = pgTable(
  'reporting_criteria',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    setId: uuid('set_id')
      .notNull()
      .references(() => reportingCriteriaSets.id),
    code: text('code').notNull(),
    printedCode: text('printed_code').notNull(),
    parentCode: text('parent_code'),
    kind: text('kind').notNull(),
    position: integer('position').notNull(),
    title: text('title').notNull(),
    ruleText: text('rule_text').notNull(),
    note: text('note').notNull(),
    printedMax: doublePrecision('printed_max'),
    sourceLine: integer('source_line'),
    rule: jsonb('rule').$type<Rule>(),
    subject: text('subject').$type<Subject>(),
    source: jsonb('source').$type<CriterionSource>(),
  },
  (t) => [uniqueIndex('reporting_criteria_set_code_uq').on(t.setId, t.code)],
);

/** An agency's answer to a criterion for a year, with evidence, reviewed by the owning department. */
export const reportingCriterionAnswers = pgTable(
  'reporting_criterion_answers',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    setId: uuid('set_id')
      .notNull()
      .references(() => reportingCriteriaSets.id),
    code: text('code').notNull(),
    agencyId: uuid('agency_id').notNull(),
    year: integer('year').notNull(),
    input: jsonb('input').notNull(),
    evidenceSha256: text('evidence_sha256'),
    evidenceUrl: text('evidence_url'),
    status: text('status', { enum: ANSWER_STATUSES }).notNull(),
    reason: text('reason'),
    answeredBy: uuid('answered_by'),
    reviewedBy: uuid('reviewed_by'),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('reporting_criterion_answers_uq').on(t.setId, t.code, t.agencyId, t.year)],
);

/** The last ranking of a set per year, kept by the refresh job so a change of rank can be told. */
export const reportingRankings = pgTable(
  'reporting_rankings',
  {
    setId: uuid('set_id').notNull(),
    year: integer('year').notNull(),
    agencyId: uuid('agency_id').notNull(),
    score: doublePrecision('score').notNull(),
    rank: integer('rank').notNull(),
    previousScore: doublePrecision('previous_score'),
    previousRank: integer('previous_rank'),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ name: 'reporting_rankings_pk', columns: [t.setId, t.year, t.agencyId] })],
);

/** Alerts for the operations centre, pushed live to every instance's clients (NOTIFY on commit). */
export const reportingAlerts = pgTable(
  'reporting_alerts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    kind: text('kind').notNull(),
    agencyId: uuid('agency_id'),
    titleVi: text('title_vi').notNull(),
    titleEn: text('title_en').notNull(),
    link: text('link'),
    details: jsonb('details')
      .notNull()
      .default(sql`'{}'::jsonb`),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('reporting_alerts_created_idx').on(t.createdAt)],
);

/** A periodic report's template (mẫu báo cáo định kỳ): typed fields, formulas, period, deadline, who reports. */
export const reportingTemplates = pgTable(
  'reporting_templates',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    key: text('key').notNull(),
    nameVi: text('name_vi').notNull(),
    nameEn: text('name_en').notNull(),
    periodKind: text('period_kind', { enum: PERIOD_KINDS }).notNull(),
    /** Days after the period's end by which a report is due. */
    deadlineDays: integer('deadline_days').notNull(),
    /** Days before the deadline when reminders go out. */
    remindDays: integer('remind_days').notNull().default(3),
    fields: jsonb('fields').$type<TemplateField[]>().notNull(),
    receiverAgencyId: uuid('receiver_agency_id'),
    agencyIds: uuid('agency_ids').array().notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('reporting_templates_key_uq').on(t.key),
    check('reporting_templates_deadline_ck', sql`${t.deadlineDays} >= 0`),
  ],
);

/** One agency's report for one period: the fold of its actions. */
export const reportingReports = pgTable(
  'reporting_reports',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    templateId: uuid('template_id')
      .notNull()
      .references(() => reportingTemplates.id),
    agencyId: uuid('agency_id').notNull(),
    periodKey: text('period_key').notNull(),
    dueAt: timestamp('due_at', { withTimezone: true }).notNull(),
    status: text('status', { enum: REPORT_STATUSES }).notNull(),
    values: jsonb('values').$type<Record<string, unknown>>().notNull(),
    computedFields: text('computed_fields').array().notNull(),
    submittedAt: timestamp('submitted_at', { withTimezone: true }),
    reason: text('reason'),
    remindedAt: timestamp('reminded_at', { withTimezone: true }),
    nationalRef: text('national_ref'),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('reporting_reports_uq').on(t.templateId, t.agencyId, t.periodKey),
    index('reporting_reports_due_idx').on(t.status, t.dueAt),
  ],
);

/** The append-only timeline of a report. */
export const reportingReportActions = pgTable(
  'reporting_report_actions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    reportId: uuid('report_id')
      .notNull()
      .references(() => reportingReports.id),
    action: text('action').notNull(),
    actorId: uuid('actor_id'),
    values: jsonb('values'),
    reason: text('reason'),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('reporting_report_actions_report_idx').on(t.reportId)],
);

/** A plan (kế hoạch, đề án) whose targets and tasks are tracked. */
export const reportingPlans = pgTable(
  'reporting_plans',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    key: text('key').notNull(),
    nameVi: text('name_vi').notNull(),
    issuer: text('issuer').notNull(),
    source: text('source').notNull(),
  },
  (t) => [uniqueIndex('reporting_plans_key_uq').on(t.key)],
);

/** A target (chỉ tiêu): metric, value, year, scope, responsible agency; linked to an indicator where one fits. */
export const reportingPlanTargets = pgTable(
  'reporting_plan_targets',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    planId: uuid('plan_id')
      .notNull()
      .references(() => reportingPlans.id),
    textVi: text('text_vi').notNull(),
    value: doublePrecision('value'),
    unit: text('unit'),
    year: integer('year'),
    scope: text('scope'),
    responsible: text('responsible'),
    indicatorKey: text('indicator_key'),
    sourceLine: integer('source_line').notNull(),
  },
  (t) => [index('reporting_plan_targets_plan_idx').on(t.planId)],
);

/** A task (nhiệm vụ) of a plan, with its lead agency's progress notes. */
export const reportingPlanTasks = pgTable(
  'reporting_plan_tasks',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    planId: uuid('plan_id')
      .notNull()
      .references(() => reportingPlans.id),
    kind: text('kind').notNull().default('task'),
    content: text('content').notNull(),
    lead: text('lead'),
    partners: text('partners'),
    deadline: text('deadline'),
    budget: text('budget'),
    status: text('status').notNull().default('open'),
    progress: jsonb('progress')
      .$type<{ at: string; note: string; by: string }[]>()
      .notNull()
      .default(sql`'[]'::jsonb`),
    sourceLine: integer('source_line').notNull(),
  },
  (t) => [index('reporting_plan_tasks_plan_idx').on(t.planId)],
);

/** A satisfaction survey form (phiếu khảo sát SIPAS) and its criteria. */
export const reportingSurveys = pgTable(
  'reporting_surveys',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    key: text('key').notNull(),
    nameVi: text('name_vi').notNull(),
    questions: jsonb('questions').$type<{ key: string; textVi: string; textEn: string }[]>().notNull(),
    active: boolean('active').notNull().default(true),
  },
  (t) => [uniqueIndex('reporting_surveys_key_uq').on(t.key)],
);

/** An anonymous answer: the dossier is kept only as a hash (one answer per dossier), never the applicant. */
export const reportingSurveyResponses = pgTable(
  'reporting_survey_responses',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    surveyId: uuid('survey_id')
      .notNull()
      .references(() => reportingSurveys.id),
    dossierHash: text('dossier_hash').notNull(),
    agencyId: uuid('agency_id').notNull(),
    answers: jsonb('answers').$type<Record<string, number>>().notNull(),
    /** The mean answer is 4 or 5 of 5 (hài lòng trở lên). */
    satisfied: boolean('satisfied').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('reporting_survey_responses_dossier_uq').on(t.surveyId, t.dossierHash),
    index('reporting_survey_responses_agency_idx').on(t.agencyId, t.createdAt),
  ],
);
