import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  date,
  index,
  integer,
  jsonb,
  numeric,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
// Schemas reference each other's tables directly (foreign keys); code goes through the directory's index.
import { agencies } from '../../directory/schema.js';
import { paperKinds } from '../papers/schema.js';
import { NATIONAL_SOURCES, PAPER_PROVISIONS } from '../papers/sources.js';

/** Levels at which a procedure is carried out (cấp thực hiện); a procedure may exist at several. */
export const PROCEDURE_LEVELS = ['province', 'district', 'commune'] as const;
export type ProcedureLevel = (typeof PROCEDURE_LEVELS)[number];

/** How far a procedure can be done online: toàn trình (end to end), một phần (partly), trực tiếp (in person only). */
export const ONLINE_LEVELS = ['full', 'partial', 'offline'] as const;
export type OnlineLevel = (typeof ONLINE_LEVELS)[number];

/** Ways a dossier may be handed in (cách thức thực hiện): at the desk (trực tiếp), online (trực tuyến), by post (dịch vụ bưu chính). */
export const CHANNELS = ['direct', 'online', 'postal'] as const;
export type Channel = (typeof CHANNELS)[number];

/** Platform roles that can hold a workflow step (the one-stop officer, the specialist, the leader, the clerk). */
export const STEP_ROLES = ['officer', 'specialist', 'leader', 'clerk'] as const;
export type StepRole = (typeof STEP_ROLES)[number];

/** `dossier`: the agency that received the dossier; `fixed`: a named agency (inter-agency step, liên thông). */
export const AGENCY_MODES = ['dossier', 'fixed'] as const;
export type AgencyMode = (typeof AGENCY_MODES)[number];

export const FORM_FIELD_TYPES = [
  'text',
  'textarea',
  'number',
  'date',
  'select',
  'checkbox',
  'email',
  'phone',
  'idNumber',
] as const;
export type FormFieldType = (typeof FORM_FIELD_TYPES)[number];

/** Profile attributes a form field may be prefilled from (people enter data once). */
export const PREFILL_SOURCES = ['fullName', 'dateOfBirth', 'idNumber', 'address', 'phone', 'email'] as const;
export type PrefillSource = (typeof PREFILL_SOURCES)[number];

/** One field of a procedure's submission form (tờ khai); the dossier module renders and validates submissions from it. */
export interface FormField {
  key: string;
  type: FormFieldType;
  label: { vi: string; en: string };
  required: boolean;
  options?: { value: string; label: { vi: string; en: string } }[];
  prefill?: PrefillSource;
  maxLength?: number;
  help?: { vi: string; en: string };
  /** `number`: bounds (inclusive) and whether only whole numbers are accepted (a count of copies). */
  min?: number;
  max?: number;
  integer?: boolean;
  /** `date`: `past` = not after today (a birth date), `future` = not before today (an appointment). */
  dateRange?: 'past' | 'future';
  /** `idNumber`: the 9 digits of the old identity card (CMND) are accepted too (a deceased person's). */
  allowOldId?: boolean;
}

