/**
 * Vietnamese lunar calendar (âm lịch), after Hồ Ngọc Đức's algorithm ("Âm lịch Việt Nam", 2004),
 * which computes new moons and the sun's longitude with Jean Meeus' formulas
 * ("Astronomical Algorithms", 1998). The rules are the Chinese ones, but applied at the
 * meridian of UTC+7: a new moon between 23:00 and 24:00 Beijing time falls on different days in
 * Hanoi and Beijing, which is why Vietnamese Tết sometimes differs from the Chinese New Year.
 */

export interface LunarDate {
  year: number;
  month: number;
  day: number;
  /** tháng nhuận: the intercalary copy of `month` */
  leap: boolean;
}

export interface SolarDate {
  year: number;
  month: number;
  day: number;
}

export const VIETNAM_TIME_ZONE = 7;

const INT = Math.floor;
const PI = Math.PI;
const DR = PI / 180;
const SYNODIC_MONTH = 29.530588853;
/** Julian day of the new moon of 1900-01-01, the origin of the lunation number k. */
const NEW_MOON_EPOCH = 2415021.076998695;

/** Julian day number of a date; Gregorian from 1582-10-15, Julian before. */
export function jdFromDate(dd: number, mm: number, yy: number): number {
  const a = INT((14 - mm) / 12);
  const y = yy + 4800 - a;
  const m = mm + 12 * a - 3;
  let jd = dd + INT((153 * m + 2) / 5) + 365 * y + INT(y / 4) - INT(y / 100) + INT(y / 400) - 32045;
  if (jd < 2299161) jd = dd + INT((153 * m + 2) / 5) + 365 * y + INT(y / 4) - 32083;
  return jd;
}

export function jdToDate(jd: number): SolarDate {
  let b: number;
  let c: number;
  if (jd > 2299160) {
    const a = jd + 32044;
    b = INT((4 * a + 3) / 146097);
    c = a - INT((b * 146097) / 4);
  } else {
    b = 0;
    c = jd + 32082;
  }
  const d = INT((4 * c + 3) / 1461);
  const e = c - INT((1461 * d) / 4);
  const m = INT((5 * e + 2) / 153);
  return {
    day: e - INT((153 * m + 2) / 5) + 1,
    month: m + 3 - 12 * INT(m / 10),
    year: b * 100 + d - 4800 + INT(m / 10),
  };
}

/** Julian day (UTC, fractional) of the k-th new moon after 1900-01-01 (Meeus ch. 49, abridged). */
function newMoon(k: number): number {
  const T = k / 1236.85;
  const T2 = T * T;
  const T3 = T2 * T;
  let jd1 = 2415020.75933 + 29.53058868 * k + 0.0001178 * T2 - 0.000000155 * T3;
  jd1 += 0.00033 * Math.sin((166.56 + 132.87 * T - 0.009173 * T2) * DR);
  const M = 359.2242 + 29.10535608 * k - 0.0000333 * T2 - 0.00000347 * T3; // sun's mean anomaly
  const Mpr = 306.0253 + 385.81691806 * k + 0.0107306 * T2 + 0.00001236 * T3; // moon's mean anomaly
  const F = 21.2964 + 390.67050646 * k - 0.0016528 * T2 - 0.00000239 * T3; // moon's argument of latitude
  let c1 = (0.1734 - 0.000393 * T) * Math.sin(M * DR) + 0.0021 * Math.sin(2 * DR * M);
  c1 = c1 - 0.4068 * Math.sin(Mpr * DR) + 0.0161 * Math.sin(DR * 2 * Mpr);
  c1 = c1 - 0.0004 * Math.sin(DR * 3 * Mpr);
  c1 = c1 + 0.0104 * Math.sin(DR * 2 * F) - 0.0051 * Math.sin(DR * (M + Mpr));
  c1 = c1 - 0.0074 * Math.sin(DR * (M - Mpr)) + 0.0004 * Math.sin(DR * (2 * F + M));
  c1 = c1 - 0.0004 * Math.sin(DR * (2 * F - M)) - 0.0006 * Math.sin(DR * (2 * F + Mpr));
  c1 = c1 + 0.001 * Math.sin(DR * (2 * F - Mpr)) + 0.0005 * Math.sin(DR * (2 * Mpr + M));
  const deltaT =
    T < -11
      ? 0.001 + 0.000839 * T + 0.0002261 * T2 - 0.00000845 * T3 - 0.000000081 * T * T3
      : -0.000278 + 0.000265 * T + 0.000262 * T2;
  return jd1 + c1 - deltaT;
}

/** Sun's apparent longitude in radians, [0, 2π), at Julian day `jdn` (Meeus ch. 25, low accuracy). */
function sunLongitude(jdn: number): number {
  const T = (jdn - 2451545.0) / 36525;
  const T2 = T * T;
  const M = 357.5291 + 35999.0503 * T - 0.0001559 * T2 - 0.00000048 * T * T2;
  const L0 = 280.46645 + 36000.76983 * T + 0.0003032 * T2;
  let DL = (1.9146 - 0.004817 * T - 0.000014 * T2) * Math.sin(DR * M);
  DL += (0.019993 - 0.000101 * T) * Math.sin(DR * 2 * M) + 0.00029 * Math.sin(DR * 3 * M);
  let L = (L0 + DL) * DR;
  L -= PI * 2 * INT(L / (PI * 2));
  return L;
}

