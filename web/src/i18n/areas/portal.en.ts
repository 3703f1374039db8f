// English for the portal area: its own module, so that the English text is loaded only when English is chosen
// (web/src/i18n/index.tsx). `vi` in portal.ts is the source of the keys; this must name the same keys.
import type { vi } from './portal.js';

export const en: Record<keyof typeof vi, string> = {
  'map.search.label': 'Find a commune or ward',
  'map.search.labelAddress': 'Find a commune, ward or address',
  'map.search.placeholder': 'Commune or ward name…',
  'map.search.placeholderAddress': 'Commune, ward or address…',
  'map.search.submit': 'Find on the map',
  'map.search.none': 'No such place found.',
  'map.search.failed': 'The address search is not available right now; search by commune or pick on the map.',
  'map.search.commune': 'Commune/ward',
  'map.search.address': 'Address',
  'procedures.facts': 'About this procedure',
  'feedback.more': 'Show {n} more reports',
};
