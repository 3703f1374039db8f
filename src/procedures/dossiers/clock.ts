/**
 * The dossier clock (thời hạn giải quyết) on the working calendar: the appointment date at receipt,
 * and the stop and restart while papers are awaited or the dossier is suspended.
 */
import { dueAfter, type ProcessingTime, type WorkingCalendar } from '../../platform/index.js';

/** Now, for every dossier change; tests set it to replay a day across Tết without waiting for it. */
export const clock = { now: (): Date => new Date() };

/**
 * The appointment date (ngày hẹn trả kết quả) from the procedure's processing time: working days, or
 * within the day with its cut-off hour, or immediately (platform/calendar/processing-time.ts).
 */
export function appointmentDate(cal: WorkingCalendar, receivedAt: Date, processing: number | ProcessingTime): Date {
  return dueAfter(cal, receivedAt, typeof processing === 'number' ? { processingDays: processing } : processing);
}

/**
 * The clock restarts: the appointment moves by exactly the working time it was stopped for, so the
 * applicant's waiting time does not count against the agency (Nghị định 118/2025, thời gian bổ sung).
 */
export function restartClock(
  cal: WorkingCalendar,
  dueAt: Date,
  pausedSince: Date,
  now: Date,
): { dueAt: Date; pausedMs: number } {
  const pausedMs = Math.max(0, cal.workingTimeBetween(pausedSince, now));
  return { dueAt: cal.addWorkingMs(dueAt, pausedMs), pausedMs };
}

/** Working time left before the appointment (negative when late), with the clock stopped while paused. */
export function workingTimeLeft(cal: WorkingCalendar, dueAt: Date, now: Date, pausedSince: Date | null): number {
  return cal.workingTimeBetween(pausedSince ?? now, dueAt);
}

/** The columns a restarting dossier changes: appointment (and apology date) moved, pause closed. */
export function restartedColumns(
  cal: WorkingCalendar,
  d: { dueAt: Date | null; newDueAt: Date | null; pausedSince: Date | null; pausedMs: number },
  now: Date,
): { set: { pausedSince: null; dueAt?: Date; newDueAt?: Date; pausedMs?: number }; details: Record<string, unknown> } {
  if (!d.pausedSince || !d.dueAt) return { set: { pausedSince: null }, details: {} };
  const r = restartClock(cal, d.dueAt, d.pausedSince, now);
  return {
    set: {
      pausedSince: null,
      dueAt: r.dueAt,
      pausedMs: d.pausedMs + r.pausedMs,
      ...(d.newDueAt ? { newDueAt: restartClock(cal, d.newDueAt, d.pausedSince, now).dueAt } : {}),
    },
    details: { pausedMs: r.pausedMs, dueAt: r.dueAt.toISOString() },
  };
}
