import { afterEach, describe, expect, it, vi } from 'vitest';
import { holidaysFor } from './holidays.js';
import { DEFAULT_OFFICE_HOURS } from './office-hours.js';
import { OFFICIAL_OVERRIDES_DEFAULT } from './official-overrides.js';
import { WorkingCalendar } from './working-time.js';

const H = 3_600_000;

/** An instant given in Vietnam local time, 'YYYY-MM-DD HH:MM'. */
const vn = (s: string) => new Date(`${s.replace(' ', 'T')}:00+07:00`);
/** The same format back, computed without the process time zone. */
const fmt = (d: Date) => new Date(d.getTime() + 7 * H).toISOString().slice(0, 16).replace('T', ' ');

const cal = new WorkingCalendar({ officeHours: DEFAULT_OFFICE_HOURS, overrides: OFFICIAL_OVERRIDES_DEFAULT });
const add = (from: string, days: number, c = cal) => fmt(c.addWorkingDays(vn(from), days));

describe('WorkingCalendar.isWorkingDay', () => {
  it('is true on office weekdays, false on weekends and holidays', () => {
    expect(cal.isWorkingDay('2025-03-03')).toBe(true); // Monday
    expect(cal.isWorkingDay('2025-03-08')).toBe(false); // Saturday
    expect(cal.isWorkingDay('2025-03-09')).toBe(false); // Sunday
    expect(cal.isWorkingDay('2025-09-02')).toBe(false);
    expect(cal.isWorkingDay('2026-04-27')).toBe(false); // substitute for Hùng Kings on Sunday 26/4
  });

  it('follows official swaps: Saturday 26/4/2025 worked, Friday 2/5/2025 off', () => {
    expect(cal.isWorkingDay('2025-04-26')).toBe(true);
    expect(cal.isWorkingDay('2025-05-02')).toBe(false);
    const noDecisions = new WorkingCalendar({ overrides: [] });
    expect(noDecisions.isWorkingDay('2025-04-26')).toBe(false);
    expect(noDecisions.isWorkingDay('2025-05-02')).toBe(true);
  });

  it('closes Tết 2026 from Saturday 14/2 to Sunday 22/2 and reopens on Monday 23/2', () => {
    const days = ['13', '14', '15', '16', '17', '18', '19', '20', '21', '22', '23'].map((d) =>
      cal.isWorkingDay(`2026-02-${d}`),
    );
    expect(days).toEqual([true, false, false, false, false, false, false, false, false, false, true]);
  });

  it('lets a working_day override reopen a default holiday', () => {
    const c = new WorkingCalendar({
      overrides: [{ date: '2026-02-20', kind: 'working_day', name: { vi: 'x', en: 'x' } }],
    });
    expect(c.isWorkingDay('2026-02-20')).toBe(true);
    expect(c.holidays(2026).map((h) => h.date)).not.toContain('2026-02-20');
  });

  it('rejects contradictory overrides and invalid dates', () => {
    const name = { vi: 'x', en: 'x' };
    expect(
      () =>
        new WorkingCalendar({
          overrides: [
            { date: '2025-05-02', kind: 'day_off', name },
            { date: '2025-05-02', kind: 'working_day', name },
          ],
        }),
    ).toThrow(RangeError);
    expect(() => cal.isWorkingDay('2025-02-29')).toThrow(RangeError);
  });
});

describe('WorkingCalendar.holidays', () => {
  it('applies the calendar’s overrides and returns copies', () => {
    expect(cal.holidays(2025)).toEqual(holidaysFor(2025, OFFICIAL_OVERRIDES_DEFAULT));
    cal.holidays(2025)[0]!.name.vi = 'changed';
    expect(cal.holidays(2025)[0]!.name.vi).toBe('Tết Dương lịch');
  });

  it('uses official decisions by default', () => {
    expect(new WorkingCalendar().holidays(2025)).toEqual(cal.holidays(2025));
  });
});

