import { describe, expect, it } from 'vitest';
import { WorkingCalendar } from '../../platform/index.js';
import { appointmentDate, restartClock, restartedColumns } from './clock.js';
import { isLate } from './late.js';

// Default office hours: Monday–Friday 07:30–11:30 and 13:00–17:00 (UTC+7); shipped official decisions.
const cal = new WorkingCalendar();
const vn = (s: string) => new Date(`${s}+07:00`);
const H = 3_600_000;

describe('the appointment date (ngày hẹn trả kết quả)', () => {
  it('skips the weekend: 2 working days from Thursday 09:00 is Monday 09:00', () => {
    expect(appointmentDate(cal, vn('2026-03-05T09:00:00'), 2)).toEqual(vn('2026-03-09T09:00:00'));
  });

  it('counts half a day: from Monday 10:00, 1.5 h before lunch and 2.5 h after, ending at 15:30', () => {
    expect(appointmentDate(cal, vn('2026-03-02T10:00:00'), 0.5)).toEqual(vn('2026-03-02T15:30:00'));
  });

  it('skips Tết 2026 (16–20 February) and both weekends around it', () => {
    // Friday 13/2 09:00: 6.5 h left that day, then Tết and the weekends; the remaining 1.5 h on Monday 23/2.
    expect(appointmentDate(cal, vn('2026-02-13T09:00:00'), 1)).toEqual(vn('2026-02-23T09:00:00'));
    // 3 days from Thursday 12/2 08:00: Thu, Fri, then Monday 23/2 (after Tết) until 08:00 on Tuesday 24/2.
    expect(appointmentDate(cal, vn('2026-02-12T08:00:00'), 3)).toEqual(vn('2026-02-24T08:00:00'));
  });

  it('works on an official make-up Saturday: 26/4/2025 replaced Friday 2/5/2025', () => {
    // Friday 25/4/2025 13:00 + 1 day: Friday afternoon (4 h), then Saturday 26/4 is a working day.
    expect(appointmentDate(cal, vn('2025-04-25T13:00:00'), 1)).toEqual(vn('2025-04-26T11:30:00'));
    // Without the decision the Saturday would be closed and the answer Monday 28/4 11:30.
    const noDecisions = new WorkingCalendar({ overrides: [] });
    expect(appointmentDate(noDecisions, vn('2025-04-25T13:00:00'), 1)).toEqual(vn('2025-04-28T11:30:00'));
  });

  it('rounds a processing time finer than half a day up to the next half day', () => {
    expect(appointmentDate(cal, vn('2026-03-02T07:30:00'), 0.3)).toEqual(vn('2026-03-02T11:30:00'));
  });
});

describe('the stopped clock', () => {
  it('does not run while paused: the appointment moves by exactly the working time stood still', () => {
    const due = vn('2026-03-10T15:00:00');
    // Paused Thursday 5/3 16:00, papers back Monday 9/3 09:00: 1 h Thu + 8 h Fri + 1.5 h Mon = 10.5 h.
    const r = restartClock(cal, due, vn('2026-03-05T16:00:00'), vn('2026-03-09T09:00:00'));
    expect(r.pausedMs).toBe(10.5 * H);
    // Tuesday 15:00–17:00 (2 h), Wednesday (8 h), Thursday 07:30–08:00 (0.5 h).
    expect(r.dueAt).toEqual(vn('2026-03-12T08:00:00'));
    // Working time left is the same before the pause and after the restart.
    expect(cal.workingTimeBetween(vn('2026-03-09T09:00:00'), r.dueAt)).toBe(
      cal.workingTimeBetween(vn('2026-03-05T16:00:00'), due),
    );
  });

  it('counts nothing for a pause entirely over a weekend and Tết', () => {
    const due = vn('2026-02-25T10:00:00');
    const r = restartClock(cal, due, vn('2026-02-13T17:00:00'), vn('2026-02-23T07:30:00'));
    expect(r.pausedMs).toBe(0);
    expect(r.dueAt).toEqual(due);
  });

  it('moves the apology date with the appointment and closes the pause', () => {
    const d = {
      dueAt: vn('2026-03-10T15:00:00'),
      newDueAt: vn('2026-03-13T15:00:00'),
      pausedSince: vn('2026-03-09T13:00:00'),
      pausedMs: H,
    };
    const r = restartedColumns(cal, d, vn('2026-03-09T17:00:00'));
    // 4 h stood still: Tuesday 15:00–17:00 then Wednesday 07:30–09:30; Friday's new date likewise to Monday 09:30.
    expect(r.set).toEqual({
      pausedSince: null,
      dueAt: vn('2026-03-11T09:30:00'),
      newDueAt: vn('2026-03-16T09:30:00'),
      pausedMs: 5 * H,
    });
  });
});

describe('late (quá hạn)', () => {
  const due = vn('2026-03-10T15:00:00');
  it('is measured by the original appointment, at the result or now, or where the clock stopped', () => {
    expect(
      isLate({ dueAt: due, completedAt: vn('2026-03-10T14:00:00'), pausedSince: null }, vn('2026-04-01T00:00:00')),
    ).toBe(false);
    expect(
      isLate({ dueAt: due, completedAt: vn('2026-03-10T15:01:00'), pausedSince: null }, vn('2026-03-10T16:00:00')),
    ).toBe(true);
    expect(
      isLate({ dueAt: due, completedAt: null, pausedSince: vn('2026-03-09T10:00:00') }, vn('2026-04-01T00:00:00')),
    ).toBe(false);
    expect(isLate({ dueAt: due, completedAt: null, pausedSince: null }, vn('2026-03-10T15:00:01'))).toBe(true);
    expect(isLate({ dueAt: null, completedAt: null, pausedSince: null }, vn('2030-01-01T00:00:00'))).toBe(false);
  });
});
