import { hasRole, type Account, type Area, type Role } from '../auth/roles.js';
import type { MessageKey } from '../i18n/index.js';

export interface NavItem {
  to: string;
  label: MessageKey;
  /** Active only on this exact path (for an area's home). */
  end?: boolean;
  /** Shown only to these roles (by default, to everyone the area admits). */
  roles?: readonly Role[];
}

/** Each area's own navigation. */
export const AREA_NAV: Record<Area, NavItem[]> = {
  portal: [
    { to: '/', label: 'portal.nav.home', end: true },
    { to: '/procedures', label: 'portal.nav.procedures' },
    { to: '/my-dossiers', label: 'os.nav.mine' },
    { to: '/my-repository', label: 'repo.nav', roles: ['citizen'] },
    { to: '/lookup', label: 'portal.nav.lookup' },
    { to: '/reports', label: 'portal.nav.reports' },
    { to: '/opendata', label: 'od.nav' },
    { to: '/developers', label: 'gw.nav.developers' },
  ],
  workspace: [
    { to: '/workspace', label: 'ws.nav.home', end: true },
    { to: '/workspace/receive', label: 'ws.nav.receive' },
    { to: '/workspace/process', label: 'ws.nav.process' },
    { to: '/workspace/due-soon', label: 'ws.nav.dueSoon' },
    { to: '/workspace/overdue', label: 'ws.nav.overdue' },
    { to: '/workspace/counter', label: 'os.nav.counter' },
    { to: '/workspace/questions', label: 'qa.nav', roles: ['officer', 'specialist', 'leader'] },
    { to: '/workspace/documents', label: 'ws.nav.documents' },
    { to: '/workspace/feedback', label: 'ws.nav.feedback' },
    { to: '/workspace/opendata', label: 'od.nav.dashboard' },
    { to: '/workspace/reports', label: 'rep.periodic.nav' },
    { to: '/workspace/inventory', label: 'inv.nav', roles: ['specialist', 'leader'] },
  ],
  ioc: [
    { to: '/ioc', label: 'ioc.nav.dashboard', end: true },
    { to: '/ioc/map', label: 'ioc.nav.map' },
    { to: '/ioc/indicators', label: 'ioc.nav.indicators' },
    { to: '/ioc/inventory', label: 'inv.nav.province' },
  ],
  // An auditor enters the admin area for the audit trail alone.
  admin: [
    { to: '/admin', label: 'admin.nav.home', end: true, roles: ['admin'] },
    { to: '/admin/units', label: 'admin.nav.units', roles: ['admin'] },
    { to: '/admin/agencies', label: 'admin.nav.agencies', roles: ['admin'] },
    { to: '/admin/procedures', label: 'admin.nav.procedures', roles: ['admin'] },
    { to: '/admin/people', label: 'admin.nav.people', roles: ['admin'] },
    { to: '/admin/calendar', label: 'admin.nav.calendar', roles: ['admin'] },
    { to: '/admin/audit', label: 'admin.nav.audit', roles: ['admin', 'auditor'] },
    { to: '/admin/backups', label: 'admin.nav.backups', roles: ['admin'] },
    { to: '/admin/gateway', label: 'gw.nav.admin', roles: ['admin'] },
  ],
};

/** The items of an area this account is shown. */
export const navFor = (area: Area, account: Account | null | undefined) =>
  AREA_NAV[area].filter((i) => !i.roles || hasRole(account, i.roles));