describe('WorkingCalendar.addWorkingDays', () => {
  it('adds one day from Monday 08:00 to Tuesday 08:00', () => {
    expect(add('2025-03-03 08:00', 1)).toBe('2025-03-04 08:00');
  });

  it('starts before opening at the first session: Monday 07:00 + 1 day ends Monday 17:00', () => {
    expect(add('2025-03-03 07:00', 1)).toBe('2025-03-03 17:00');
  });

  it('skips the weekend: Friday 16:00 + half a day is Monday 10:30', () => {
    expect(add('2025-03-07 16:00', 0.5)).toBe('2025-03-10 10:30');
  });

  it('counts half days of 4 hours, skipping the lunch break', () => {
    expect(add('2025-03-03 07:30', 0.5)).toBe('2025-03-03 11:30'); // ends exactly at a session end
    expect(add('2025-03-03 10:00', 0.5)).toBe('2025-03-03 15:30');
    expect(add('2025-03-03 12:00', 0.5)).toBe('2025-03-03 17:00'); // received during lunch
    expect(add('2025-03-03 17:00', 0.5)).toBe('2025-03-04 11:30'); // received at closing
    expect(add('2025-03-03 18:00', 1.5)).toBe('2025-03-05 11:30');
    expect(add('2025-03-08 09:00', 1)).toBe('2025-03-10 17:00'); // received on Saturday
  });

  it('returns the instant itself for zero days', () => {
    expect(add('2025-03-08 09:00', 0)).toBe('2025-03-08 09:00');
  });

  it('rejects amounts that are not non-negative multiples of half a day', () => {
    for (const d of [0.3, 1.25, -0.5, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => cal.addWorkingDays(vn('2025-03-03 08:00'), d)).toThrow(RangeError);
    }
    expect(() => cal.addWorkingDays(new Date('nonsense'), 1)).toThrow(RangeError);
  });

  it('skips Tết 2026: Friday 13/2 09:00 + 1 day is Monday 23/2 09:00', () => {
    expect(add('2026-02-13 09:00', 1)).toBe('2026-02-23 09:00');
  });

  it('skips Tết 2025 as decided (25/1–2/2) and works on Monday 3/2', () => {
    expect(add('2025-01-24 09:00', 1)).toBe('2025-02-03 09:00');
    expect(add('2025-01-24 09:00', 1, new WorkingCalendar({ overrides: [] }))).toBe('2025-01-27 09:00');
  });

  it('counts the make-up Saturday 26/4/2025 and skips 30/4–4/5', () => {
    expect(add('2025-04-25 09:00', 1)).toBe('2025-04-26 09:00');
    expect(add('2025-04-25 09:00', 5)).toBe('2025-05-06 09:00');
    expect(add('2025-04-25 09:00', 1, new WorkingCalendar({ overrides: [] }))).toBe('2025-04-28 09:00');
  });

  it('crosses the year boundary and skips 1/1: Wednesday 31/12/2025 14:00 + 1 day is Friday 2/1/2026 14:00', () => {
    expect(add('2025-12-31 14:00', 1)).toBe('2026-01-02 14:00');
  });

  it('sets a 30-working-day deadline across Tết 2026: Monday 5/1 08:00 → Monday 23/2 08:00', () => {
    expect(add('2026-01-05 08:00', 30)).toBe('2026-02-23 08:00');
  });

  it('steps by days, not minutes: a 30-day deadline looks at each calendar day once, a ten-year one too', () => {
    // Counted in days looked at, not in time taken: the same on any machine.
    const fresh = new WorkingCalendar({ officeHours: DEFAULT_OFFICE_HOURS, overrides: OFFICIAL_OVERRIDES_DEFAULT });
    const days = vi.spyOn(fresh as unknown as { isWorkingDayNumber(day: number): boolean }, 'isWorkingDayNumber');
    // 30 working days from Monday 5/1/2026 08:00 span 50 calendar days (weekends and Tết 2026), ending on 23/2.
    expect(fmt(fresh.addWorkingDays(vn('2026-01-05 08:00'), 30))).toBe('2026-02-23 08:00');
    expect(days.mock.calls.length).toBe(50);
    days.mockClear();
    expect(fresh.workingTimeBetween(vn('2026-01-05 08:00'), vn('2026-02-23 08:00'))).toBe(30 * 8 * H);
    expect(days.mock.calls.length).toBe(50);
    days.mockClear();
    const from = vn('2026-01-05 08:00');
    const tenYears = fresh.addWorkingDays(from, 2500);
    expect(fmt(tenYears).slice(0, 4)).toBe('2036');
    expect(days.mock.calls.length).toBe(Math.round((tenYears.getTime() - from.getTime()) / (24 * H)) + 1);
  });

  it('works with other office hours: a Saturday-morning office rests only on Sunday', () => {
    const sixDay = new WorkingCalendar({
      officeHours: { days: [1, 2, 3, 4, 5, 6], sessions: [{ start: '08:00', end: '12:00' }] },
      overrides: [],
    });
    expect(sixDay.workingDayMs).toBe(4 * H);
    expect(add('2025-03-07 10:00', 1, sixDay)).toBe('2025-03-08 10:00');
    expect(add('2025-03-08 10:00', 0.5, sixDay)).toBe('2025-03-08 12:00'); // half of a 4-hour day
    expect(add('2025-03-08 10:00', 1, sixDay)).toBe('2025-03-10 10:00');
    // Saturday 1/2/2025 (mùng 4) falls on an office day there, so no substitute day
    expect(sixDay.holidays(2025).some((h) => h.kind === 'substitute')).toBe(false);
  });
});

