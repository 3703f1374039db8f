import { sql } from 'drizzle-orm';
import { boolean, check, pgTable, smallint, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { accounts } from '../auth/schema.js';

/**
 * The one row saying which province this installation serves (tỉnh triển khai), written by the first-run setup (or by
 * the demo seeder: Huế, demo). No row = not set up yet: the first-run page is open.
 */
export const installation = pgTable(
  'installation',
  {
    id: smallint('id').primaryKey().default(1),
    provinceCode: text('province_code').notNull(),
    demo: boolean('demo').notNull().default(false),
    setUpAt: timestamp('set_up_at', { withTimezone: true }).notNull().defaultNow(),
    setUpBy: uuid('set_up_by').references(() => accounts.id),
  },
  (t) => [check('installation_one_row_ck', sql`${t.id} = 1`)],
);

/**
 * One-time codes of the first-run page (mã dùng một lần), stored as sha-256: each starting process prints its own, so
 * any instance's console code works; all are deleted when setup completes.
 */
export const setupCodes = pgTable('setup_codes', {
  codeHash: text('code_hash').primaryKey(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});
