import { describe, expect, it } from 'vitest';
import { dayNumberToIso, isoToDayNumber, parseIsoDate, toIsoDate } from './civil-date.js';
import { lunarMonthLength, lunarToSolar, solarToLunar } from './lunar.js';

const iso = (d: { year: number; month: number; day: number }) => toIsoDate(d.year, d.month, d.day);

describe('lunar calendar at UTC+7', () => {
  it.each([
    [2020, '2020-01-25'],
    [2021, '2021-02-12'],
    [2022, '2022-02-01'],
    [2023, '2023-01-22'],
    [2024, '2024-02-10'],
    [2025, '2025-01-29'],
    [2026, '2026-02-17'],
    [2027, '2027-02-06'],
    [2028, '2028-01-26'],
    [2029, '2029-02-13'],
  ])('puts Tết (mùng 1 tháng Giêng) %i on %s', (year, date) => {
    expect(iso(lunarToSolar(year, 1, 1))).toBe(date);
    const { year: y, month: m, day: d } = parseIsoDate(date);
    expect(solarToLunar(y, m, d)).toEqual({ year, month: 1, day: 1, leap: false });
  });

  // The new moon of February 2030 is at 2030-02-02 16:07 UTC (Meeus ch. 49, full series):
  // 23:07 in Hanoi on the 2nd, 00:07 in Beijing on the 3rd. Vietnam is therefore the day *earlier*.
  it('puts Tết 2030 on 2 February in Vietnam and 3 February in China', () => {
    expect(iso(lunarToSolar(2030, 1, 1, false, 7))).toBe('2030-02-02');
    expect(iso(lunarToSolar(2030, 1, 1, false, 8))).toBe('2030-02-03');
    expect(solarToLunar(2030, 2, 2, 7)).toEqual({ year: 2030, month: 1, day: 1, leap: false });
    expect(solarToLunar(2030, 2, 2, 8)).toEqual({ year: 2029, month: 12, day: 30, leap: false });
  });

  it('puts Tết 2007 on 17 February in Vietnam and 18 February in China (new moon 16:14 UTC)', () => {
    expect(iso(lunarToSolar(2007, 1, 1, false, 7))).toBe('2007-02-17');
    expect(iso(lunarToSolar(2007, 1, 1, false, 8))).toBe('2007-02-18');
  });

  // 1984–85: at UTC+8 the lunation from 23/11/1984 is a leap 10th month; at UTC+7 it is month 11,
  // so Vietnam's months ran one ahead (Tết a whole month before China's) until Vietnam's own leap
  // month, the 2nd of 1985.
  it('puts Tết 1985 on 21 January in Vietnam and 20 February in China', () => {
    expect(iso(lunarToSolar(1985, 1, 1, false, 7))).toBe('1985-01-21');
    expect(iso(lunarToSolar(1985, 1, 1, false, 8))).toBe('1985-02-20');
    expect(solarToLunar(1985, 1, 21, 7)).toEqual({ year: 1985, month: 1, day: 1, leap: false });
    expect(solarToLunar(1985, 1, 21, 8)).toEqual({ year: 1984, month: 12, day: 1, leap: false });
    expect(solarToLunar(1984, 11, 23, 7)).toEqual({ year: 1984, month: 11, day: 1, leap: false });
    expect(solarToLunar(1984, 11, 23, 8)).toEqual({ year: 1984, month: 10, day: 1, leap: true });
    expect(iso(lunarToSolar(1985, 2, 1, true, 7))).toBe('1985-03-21');
  });

  it.each([
    [2024, '2024-04-18'],
    [2025, '2025-04-07'],
    [2026, '2026-04-26'],
  ])('puts Giỗ Tổ Hùng Vương (10/3 lunar) %i on %s', (year, date) => {
    expect(iso(lunarToSolar(year, 3, 10))).toBe(date);
  });

  it.each([
    [2020, 4, '2020-05-23'],
    [2023, 2, '2023-03-22'],
    [2025, 6, '2025-07-25'],
  ])('finds the leap month (tháng nhuận) of %i: month %i, starting %s', (year, month, date) => {
    expect(iso(lunarToSolar(year, month, 1, true))).toBe(date);
    const { year: y, month: m, day: d } = parseIsoDate(date);
    expect(solarToLunar(y, m, d)).toEqual({ year, month, day: 1, leap: true });
    // the regular month of the same number comes first, one lunation earlier
    const regular = isoToDayNumber(iso(lunarToSolar(year, month, 1)));
    expect(isoToDayNumber(date) - regular).toBeGreaterThanOrEqual(29);
    expect(isoToDayNumber(date) - regular).toBeLessThanOrEqual(30);
  });

  it('gives month lengths of 29 or 30 days', () => {
    expect(lunarMonthLength(2025, 12)).toBe(29); // Tết 2026's eve is 29 tháng Chạp, 16/2/2026
    expect(lunarMonthLength(2023, 12)).toBe(30); // Tết 2024's eve is 30 tháng Chạp, 9/2/2024
  });

  it('rejects a leap month that does not exist and a 30th day of a 29-day month', () => {
    expect(() => lunarToSolar(2024, 4, 1, true)).toThrow(RangeError);
    expect(() => lunarToSolar(2023, 4, 1, true)).toThrow(RangeError);
    expect(() => lunarToSolar(2025, 12, 30)).toThrow(RangeError);
    expect(() => lunarToSolar(2025, 13, 1)).toThrow(RangeError);
    expect(() => solarToLunar(2025, 2, 0)).toThrow(RangeError);
  });

  it('round-trips every day from 1990 to 2050 and numbers days consecutively', () => {
    const first = isoToDayNumber('1990-01-01');
    const last = isoToDayNumber('2050-12-31');
    let prev = solarToLunar(1989, 12, 31);
    for (let n = first; n <= last; n++) {
      const s = parseIsoDate(dayNumberToIso(n));
      const l = solarToLunar(s.year, s.month, s.day);
      expect(lunarToSolar(l.year, l.month, l.day, l.leap)).toEqual(s);
      if (l.day !== 1) expect(l.day).toBe(prev.day + 1);
      else expect(prev.day === 29 || prev.day === 30).toBe(true);
      prev = l;
    }
  });
});