describe('WorkingCalendar.workingTimeBetween and addWorkingMs', () => {
  const between = (a: string, b: string) => cal.workingTimeBetween(vn(a), vn(b));

  it('measures office time only', () => {
    expect(between('2025-03-03 08:00', '2025-03-04 08:00')).toBe(8 * H);
    expect(between('2025-03-07 16:00', '2025-03-10 10:30')).toBe(4 * H);
    expect(between('2025-03-03 11:00', '2025-03-03 13:30')).toBe(H);
    expect(between('2025-03-03 18:00', '2025-03-04 07:00')).toBe(0);
    expect(between('2025-12-31 14:00', '2026-01-02 14:00')).toBe(8 * H);
    expect(between('2026-02-13 09:00', '2026-02-23 09:00')).toBe(8 * H);
  });

  it('is negative when the end comes first', () => {
    expect(between('2025-03-04 08:00', '2025-03-03 08:00')).toBe(-8 * H);
  });

  it('inverts addWorkingMs from any start, in or out of office hours', () => {
    const starts = [
      '2025-03-03 07:00',
      '2025-03-03 09:17',
      '2025-03-03 12:15',
      '2025-03-07 16:59',
      '2025-03-08 23:00',
      '2025-12-30 10:00',
      '2026-02-12 15:00',
    ];
    const amounts = [1, 60_000, 0.5 * H, 4 * H, 7.75 * H, 8 * H, 37 * H, 123 * H + 4_567];
    for (const s of starts) {
      for (const ms of amounts) {
        const end = cal.addWorkingMs(vn(s), ms);
        expect(cal.workingTimeBetween(vn(s), end)).toBe(ms);
      }
    }
  });

  it('rejects negative or non-finite amounts', () => {
    expect(() => cal.addWorkingMs(vn('2025-03-03 08:00'), -1)).toThrow(RangeError);
    expect(() => cal.addWorkingMs(vn('2025-03-03 08:00'), Number.NaN)).toThrow(RangeError);
  });
});

describe('time zone', () => {
  const saved = process.env.TZ;
  afterEach(() => {
    if (saved === undefined) delete process.env.TZ;
    else process.env.TZ = saved;
  });

  it('gives the same answers whatever the process time zone', () => {
    for (const tz of ['UTC', 'America/Los_Angeles', 'Pacific/Kiritimati']) {
      process.env.TZ = tz;
      const fresh = new WorkingCalendar(); // no holiday cache carried over from another zone
      expect(add('2025-03-07 16:00', 0.5, fresh)).toBe('2025-03-10 10:30');
      expect(add('2026-01-05 08:00', 30, fresh)).toBe('2026-02-23 08:00');
    }
  });
});
