import type { Role } from './roles.js';

/**
 * Who may do what (bảng phân quyền). Each action lists the roles that may perform it; for every role
 * except citizen the grant's scope must also contain the target (see authorize.ts).
 * The table is tested both ways: each listed role may, each other role may not.
 */
export const PERMISSIONS = {
  // platform
  // the audit trail: rows within the reader's scope (a province-level grant reads them all)
  'audit.read': ['admin', 'leader', 'auditor'],
  'audit.verify': ['admin', 'auditor'],
  // backups: the runs and "back up now" for the province's administrator; whether they are current for the IOC too
  'backups.manage': ['admin'],
  'backups.status': ['admin', 'leader', 'auditor'],
  'calendar.manage': ['admin'],
  'files.upload': ['citizen', 'officer', 'specialist', 'leader', 'clerk', 'admin', 'system'],
  'tokens.own': ['officer', 'specialist', 'leader', 'clerk', 'admin', 'system'],
  // directory
  'directory.read-private': ['officer', 'specialist', 'leader', 'clerk', 'admin', 'system'],
  'directory.unit.manage': ['admin'],
  'directory.agency.manage': ['admin'],
  'directory.person.manage': ['admin'],
  'directory.grant.manage': ['admin'],
  // procedure catalog (thủ tục hành chính) and its workflows
  'procedures.manage': ['admin'],
  // feedback (phản ánh hiện trường): handling is scoped to the report's agency
  'feedback.handle': ['officer', 'specialist', 'leader', 'clerk', 'admin'],
  // filing a report for a citizen who called or came to the counter
  'feedback.intake': ['officer', 'specialist', 'leader', 'clerk', 'admin'],
  // the reporter's contact details on a report (never public)
  'feedback.read-private': ['officer', 'specialist', 'leader', 'clerk', 'admin'],
  'feedback.stats': ['specialist', 'leader', 'admin'],
  // categories, routing rules and settings
  'feedback.manage': ['admin'],
  // posting through Open311 with an API token (a connected app)
  'feedback.open311-post': ['system', 'officer', 'specialist', 'leader', 'clerk', 'admin'],
  // dossiers (hồ sơ): citizens submit; staff act within the agencies their grants cover
  'dossiers.submit': ['citizen'],
  'dossiers.read': ['officer', 'specialist', 'leader', 'clerk', 'admin'],
  'dossiers.receive': ['officer'],
  'dossiers.assign': ['officer', 'leader'],
  'dossiers.process': ['specialist', 'leader', 'officer', 'clerk'],
  'dossiers.request-supplement': ['officer', 'specialist', 'leader'],
  'dossiers.refuse': ['officer', 'specialist', 'leader'],
  'dossiers.approve': ['leader'],
  'dossiers.result': ['officer', 'specialist', 'leader', 'clerk'],
  'dossiers.suspend': ['leader'],
  'dossiers.apologize': ['officer', 'specialist', 'leader'],
  'dossiers.stats': ['leader', 'admin', 'officer'],
  // fee payments: an officer confirms a bank transfer seen on the statement
  'payments.confirm': ['officer'],
  // open data (dữ liệu mở): an agency's staff keep its datasets; its leader approves publishing them
  'opendata.manage': ['officer', 'specialist', 'leader', 'clerk', 'admin', 'system'],
  'opendata.publish': ['leader', 'admin'],
  // the citizens' repository (kho dữ liệu): an officer of the desk checks a digitised paper named in a dossier
  'repository.verify': ['officer'],
  // questions on procedures (hỏi đáp): answered and published by the competent agency's staff
  'questions.answer': ['officer', 'specialist', 'leader'],
  // official documents (văn bản): registers, handling, drafting, signing, issuing, exchange — within the agency's scope
  'documents.read': ['specialist', 'leader', 'clerk', 'admin'],
  // vào sổ văn bản đến: the clerk (văn thư) registers what arrives
  'documents.register': ['clerk'],
  // phân công xử lý: a leader gives an incoming document to handlers
  'documents.assign': ['leader'],
  'documents.handle': ['specialist', 'leader', 'clerk'],
  'documents.draft': ['specialist', 'leader', 'clerk'],
  // the unit head (trưởng phòng) is a leader whose grant covers the drafting unit
  'documents.review': ['leader'],
  'documents.approve': ['leader'],
  'documents.sign': ['leader'],
  // cấp số, đóng dấu, phát hành, gửi: the clerk's
  'documents.issue': ['clerk'],
  'documents.send': ['clerk'],
  'documents.receive': ['clerk'],
  // registers, reserved numbers (lấy số trước), agency abbreviations, work records' hand-over to the archive
  'documents.registers.manage': ['clerk', 'admin'],
  'documents.work-records': ['specialist', 'leader', 'clerk'],
  'documents.stats': ['leader', 'clerk', 'admin'],
  // document types (appendix III list) and other settings of the whole province
  'documents.manage': ['admin'],
  // the integration platform (LGSP): the registry (members, services) by the province's or the agency's administrator;
  // a member system's staff run its consumers and ask for access; the provider's leader decides; monitoring
  'gateway.manage': ['admin'],
  'gateway.consume': ['officer', 'specialist', 'leader', 'clerk', 'admin', 'system'],
  'gateway.approve': ['leader', 'admin'],
  'gateway.monitor': ['leader', 'admin', 'auditor'],
  // IT inventory (hạ tầng và hệ thống thông tin): the agency's IT staff keep it, its leader and auditors read it
  'inventory.view': ['specialist', 'leader', 'admin', 'auditor', 'system'],
  'inventory.manage': ['specialist', 'leader', 'admin'],
  // imports from GLPI, Wazuh and spreadsheets; a connected tool may push a spreadsheet with an API token
  'inventory.import': ['specialist', 'admin', 'system'],
  // reporting (báo cáo, chỉ tiêu, bộ tiêu chí) and the operations centre: figures read by staff and auditors
  'reporting.read': ['officer', 'specialist', 'leader', 'clerk', 'admin', 'auditor'],
  // an agency fills and submits its periodic reports, enters indicator values and criterion answers with evidence
  'reporting.report': ['officer', 'specialist', 'leader', 'clerk'],
  // the receiving agency accepts or returns a report
  'reporting.review': ['specialist', 'leader'],
  // only the department owning an indicator (or reviewing a criterion) approves what agencies entered
  'reporting.approve': ['leader'],
  // templates, criteria sets, indicator definitions and plans of the whole province
  'reporting.manage': ['admin'],
  // recompute the open periods now (the job does it every minute)
  'reporting.refresh': ['leader', 'admin', 'system'],
  // workspace areas, used by the web shell to decide what to show
  'area.workspace': ['officer', 'specialist', 'leader', 'clerk'],
  'area.ioc': ['leader', 'admin'],
  'area.admin': ['admin'],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;

export const allowedRoles = (p: Permission): readonly Role[] => PERMISSIONS[p];
