import { sql } from 'drizzle-orm';
import { check, date, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { accounts } from '../auth/schema.js';
import type { OfficeHours } from './office-hours.js';

/**
 * Yearly official decisions (quyết định, thông báo nghỉ lễ) that change the Labour Code's default
 * holidays: an extra day off, or a working day (a Saturday worked in exchange, làm bù). One row per date.
 */
export const calendarOverrides = pgTable(
  'calendar_overrides',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    date: date('date', { mode: 'string' }).notNull(),
    kind: text('kind', { enum: ['day_off', 'working_day'] }).notNull(),
    nameVi: text('name_vi').notNull(),
    nameEn: text('name_en').notNull(),
    /** The document that decided it, e.g. "Thông báo 9441/TB-BNV ngày 16/10/2025". */
    decision: text('decision'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    createdBy: uuid('created_by').references(() => accounts.id),
  },
  (t) => [
    uniqueIndex('calendar_overrides_date_uq').on(t.date),
    check('calendar_overrides_kind', sql`${t.kind} IN ('day_off', 'working_day')`),
  ],
);

/** Calendar settings as data; today one row, key 'office_hours' (giờ hành chính). */
export const calendarSettings = pgTable('calendar_settings', {
  key: text('key').primaryKey(),
  value: jsonb('value').$type<OfficeHours>().notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  updatedBy: uuid('updated_by').references(() => accounts.id),
});
