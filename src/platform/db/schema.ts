import { pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/** Which seed sets have been loaded, so a restart never loads them twice. */
export const seedRuns = pgTable('seed_runs', {
  name: text('name').primaryKey(),
  at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
});
