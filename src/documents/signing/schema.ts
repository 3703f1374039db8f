import { sql } from 'drizzle-orm';
import {
  bigserial,
  boolean,
  check,
  index,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { accounts } from '../../platform/auth/schema.js';
import { files } from '../../platform/files/schema.js';
import { agencies } from '../../directory/schema.js';
import { documents } from '../schema.js';

export const SIGNING_METHODS = ['platform', 'csc'] as const;
export type SigningMethod = (typeof SIGNING_METHODS)[number];
export const SIGNATURE_KINDS = ['person', 'agency'] as const;
export type SignatureKind = (typeof SIGNATURE_KINDS)[number];
export const SIGNING_REQUEST_STATUSES = ['pending', 'ready', 'applied', 'refused', 'failed'] as const;
export type SigningRequestStatus = (typeof SIGNING_REQUEST_STATUSES)[number];

/**
 * Signing keys (khóa ký số): a person's (the leader's) or an agency's (the seal). `platform`: a PKCS#12 held by the
 * platform, sealed at rest with AES-256-GCM under a key derived from DOCUMENTS_KEY_SECRET (see keystore.ts);
 * `csc`: a credential at a remote signing service (Cloud Signature Consortium API v2), whose login is sealed the same
 * way. The image is the signer's handwritten signature (blue) or the agency's seal (red), a transparent PNG.
 */
export const documentSigningKeys = pgTable(
  'document_signing_keys',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    kind: text('kind', { enum: SIGNATURE_KINDS }).notNull(),
    accountId: uuid('account_id').references(() => accounts.id),
    agencyId: uuid('agency_id').references(() => agencies.id),
    method: text('method', { enum: SIGNING_METHODS }).notNull(),
    label: text('label').notNull(),
    certPem: text('cert_pem').notNull(),
    chainPem: text('chain_pem')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    subject: text('subject').notNull(),
    notAfter: timestamp('not_after', { withTimezone: true }).notNull(),
    /** platform: the sealed PKCS#12 and its password; csc: the sealed login. */
    sealedSecret: text('sealed_secret').notNull(),
    cscUrl: text('csc_url'),
    cscCredentialId: text('csc_credential_id'),
    imageSha256: text('image_sha256').references(() => files.sha256),
    active: boolean('active').notNull().default(true),
    createdBy: uuid('created_by').references(() => accounts.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('document_signing_keys_account_idx').on(t.accountId),
    index('document_signing_keys_agency_idx').on(t.agencyId),
    check(
      'document_signing_keys_owner_ck',
      sql`(${t.kind} = 'person' AND ${t.accountId} IS NOT NULL) OR (${t.kind} = 'agency' AND ${t.agencyId} IS NOT NULL)`,
    ),
    check(
      'document_signing_keys_csc_ck',
      sql`${t.method} <> 'csc' OR (${t.cscUrl} IS NOT NULL AND ${t.cscCredentialId} IS NOT NULL)`,
    ),
  ],
);

/**
 * A signature being made (yêu cầu ký): the PDF prepared with its signature field and empty /Contents (stored as a
 * file), waiting for the signer (a remote signer's phone) → ready (the signed PDF stored) → applied by the `sign` or
 * `seal` action. Refused or failed ones are kept for the record.
 */
export const documentSigningRequests = pgTable(
  'document_signing_requests',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    documentId: uuid('document_id')
      .notNull()
      .references(() => documents.id),
    kind: text('kind', { enum: SIGNATURE_KINDS }).notNull(),
    keyId: uuid('key_id')
      .notNull()
      .references(() => documentSigningKeys.id),
    method: text('method', { enum: SIGNING_METHODS }).notNull(),
    status: text('status', { enum: SIGNING_REQUEST_STATUSES }).notNull(),
    requestedBy: uuid('requested_by')
      .notNull()
      .references(() => accounts.id),
    basePdfSha256: text('base_pdf_sha256')
      .notNull()
      .references(() => files.sha256),
    preparedPdfSha256: text('prepared_pdf_sha256').references(() => files.sha256),
    signedPdfSha256: text('signed_pdf_sha256').references(() => files.sha256),
    /** The prepared PDF's byte range and SHA-256 over it (hex), to finish the CMS when the signature arrives. */
    byteRange: jsonb('byte_range').$type<number[]>(),
    digest: text('digest'),
    signingTime: timestamp('signing_time', { withTimezone: true }).notNull(),
    timestampTime: timestamp('timestamp_time', { withTimezone: true }),
    error: text('error'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('document_signing_requests_document_idx').on(t.documentId, t.createdAt)],
);

/** The verification report of a document's PDF (kết quả kiểm tra chữ ký), kept with the document. */
export const documentSignatureChecks = pgTable(
  'document_signature_checks',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    documentId: uuid('document_id')
      .notNull()
      .references(() => documents.id),
    pdfSha256: text('pdf_sha256').notNull(),
    indication: text('indication').notNull(),
    report: jsonb('report').notNull(),
    verifiedAt: timestamp('verified_at', { withTimezone: true }).notNull(),
    verifiedBy: uuid('verified_by').references(() => accounts.id),
  },
  (t) => [uniqueIndex('document_signature_checks_uq').on(t.documentId, t.pdfSha256)],
);
