/** Calendar dates as 'YYYY-MM-DD' strings, the form the `date` columns use. */
export type IsoDate = string;

/** The day the two-level local government took effect (Nghị quyết 202/2025/QH15, Luật Tổ chức chính quyền địa phương 2025). */
export const REFORM_2025: IsoDate = '2025-07-01';

/** Today in Vietnam (UTC+7), whatever the server's time zone. */
export function todayVn(now = Date.now()): IsoDate {
  return new Date(now + 7 * 3_600_000).toISOString().slice(0, 10);
}

export function addDays(d: IsoDate, days: number): IsoDate {
  const [y, m, day] = d.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, day + days)).toISOString().slice(0, 10);
}

export const isValidAt = (u: { validFrom: IsoDate; validTo: IsoDate | null }, d: IsoDate) =>
  u.validFrom <= d && (u.validTo === null || u.validTo >= d);

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (s: string | null | undefined): s is string => typeof s === 'string' && UUID.test(s);

/** A LIKE pattern matching `q` anywhere, with LIKE's own wildcards taken literally. */
export const containsPattern = (q: string) => `%${q.trim().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
