import { index, integer, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';

/** Which seed sets have been loaded, so a restart never loads them twice. */
export const seedRuns = pgTable('seed_runs', {
  name: text('name').primaryKey(),
  at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
});

/**
 * Answers to state-changing requests sent with an `Idempotency-Key` header (DESIGN §4): a phone on a
 * weak network resends, and the same key with the same body gets the first answer, changing nothing.
 * The row is inserted in the request's own transaction (so it exists exactly when the change does)
 * and the answer is stored once it is sent.
 */
export const idempotencyKeys = pgTable(
  'idempotency_keys',
  {
    /** The account id, or 'anonymous': one client's keys never answer another's requests. */
    scope: text('scope').notNull(),
    key: text('key').notNull(),
    /** sha-256 of method, path and body: the same key with another request is refused. */
    requestHash: text('request_hash').notNull(),
    statusCode: integer('status_code'),
    contentType: text('content_type'),
    body: text('body'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.scope, t.key] }), index('idempotency_keys_created_idx').on(t.createdAt)],
);
