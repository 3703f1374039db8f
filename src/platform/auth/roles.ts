/** The roles of the platform; every role but citizen is held within a scope (agency or administrative unit). */
export const ROLES = ['citizen', 'officer', 'specialist', 'leader', 'clerk', 'admin', 'auditor', 'system'] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_NAMES: Record<Role, { vi: string; en: string }> = {
  citizen: { vi: 'Công dân, doanh nghiệp', en: 'Citizen or business' },
  officer: { vi: 'Cán bộ một cửa', en: 'One-stop officer' },
  specialist: { vi: 'Chuyên viên', en: 'Specialist' },
  leader: { vi: 'Lãnh đạo', en: 'Leader' },
  clerk: { vi: 'Văn thư', en: 'Clerk' },
  admin: { vi: 'Quản trị', en: 'Administrator' },
  // Reads and verifies the audit trail, changes nothing (thanh tra, kiểm tra an toàn thông tin).
  auditor: { vi: 'Kiểm tra, giám sát nhật ký', en: 'Auditor' },
  system: { vi: 'Hệ thống kết nối', en: 'Connected system' },
};

export const isScopedRole = (r: Role) => r !== 'citizen';
