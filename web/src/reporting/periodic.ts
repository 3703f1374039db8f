/** Periodic reports (báo cáo định kỳ) as the API answers them (src/reporting/routes/reports.ts), and what the pages derive. */
import type { MessageKey } from '../i18n/index.js';

export interface TableColumn {
  key: string;
  labelVi: string;
  labelEn: string;
  type: 'number' | 'text';
}
export interface ReportField {
  key: string;
  labelVi: string;
  labelEn: string;
  type: 'number' | 'percent' | 'text' | 'table';
  required?: boolean;
  formula?: string;
  check?: string;
  indicator?: string;
  columns?: TableColumn[];
}
export interface ReportTemplate {
  id: string;
  key: string;
  nameVi: string;
  nameEn: string;
  periodKind: string;
  fields: ReportField[];
  receiverAgencyId: string | null;
}
export type ReportStatus = 'draft' | 'submitted' | 'returned' | 'accepted';
export interface PeriodicReport {
  id: string;
  templateId: string;
  agencyId: string;
  periodKey: string;
  dueAt: string;
  status: ReportStatus;
  values: Record<string, unknown>;
  computedFields: string[];
  submittedAt: string | null;
  reason: string | null;
  late: boolean;
  agencyName?: string | null;
  templateNameVi?: string;
  templateNameEn?: string;
}
export interface ReportDetail extends PeriodicReport {
  template: ReportTemplate;
  actions: { action: string; reason: string | null; at: string }[];
}

/** A draft holding nothing but what the platform prefilled has not been started. */
export const shownStatus = (r: PeriodicReport): ReportStatus | 'not_started' =>
  r.status === 'draft' && Object.keys(r.values).every((k) => r.computedFields.includes(k)) ? 'not_started' : r.status;

export const statusKey = (s: ReportStatus | 'not_started') => `rep.periodic.status.${s}` as MessageKey;

/** The agency may still change it. */
export const editable = (r: PeriodicReport) => r.status === 'draft' || r.status === 'returned';

export const dateOf = (s: string | null, lang: 'vi' | 'en') =>
  s ? new Date(s).toLocaleDateString(lang === 'vi' ? 'vi-VN' : 'en-GB', { timeZone: 'Asia/Ho_Chi_Minh' }) : '—';