/** Fields (lĩnh vực) of procedures, e.g. hộ tịch (civil status), chứng thực (certification). */
export const procedureFields = pgTable('procedure_fields', {
  code: text('code').primaryKey(),
  name: text('name').notNull(),
  nameEn: text('name_en'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

/**
 * Administrative procedures (thủ tục hành chính, TTHC) with their national code (mã thủ tục, e.g.
 * '1.001193'). `search` is maintained by the database from code and name, diacritics stripped, for
 * unaccent + trigram search.
 */
export const procedures = pgTable(
  'procedures',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    code: text('code').notNull(),
    name: text('name').notNull(),
    nameEn: text('name_en'),
    fieldCode: text('field_code')
      .notNull()
      .references(() => procedureFields.code),
    levels: text('levels', { enum: PROCEDURE_LEVELS }).array().notNull(),
    /** The agency that decides (cơ quan có thẩm quyền); null = the People's Committee of the level that receives the dossier. */
    agencyId: uuid('agency_id').references(() => agencies.id),
    /** "Cơ quan thực hiện" as the national database words it, e.g. "UBND cấp xã". */
    agencyText: text('agency_text'),
    /** Processing time in working days (thời hạn giải quyết); halves allowed, 0 = within the day. */
    processingDays: numeric('processing_days', { precision: 6, scale: 1, mode: 'number' }).notNull(),
    /** Same-day procedures: received at or after this local 'HH:MM' (15:00 for civil status), due at the next working day's end. */
    processingCutoff: text('processing_cutoff'),
    /** "Immediately" (giải quyết ngay): due this many working minutes after receipt; only with processing_days = 0. */
    immediateMinutes: integer('immediate_minutes'),
    processingNote: text('processing_note'),
    onlineLevel: text('online_level', { enum: ONLINE_LEVELS }).notNull(),
    /** Result (kết quả thực hiện), e.g. "Giấy khai sinh". */
    resultType: text('result_type'),
    /** The kind of paper the result is (loại giấy tờ): kept in the applicant's repository, reusable later. */
    resultKindCode: text('result_kind_code').references(() => paperKinds.code),
    legalBasis: text('legal_basis'),
    feeSummary: text('fee_summary'),
    /** Cách thức thực hiện, as the national record lists them. */
    channels: text('channels', { enum: CHANNELS })
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    /** "Cơ quan có thẩm quyền" as the national record words it (the decider, when it differs from the implementing agency). */
    competentAgencyText: text('competent_agency_text'),
    /** Đối tượng thực hiện (who may ask) and Yêu cầu, điều kiện thực hiện (conditions), as published. */
    subjects: text('subjects'),
    requirements: text('requirements'),
    /** When the national export last wrote this procedure (null: entered by hand). */
    importedAt: timestamp('imported_at', { withTimezone: true }),
    formFields: jsonb('form_fields')
      .$type<FormField[]>()
      .notNull()
      .default(sql`'[]'::jsonb`),
    active: boolean('active').notNull().default(true),
    /** Data not confirmed against an official source (dữ liệu minh hoạ). */
    demo: boolean('demo').notNull().default(false),
    search: text('search').generatedAlwaysAs(sql`lower(f_unaccent("code" || ' ' || "name"))`),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('procedures_code_uq').on(t.code),
    index('procedures_field_idx').on(t.fieldCode),
    index('procedures_agency_idx').on(t.agencyId),
    index('procedures_levels_idx').using('gin', t.levels),
    index('procedures_search_trgm').using('gin', sql`${t.search} gin_trgm_ops`),
    check(
      'procedures_levels_ck',
      sql`cardinality(${t.levels}) > 0 AND ${t.levels} <@ ARRAY['province','district','commune']::text[]`,
    ),
    check(
      'procedures_days_ck',
      sql`${t.processingDays} >= 0 AND ${t.processingDays} * 2 = trunc(${t.processingDays} * 2)`,
    ),
    check(
      'procedures_cutoff_ck',
      sql`${t.processingCutoff} IS NULL OR ${t.processingCutoff} ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$'`,
    ),
    check('procedures_channels_ck', sql`${t.channels} <@ ARRAY['direct','online','postal']::text[]`),
    check(
      'procedures_immediate_ck',
      sql`${t.immediateMinutes} IS NULL OR (${t.immediateMinutes} BETWEEN 1 AND 480 AND ${t.processingDays} = 0)`,
    ),
  ],
);

/** Papers of the dossier (thành phần hồ sơ). */
export const procedurePapers = pgTable(
  'procedure_papers',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    procedureId: uuid('procedure_id')
      .notNull()
      .references(() => procedures.id, { onDelete: 'cascade' }),
    ordinal: integer('ordinal').notNull(),
    name: text('name').notNull(),
    /** Number of originals (bản chính) and of copies (bản sao). */
    originals: integer('originals').notNull().default(0),
    copies: integer('copies').notNull().default(0),
    mandatory: boolean('mandatory').notNull().default(true),
    /** The form template (mẫu đơn, tờ khai) in the file store, by its sha-256. */
    templateSha256: text('template_sha256'),
    /** The template's file name as the national record names it ("Mẫu đơn, tờ khai"), kept until a file is uploaded. */
    templateName: text('template_name'),
    note: text('note'),
    /** Its kind (loại giấy tờ): a repository document of this kind may stand for it. */
    kindCode: text('kind_code').references(() => paperKinds.code),
    /** upload; desk = only shown at the desk (xuất trình); national = taken from `nationalSource`: never uploaded online. */
    provision: text('provision', { enum: PAPER_PROVISIONS }).notNull().default('upload'),
    nationalSource: text('national_source', { enum: NATIONAL_SOURCES }),
  },
  (t) => [
    uniqueIndex('procedure_papers_ordinal_uq').on(t.procedureId, t.ordinal),
    check('procedure_papers_counts_ck', sql`${t.originals} >= 0 AND ${t.copies} >= 0`),
    check('procedure_papers_sha_ck', sql`${t.templateSha256} IS NULL OR ${t.templateSha256} ~ '^[0-9a-f]{64}$'`),
    check(
      'procedure_papers_provision_ck',
      sql`${t.provision} IN ('upload','desk','national') AND (${t.provision} = 'national') = (${t.nationalSource} IS NOT NULL) AND (${t.nationalSource} IS NULL OR ${t.nationalSource} IN ('population','civil-status','business','land','insurance'))`,
    ),
  ],
);

/** How a fee row counts (see src/procedures/fees/compute.ts): a fixed sum, per copy (from the Nth), or by brackets of a form field's value. */
export const FEE_KINDS = ['fixed', 'per_copy', 'by_field'] as const;
export type FeeKind = (typeof FEE_KINDS)[number];

/** by_field: the first bracket whose `upTo` is at least the value (null = no upper bound) gives the amount. */
export interface FeeBracket {
  upTo: number | null;
  amount: number;
}

/** A reduction (giảm) or, at 100%, an exemption (miễn) for a category of applicants, granted only with evidence. */
export interface FeeReduction {
  category: string;
  label: { vi: string; en: string };
  percent: number;
  /** The paper that proves it (e.g. sổ hộ nghèo), shown to the applicant. */
  evidence: { vi: string; en: string };
}

/** Fees and charges (phí, lệ phí) in VND, each row a rule; a change of law is a new row with its validity, not an edit. */
export const procedureFees = pgTable(
  'procedure_fees',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    procedureId: uuid('procedure_id')
      .notNull()
      .references(() => procedures.id, { onDelete: 'cascade' }),
    ordinal: integer('ordinal').notNull(),
    name: text('name').notNull(),
    /** fixed: the sum; per_copy: per copy counted; by_field: unused (the brackets give it). */
    amount: integer('amount').notNull(),
    note: text('note'),
    kind: text('kind', { enum: FEE_KINDS }).notNull().default('fixed'),
    /** per_copy: the form field holding the number of copies; by_field: the field whose value picks the bracket. */
    quantityField: text('quantity_field'),
    /** per_copy: the first copy charged (3 = from the third copy). */
    fromCopy: integer('from_copy').notNull().default(1),
    brackets: jsonb('brackets').$type<FeeBracket[]>(),
    reductions: jsonb('reductions')
      .$type<FeeReduction[]>()
      .notNull()
      .default(sql`'[]'::jsonb`),
    /** A reduction for online submission, where the province decides one (percent). */
    onlineReductionPercent: integer('online_reduction_percent').notNull().default(0),
    /** Paid back when the dossier is refused or withdrawn after payment. */
    refundable: boolean('refundable').notNull().default(false),
    legalBasis: text('legal_basis'),
    validFrom: date('valid_from'),
    validTo: date('valid_to'),
  },
  (t) => [
    uniqueIndex('procedure_fees_ordinal_uq').on(t.procedureId, t.ordinal),
    check('procedure_fees_amount_ck', sql`${t.amount} >= 0`),
    check('procedure_fees_kind_ck', sql`${t.kind} IN ('fixed', 'per_copy', 'by_field')`),
    check('procedure_fees_from_copy_ck', sql`${t.fromCopy} >= 1`),
    check('procedure_fees_online_ck', sql`${t.onlineReductionPercent} BETWEEN 0 AND 100`),
    check(
      'procedure_fees_validity_ck',
      sql`${t.validTo} IS NULL OR ${t.validFrom} IS NULL OR ${t.validTo} >= ${t.validFrom}`,
    ),
  ],
);

