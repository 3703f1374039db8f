import { describe, expect, it } from 'vitest';
import { defaultHolidays, holidaysFor, validateOverrides, type CalendarOverride, type Holiday } from './holidays.js';
import { OFFICIAL_OVERRIDES_DEFAULT } from './official-overrides.js';

const dated = (hs: Holiday[]) => hs.map((h) => `${h.date} ${h.kind}`);
const dates = (hs: Holiday[]) => hs.map((h) => h.date);

const name = { vi: 'x', en: 'x' };

describe('defaultHolidays', () => {
  it('lists the Labour Code days of 2025, with a substitute Monday for mùng 4 on a Saturday', () => {
    expect(dated(defaultHolidays(2025))).toEqual([
      '2025-01-01 holiday',
      '2025-01-28 tet', // 29 tháng Chạp, last day of Giáp Thìn
      '2025-01-29 tet',
      '2025-01-30 tet',
      '2025-01-31 tet',
      '2025-02-01 tet',
      '2025-02-03 substitute',
      '2025-04-07 holiday',
      '2025-04-30 holiday',
      '2025-05-01 holiday',
      '2025-09-01 holiday',
      '2025-09-02 holiday',
    ]);
  });

  it('lists 2026: Tết 16–20/2 and Hùng Kings on Sunday 26/4 made up on Monday 27/4', () => {
    expect(dated(defaultHolidays(2026))).toEqual([
      '2026-01-01 holiday',
      '2026-02-16 tet',
      '2026-02-17 tet',
      '2026-02-18 tet',
      '2026-02-19 tet',
      '2026-02-20 tet',
      '2026-04-26 holiday',
      '2026-04-27 substitute',
      '2026-04-30 holiday',
      '2026-05-01 holiday',
      '2026-09-01 holiday',
      '2026-09-02 holiday',
    ]);
  });

  it('names Tết days in Vietnamese and English', () => {
    const tet = defaultHolidays(2026).filter((h) => h.kind === 'tet');
    expect(tet[0]!.name.vi).toBe('Tết Nguyên đán (29 tháng Chạp, ngày cuối năm Âm lịch)');
    expect(tet[1]!.name).toEqual({ vi: 'Tết Nguyên đán (mùng 1)', en: 'Lunar New Year (day 1)' });
    expect(defaultHolidays(2024)[1]!.name.vi).toContain('30 tháng Chạp');
  });

  it('chains substitute days past other holidays: 30/4 and 1/5/2022 on a weekend give 2/5 and 3/5', () => {
    const may = defaultHolidays(2022).filter((h) => h.date >= '2022-04-30' && h.date <= '2022-05-31');
    expect(dated(may)).toEqual([
      '2022-04-30 holiday',
      '2022-05-01 holiday',
      '2022-05-02 substitute',
      '2022-05-03 substitute',
    ]);
  });

  it('gives two Tết substitute days after mùng 4 when two Tết days fall on the weekend (2024)', () => {
    expect(dates(defaultHolidays(2024).filter((h) => h.date.startsWith('2024-02')))).toEqual([
      '2024-02-09',
      '2024-02-10',
      '2024-02-11',
      '2024-02-12',
      '2024-02-13',
      '2024-02-14',
      '2024-02-15',
    ]);
  });

  it('yields the official Quốc khánh 2024 (31/8–3/9): adjacent 1/9 is a Sunday, made up on 3/9', () => {
    expect(dated(defaultHolidays(2024).filter((h) => h.date >= '2024-09-01'))).toEqual([
      '2024-09-01 holiday',
      '2024-09-02 holiday',
      '2024-09-03 substitute',
    ]);
  });

  it('moves substitute days past the office’s own rest days', () => {
    // an office open Monday–Saturday rests only on Sunday: Sat 1/2/2025 needs no substitute
    const sixDay = defaultHolidays(2025, [7]);
    expect(sixDay.some((h) => h.kind === 'substitute')).toBe(false);
    // Hùng Kings on Sunday 26/4/2026 is still made up on Monday
    expect(dates(defaultHolidays(2026, [7]).filter((h) => h.kind === 'substitute'))).toEqual(['2026-04-27']);
  });

  it('gives Quốc khánh one day before 2021 (Labour Code 2012) and two from 2021', () => {
    expect(dates(defaultHolidays(2020).filter((h) => h.date.startsWith('2020-09')))).toEqual(['2020-09-02']);
    expect(dates(defaultHolidays(2021).filter((h) => h.date.startsWith('2021-09')))).toEqual([
      '2021-09-01',
      '2021-09-02',
    ]);
  });

  it('keeps all 11 statutory days every year from 2021 to 2040, distinct and sorted', () => {
    for (let y = 2021; y <= 2040; y++) {
      const hs = defaultHolidays(y);
      expect(hs.filter((h) => h.kind !== 'substitute')).toHaveLength(11);
      expect(new Set(dates(hs)).size).toBe(hs.length);
      expect(dates(hs)).toEqual([...dates(hs)].sort());
      expect(hs.every((h) => h.date.startsWith(`${y}-`))).toBe(true);
    }
  });

  it('rejects an invalid year', () => {
    expect(() => defaultHolidays(2025.5)).toThrow(RangeError);
  });
});

