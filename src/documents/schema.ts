import { sql, type InferSelectModel } from 'drizzle-orm';
import {
  type AnyPgColumn,
  bigserial,
  boolean,
  check,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { accounts } from '../platform/auth/schema.js';
import { files } from '../platform/files/schema.js';
import { agencies } from '../directory/schema.js';
import {
  ASSIGNMENT_ROLES,
  CONFIDENTIALITIES,
  DIRECTIONS,
  DOCUMENT_STATUSES,
  FILE_ROLES,
  OUTCOMES,
  TEXT_STATES,
  URGENCIES,
  WORK_RECORD_STATUSES,
} from './statuses.js';

/**
 * Document types (loại văn bản) and their abbreviations (chữ viết tắt), Nghị định 30/2020 appendix III,
 * shipped as seed rows an administrator edits. `letter` marks the official letter (công văn), which has
 * no type abbreviation in its symbol (`345/UBND-VP`).
 */
export const documentTypes = pgTable('document_types', {
  code: text('code').primaryKey(),
  name: text('name').notNull(),
  nameEn: text('name_en').notNull(),
  letter: boolean('letter').notNull().default(false),
  ordinal: smallint('ordinal').notNull().default(0),
  active: boolean('active').notNull().default(true),
});

/**
 * What an agency's symbols and headers need (thông tin ban hành): its abbreviation (UBND, STP), the
 * place name printed before the date (địa danh), and the governing body printed above its name
 * (cơ quan chủ quản). Data an administrator edits.
 */
export const documentAgencySettings = pgTable('document_agency_settings', {
  agencyId: uuid('agency_id')
    .primaryKey()
    .references(() => agencies.id),
  abbreviation: text('abbreviation').notNull(),
  place: text('place').notNull(),
  parentName: text('parent_name'),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/**
 * Registers (sổ văn bản đến / đi) per agency, direction, series and year. Numbers run from 01 on
 * 1 January (Nghị định 30/2020 art. 15): `last_number` is the counter, incremented under the row's
 * lock in the transaction that uses the number, so a rolled-back transaction gives it back.
 * A series separates registers the head of the agency decides (e.g. normative documents).
 */
export const documentRegisters = pgTable(
  'document_registers',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    agencyId: uuid('agency_id')
      .notNull()
      .references(() => agencies.id),
    direction: text('direction', { enum: DIRECTIONS }).notNull(),
    series: text('series').notNull().default('general'),
    year: integer('year').notNull(),
    name: text('name').notNull(),
    /** Only these type codes are numbered here; null: every type without a register of its own series. */
    typeCodes: text('type_codes').array(),
    lastNumber: integer('last_number').notNull().default(0),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('document_registers_uq').on(t.agencyId, t.direction, t.series, t.year),
    check('document_registers_number_ck', sql`${t.lastNumber} >= 0`),
    check('document_registers_year_ck', sql`${t.year} BETWEEN 2000 AND 2200`),
  ],
);

/**
 * Every number a register gave (the register's lines): to a document, or reserved by hand (lấy số
 * trước) through an audited action until a document takes it. The primary key forbids a duplicate;
 * the counter gives them in order, so the lines of a register are 1..last_number without a gap.
 */
export const documentNumbers = pgTable(
  'document_numbers',
  {
    registerId: uuid('register_id')
      .notNull()
      .references(() => documentRegisters.id),
    number: integer('number').notNull(),
    documentId: uuid('document_id').references((): AnyPgColumn => documents.id),
    reservedBy: uuid('reserved_by').references(() => accounts.id),
    reason: text('reason'),
    allocatedAt: timestamp('allocated_at', { withTimezone: true }).notNull(),
    usedAt: timestamp('used_at', { withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.registerId, t.number] }),
    uniqueIndex('document_numbers_document_uq').on(t.registerId, t.documentId),
    check('document_numbers_ck', sql`${t.number} > 0`),
  ],
);

/**
 * Work records (hồ sơ công việc, Nghị định 30/2020 ch. IV): the documents of one matter, with an
 * owner, a retention period (null = permanent, vĩnh viễn) and the hand-over to the archive (nộp lưu).
 */
export const workRecords = pgTable(
  'work_records',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    agencyId: uuid('agency_id')
      .notNull()
      .references(() => agencies.id),
    code: text('code').notNull(),
    title: text('title').notNull(),
    ownerId: uuid('owner_id')
      .notNull()
      .references(() => accounts.id),
    year: integer('year').notNull(),
    status: text('status', { enum: WORK_RECORD_STATUSES }).notNull().default('open'),
    retentionYears: smallint('retention_years'),
    /** Kept and handled in the system (hồ sơ điện tử) rather than on paper. */
    handledOnline: boolean('handled_online').notNull().default(true),
    note: text('note'),
    openedAt: timestamp('opened_at', { withTimezone: true }).notNull().defaultNow(),
    closedAt: timestamp('closed_at', { withTimezone: true }),
    archivedAt: timestamp('archived_at', { withTimezone: true }),
    archivedBy: uuid('archived_by').references(() => accounts.id),
  },
  (t) => [
    uniqueIndex('work_records_code_uq').on(t.agencyId, t.code),
    index('work_records_owner_idx').on(t.ownerId),
    check('work_records_retention_ck', sql`${t.retentionYears} IS NULL OR ${t.retentionYears} > 0`),
  ],
);

