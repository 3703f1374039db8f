// English for the lists area: its own module, so that the English text is loaded only when English is chosen
// (web/src/i18n/index.tsx). `vi` in lists.ts is the source of the keys; this must name the same keys.
import type { vi } from './lists.js';

export const en: Record<keyof typeof vi, string> = {
  'list.pager': 'Pages: {label}',
  'list.page': 'Page {page} / {pages}',
  'list.range': '{from}–{to} of {total}',
  'list.rangeMore': '{from}–{to} of more than {total}',
  'list.previous': 'Previous page',
  'list.next': 'Next page',
  'list.loading': 'Loading {label}…',
};
