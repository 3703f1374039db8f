import type { Lang } from '../i18n/index.js';

const locale = (lang: Lang) => (lang === 'vi' ? 'vi-VN' : 'en-GB');
/** Vietnamese civil time, whatever the browser's zone. */
const ZONE = 'Asia/Ho_Chi_Minh';

/** A calendar date `YYYY-MM-DD` (no time zone involved). */
export function formatDay(
  day: string | null | undefined,
  lang: Lang,
  opts: Intl.DateTimeFormatOptions = { day: '2-digit', month: '2-digit', year: 'numeric' },
): string {
  if (!day) return '';
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(day);
  if (!m) return day;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return new Intl.DateTimeFormat(locale(lang), { ...opts, timeZone: 'UTC' }).format(d);
}

export function weekday(day: string, lang: Lang): string {
  return formatDay(day, lang, { weekday: 'long' });
}

/**
 * An instant, shown in Vietnamese time as `dd/mm/yyyy HH:mm` in either language: the form Vietnamese administrative
 * documents use (ICU's vi-VN puts the time first, "13:05:00 6/12/2026", which no Vietnamese form does).
 */
export function formatInstant(iso: string | null | undefined, _lang?: Lang): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const p = Object.fromEntries(INSTANT_PARTS.formatToParts(d).map((x) => [x.type, x.value]));
  return `${p.day}/${p.month}/${p.year} ${p.hour}:${p.minute}`;
}

/** Is this a form's date value (`YYYY-MM-DD`) or an instant (ISO 8601), to be shown as a date? */
export function isDateValue(v: unknown): v is string {
  return typeof v === 'string' && /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/.test(v);
}

/** A calendar date or an instant's date in Vietnamese time, `dd/mm/yyyy`. */
export function formatDate(value: string | null | undefined): string {
  if (!value) return '';
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return formatDay(value, 'vi');
  return formatInstant(value).slice(0, 10);
}

const INSTANT_PARTS = new Intl.DateTimeFormat('en-GB', {
  day: '2-digit',
  month: '2-digit',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
  timeZone: ZONE,
});

export function monthName(month: number, lang: Lang, style: 'short' | 'long'): string {
  return new Intl.DateTimeFormat(locale(lang), { month: style, timeZone: 'UTC' }).format(
    new Date(Date.UTC(2000, month - 1, 1)),
  );
}

export function formatNumber(n: number, lang: Lang): string {
  return new Intl.NumberFormat(locale(lang)).format(n);
}

/** The current year in Vietnam. */
export function currentYear(): number {
  return Number(new Intl.DateTimeFormat('en', { year: 'numeric', timeZone: ZONE }).format(new Date()));
}

/** A file's size as people read it: "850 B", "12,5 KB", "3,2 MB" (1 KB = 1024 bytes, as file managers count). */
export function formatBytes(n: number, lang: Lang): string {
  const units = ['B', 'KB', 'MB', 'GB'];
  let v = n;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i += 1;
  }
  const shown = i === 0 ? v : Math.round(v * 10) / 10;
  return `${formatNumber(shown, lang)} ${units[i]}`;
}