/** A recipient of an outgoing document (nơi nhận): an agency of the directory, or a name only. */
export interface Recipient {
  name: string;
  agencyId?: string | null;
  /** Sent on paper too (gửi kèm bản giấy). */
  paper?: boolean;
}

/** The rendered layout's places, bottom-left origin as PDF coordinates (points), page index from 0. */
export interface PdfLayout {
  pageCount: number;
  pageSize: [number, number];
  /** The signature place (chữ ký của người có thẩm quyền) under the signer's title. */
  signature: { page: number; x: number; y: number; width: number; height: number };
  /** Where number and date are printed (for information). */
  number?: { page: number; x: number; y: number; width: number; height: number };
}

/**
 * Documents (văn bản), incoming and outgoing. The row is the fold of its actions (document_actions),
 * updated in the same transaction as each one. `agency_id` is the agency whose register holds it
 * (the receiver of an incoming one, the issuer of an outgoing one). `pdf_sha256` is the authoritative
 * PDF now: the original received, or the numbered layout and then each signed revision.
 */
export const documents = pgTable(
  'documents',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    direction: text('direction', { enum: DIRECTIONS }).notNull(),
    agencyId: uuid('agency_id')
      .notNull()
      .references(() => agencies.id),
    typeCode: text('type_code')
      .notNull()
      .references(() => documentTypes.code),
    status: text('status', { enum: DOCUMENT_STATUSES }).notNull(),
    registerId: uuid('register_id').references(() => documentRegisters.id),
    /** The register's number: arrival number (số đến) or the issued number. */
    number: integer('number'),
    /** Our number and symbol (số, ký hiệu), e.g. `12/QĐ-UBND`; for an incoming one its arrival line. */
    numberSymbol: text('number_symbol'),
    /** Trích yếu. */
    summary: text('summary').notNull(),
    body: text('body'),
    urgency: text('urgency', { enum: URGENCIES }).notNull().default('normal'),
    confidentiality: text('confidentiality', { enum: CONFIDENTIALITIES }).notNull().default('normal'),
    /** Arrival (incoming) or drafting start (outgoing). */
    registeredAt: timestamp('registered_at', { withTimezone: true }).notNull(),
    // incoming (văn bản đến)
    senderName: text('sender_name'),
    senderAgencyId: uuid('sender_agency_id').references(() => agencies.id),
    originalNumberSymbol: text('original_number_symbol'),
    originalDate: date('original_date'),
    receivedVia: text('received_via', { enum: ['paper', 'email', 'exchange', 'system'] }),
    dueAt: timestamp('due_at', { withTimezone: true }),
    leadHandlerId: uuid('lead_handler_id').references(() => accounts.id),
    completedAt: timestamp('completed_at', { withTimezone: true }),
    outcome: text('outcome', { enum: OUTCOMES }),
    outcomeNote: text('outcome_note'),
    // outgoing (văn bản đi)
    draftingUnitId: uuid('drafting_unit_id').references(() => agencies.id),
    drafterId: uuid('drafter_id').references(() => accounts.id),
    reviewerId: uuid('reviewer_id').references(() => accounts.id),
    signerId: uuid('signer_id').references(() => accounts.id),
    /** Quyền hạn (TM., KT., TL., TUQ. …), chức vụ and name printed at the signature place. */
    signerCapacity: text('signer_capacity'),
    signerTitle: text('signer_title'),
    signerName: text('signer_name'),
    recipients: jsonb('recipients')
      .$type<Recipient[]>()
      .notNull()
      .default(sql`'[]'::jsonb`),
    version: integer('version').notNull().default(0),
    /** The incoming document this one answers. */
    inReplyToId: uuid('in_reply_to_id').references((): AnyPgColumn => documents.id),
    /** The document this one replaces (thay thế). */
    replacesId: uuid('replaces_id').references((): AnyPgColumn => documents.id),
    /** Ngày ban hành (Vietnam date printed on the document). */
    issueDate: date('issue_date'),
    numberedAt: timestamp('numbered_at', { withTimezone: true }),
    issuedAt: timestamp('issued_at', { withTimezone: true }),
    sentAt: timestamp('sent_at', { withTimezone: true }),
    /** Set by the signing module: at least one valid digital signature on the PDF. */
    signedDigitally: boolean('signed_digitally').notNull().default(false),
    /** Set by the exchange: sent electronically; `sent_with_paper` a paper copy too. */
    sentElectronically: boolean('sent_electronically').notNull().default(false),
    sentWithPaper: boolean('sent_with_paper').notNull().default(false),
    // both
    pdfSha256: text('pdf_sha256').references(() => files.sha256),
    /** Where the numbered layout put things (the signature place for the visible signature), in PDF points. */
    layout: jsonb('layout').$type<PdfLayout>(),
    textState: text('text_state', { enum: TEXT_STATES }),
    /** Extracted text of the PDF (searchable), capped. */
    content: text('content'),
    workRecordId: uuid('work_record_id').references(() => workRecords.id),
    lastSeq: integer('last_seq').notNull().default(0),
    createdBy: uuid('created_by').references(() => accounts.id),
    createTransactionId: text('create_transaction_id'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    /** Diacritics stripped, lower case: metadata and text for unaccent + trigram search. */
    search: text('search').generatedAlwaysAs(
      sql`lower(f_unaccent(coalesce("number_symbol", '') || ' ' || coalesce("original_number_symbol", '') || ' ' || "summary" || ' ' || coalesce("sender_name", '') || ' ' || coalesce("content", '')))`,
    ),
  },
  (t) => [
    uniqueIndex('documents_number_uq').on(t.registerId, t.number),
    uniqueIndex('documents_create_tx_uq').on(t.createdBy, t.createTransactionId),
    index('documents_agency_idx').on(t.agencyId, t.direction, t.status),
    index('documents_registered_idx').on(t.registeredAt),
    index('documents_due_idx').on(t.dueAt),
    index('documents_lead_idx').on(t.leadHandlerId),
    index('documents_work_record_idx').on(t.workRecordId),
    index('documents_search_trgm').using('gin', sql`${t.search} gin_trgm_ops`),
    // Whole words (the search's main path, queries.ts): exact over any register size, where trigrams over long texts
    // are not (seconds over 500,000 documents).
    index('documents_search_fts').using('gin', sql`to_tsvector('simple'::regconfig, ${t.search})`),
    check('documents_number_ck', sql`(${t.number} IS NULL) = (${t.registerId} IS NULL)`),
  ],
);