/** Which 30° sector (0..11) the sun is in at local midnight starting day `dayNumber`. */
function sunSector(dayNumber: number, tz: number): number {
  return INT((sunLongitude(dayNumber - 0.5 - tz / 24) / PI) * 6);
}

/** Julian day number (local) of the day holding the k-th new moon. */
function newMoonDay(k: number, tz: number): number {
  return INT(newMoon(k) + 0.5 + tz / 24);
}

/** First day of lunar month 11 — the month holding the winter solstice (đông chí) — of year `yy`. */
function lunarMonth11(yy: number, tz: number): number {
  const off = jdFromDate(31, 12, yy) - 2415021;
  const k = INT(off / SYNODIC_MONTH);
  const nm = newMoonDay(k, tz);
  // sector ≥ 9 means the sun has passed 270°: the solstice already happened, so month 11 began earlier
  return sunSector(nm, tz) >= 9 ? newMoonDay(k - 1, tz) : nm;
}

/**
 * In a 13-month year starting at month 11 (`a11`), the offset of the leap month: the first month
 * with no major solar term (trung khí), i.e. the sun stays in one sector for its whole length.
 */
function leapMonthOffset(a11: number, tz: number): number {
  const k = INT((a11 - NEW_MOON_EPOCH) / SYNODIC_MONTH + 0.5);
  let i = 1;
  let arc = sunSector(newMoonDay(k + i, tz), tz);
  let last: number;
  do {
    last = arc;
    i++;
    arc = sunSector(newMoonDay(k + i, tz), tz);
  } while (arc !== last && i < 14);
  return i - 1;
}

function assertDate(y: number, m: number, d: number): void {
  if (!Number.isInteger(y) || !Number.isInteger(m) || !Number.isInteger(d) || m < 1 || m > 12 || d < 1 || d > 31) {
    throw new RangeError(`invalid date ${y}-${m}-${d}`);
  }
}

export function solarToLunar(y: number, m: number, d: number, tz = VIETNAM_TIME_ZONE): LunarDate {
  assertDate(y, m, d);
  const dayNumber = jdFromDate(d, m, y);
  const k = INT((dayNumber - NEW_MOON_EPOCH) / SYNODIC_MONTH);
  let monthStart = newMoonDay(k + 1, tz);
  if (monthStart > dayNumber) monthStart = newMoonDay(k, tz);
  let a11 = lunarMonth11(y, tz);
  let b11 = a11;
  let lunarYear: number;
  if (a11 >= monthStart) {
    lunarYear = y;
    a11 = lunarMonth11(y - 1, tz);
  } else {
    lunarYear = y + 1;
    b11 = lunarMonth11(y + 1, tz);
  }
  const day = dayNumber - monthStart + 1;
  const diff = INT((monthStart - a11) / 29);
  let leap = false;
  let month = diff + 11;
  if (b11 - a11 > 365) {
    const leapDiff = leapMonthOffset(a11, tz);
    if (diff >= leapDiff) {
      month = diff + 10;
      if (diff === leapDiff) leap = true;
    }
  }
  if (month > 12) month -= 12;
  if (month >= 11 && diff < 4) lunarYear -= 1;
  return { year: lunarYear, month, day, leap };
}

/**
 * Gregorian date of a lunar date. Throws a RangeError when `leap` is asked for a month that is
 * not the leap month of that year, or the day does not exist in that month.
 */
export function lunarToSolar(ly: number, lm: number, ld: number, leap = false, tz = VIETNAM_TIME_ZONE): SolarDate {
  if (
    !Number.isInteger(ly) ||
    !Number.isInteger(lm) ||
    !Number.isInteger(ld) ||
    lm < 1 ||
    lm > 12 ||
    ld < 1 ||
    ld > 30
  ) {
    throw new RangeError(`invalid lunar date ${ly}/${lm}/${ld}`);
  }
  let a11: number;
  let b11: number;
  if (lm < 11) {
    a11 = lunarMonth11(ly - 1, tz);
    b11 = lunarMonth11(ly, tz);
  } else {
    a11 = lunarMonth11(ly, tz);
    b11 = lunarMonth11(ly + 1, tz);
  }
  const k = INT(0.5 + (a11 - NEW_MOON_EPOCH) / SYNODIC_MONTH);
  let off = lm - 11;
  if (off < 0) off += 12;
  if (b11 - a11 > 365) {
    const leapOff = leapMonthOffset(a11, tz);
    let leapMonth = leapOff - 2;
    if (leapMonth < 0) leapMonth += 12;
    if (leap && lm !== leapMonth) throw new RangeError(`lunar year ${ly} has no leap month ${lm}`);
    if (leap || off >= leapOff) off += 1;
  } else if (leap) {
    throw new RangeError(`lunar year ${ly} has no leap month`);
  }
  const monthStart = newMoonDay(k + off, tz);
  if (ld === 30 && newMoonDay(k + off + 1, tz) - monthStart < 30) {
    throw new RangeError(`lunar month ${lm}${leap ? ' (leap)' : ''} of ${ly} has 29 days`);
  }
  return jdToDate(monthStart + ld - 1);
}

/** Length (29 or 30) of a lunar month. */
export function lunarMonthLength(ly: number, lm: number, leap = false, tz = VIETNAM_TIME_ZONE): number {
  const first = lunarToSolar(ly, lm, 1, leap, tz);
  const next = jdToDate(jdFromDate(first.day, first.month, first.year) + 29);
  const l = solarToLunar(next.year, next.month, next.day, tz);
  return l.day === 30 ? 30 : 29;
}
