import { index, integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * Rate-limit counters (giới hạn tần suất), shared by every instance: one row per limited thing (an
 * address, an account, a phone…), counting hits in a window that starts with the first hit. The
 * migration creates the table UNLOGGED (drizzle/0021): a counter is written on hot paths (the public
 * lookup), an unlogged write commits without waiting for the disk, and losing the counters in a crash
 * only restarts the windows.
 */
export const rateLimits = pgTable(
  'rate_limits',
  {
    /** `<limit>:<what>`, e.g. `login.account:<sha-256 of the username>`. */
    key: text('key').primaryKey(),
    hits: integer('hits').notNull(),
    /** When the window ends; a hit after it starts a new one. Expired rows are purged by a job. */
    resetAt: timestamp('reset_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('rate_limits_reset_idx').on(t.resetAt)],
);