/**
 * The words the documents hold (unaccented, lower case; no numbers), for typo tolerance at scale: a query word absent
 * from every document is corrected to its nearest words here by trigram similarity, a table of thousands of short rows
 * rather than every document's text. Filled by a trigger on `documents` (migration 0036), so no writer can forget it;
 * it only grows: a word no document holds any longer corrects to nothing.
 */
export const documentSearchWords = pgTable('document_search_words', { word: text('word').primaryKey() }, (t) => [
  index('document_search_words_trgm').using('gin', sql`${t.word} gin_trgm_ops`),
]);

/** Drafts kept version by version (dự thảo): every save is a new row, nothing overwritten. */
export const documentVersions = pgTable(
  'document_versions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    documentId: uuid('document_id')
      .notNull()
      .references(() => documents.id),
    version: integer('version').notNull(),
    summary: text('summary').notNull(),
    body: text('body').notNull(),
    /** The other fields of the draft at that version (type, recipients, signer). */
    fields: jsonb('fields')
      .$type<Record<string, unknown>>()
      .notNull()
      .default(sql`'{}'::jsonb`),
    note: text('note'),
    createdBy: uuid('created_by').references(() => accounts.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('document_versions_uq').on(t.documentId, t.version)],
);

/** Every PDF a document had, in order: original, numbered layout, each signed revision, attachments. */
export const documentFiles = pgTable(
  'document_files',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    documentId: uuid('document_id')
      .notNull()
      .references(() => documents.id),
    sha256: text('sha256')
      .notNull()
      .references(() => files.sha256),
    role: text('role', { enum: FILE_ROLES }).notNull(),
    name: text('name'),
    pages: integer('pages'),
    textState: text('text_state', { enum: TEXT_STATES }),
    addedBy: uuid('added_by').references(() => accounts.id),
    addedAt: timestamp('added_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('document_files_document_idx').on(t.documentId), index('document_files_sha_idx').on(t.sha256)],
);

/**
 * The handling tree (cây xử lý): who the leader gave the document to — lead (chủ trì), co-handlers
 * (phối hợp), readers (nhận để biết) — each with a deadline and the instruction (ý kiến chỉ đạo);
 * a handler may pass part of it on (parent_id).
 */
export const documentAssignments = pgTable(
  'document_assignments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    documentId: uuid('document_id')
      .notNull()
      .references(() => documents.id),
    accountId: uuid('account_id')
      .notNull()
      .references(() => accounts.id),
    role: text('role', { enum: ASSIGNMENT_ROLES }).notNull(),
    parentId: uuid('parent_id').references((): AnyPgColumn => documentAssignments.id),
    assignedBy: uuid('assigned_by').references(() => accounts.id),
    assignedAt: timestamp('assigned_at', { withTimezone: true }).notNull(),
    dueAt: timestamp('due_at', { withTimezone: true }),
    instruction: text('instruction'),
    active: boolean('active').notNull().default(true),
  },
  (t) => [
    index('document_assignments_document_idx').on(t.documentId),
    index('document_assignments_account_idx').on(t.accountId, t.active),
  ],
);

