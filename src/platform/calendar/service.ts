/**
 * The working calendar as stored data: office hours and official overrides are rows an
 * administrator edits; the Labour Code holidays are computed. Modules ask `calendar()` for the
 * current WorkingCalendar; it is rebuilt after each change: at once after this process's own, and in
 * every process when the calendar's NOTIFY comes after a commit (main.ts subscribes `invalidate`;
 * platform/db/invalidation.ts). `ttlMs` is only a backstop.
 */
import { and, asc, eq, gte, lte } from 'drizzle-orm';
import type { Db, Executor } from '../db/client.js';
import type { CalendarOverride } from './holidays.js';
import { validateOverrides } from './holidays.js';
import { compileOfficeHours, DEFAULT_OFFICE_HOURS, type OfficeHours } from './office-hours.js';
import { OFFICIAL_OVERRIDES_DEFAULT } from './official-overrides.js';
import { calendarOverrides, calendarSettings } from './schema.js';
import { WorkingCalendar } from './working-time.js';

export const OFFICE_HOURS_KEY = 'office_hours';

export type OverrideRow = typeof calendarOverrides.$inferSelect;

export interface NewOverride {
  date: string;
  kind: 'day_off' | 'working_day';
  name: { vi: string; en: string };
  decision?: string | null;
}

export function toCalendarOverride(r: OverrideRow): CalendarOverride {
  return {
    date: r.date,
    kind: r.kind,
    name: { vi: r.nameVi, en: r.nameEn },
    ...(r.decision ? { decision: r.decision } : {}),
  };
}

export async function listOverrides(db: Executor, year?: number): Promise<OverrideRow[]> {
  const where =
    year === undefined
      ? undefined
      : and(gte(calendarOverrides.date, `${year}-01-01`), lte(calendarOverrides.date, `${year}-12-31`));
  return db.select().from(calendarOverrides).where(where).orderBy(asc(calendarOverrides.date));
}

export async function readOfficeHours(db: Executor): Promise<OfficeHours> {
  const [row] = await db.select().from(calendarSettings).where(eq(calendarSettings.key, OFFICE_HOURS_KEY));
  return row?.value ?? DEFAULT_OFFICE_HOURS;
}

/** Throws a RangeError when the hours cannot make a calendar (no day, overlapping sessions…). */
export function checkOfficeHours(h: OfficeHours): void {
  compileOfficeHours(h);
}

export async function writeOfficeHours(tx: Executor, h: OfficeHours, by: string | null): Promise<void> {
  checkOfficeHours(h);
  const value = {
    days: [...new Set(h.days)].sort(),
    sessions: h.sessions.map((s) => ({ start: s.start, end: s.end })),
  };
  await tx
    .insert(calendarSettings)
    .values({ key: OFFICE_HOURS_KEY, value, updatedBy: by })
    .onConflictDoUpdate({ target: calendarSettings.key, set: { value, updatedAt: new Date(), updatedBy: by } });
}

/** Adds one override; a date already decided is reported by the unique index (caller maps to 409). */
export async function insertOverride(tx: Executor, o: NewOverride, by: string | null): Promise<OverrideRow> {
  validateOverrides([{ date: o.date, kind: o.kind, name: o.name }]);
  const [row] = await tx
    .insert(calendarOverrides)
    .values({
      date: o.date,
      kind: o.kind,
      nameVi: o.name.vi,
      nameEn: o.name.en,
      decision: o.decision ?? null,
      createdBy: by,
    })
    .returning();
  return row!;
}

export async function deleteOverride(tx: Executor, id: string): Promise<OverrideRow | undefined> {
  const [row] = await tx.delete(calendarOverrides).where(eq(calendarOverrides.id, id)).returning();
  return row;
}

/** Reference seed: the default office hours and the official decisions known when this was written. */
export async function seedCalendar(db: Db): Promise<void> {
  await db.transaction(async (tx) => {
    await tx
      .insert(calendarSettings)
      .values({ key: OFFICE_HOURS_KEY, value: DEFAULT_OFFICE_HOURS })
      .onConflictDoNothing();
    for (const o of OFFICIAL_OVERRIDES_DEFAULT) {
      await tx
        .insert(calendarOverrides)
        .values({ date: o.date, kind: o.kind, nameVi: o.name.vi, nameEn: o.name.en, decision: o.decision ?? null })
        .onConflictDoNothing();
    }
  });
}

export class CalendarService {
  private cached: { at: number; calendar: Promise<WorkingCalendar> } | null = null;

  constructor(
    private readonly db: Db,
    private readonly ttlMs = 60_000,
  ) {}

  /** The calendar as stored now (cached; rebuilt after `invalidate` or after `ttlMs`). */
  calendar(): Promise<WorkingCalendar> {
    const now = Date.now();
    if (!this.cached || now - this.cached.at > this.ttlMs) {
      const calendar = this.load();
      this.cached = { at: now, calendar };
      // A failed load is not cached: the next caller tries again.
      calendar.catch(() => {
        if (this.cached?.calendar === calendar) this.cached = null;
      });
    }
    return this.cached.calendar;
  }

  /** Call after a committed change to office hours or overrides. */
  invalidate(): void {
    this.cached = null;
  }

  private async load(): Promise<WorkingCalendar> {
    const [officeHours, rows] = await Promise.all([readOfficeHours(this.db), listOverrides(this.db)]);
    return new WorkingCalendar({ officeHours, overrides: rows.map(toCalendarOverride) });
  }
}
