/**
 * Working time (thời gian làm việc) in Vietnam local time, for deadlines such as the appointment
 * date of a dossier (ngày hẹn trả kết quả). Local time is UTC+7 with no daylight saving, so it is
 * computed with a fixed offset and never depends on the process time zone.
 */
import { DAY_MS, isoToDayNumber, isoWeekday, type IsoDate } from './civil-date.js';
import { holidaysFor, validateOverrides, type CalendarOverride, type Holiday } from './holidays.js';
import {
  compileOfficeHours,
  DEFAULT_OFFICE_HOURS,
  parseClockTime,
  type ClockTime,
  type CompiledOfficeHours,
  type OfficeHours,
} from './office-hours.js';
import { OFFICIAL_OVERRIDES_DEFAULT } from './official-overrides.js';

export const VIETNAM_UTC_OFFSET_MS = 7 * 3_600_000;

/** Far longer than any real run of closed days (Tết with swaps is 9–10); stops a misconfigured loop. */
const MAX_CLOSED_DAYS_IN_A_ROW = 400;

export interface WorkingCalendarOptions {
  /** Defaults to DEFAULT_OFFICE_HOURS. */
  officeHours?: OfficeHours;
  /** The complete set of official decisions; defaults to OFFICIAL_OVERRIDES_DEFAULT. */
  overrides?: readonly CalendarOverride[];
}

interface YearHolidays {
  list: Holiday[];
  days: Set<number>;
}

export class WorkingCalendar {
  readonly officeHours: OfficeHours;
  private readonly hours: CompiledOfficeHours;
  private readonly overrides: readonly CalendarOverride[];
  /** Weekly rest days: the weekdays the office is closed. They decide where substitute days fall. */
  private readonly restDays: number[];
  private readonly workingOverrides: Set<number>;
  private readonly years = new Map<number, YearHolidays>();

  constructor(options: WorkingCalendarOptions = {}) {
    const officeHours = options.officeHours ?? DEFAULT_OFFICE_HOURS;
    this.hours = compileOfficeHours(officeHours);
    this.officeHours = {
      days: [...officeHours.days],
      sessions: officeHours.sessions.map((s) => ({ ...s })),
    };
    const overrides = options.overrides ?? OFFICIAL_OVERRIDES_DEFAULT;
    validateOverrides(overrides);
    this.overrides = overrides.map((o) => ({ ...o, name: { ...o.name } }));
    this.restDays = [1, 2, 3, 4, 5, 6, 7].filter((d) => !this.hours.days.has(d));
    this.workingOverrides = new Set(
      this.overrides.filter((o) => o.kind === 'working_day').map((o) => isoToDayNumber(o.date)),
    );
  }

  /** Working ms in one full working day (8 h with the default office hours). */
  get workingDayMs(): number {
    return this.hours.dayMs;
  }

  /** An office day that is no holiday, or any date an official decision made a working day. */
  isWorkingDay(date: IsoDate): boolean {
    return this.isWorkingDayNumber(isoToDayNumber(date));
  }

  holidays(year: number): Holiday[] {
    return this.year(year).list.map((h) => ({ ...h, name: { ...h.name } }));
  }

  /**
   * The instant when `days` working days, counted from `from`, are used up. `days` is a multiple of
   * 0.5; a working day is one day's total session length, a half day half of it.
   */
  addWorkingDays(from: Date, days: number): Date {
    if (!Number.isFinite(days) || days < 0 || !Number.isInteger(days * 2)) {
      throw new RangeError(`working days must be a non-negative multiple of 0.5, got ${days}`);
    }
    return this.addWorkingMs(from, days * this.hours.dayMs);
  }