/**
 * What happened to a document (nhật ký), append-only, numbered per document; the client
 * transaction id makes a retried request apply once.
 */
export const documentActions = pgTable(
  'document_actions',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    documentId: uuid('document_id')
      .notNull()
      .references(() => documents.id),
    seq: integer('seq').notNull(),
    action: text('action').notNull(),
    actorId: uuid('actor_id').references(() => accounts.id),
    actorLabel: text('actor_label').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull(),
    fromStatus: text('from_status', { enum: DOCUMENT_STATUSES }),
    toStatus: text('to_status', { enum: DOCUMENT_STATUSES }).notNull(),
    details: jsonb('details')
      .$type<Record<string, unknown>>()
      .notNull()
      .default(sql`'{}'::jsonb`),
    clientTransactionId: text('client_transaction_id'),
  },
  (t) => [
    uniqueIndex('document_actions_seq_uq').on(t.documentId, t.seq),
    uniqueIndex('document_actions_client_tx_uq').on(t.documentId, t.clientTransactionId),
    index('document_actions_at_idx').on(t.at),
  ],
);

export type DocumentType = InferSelectModel<typeof documentTypes>;
export type DocumentRegister = InferSelectModel<typeof documentRegisters>;
export type Document = InferSelectModel<typeof documents>;
export type DocumentVersion = InferSelectModel<typeof documentVersions>;
export type DocumentFile = InferSelectModel<typeof documentFiles>;
export type DocumentAssignment = InferSelectModel<typeof documentAssignments>;
export type DocumentAction = InferSelectModel<typeof documentActions>;
export type WorkRecord = InferSelectModel<typeof workRecords>;

// The signing and exchange tables (src/documents/signing, src/documents/exchange): drizzle's config reads src/*/schema.ts only.
export * from './signing/schema.js';
export * from './exchange/schema.js';
