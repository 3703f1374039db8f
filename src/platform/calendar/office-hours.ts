/** Office hours (giờ hành chính) as data, in Vietnam local time (UTC+7). */

/** 'HH:MM', 24-hour clock, local time. */
export type ClockTime = string;

export interface OfficeSession {
  start: ClockTime;
  end: ClockTime;
}

export interface OfficeHours {
  /** ISO weekdays the office opens: 1 = Monday … 7 = Sunday. */
  days: number[];
  /** The same sessions every open day, in order, not overlapping. */
  sessions: OfficeSession[];
}

/** Monday–Friday, 07:30–11:30 and 13:00–17:00: 8 working hours a day, 4 per half day. */
export const DEFAULT_OFFICE_HOURS: OfficeHours = {
  days: [1, 2, 3, 4, 5],
  sessions: [
    { start: '07:30', end: '11:30' },
    { start: '13:00', end: '17:00' },
  ],
};

/** Validated office hours with sessions as [start, end) offsets in ms from local midnight. */
export interface CompiledOfficeHours {
  days: ReadonlySet<number>;
  sessions: ReadonlyArray<readonly [number, number]>;
  /** Working ms in one full open day (một ngày làm việc). */
  dayMs: number;
}

const CLOCK = /^([01]\d|2[0-3]):([0-5]\d)$/;
const MINUTE_MS = 60_000;

export function parseClockTime(s: ClockTime): number {
  const m = CLOCK.exec(s);
  if (!m) throw new RangeError(`invalid time '${s}', expected HH:MM between 00:00 and 23:59`);
  return (Number(m[1]) * 60 + Number(m[2])) * MINUTE_MS;
}

export function compileOfficeHours(h: OfficeHours): CompiledOfficeHours {
  if (h.days.length === 0) throw new RangeError('office hours need at least one open day');
  for (const d of h.days) {
    if (!Number.isInteger(d) || d < 1 || d > 7) throw new RangeError(`invalid ISO weekday ${d}`);
  }
  if (h.sessions.length === 0) throw new RangeError('office hours need at least one session');
  const sessions = h.sessions.map((s) => [parseClockTime(s.start), parseClockTime(s.end)] as const);
  let prevEnd = -1;
  for (const [i, [start, end]] of sessions.entries()) {
    if (end <= start) throw new RangeError(`session ${i + 1} ends before it starts`);
    if (start < prevEnd) throw new RangeError(`session ${i + 1} overlaps or precedes the one before it`);
    prevEnd = end;
  }
  return {
    days: new Set(h.days),
    sessions,
    dayMs: sessions.reduce((sum, [start, end]) => sum + (end - start), 0),
  };
}
