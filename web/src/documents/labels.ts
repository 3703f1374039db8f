import type { MessageKey } from '../i18n/index.js';

export const statusKey = (s: string) => `doc.status.${s}` as MessageKey;
export const actionKey = (a: string) => `doc.action.${a}` as MessageKey;
export const fmtDate = (iso: string | null | undefined, lang: string) =>
  iso
    ? new Date(iso).toLocaleString(lang === 'vi' ? 'vi-VN' : 'en-GB', {
        timeZone: 'Asia/Ho_Chi_Minh',
        dateStyle: 'short',
        timeStyle: 'short',
      })
    : '—';
