/** Calendar dates without a time zone, as 'YYYY-MM-DD' strings or as day numbers (days since 1970-01-01). */

/** 'YYYY-MM-DD' */
export type IsoDate = string;

export interface YearMonthDay {
  year: number;
  month: number;
  day: number;
}

export const DAY_MS = 86_400_000;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function dayNumber(year: number, month: number, day: number): number {
  return Math.floor(Date.UTC(year, month - 1, day) / DAY_MS);
}

export function parseIsoDate(s: string): YearMonthDay {
  const m = ISO_DATE.exec(s);
  if (m) {
    const ymd = { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) };
    const back = new Date(Date.UTC(ymd.year, ymd.month - 1, ymd.day));
    // Date.UTC rolls 2025-02-30 over to March: a round trip catches impossible dates
    if (back.getUTCFullYear() === ymd.year && back.getUTCMonth() === ymd.month - 1 && back.getUTCDate() === ymd.day) {
      return ymd;
    }
  }
  throw new RangeError(`invalid date '${s}', expected an existing YYYY-MM-DD`);
}

export function isoToDayNumber(s: IsoDate): number {
  const { year, month, day } = parseIsoDate(s);
  return dayNumber(year, month, day);
}

export function dayNumberToIso(n: number): IsoDate {
  return new Date(n * DAY_MS).toISOString().slice(0, 10);
}

export function toIsoDate(year: number, month: number, day: number): IsoDate {
  return dayNumberToIso(dayNumber(year, month, day));
}

/** ISO weekday: 1 = Monday … 7 = Sunday. 1970-01-01 was a Thursday. */
export function isoWeekday(dayNum: number): number {
  return ((((dayNum + 3) % 7) + 7) % 7) + 1;
}

export function addDays(s: IsoDate, n: number): IsoDate {
  return dayNumberToIso(isoToDayNumber(s) + n);
}