describe('holidaysFor', () => {
  it('removes a default holiday on a working_day override and adds an official day_off, sorted', () => {
    const overrides: CalendarOverride[] = [
      { date: '2025-05-02', kind: 'day_off', name: { vi: 'Nghỉ hoán đổi', en: 'Swapped day off' } },
      { date: '2025-02-03', kind: 'working_day', name },
      { date: '2025-01-27', kind: 'day_off', name },
    ];
    const hs = holidaysFor(2025, overrides);
    expect(dates(hs)).not.toContain('2025-02-03');
    expect(hs.find((h) => h.date === '2025-05-02')).toEqual({
      date: '2025-05-02',
      kind: 'official',
      name: { vi: 'Nghỉ hoán đổi', en: 'Swapped day off' },
    });
    expect(dates(hs)).toEqual([...dates(hs)].sort());
    expect(dates(hs).slice(1, 7)).toEqual([
      '2025-01-27',
      '2025-01-28',
      '2025-01-29',
      '2025-01-30',
      '2025-01-31',
      '2025-02-01',
    ]);
  });

  it('ignores overrides of other years and does not duplicate a day already off', () => {
    const hs = holidaysFor(2026, [
      { date: '2025-05-02', kind: 'day_off', name },
      { date: '2026-02-17', kind: 'day_off', name },
    ]);
    expect(hs).toEqual(defaultHolidays(2026));
  });

  it('ignores a working_day override on a date that is no holiday (a make-up Saturday)', () => {
    expect(holidaysFor(2025, [{ date: '2025-04-26', kind: 'working_day', name }])).toEqual(defaultHolidays(2025));
  });

  it('rejects invalid dates and a date that is both off and working', () => {
    expect(() => holidaysFor(2025, [{ date: '2025-02-30', kind: 'day_off', name }])).toThrow(RangeError);
    expect(() =>
      validateOverrides([
        { date: '2025-05-02', kind: 'day_off', name },
        { date: '2025-05-02', kind: 'working_day', name },
      ]),
    ).toThrow(RangeError);
  });
});

describe('official decisions', () => {
  it('are valid, and each says where it comes from', () => {
    expect(() => validateOverrides(OFFICIAL_OVERRIDES_DEFAULT)).not.toThrow();
    expect(OFFICIAL_OVERRIDES_DEFAULT.every((o) => (o.decision ?? '').length > 0)).toBe(true);
  });

  const off = (year: number, from: string, to: string) =>
    dates(holidaysFor(year, OFFICIAL_OVERRIDES_DEFAULT)).filter((d) => d >= from && d <= to);

  it('give Tết 2024 as Thursday 8/2 – Wednesday 14/2', () => {
    expect(off(2024, '2024-02-01', '2024-02-29')).toEqual([
      '2024-02-08',
      '2024-02-09',
      '2024-02-10',
      '2024-02-11',
      '2024-02-12',
      '2024-02-13',
      '2024-02-14',
    ]);
  });

  it('give Tết 2025 as 27/1 – 1/2 (the nine days 25/1 – 2/2 with the weekends) and work on 3/2', () => {
    expect(off(2025, '2025-01-20', '2025-02-10')).toEqual([
      '2025-01-27',
      '2025-01-28',
      '2025-01-29',
      '2025-01-30',
      '2025-01-31',
      '2025-02-01',
    ]);
  });

  it('give 30/4 – 1/5/2025 plus the swapped Friday 2/5', () => {
    expect(off(2025, '2025-04-20', '2025-05-10')).toEqual(['2025-04-30', '2025-05-01', '2025-05-02']);
  });

  it('leave Tết 2026 at the default, which is what Thông báo 9441/TB-BNV set (16–20/2)', () => {
    expect(off(2026, '2026-02-01', '2026-02-28')).toEqual(
      dates(defaultHolidays(2026)).filter((d) => d.startsWith('2026-02')),
    );
  });
});