/**
 * A procedure's workflow (quy trình nội bộ) as data: ordered steps, each held by a role in an agency
 * (the dossier's own, or a fixed one for inter-agency steps) with a share of the processing time.
 * The shares of one procedure sum to 100 (checked by the service that writes them).
 */
export const workflowSteps = pgTable(
  'workflow_steps',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    procedureId: uuid('procedure_id')
      .notNull()
      .references(() => procedures.id, { onDelete: 'cascade' }),
    ordinal: integer('ordinal').notNull(),
    name: text('name').notNull(),
    nameEn: text('name_en').notNull(),
    role: text('role', { enum: STEP_ROLES }).notNull(),
    agencyMode: text('agency_mode', { enum: AGENCY_MODES }).notNull().default('dossier'),
    agencyId: uuid('agency_id').references(() => agencies.id),
    /** Share of the processing time, in percent. */
    sharePercent: integer('share_percent').notNull(),
  },
  (t) => [
    uniqueIndex('workflow_steps_ordinal_uq').on(t.procedureId, t.ordinal),
    index('workflow_steps_agency_idx').on(t.agencyId),
    check('workflow_steps_share_ck', sql`${t.sharePercent} BETWEEN 0 AND 100`),
    check('workflow_steps_agency_ck', sql`(${t.agencyMode} = 'fixed') = (${t.agencyId} IS NOT NULL)`),
  ],
);

export type ProcedureField = typeof procedureFields.$inferSelect;
export type Procedure = typeof procedures.$inferSelect;
export type ProcedurePaper = typeof procedurePapers.$inferSelect;
export type ProcedureFee = typeof procedureFees.$inferSelect;
export type WorkflowStep = typeof workflowSteps.$inferSelect;

/**
 * Words people search with (từ đồng nghĩa) and the catalog's wording they stand for: "đăng ký kinh
 * doanh" finds "Đăng ký thành lập hộ kinh doanh". Rows an administrator edits; defaults ship in the migration.
 */
export const searchSynonyms = pgTable(
  'search_synonyms',
  {
    term: text('term').primaryKey(),
    expansions: text('expansions').array().notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [check('search_synonyms_expansions_ck', sql`cardinality(${t.expansions}) BETWEEN 1 AND 20`)],
);
export type SearchSynonym = typeof searchSynonyms.$inferSelect;
