import type { WorkingCalendar } from '../platform/index.js';
import type { Category } from './schema.js';

const HOUR_MS = 3_600_000;

/** When a report received at `from` must be resolved: the category's time, counted in working time (thời hạn xử lý). */
export function dueAt(
  calendar: WorkingCalendar,
  category: Pick<Category, 'deadlineAmount' | 'deadlineUnit'>,
  from: Date,
): Date {
  return category.deadlineUnit === 'working_days'
    ? calendar.addWorkingDays(from, category.deadlineAmount)
    : calendar.addWorkingMs(from, category.deadlineAmount * HOUR_MS);
}

/** The instant before which a due date counts as "due soon" when seen at `now`. */
export function dueSoonLimit(calendar: WorkingCalendar, now: Date, workingHours: number): Date {
  return calendar.addWorkingMs(now, workingHours * HOUR_MS);
}
