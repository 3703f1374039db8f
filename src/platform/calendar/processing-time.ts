/**
 * A procedure's processing time (thời hạn giải quyết) turned into a deadline: whole or half working
 * days; 0 = within the day (trong ngày), with the procedure's cut-off hour; or "immediately" (ngay),
 * a few working minutes. Whatever the kind, the deadline lies after receipt: nothing is late at once.
 */
import type { ClockTime } from './office-hours.js';
import type { WorkingCalendar } from './working-time.js';

export interface ProcessingTime {
  /** Working days; 0 = within the day. */
  processingDays: number;
  /** Same-day procedures: received at or after this local time, due at the end of the next working day. */
  processingCutoff?: ClockTime | null;
  /** "Immediately": due this many working minutes after receipt (only with 0 days). */
  immediateMinutes?: number | null;
}

export function dueAfter(cal: WorkingCalendar, receivedAt: Date, p: ProcessingTime): Date {
  if (p.processingDays <= 0) {
    if (p.immediateMinutes && p.immediateMinutes > 0) return cal.addWorkingMs(receivedAt, p.immediateMinutes * 60_000);
    return cal.endOfWorkingDay(receivedAt, p.processingCutoff);
  }
  // Processing times are whole or half days; anything finer is rounded up to the next half day.
  return cal.addWorkingDays(receivedAt, Math.ceil(p.processingDays * 2) / 2);
}
