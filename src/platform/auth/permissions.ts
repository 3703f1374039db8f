import type { Role } from './roles.js';

/**
 * Who may do what (bảng phân quyền). Each action lists the roles that may perform it; for every role
 * except citizen the grant's scope must also contain the target (see authorize.ts).
 * The table is tested both ways: each listed role may, each other role may not.
 */
export const PERMISSIONS = {
  // platform
  'audit.read': ['admin', 'leader'],
  'audit.verify': ['admin'],
  'calendar.manage': ['admin'],
  'files.upload': ['citizen', 'officer', 'specialist', 'leader', 'clerk', 'admin', 'system'],
  // any stored file, not only one's own uploads (staff handling the cases that refer to them)
  'files.read-any': ['officer', 'specialist', 'leader', 'clerk', 'admin', 'system'],
  'tokens.own': ['officer', 'specialist', 'leader', 'clerk', 'admin', 'system'],
  // directory
  'directory.read-private': ['officer', 'specialist', 'leader', 'clerk', 'admin', 'system'],
  'directory.unit.manage': ['admin'],
  'directory.agency.manage': ['admin'],
  'directory.person.manage': ['admin'],
  'directory.grant.manage': ['admin'],
  // workspace areas, used by the web shell to decide what to show
  'area.workspace': ['officer', 'specialist', 'leader', 'clerk'],
  'area.ioc': ['leader', 'admin'],
  'area.admin': ['admin'],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;

export const allowedRoles = (p: Permission): readonly Role[] => PERMISSIONS[p];
