import { describe, expect, it } from 'vitest';
import { addDays, dayNumberToIso, isoToDayNumber, isoWeekday, parseIsoDate, toIsoDate } from './civil-date.js';

describe('civil dates', () => {
  it('round-trips ISO dates through day numbers, before and after 1970', () => {
    for (const s of ['1969-12-31', '1970-01-01', '1985-01-21', '2024-02-29', '2100-12-31']) {
      expect(dayNumberToIso(isoToDayNumber(s))).toBe(s);
    }
  });

  it('gives ISO weekdays (Monday 1 … Sunday 7), also before 1970', () => {
    expect(isoWeekday(isoToDayNumber('1970-01-01'))).toBe(4);
    expect(isoWeekday(isoToDayNumber('1969-12-28'))).toBe(7);
    expect(isoWeekday(isoToDayNumber('2025-04-26'))).toBe(6);
    expect(isoWeekday(isoToDayNumber('2026-02-16'))).toBe(1);
  });

  it('rejects malformed and impossible dates', () => {
    for (const s of ['2025-2-1', '2025-02-30', '2023-02-29', '2025-13-01', '20250101', '']) {
      expect(() => parseIsoDate(s)).toThrow(RangeError);
    }
  });

  it('adds days across month and year ends', () => {
    expect(addDays('2025-12-31', 1)).toBe('2026-01-01');
    expect(addDays('2024-03-01', -1)).toBe('2024-02-29');
    expect(toIsoDate(2026, 2, 17)).toBe('2026-02-17');
  });
});