  /**
   * The instant when `ms` of office time, counted from `from`, are used up. Counting starts at
   * `from`, or at the next session start when `from` is outside office hours; time that runs out
   * exactly at a session end returns that session end. Adding 0 returns `from` unchanged.
   */
  addWorkingMs(from: Date, ms: number): Date {
    const t0 = instantMs(from);
    if (!Number.isFinite(ms) || ms < 0)
      throw new RangeError(`working time must be a non-negative number of ms, got ${ms}`);
    if (ms === 0) return new Date(t0);
    const { sessions, dayMs } = this.hours;
    const firstStart = sessions[0]![0];
    const local = t0 + VIETNAM_UTC_OFFSET_MS;
    let day = Math.floor(local / DAY_MS);
    let tod = local - day * DAY_MS;
    let remaining = ms;
    let closedInARow = 0;
    for (;;) {
      if (this.isWorkingDayNumber(day)) {
        closedInARow = 0;
        if (tod <= firstStart && remaining > dayMs) {
          remaining -= dayMs;
        } else {
          for (const [start, end] of sessions) {
            if (tod >= end) continue;
            const begin = Math.max(tod, start);
            if (remaining <= end - begin) return new Date(day * DAY_MS + begin + remaining - VIETNAM_UTC_OFFSET_MS);
            remaining -= end - begin;
          }
        }
      } else if (++closedInARow > MAX_CLOSED_DAYS_IN_A_ROW) {
        throw new RangeError(`no working day in ${MAX_CLOSED_DAYS_IN_A_ROW} days; check office hours and overrides`);
      }
      day++;
      tod = 0;
    }
  }

  /**
   * The deadline of a same-day procedure (giải quyết trong ngày): the end of the working day of
   * receipt. Received at or after `cutoff` (local 'HH:MM'; civil status uses 15:00), after the last
   * session, or on a closed day, it is the end of the next working day. Always after `from`, so a
   * dossier is never late at the moment it is received.
   */
  endOfWorkingDay(from: Date, cutoff?: ClockTime | null): Date {
    const t0 = instantMs(from);
    const local = t0 + VIETNAM_UTC_OFFSET_MS;
    const day = Math.floor(local / DAY_MS);
    const tod = local - day * DAY_MS;
    const lastEnd = this.hours.sessions[this.hours.sessions.length - 1]![1];
    const cut = cutoff ? Math.min(parseClockTime(cutoff), lastEnd) : lastEnd;
    const today = this.isWorkingDayNumber(day) && tod < cut;
    const due = today ? day : this.nextWorkingDayNumber(day);
    return new Date(due * DAY_MS + lastEnd - VIETNAM_UTC_OFFSET_MS);
  }

  /** Office time in ms between two instants; negative when `b` is before `a`. */
  workingTimeBetween(a: Date, b: Date): number {
    const ta = instantMs(a);
    const tb = instantMs(b);
    if (tb < ta) return -this.workingTimeBetween(b, a);
    const { sessions, dayMs } = this.hours;
    const la = ta + VIETNAM_UTC_OFFSET_MS;
    const lb = tb + VIETNAM_UTC_OFFSET_MS;
    const firstDay = Math.floor(la / DAY_MS);
    const lastDay = Math.floor(lb / DAY_MS);
    let total = 0;
    for (let day = firstDay; day <= lastDay; day++) {
      if (!this.isWorkingDayNumber(day)) continue;
      const lo = day === firstDay ? la - day * DAY_MS : 0;
      const hi = day === lastDay ? lb - day * DAY_MS : DAY_MS;
      if (lo === 0 && hi === DAY_MS) {
        total += dayMs;
        continue;
      }
      for (const [start, end] of sessions) total += Math.max(0, Math.min(end, hi) - Math.max(start, lo));
    }
    return total;
  }

  private nextWorkingDayNumber(day: number): number {
    for (let d = day + 1, closed = 0; ; d++) {
      if (this.isWorkingDayNumber(d)) return d;
      if (++closed > MAX_CLOSED_DAYS_IN_A_ROW)
        throw new RangeError(`no working day in ${MAX_CLOSED_DAYS_IN_A_ROW} days; check office hours and overrides`);
    }
  }

  private isWorkingDayNumber(day: number): boolean {
    if (this.workingOverrides.has(day)) return true;
    if (!this.hours.days.has(isoWeekday(day))) return false;
    return !this.year(new Date(day * DAY_MS).getUTCFullYear()).days.has(day);
  }

  private year(year: number): YearHolidays {
    let y = this.years.get(year);
    if (!y) {
      const list = holidaysFor(year, this.overrides, this.restDays);
      y = { list, days: new Set(list.map((h) => isoToDayNumber(h.date))) };
      this.years.set(year, y);
    }
    return y;
  }
}

function instantMs(d: Date): number {
  const t = d instanceof Date ? d.getTime() : Number.NaN;
  if (Number.isNaN(t)) throw new RangeError('invalid Date');
  return t;
}
