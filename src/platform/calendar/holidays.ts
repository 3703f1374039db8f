/**
 * Public holidays (ngày nghỉ lễ, tết) of the Labour Code 2019 (Bộ luật Lao động 45/2019/QH14),
 * art. 112, with the substitute-day rule (nghỉ bù) of art. 111(3), plus yearly official decisions
 * applied as overrides.
 */
import {
  addDays,
  dayNumberToIso,
  isoToDayNumber,
  isoWeekday,
  parseIsoDate,
  toIsoDate,
  type IsoDate,
} from './civil-date.js';
import { lunarToSolar, solarToLunar } from './lunar.js';

export interface LocalizedName {
  vi: string;
  en: string;
}

/**
 * holiday: a fixed day of art. 112; tet: a day of the lunar New Year (Tết Nguyên đán);
 * substitute: a day off in lieu of a holiday falling on a weekly rest day;
 * official: a day off added by a yearly official decision.
 */
export type HolidayKind = 'holiday' | 'tet' | 'substitute' | 'official';

export interface Holiday {
  date: IsoDate;
  name: LocalizedName;
  kind: HolidayKind;
}

/**
 * A yearly official decision about one date: an extra day off, or a working day — typically a
 * Saturday worked in exchange for a bridge day (hoán đổi ngày làm việc, làm bù), or a default
 * substitute day the decision moved elsewhere.
 */
export interface CalendarOverride {
  date: IsoDate;
  kind: 'day_off' | 'working_day';
  name: LocalizedName;
  /** The document that decided it (number and issuer), when known. */
  decision?: string;
}

/** Weekly rest days (ngày nghỉ hằng tuần) of the civil service: Saturday and Sunday. */
export const CIVIL_SERVICE_REST_DAYS: readonly number[] = [6, 7];

/** The 2019 Code (in force 2021-01-01) made Quốc khánh two days; the 2012 Code (art. 115) gave one. */
const TWO_DAY_NATIONAL_DAY_FROM = 2021;

const TET_DAY_NAMES = ['mùng 1', 'mùng 2', 'mùng 3', 'mùng 4'];

/**
 * The holidays the Labour Code gives in Gregorian `year`, before any official decision:
 * - Tết Dương lịch 1/1;
 * - Tết Âm lịch, 5 days: by default the last day of the lunar year plus mùng 1–4 (the Government
 *   picks the exact days each year; its choice comes in as overrides);
 * - Giỗ Tổ Hùng Vương 10/3 lunar; 30/4; 1/5;
 * - Quốc khánh 2/9 plus one adjacent day, by default 1/9 (again chosen yearly);
 * - one substitute day, on the next working day, for each of these falling on a weekly rest day.
 */
export function defaultHolidays(year: number, weeklyRestDays: readonly number[] = CIVIL_SERVICE_REST_DAYS): Holiday[] {
  if (!Number.isInteger(year) || year < 1 || year > 9999) throw new RangeError(`invalid year ${year}`);
  const out: Holiday[] = [
    { date: toIsoDate(year, 1, 1), kind: 'holiday', name: { vi: 'Tết Dương lịch', en: "New Year's Day" } },
  ];

  const tet = lunarToSolar(year, 1, 1);
  const tetIso = toIsoDate(tet.year, tet.month, tet.day);
  const eve = addDays(tetIso, -1);
  const eveDay = solarToLunar(...ymd(eve)).day;
  out.push({
    date: eve,
    kind: 'tet',
    name: {
      vi: `Tết Nguyên đán (${eveDay} tháng Chạp, ngày cuối năm Âm lịch)`,
      en: "Lunar New Year's Eve (last day of the lunar year)",
    },
  });
  TET_DAY_NAMES.forEach((n, i) => {
    out.push({
      date: addDays(tetIso, i),
      kind: 'tet',
      name: { vi: `Tết Nguyên đán (${n})`, en: `Lunar New Year (day ${i + 1})` },
    });
  });

  const hung = lunarToSolar(year, 3, 10);
  out.push(
    {
      date: toIsoDate(hung.year, hung.month, hung.day),
      kind: 'holiday',
      name: { vi: 'Giỗ Tổ Hùng Vương (10/3 Âm lịch)', en: "Hùng Kings' Commemoration Day" },
    },
    {
      date: toIsoDate(year, 4, 30),
      kind: 'holiday',
      name: { vi: 'Ngày Chiến thắng (30/4)', en: 'Reunification Day' },
    },
    {
      date: toIsoDate(year, 5, 1),
      kind: 'holiday',
      name: { vi: 'Ngày Quốc tế Lao động (1/5)', en: 'International Labour Day' },
    },
  );
  if (year >= TWO_DAY_NATIONAL_DAY_FROM) {
    out.push({
      date: toIsoDate(year, 9, 1),
      kind: 'holiday',
      name: { vi: 'Quốc khánh (ngày liền kề)', en: 'National Day (adjacent day)' },
    });
  }
  out.push({ date: toIsoDate(year, 9, 2), kind: 'holiday', name: { vi: 'Quốc khánh (2/9)', en: 'National Day' } });

  return sortByDate([...out, ...substituteDays(out, weeklyRestDays)]);
}

