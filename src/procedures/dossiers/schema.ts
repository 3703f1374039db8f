import { sql } from 'drizzle-orm';
import {
  bigserial,
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
import { accounts } from '../../platform/auth/schema.js';
import { adminUnits, agencies } from '../../directory/schema.js';
import { procedures, type WorkflowStep } from '../catalog/schema.js';
import { CHANNELS, DOSSIER_STATUSES } from './statuses.js';
import type { FeeQuote } from '../fees/compute.js';
import type { PaperSource } from '../papers/sources.js';

/** Files attached to one paper of the procedure (thành phần hồ sơ), by content address. */
export interface PaperAttachment {
  /** procedure_papers.id; null for a paper the procedure does not list (giấy tờ khác). */
  paperId: string | null;
  name?: string;
  files: string[];
  /** Where the paper came from (../papers): uploaded, the applicant's repository, shown at the desk, a national database, the verified identity. */
  source?: PaperSource;
  /** source = repository: the repository document (repository_documents.id). */
  documentId?: string;
  /** source = national: the consented lookup (national_lookups.id). */
  lookupId?: string;
}

/** One step of the procedure's workflow as it stood when the dossier was received (the catalog row without its ids). */
export type WorkflowSnapshotStep = Pick<
  WorkflowStep,
  'ordinal' | 'name' | 'nameEn' | 'role' | 'agencyMode' | 'agencyId' | 'sharePercent'
>;

/**
 * Dossiers (hồ sơ thủ tục hành chính). The row is a cache of the fold of its actions (dossier_actions),
 * updated in the same transaction as each action. `agency_id` is the agency that handles it
 * (cơ quan giải quyết); `receiving_agency_id` the one-stop desk that received it (bộ phận một cửa),
 * often a public-service centre receiving for many agencies. Receipt is not tied to where the
 * applicant lives (Nghị định 118/2025/NĐ-CP): `applicant_unit_id` is only their address.
 */
export const dossiers = pgTable(
  'dossiers',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    code: text('code').notNull(),
    procedureId: uuid('procedure_id')
      .notNull()
      .references(() => procedures.id),
    agencyId: uuid('agency_id')
      .notNull()
      .references(() => agencies.id),
    receivingAgencyId: uuid('receiving_agency_id')
      .notNull()
      .references(() => agencies.id),
    /** Where the current step is held: the handling agency, or another for an inter-agency step (liên thông). */
    currentAgencyId: uuid('current_agency_id')
      .notNull()
      .references(() => agencies.id),
    applicantUnitId: uuid('applicant_unit_id').references(() => adminUnits.id),
    /** Personal data: shown only to the applicant and the staff handling the case. */
    applicantAccountId: uuid('applicant_account_id').references(() => accounts.id),
    applicantName: text('applicant_name').notNull(),
    applicantIdNumber: text('applicant_id_number'),
    applicantPhone: text('applicant_phone'),
    applicantEmail: text('applicant_email'),
    applicantAddress: text('applicant_address'),
    channel: text('channel', { enum: CHANNELS }).notNull(),
    formData: jsonb('form_data')
      .$type<Record<string, unknown>>()
      .notNull()
      .default(sql`'{}'::jsonb`),
    attachments: jsonb('attachments')
      .$type<PaperAttachment[]>()
      .notNull()
      .default(sql`'[]'::jsonb`),
    status: text('status', { enum: DOSSIER_STATUSES }).notNull(),
    /** The state a paused dossier (supplement, suspension) goes back to. */
    resumeStatus: text('resume_status', { enum: DOSSIER_STATUSES }),
    submittedAt: timestamp('submitted_at', { withTimezone: true }).notNull(),
    receivedAt: timestamp('received_at', { withTimezone: true }),
    /** The appointment (ngày hẹn trả), moved only by the stopped clock; an apology never moves it. */
    dueAt: timestamp('due_at', { withTimezone: true }),
    /** The new date promised in an apology letter (phiếu xin lỗi và hẹn lại); the dossier stays late. */
    newDueAt: timestamp('new_due_at', { withTimezone: true }),
    /** Working time the clock stood still, in total. */
    pausedMs: integer('paused_ms').notNull().default(0),
    pausedSince: timestamp('paused_since', { withTimezone: true }),
    /** The workflow step under way (its ordinal in `workflow`), null before processing. */
    currentStep: integer('current_step'),
    /**
     * The workflow this dossier follows, fixed at receipt: editing the procedure afterwards must not
     * change the steps under a dossier in progress. Null before receipt (and for dossiers received
     * before snapshots existed, which follow the catalog).
     */
    workflow: jsonb('workflow').$type<WorkflowSnapshotStep[]>(),
    currentHandlerId: uuid('current_handler_id').references(() => accounts.id),
    /** When the result (or the refusal) was decided: what early / on time / late is measured by. */
    completedAt: timestamp('completed_at', { withTimezone: true }),
    returnedAt: timestamp('returned_at', { withTimezone: true }),
    resultSha256: text('result_sha256'),
    /** The fee computed from the procedure's rules and the form (src/procedures/fees), recomputed when a supplement changes the form. */
    fee: jsonb('fee').$type<FeeQuote>(),
    feeTotal: integer('fee_total').notNull().default(0),
    rating: smallint('rating'),
    ratingComment: text('rating_comment'),
    /** Who created it, with their retry key: the same submission sent twice is one dossier. */
    createdBy: uuid('created_by').references(() => accounts.id),
    createTransactionId: text('create_transaction_id'),
    lastSeq: integer('last_seq').notNull().default(0),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('dossiers_code_uq').on(t.code),
    uniqueIndex('dossiers_create_tx_uq').on(t.createdBy, t.createTransactionId),
    index('dossiers_agency_status_idx').on(t.agencyId, t.status),
    index('dossiers_receiving_status_idx').on(t.receivingAgencyId, t.status),
    index('dossiers_current_status_idx').on(t.currentAgencyId, t.status),
    index('dossiers_applicant_idx').on(t.applicantAccountId),
    index('dossiers_handler_idx').on(t.currentHandlerId),
    index('dossiers_due_idx').on(t.dueAt),
    index('dossiers_received_idx').on(t.receivedAt),
    index('dossiers_procedure_idx').on(t.procedureId),
    check('dossiers_rating_ck', sql`${t.rating} IS NULL OR ${t.rating} BETWEEN 1 AND 5`),
    check('dossiers_paused_ck', sql`${t.pausedMs} >= 0`),
    check('dossiers_fee_total_ck', sql`${t.feeTotal} >= 0`),
  ],
);

