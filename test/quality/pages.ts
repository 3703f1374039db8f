import type { Fixtures } from './fixtures.js';

/**
 * Every page `npm run test:quality` measures. To add one: add a line here — its path (a function of the fixtures when
 * it needs an id), the demo account that opens it (none: anonymous), `lighthouse: true` for a public page, `ready`
 * (a data-testid that is there once its data has loaded) and `open`: what to do first, in order, so that a form or a
 * state is checked too — `'some-testid'` clicks it (e.g. the button that opens an action's form), `'some-testid=text'`
 * types the text into it.
 */
export interface QualityPage {
  path: string | ((f: Fixtures) => string);
  /** A demo account (src/demo/accounts.ts, src/feedback/seed); anonymous when absent. */
  account?: string;
  /** A public page: Lighthouse too, mobile and desktop. */
  lighthouse?: boolean;
  ready?: string;
  open?: (string | ((f: Fixtures) => string))[];
}

export const PAGES: QualityPage[] = [
  // Portal, anonymous: the public pages.
  { path: '/', lighthouse: true, ready: 'procedure-list' },
  { path: '/procedures', lighthouse: true, ready: 'procedure-results' },
  { path: (f) => `/procedures/${encodeURIComponent(f.procedureCode)}`, lighthouse: true },
  { path: '/lookup', lighthouse: true },
  { path: (f) => `/lookup?code=${encodeURIComponent(f.dossierCode)}` },
  { path: '/reports', lighthouse: true, ready: 'report-list' },
  { path: (f) => `/reports/${encodeURIComponent(f.reportId)}`, ready: 'report-status' },
  { path: '/reports/new' },
  { path: '/login', lighthouse: true, ready: 'login-username' },
  { path: '/no-such-page' },
  // The first-run page, once set up (the quality server runs the demo): it says so and offers the login.
  { path: '/setup', ready: 'setup-gone' },

  // Portal, the citizen.
  { path: '/my-dossiers', account: 'congdan' },
  { path: (f) => `/my-dossiers/${f.dossierId}`, account: 'congdan' },
  {
    path: (f) => `/procedures/${encodeURIComponent(f.procedureCode)}/submit`,
    account: 'congdan',
    ready: 'submit-step-form',
  },
  // The wizard's form step with its errors shown (required fields left empty).
  {
    path: (f) => `/procedures/${encodeURIComponent(f.procedureCode)}/submit`,
    account: 'congdan',
    ready: 'submit-step-form',
    open: ['submit-next'],
  },
  { path: '/reports/new', account: 'congdan' },
  { path: (f) => `/reports/${encodeURIComponent(f.reportId)}`, account: 'congdan', ready: 'report-status' },

  // Workspace: the one-stop officer (counter intake, the desk's actions on a dossier).
  { path: '/workspace', account: 'motcua' },
  { path: '/workspace/receive', account: 'motcua' },
  { path: '/workspace/counter', account: 'motcua' },
  // The intake form itself, once a procedure is chosen.
  {
    path: '/workspace/counter',
    account: 'motcua',
    open: ['counter-procedure-search=ly lich tu phap', (f) => `counter-pick-${f.procedureCode}`],
  },
  { path: (f) => `/workspace/dossiers/${f.dossierId}`, account: 'motcua', ready: 'dossier-actions' },
  {
    path: (f) => `/workspace/dossiers/${f.dossierId}`,
    account: 'motcua',
    ready: 'dossier-actions',
    open: ['action-request-supplement'],
  },
  {
    path: (f) => `/workspace/dossiers/${f.dossierId}`,
    account: 'motcua',
    ready: 'dossier-actions',
    open: ['action-refuse'],
  },
  // The specialist and the leader of the Department of Justice.
  { path: '/workspace/process', account: 'chuyenvien' },
  { path: '/workspace/due-soon', account: 'chuyenvien' },
  { path: '/workspace/overdue', account: 'chuyenvien' },
  // Official documents (văn bản): search and queues, registers, the clerk's registration form, the drafting form.
  { path: '/workspace/documents', account: 'chuyenvien', ready: 'documents-page' },
  { path: '/workspace/documents?queue=mine', account: 'lanhdao', ready: 'documents-page' },
  { path: '/workspace/documents/registers', account: 'lanhdao', ready: 'doc-registers' },
  { path: '/workspace/documents/incoming/new', account: 'chuyenvien', ready: 'doc-incoming-form' },
  { path: '/workspace/documents/drafts/new', account: 'chuyenvien', ready: 'doc-draft-form' },
  { path: '/workspace/documents', account: 'vanthu' },
  // The exchange boxes: documents received from other agencies, documents sent with each recipient's receipts.
  { path: '/workspace/documents/exchange', account: 'lanhdao', ready: 'exchange-page' },
  { path: '/workspace/documents/exchange?box=all', account: 'lanhdao', ready: 'exchange-page' },
  // Field reports: roads go to the Department of Construction.
  { path: '/workspace/feedback', account: 'xaydung' },
  { path: (f) => `/workspace/feedback/${encodeURIComponent(f.reportId)}`, account: 'xaydung', ready: 'staff-actions' },
  {
    path: (f) => `/workspace/feedback/${encodeURIComponent(f.reportId)}`,
    account: 'xaydung',
    ready: 'staff-actions',
    open: ['staff-action-transfer'],
  },
  {
    path: (f) => `/workspace/feedback/${encodeURIComponent(f.reportId)}`,
    account: 'xaydung',
    ready: 'staff-actions',
    open: ['staff-action-reject'],
  },

  // Operations centre.
  { path: '/ioc', account: 'lanhdao' },
  { path: '/ioc/map', account: 'lanhdao' },
  { path: '/ioc/indicators', account: 'lanhdao', ready: 'indicator-table' },
  { path: '/ioc/reporting/ranking/hue-222-pl4', account: 'lanhdao', ready: 'ranking-table' },
  { path: '/ioc/reporting/ranking/platform-service-index', account: 'lanhdao', ready: 'ranking-table' },
  { path: '/ioc/reporting/indicator/dossiers.on_time_rate', account: 'lanhdao', ready: 'breakdown-table' },
  { path: '/ioc/reporting/list/dossiers.pending_late', account: 'lanhdao', ready: 'list-page' },
  { path: '/ioc/reporting/reports-late', account: 'lanhdao', ready: 'late-reports' },
  // The IT inventory: an agency's pages (its specialist), the approvals due, the province's view (its administrator).
  { path: '/workspace/inventory', account: 'chuyenvien', ready: 'inventory-agency' },
  { path: '/workspace/inventory?kind=systems', account: 'chuyenvien', ready: 'inventory-agency' },
  { path: '/workspace/inventory/approvals', account: 'chuyenvien', ready: 'inventory-approvals' },
  { path: '/ioc/inventory', account: 'admin', ready: 'inventory-province' },
  // Periodic reports (issue #12): the Department of Justice's reports (the job opens the quarter's), one report's form,
  // and that form refused (sent empty: the required fields named); the reports received — no demo account reviews for
  // the People's Committee Office, the template's receiver, so the page is checked as a leader elsewhere sees it: empty.
  { path: '/workspace/reports', account: 'chuyenvien', ready: 'periodic-reports' },
  { path: '/workspace/reports', account: 'chuyenvien', ready: 'periodic-reports', open: ['open-report'] },
  {
    path: '/workspace/reports',
    account: 'chuyenvien',
    ready: 'periodic-reports',
    open: ['open-report', 'report-add-row-issues', 'report-submit'],
  },
  { path: '/workspace/reports/received', account: 'lanhdao', ready: 'received-reports' },

  // Administration.
  { path: '/admin', account: 'admin' },
  { path: '/admin/units', account: 'admin' },
  { path: '/admin/units/new', account: 'admin' },
  { path: '/admin/units/merge', account: 'admin' },
  { path: (f) => `/admin/units/${f.unitId}`, account: 'admin' },
  { path: '/admin/agencies', account: 'admin' },
  { path: '/admin/agencies/new', account: 'admin' },
  { path: (f) => `/admin/agencies/${f.agencyId}`, account: 'admin' },
  { path: '/admin/people', account: 'admin' },
  { path: '/admin/people/new', account: 'admin' },
  { path: (f) => `/admin/people/${f.personId}`, account: 'admin' },
  { path: '/admin/procedures', account: 'admin' },
  { path: (f) => `/admin/procedures/${f.procedureId}`, account: 'admin' },
  { path: '/admin/calendar', account: 'admin' },
  { path: '/admin/audit', account: 'admin' },
  { path: '/admin/audit', account: 'kiemtra' },
  { path: '/admin/backups', account: 'admin' },
  // Open data portal, the citizen's repository, questions (issues #10, #14).
  { path: '/opendata' },
  { path: '/my-repository', account: 'congdan' },
  { path: '/workspace/questions', account: 'motcua' },
  { path: '/workspace/opendata', account: 'lanhdao' },
  // The integration platform's developer portal and its admin page (issue #13).
  { path: '/developers', ready: 'gw-service-list' },
  { path: '/developers/consumers', account: 'motcua' },
  { path: '/admin/gateway', account: 'admin' },
];

export const pathOf = (p: QualityPage, f: Fixtures) => (typeof p.path === 'function' ? p.path(f) : p.path);
export const stepsOf = (p: QualityPage, f: Fixtures) => (p.open ?? []).map((s) => (typeof s === 'function' ? s(f) : s));
