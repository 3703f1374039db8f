import { sql } from 'drizzle-orm';
import { check, date, index, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { accounts } from '../../platform/auth/schema.js';
import { agencies } from '../../directory/schema.js';
import { dossiers } from '../dossiers/schema.js';
import { paperKinds } from '../papers/schema.js';

/** `result`: issued by an agency at the end of a dossier (verified by construction); `citizen`: digitised by its owner. */
export const DOCUMENT_ORIGINS = ['result', 'citizen'] as const;

/**
 * The citizen's repository of electronic documents (kho dữ liệu điện tử, Nghị định 45/2020/NĐ-CP art. 12):
 * every result a dossier produces, and papers the citizen digitised, unverified until an officer checks one.
 * A result of a dossier received at the desk has no account yet: it belongs to the applicant's identity number.
 */
export const repositoryDocuments = pgTable(
  'repository_documents',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    ownerAccountId: uuid('owner_account_id').references(() => accounts.id),
    ownerIdNumber: text('owner_id_number'),
    kindCode: text('kind_code').references(() => paperKinds.code),
    title: text('title').notNull(),
    sha256: text('sha256').notNull(),
    /** Số, ký hiệu of the paper. */
    number: text('number'),
    issuerAgencyId: uuid('issuer_agency_id').references(() => agencies.id),
    issuerName: text('issuer_name'),
    issuedOn: date('issued_on'),
    validUntil: date('valid_until'),
    origin: text('origin', { enum: DOCUMENT_ORIGINS }).notNull(),
    dossierId: uuid('dossier_id').references(() => dossiers.id),
    verifiedAt: timestamp('verified_at', { withTimezone: true }),
    verifiedBy: uuid('verified_by').references(() => accounts.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('repository_documents_owner_idx').on(t.ownerAccountId),
    index('repository_documents_owner_id_number_idx').on(t.ownerIdNumber),
    uniqueIndex('repository_documents_dossier_uq')
      .on(t.dossierId)
      .where(sql`${t.origin} = 'result'`),
    check('repository_documents_origin_ck', sql`${t.origin} IN ('result','citizen')`),
    check('repository_documents_sha_ck', sql`${t.sha256} ~ '^[0-9a-f]{64}$'`),
    check('repository_documents_owner_ck', sql`${t.ownerAccountId} IS NOT NULL OR ${t.ownerIdNumber} IS NOT NULL`),
    check('repository_documents_result_ck', sql`(${t.origin} = 'result') = (${t.dossierId} IS NOT NULL)`),
    check(
      'repository_documents_validity_ck',
      sql`${t.validUntil} IS NULL OR ${t.issuedOn} IS NULL OR ${t.validUntil} >= ${t.issuedOn}`,
    ),
  ],
);

export type RepositoryDocument = typeof repositoryDocuments.$inferSelect;
