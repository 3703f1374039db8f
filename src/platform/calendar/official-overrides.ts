/**
 * Yearly official decisions on days off for civil servants (cán bộ, công chức, viên chức), as
 * differences from `defaultHolidays`. Only decisions whose resulting days are known are listed;
 * document numbers are given only where checked — otherwise the issuer is named and the number is
 * marked unverified. Years whose official days equal the default (Tết 2026: 14–22/2 under Thông
 * báo 9441/TB-BNV, 16/10/2025; Quốc khánh 2024 and 2025) need no entry: tests pin them instead.
 */
import type { CalendarOverride } from './holidays.js';

const UNVERIFIED = 'số hiệu văn bản chưa đối chiếu — document number not verified';

export const OFFICIAL_OVERRIDES_DEFAULT: readonly CalendarOverride[] = [
  // Tết Giáp Thìn 2024: off Thu 8/2 – Wed 14/2 (29 tháng Chạp – mùng 5). The Government chose
  // 8/2–12/2 as the five Tết days, so the two substitute days are 13–14/2, not the default 14–15/2.
  {
    date: '2024-02-08',
    kind: 'day_off',
    name: { vi: 'Nghỉ Tết Nguyên đán (29 tháng Chạp)', en: 'Lunar New Year holiday (29th of the 12th month)' },
    decision: `Thủ tướng đồng ý phương án nghỉ Tết Giáp Thìn 2024, Bộ LĐTBXH thông báo (${UNVERIFIED})`,
  },
  {
    date: '2024-02-15',
    kind: 'working_day',
    name: { vi: 'Làm việc (mùng 6 Tết)', en: 'Working day (6th day of the lunar year)' },
    decision: `Thủ tướng đồng ý phương án nghỉ Tết Giáp Thìn 2024, Bộ LĐTBXH thông báo (${UNVERIFIED})`,
  },
  // 30/4–1/5/2024: off Sat 27/4 – Wed 1/5; Mon 29/4 swapped with Sat 4/5.
  {
    date: '2024-04-29',
    kind: 'day_off',
    name: { vi: 'Nghỉ hoán đổi dịp 30/4–1/5', en: 'Swapped day off (30 April – 1 May)' },
    decision: `Hoán đổi ngày làm việc dịp 30/4–1/5/2024 (${UNVERIFIED})`,
  },
  {
    date: '2024-05-04',
    kind: 'working_day',
    name: { vi: 'Làm bù cho ngày 29/4/2024', en: 'Make-up working day for 29 April 2024' },
    decision: `Hoán đổi ngày làm việc dịp 30/4–1/5/2024 (${UNVERIFIED})`,
  },
  // Tết Ất Tỵ 2025: off Sat 25/1 – Sun 2/2 (26 tháng Chạp – mùng 5), nine days, no make-up day.
  // Mùng 4 (1/2) was a Saturday; its substitute day was placed on Mon 27/1 instead of Mon 3/2.
  {
    date: '2025-01-27',
    kind: 'day_off',
    name: {
      vi: 'Nghỉ bù Tết Nguyên đán (28 tháng Chạp)',
      en: 'Lunar New Year substitute day (28th of the 12th month)',
    },
    decision: `Thủ tướng đồng ý phương án nghỉ Tết Ất Tỵ 2025, Bộ LĐTBXH thông báo (${UNVERIFIED})`,
  },
  {
    date: '2025-02-03',
    kind: 'working_day',
    name: { vi: 'Làm việc (mùng 6 Tết)', en: 'Working day (6th day of the lunar year)' },
    decision: `Thủ tướng đồng ý phương án nghỉ Tết Ất Tỵ 2025, Bộ LĐTBXH thông báo (${UNVERIFIED})`,
  },
  // 30/4–1/5/2025: off Wed 30/4 – Sun 4/5; Fri 2/5 swapped with Sat 26/4.
  {
    date: '2025-05-02',
    kind: 'day_off',
    name: { vi: 'Nghỉ hoán đổi dịp 30/4–1/5', en: 'Swapped day off (30 April – 1 May)' },
    decision: `Hoán đổi ngày làm việc dịp 30/4–1/5/2025 (${UNVERIFIED})`,
  },
  {
    date: '2025-04-26',
    kind: 'working_day',
    name: { vi: 'Làm bù cho ngày 2/5/2025', en: 'Make-up working day for 2 May 2025' },
    decision: `Hoán đổi ngày làm việc dịp 30/4–1/5/2025 (${UNVERIFIED})`,
  },
];
