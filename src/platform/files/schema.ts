import { sql } from 'drizzle-orm';
import { bigint, check, date, index, integer, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { accounts } from '../auth/schema.js';

/**
 * Every blob in the file store, by content address (sha-256). Inserted with ON CONFLICT DO
 * NOTHING: the same bytes uploaded twice are one row, and `created_by` is whoever sent them first.
 * A blob with no row here (a crash between storing and recording) is garbage and may be removed.
 */
export const files = pgTable(
  'files',
  {
    sha256: text('sha256').primaryKey(),
    size: bigint('size', { mode: 'number' }).notNull(),
    /** Sniffed from the bytes, never the client's declared type. */
    contentType: text('content_type').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    createdBy: uuid('created_by').references(() => accounts.id),
    /**
     * When a record (a dossier, a report, a document) was first found naming this file: from then on it
     * never expires. Null for an upload nothing has named yet, which expires (./expiry.ts).
     */
    keptAt: timestamp('kept_at', { withTimezone: true }),
  },
  (t) => [
    check('files_sha256_hex', sql`${t.sha256} ~ '^[0-9a-f]{64}$'`),
    check('files_size_nonneg', sql`${t.size} >= 0`),
    index('files_unkept_idx')
      .on(t.createdAt)
      .where(sql`${t.keptAt} IS NULL`),
  ],
);

/**
 * Who uploaded which blob, under which name. Someone who sends bytes already stored by another
 * account must still be able to read back their own upload; this row is what allows it.
 */
export const fileUploads = pgTable(
  'file_uploads',
  {
    sha256: text('sha256')
      .notNull()
      .references(() => files.sha256),
    accountId: uuid('account_id')
      .notNull()
      .references(() => accounts.id),
    filename: text('filename'),
    uploadedAt: timestamp('uploaded_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.sha256, t.accountId] }), index('file_uploads_account_idx').on(t.accountId)],
);

/**
 * Uploads per account and day (Vietnam's calendar day): the quota of POST /api/files, counted in the
 * database so every instance adds to the same row, in the transaction that records the upload.
 */
export const uploadUsage = pgTable(
  'upload_usage',
  {
    accountId: uuid('account_id')
      .notNull()
      .references(() => accounts.id),
    day: date('day', { mode: 'string' }).notNull(),
    files: integer('files').notNull().default(0),
    bytes: bigint('bytes', { mode: 'number' }).notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.accountId, t.day] })],
);
