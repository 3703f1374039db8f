import { describe, expect, it } from 'vitest';
import { compileOfficeHours, DEFAULT_OFFICE_HOURS, parseClockTime } from './office-hours.js';

const H = 3_600_000;

describe('office hours', () => {
  it('default to Monday–Friday, 07:30–11:30 and 13:00–17:00: an 8-hour day', () => {
    const c = compileOfficeHours(DEFAULT_OFFICE_HOURS);
    expect([...c.days]).toEqual([1, 2, 3, 4, 5]);
    expect(c.sessions).toEqual([
      [7.5 * H, 11.5 * H],
      [13 * H, 17 * H],
    ]);
    expect(c.dayMs).toBe(8 * H);
  });

  it('parse HH:MM and reject anything else', () => {
    expect(parseClockTime('00:00')).toBe(0);
    expect(parseClockTime('23:59')).toBe(23 * H + 59 * 60_000);
    for (const s of ['7:30', '24:00', '12:60', '0730', '07:30:00']) expect(() => parseClockTime(s)).toThrow(RangeError);
  });

  it('reject empty days or sessions, bad weekdays, and reversed or overlapping sessions', () => {
    const s = DEFAULT_OFFICE_HOURS.sessions;
    expect(() => compileOfficeHours({ days: [], sessions: s })).toThrow(RangeError);
    expect(() => compileOfficeHours({ days: [1], sessions: [] })).toThrow(RangeError);
    expect(() => compileOfficeHours({ days: [0], sessions: s })).toThrow(RangeError);
    expect(() => compileOfficeHours({ days: [8], sessions: s })).toThrow(RangeError);
    expect(() => compileOfficeHours({ days: [1], sessions: [{ start: '11:00', end: '08:00' }] })).toThrow(RangeError);
    expect(() =>
      compileOfficeHours({
        days: [1],
        sessions: [
          { start: '08:00', end: '12:00' },
          { start: '11:00', end: '17:00' },
        ],
      }),
    ).toThrow(RangeError);
  });
});
