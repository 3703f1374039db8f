// English for the admin area: its own module, so that the English text is loaded only when English is chosen
// (web/src/i18n/index.tsx). `vi` in admin.ts is the source of the keys; this must name the same keys.
import type { vi } from './admin.js';

export const en: Record<keyof typeof vi, string> = {
  'admin.outOfScope':
    'This belongs to an agency or area outside the one you administer: you can view it, not change it.',
  'admin.outOfScopeProvince': 'This is managed by the province’s administrators: you can view it, not change it.',
  'admin.publicProcedure': 'See the procedure as citizens do',
};