/** Art. 111(3): a holiday on a weekly rest day gives a day off on the next working day. */
function substituteDays(holidays: readonly Holiday[], weeklyRestDays: readonly number[]): Holiday[] {
  const rest = new Set(weeklyRestDays);
  if (rest.size >= 7) return [];
  const taken = new Set(holidays.map((h) => isoToDayNumber(h.date)));
  const out: Holiday[] = [];
  for (const h of sortByDate([...holidays])) {
    const n = isoToDayNumber(h.date);
    if (!rest.has(isoWeekday(n))) continue;
    let d = n + 1;
    while (rest.has(isoWeekday(d)) || taken.has(d)) d++;
    taken.add(d);
    out.push({
      date: dayNumberToIso(d),
      kind: 'substitute',
      name: { vi: `Nghỉ bù ${h.name.vi}`, en: `Substitute day for ${h.name.en}` },
    });
  }
  return out;
}

/**
 * Holidays of `year` after the official decisions: a `working_day` override removes a default
 * holiday on its date; a `day_off` override adds an 'official' holiday unless the date already is one.
 * Overrides dated in other years are ignored.
 */
export function holidaysFor(
  year: number,
  overrides: readonly CalendarOverride[],
  weeklyRestDays: readonly number[] = CIVIL_SERVICE_REST_DAYS,
): Holiday[] {
  validateOverrides(overrides);
  const prefix = `${String(year).padStart(4, '0')}-`;
  const mine = overrides.filter((o) => o.date.startsWith(prefix));
  const working = new Set(mine.filter((o) => o.kind === 'working_day').map((o) => o.date));
  const out = defaultHolidays(year, weeklyRestDays).filter((h) => !working.has(h.date));
  const present = new Set(out.map((h) => h.date));
  for (const o of mine) {
    if (o.kind !== 'day_off' || present.has(o.date)) continue;
    present.add(o.date);
    out.push({ date: o.date, kind: 'official', name: { ...o.name } });
  }
  return sortByDate(out);
}

/** Throws a RangeError on an invalid date or kind, or on one date both a day off and a working day. */
export function validateOverrides(overrides: readonly CalendarOverride[]): void {
  const kinds = new Map<IsoDate, CalendarOverride['kind']>();
  for (const o of overrides) {
    parseIsoDate(o.date);
    if (o.kind !== 'day_off' && o.kind !== 'working_day') {
      throw new RangeError(`override ${o.date}: unknown kind '${String(o.kind)}'`);
    }
    const seen = kinds.get(o.date);
    if (seen && seen !== o.kind) throw new RangeError(`override ${o.date} is both a day off and a working day`);
    kinds.set(o.date, o.kind);
  }
}

function sortByDate<T extends { date: IsoDate }>(xs: T[]): T[] {
  return xs.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}

function ymd(s: IsoDate): [number, number, number] {
  const { year, month, day } = parseIsoDate(s);
  return [year, month, day];
}
