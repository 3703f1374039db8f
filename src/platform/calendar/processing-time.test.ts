import { describe, expect, it } from 'vitest';
import { DEFAULT_OFFICE_HOURS } from './office-hours.js';
import { OFFICIAL_OVERRIDES_DEFAULT } from './official-overrides.js';
import { dueAfter } from './processing-time.js';
import { WorkingCalendar } from './working-time.js';

const H = 3_600_000;
/** An instant given in Vietnam local time, 'YYYY-MM-DD HH:MM'. */
const vn = (s: string) => new Date(`${s.replace(' ', 'T')}:00+07:00`);
const fmt = (d: Date) => new Date(d.getTime() + 7 * H).toISOString().slice(0, 16).replace('T', ' ');

const cal = new WorkingCalendar({ officeHours: DEFAULT_OFFICE_HOURS, overrides: OFFICIAL_OVERRIDES_DEFAULT });
/** Civil status (hộ tịch): within the day, 15:00 cut-off. */
const civil = (at: string) => fmt(dueAfter(cal, vn(at), { processingDays: 0, processingCutoff: '15:00' }));

describe('same-day procedures (trong ngày)', () => {
  it('are due at the end of the working day of receipt before the cut-off, of the next one from the cut-off on', () => {
    expect(civil('2026-03-04 08:00')).toBe('2026-03-04 17:00'); // Wednesday
    expect(civil('2026-03-04 14:59')).toBe('2026-03-04 17:00');
    expect(civil('2026-03-04 15:00')).toBe('2026-03-05 17:00');
    expect(civil('2026-03-04 16:59')).toBe('2026-03-05 17:00');
    // Before the office opens the day has not begun: still that day.
    expect(civil('2026-03-04 06:30')).toBe('2026-03-04 17:00');
  });

  it('received at 16:00 on a Friday, are due at the end of Monday', () => {
    expect(civil('2026-03-06 16:00')).toBe('2026-03-09 17:00');
    // Online on a Saturday: the day of receipt is Monday.
    expect(civil('2026-03-07 10:00')).toBe('2026-03-09 17:00');
  });

  it('without a cut-off, run to the end of the day and then to the next working day’s end', () => {
    const due = (at: string) => fmt(dueAfter(cal, vn(at), { processingDays: 0 }));
    expect(due('2026-03-06 16:59')).toBe('2026-03-06 17:00');
    expect(due('2026-03-06 17:00')).toBe('2026-03-09 17:00');
  });

  it('skip a holiday: received after the cut-off on the eve of 30/4–1/5, due at the end of the next working day', () => {
    expect(cal.isWorkingDay('2026-04-29')).toBe(true);
    expect(cal.isWorkingDay('2026-04-30')).toBe(false);
    expect(cal.isWorkingDay('2026-05-01')).toBe(false);
    expect(civil('2026-04-29 14:00')).toBe('2026-04-29 17:00');
    expect(civil('2026-04-29 15:30')).toBe('2026-05-04 17:00');
  });

  it('cross Tết: received on the last afternoon before Tết 2026, due the Monday after it', () => {
    expect(civil('2026-02-13 15:30')).toBe('2026-02-23 17:00');
    expect(civil('2026-02-16 09:00')).toBe('2026-02-23 17:00'); // online during Tết
  });

  it('are never late at receipt', () => {
    for (let t = vn('2026-02-09 00:00').getTime(); t < vn('2026-02-28 00:00').getTime(); t += 37 * 60_000) {
      const at = new Date(t);
      expect(dueAfter(cal, at, { processingDays: 0, processingCutoff: '15:00' }).getTime()).toBeGreaterThan(t);
      expect(dueAfter(cal, at, { processingDays: 0, immediateMinutes: 30 }).getTime()).toBeGreaterThan(t);
    }
  });
});

describe('immediate procedures (giải quyết ngay)', () => {
  it('are due a few working minutes after receipt, carried over a lunch break or a weekend', () => {
    const now = (at: string) => fmt(dueAfter(cal, vn(at), { processingDays: 0, immediateMinutes: 30 }));
    expect(now('2026-03-04 09:00')).toBe('2026-03-04 09:30');
    expect(now('2026-03-04 11:15')).toBe('2026-03-04 13:15');
    expect(now('2026-03-06 16:50')).toBe('2026-03-09 07:50');
  });
});

describe('processing times in working days', () => {
  it('count whole and half days as before', () => {
    expect(fmt(dueAfter(cal, vn('2026-03-04 09:00'), { processingDays: 1 }))).toBe('2026-03-05 09:00');
    expect(fmt(dueAfter(cal, vn('2026-03-04 09:00'), { processingDays: 0.5 }))).toBe('2026-03-04 14:30');
  });
});
