// English for the setup area: its own module, so that the English text is loaded only when English is chosen
// (web/src/i18n/index.tsx). `vi` in setup.ts is the source of the keys; this must name the same keys.
import type { vi } from './setup.js';

export const en: Record<keyof typeof vi, string> = {
  'setup.title': 'First-run setup',
  'setup.intro':
    "Choose the province this installation serves and create the first administrator. The province's communes (official codes from 1 July 2025) and its standard agencies are loaded as starting data, editable afterwards in the admin pages.",
  'setup.done': 'This installation is set up',
  'setup.doneText': "The first-run page is no longer in use. The administrator logs in to manage the province's data.",
  'setup.login': 'Log in',
  'setup.codeLegend': 'Setup code',
  'setup.code': 'One-time code',
  'setup.codeHint': "The code printed in the server's console when it started (XXXX-XXXX-XXXX).",
  'setup.provinceLegend': 'Province',
  'setup.province': 'Province (the 34 from 1 July 2025)',
  'setup.choose': '— Choose —',
  'setup.communes': '{n} communes',
  'setup.preview':
    "Loads {communes} communes with their official codes and {agencies} agencies (including each commune's People's Committee).",
  'setup.agencies': 'Provincial agencies',
  'setup.communeList': 'Communes',
  'setup.colCode': 'Code',
  'setup.colName': 'Name',
  'setup.colFormed': 'Formed from',
  'setup.part': '(part)',
  'setup.adminLegend': 'First administrator',
  'setup.adminName': 'Full name',
  'setup.adminLogin': 'Login',
  'setup.adminEmail': 'E-mail (optional)',
  'setup.password': 'Password (at least 8 characters)',
  'setup.password2': 'Repeat the password',
  'setup.mismatch': 'The two passwords differ.',
  'setup.submit': 'Set up',
  'setup.working': 'Setting up…',
  'setup.success': 'Set up {province}: {communes} communes and {agencies} agencies. Administrator: {username}.',
};
