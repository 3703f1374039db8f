import type { MessageKey, Translate } from '../i18n/index.js';

/** Agency levels the form offers; a level the server sends that is not here is shown and kept as it is. */
export const AGENCY_LEVELS: { value: string; label: MessageKey }[] = [
  { value: 'province', label: 'agencies.level.province' },
  { value: 'department', label: 'agencies.level.department' },
  { value: 'district', label: 'agencies.level.district' },
  { value: 'commune', label: 'agencies.level.commune' },
];

export function levelLabel(level: string | number | null | undefined, t: Translate): string {
  if (level === null || level === undefined || level === '') return '';
  const known = AGENCY_LEVELS.find((l) => l.value === String(level));
  return known ? t(known.label) : String(level);
}
