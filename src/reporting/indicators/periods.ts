/** Reporting periods (kỳ báo cáo) in Vietnam time (UTC+7, no daylight saving). */
import type { PeriodKind } from '../schema.js';

const VN_MS = 7 * 3600_000;
export interface Period {
  kind: PeriodKind;
  key: string;
  start: Date;
  end: Date;
}

const utcOfLocal = (y: number, m: number) => new Date(Date.UTC(y, m, 1) - VN_MS);

/** The period of `kind` that contains `at`. */
export function periodOf(kind: PeriodKind, at: Date = new Date()): Period {
  const local = new Date(at.getTime() + VN_MS);
  const y = local.getUTCFullYear();
  const m = local.getUTCMonth();
  const span = { month: 1, quarter: 3, half: 6, year: 12 }[kind];
  const first = Math.floor(m / span) * span;
  const key =
    kind === 'year'
      ? `${y}`
      : kind === 'half'
        ? `${y}-H${first / 6 + 1}`
        : kind === 'quarter'
          ? `${y}-Q${first / 3 + 1}`
          : `${y}-${String(m + 1).padStart(2, '0')}`;
  return { kind, key, start: utcOfLocal(y, first), end: utcOfLocal(y, first + span) };
}

const KEY = /^(\d{4})(?:-(?:H([12])|Q([1-4])|(0[1-9]|1[0-2])))?$/;

/** Parses a period key ('2026', '2026-H1', '2026-Q3', '2026-07'); null if it is not one. */
export function parsePeriod(key: string): Period | null {
  const m = KEY.exec(key);
  if (!m) return null;
  const y = Number(m[1]);
  if (y < 2000 || y > 2100) return null;
  if (m[2]) return periodOf('half', utcOfLocal(y, (Number(m[2]) - 1) * 6));
  if (m[3]) return periodOf('quarter', utcOfLocal(y, (Number(m[3]) - 1) * 3));
  if (m[4]) return periodOf('month', utcOfLocal(y, Number(m[4]) - 1));
  return periodOf('year', utcOfLocal(y, 0));
}

/** The same period a year earlier (for year-on-year change). */
export function yearBefore(p: Period): Period {
  return periodOf(p.kind, new Date(p.start.getTime() - 365 * 86400_000 + 15 * 86400_000));
}

/** The periods of `kind` ending at the one containing `at`, oldest first (for trends). */
export function lastPeriods(kind: PeriodKind, n: number, at: Date = new Date()): Period[] {
  const out: Period[] = [];
  let p = periodOf(kind, at);
  for (let i = 0; i < n; i++) {
    out.unshift(p);
    p = periodOf(kind, new Date(p.start.getTime() - 86400_000));
  }
  return out;
}
