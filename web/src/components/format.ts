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

/** An instant, shown in Vietnamese time. */
export function formatInstant(iso: string | null | undefined, lang: Lang): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return new Intl.DateTimeFormat(locale(lang), {
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
    timeZone: ZONE,
  }).format(d);
}

export function monthName(month: number, lang: Lang, style: 'short' | 'long'): string {
  return new Intl.DateTimeFormat(locale(lang), { month: style, timeZone: 'UTC' }).format(new Date(Date.UTC(2000, month - 1, 1)));
}

export function formatNumber(n: number, lang: Lang): string {
  return new Intl.NumberFormat(locale(lang)).format(n);
}

/** The current year in Vietnam. */
export function currentYear(): number {
  return Number(new Intl.DateTimeFormat('en', { year: 'numeric', timeZone: ZONE }).format(new Date()));
}
