import { useQuery } from '@tanstack/react-query';
import { api } from '../api/client.js';
import type { Localized } from '../i18n/index.js';

export interface Holiday {
  date: string;
  name: Localized;
  kind: string;
}

/** `GET /api/calendar/holidays?year=` answers a list; a `{ items }` wrapper is accepted too. */
export function useHolidays(year: number) {
  return useQuery({
    queryKey: ['calendar', 'holidays', year],
    queryFn: async ({ signal }) => {
      const data = await api<Holiday[] | { items: Holiday[] }>('/api/calendar/holidays', { query: { year }, signal });
      const list = Array.isArray(data) ? data : (data.items ?? []);
      return [...list].sort((a, b) => a.date.localeCompare(b.date));
    },
    retry: false,
    staleTime: 10 * 60_000,
    meta: { quiet: true },
  });
}

/** Holidays grouped by month (index 0 = January). */
export function byMonth(list: Holiday[]): Holiday[][] {
  const months: Holiday[][] = Array.from({ length: 12 }, () => []);
  for (const h of list) {
    const m = Number(h.date.slice(5, 7));
    if (m >= 1 && m <= 12) months[m - 1]!.push(h);
  }
  return months;
}
