import type { MessageKey, Translate } from '../i18n/index.js';

/** Unit types in the order of the official list, each with its level (1 province, 2 district, 3 commune). */
export const UNIT_TYPES: { value: string; level: 1 | 2 | 3 }[] = [
  { value: 'tinh', level: 1 },
  { value: 'thanh_pho_trung_uong', level: 1 },
  { value: 'huyen', level: 2 },
  { value: 'quan', level: 2 },
  { value: 'thi_xa', level: 2 },
  { value: 'thanh_pho_thuoc_tinh', level: 2 },
  { value: 'xa', level: 3 },
  { value: 'phuong', level: 3 },
  { value: 'thi_tran', level: 3 },
  { value: 'dac_khu', level: 3 },
];

export const UNIT_STATUSES = ['current', 'merged', 'renamed', 'reparented', 'dissolved'] as const;

/** The day the two-level structure (province – commune) took effect. */
export const REFORM_2025 = '2025-07-01';

export const levelOfType = (type: string): 1 | 2 | 3 | undefined => UNIT_TYPES.find((u) => u.value === type)?.level;

export const unitTypeLabel = (type: string, t: Translate): string =>
  UNIT_TYPES.some((u) => u.value === type) ? t(`unitType.${type}` as MessageKey) : type;

export const unitStatusLabel = (status: string, t: Translate): string =>
  (UNIT_STATUSES as readonly string[]).includes(status) ? t(`units.status.${status}` as MessageKey) : status;

export const unitLevelLabel = (level: number | string, t: Translate): string =>
  level === 1 || level === 2 || level === 3 || level === '1' || level === '2' || level === '3'
    ? t(`units.level${level}` as MessageKey)
    : String(level);

/** Today in Vietnam as YYYY-MM-DD. */
export function todayVn(): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Asia/Ho_Chi_Minh',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(new Date());
}