/**
 * What happened to a dossier (nhật ký xử lý), append-only: one row per action, numbered per dossier.
 * `client_transaction_id` makes a retried request apply once.
 */
export const dossierActions = pgTable(
  'dossier_actions',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    dossierId: uuid('dossier_id')
      .notNull()
      .references(() => dossiers.id),
    seq: integer('seq').notNull(),
    action: text('action').notNull(),
    actorId: uuid('actor_id').references(() => accounts.id),
    actorLabel: text('actor_label').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull(),
    fromStatus: text('from_status', { enum: DOSSIER_STATUSES }),
    toStatus: text('to_status', { enum: DOSSIER_STATUSES }).notNull(),
    details: jsonb('details')
      .$type<Record<string, unknown>>()
      .notNull()
      .default(sql`'{}'::jsonb`),
    clientTransactionId: text('client_transaction_id'),
  },
  (t) => [
    uniqueIndex('dossier_actions_seq_uq').on(t.dossierId, t.seq),
    uniqueIndex('dossier_actions_client_tx_uq').on(t.dossierId, t.clientTransactionId),
    index('dossier_actions_at_idx').on(t.at),
  ],
);

/** Daily sequences of dossier codes per receiving agency (the agency's code, local day yymmdd). */
export const dossierCounters = pgTable(
  'dossier_counters',
  {
    agencyCode: text('agency_code').notNull(),
    day: text('day').notNull(),
    last: integer('last').notNull(),
  },
  (t) => [
    uniqueIndex('dossier_counters_pk').on(t.agencyCode, t.day),
    check('dossier_counters_last_ck', sql`${t.last} >= 1`),
  ],
);

export type Dossier = typeof dossiers.$inferSelect;
export type DossierAction = typeof dossierActions.$inferSelect;
