/** The shipped report template: the quarterly report on administrative procedures (báo cáo tình hình giải quyết TTHC). */
import type { TemplateField } from '../reports/fields.js';

export const QUARTERLY_FIELDS: TemplateField[] = [
  {
    key: 'received',
    labelVi: 'Số hồ sơ tiếp nhận',
    labelEn: 'Dossiers received',
    type: 'number',
    required: true,
    check: 'received >= 0',
  },
  {
    key: 'resolved',
    labelVi: 'Số hồ sơ đã giải quyết',
    labelEn: 'Dossiers resolved',
    type: 'number',
    required: true,
    check: 'resolved <= received',
  },
  {
    key: 'on_time',
    labelVi: 'Trong đó: trước hạn và đúng hạn',
    labelEn: 'Of which on time',
    type: 'number',
    required: true,
    check: 'on_time <= resolved',
  },
  {
    key: 'late',
    labelVi: 'Trong đó: quá hạn',
    labelEn: 'Of which late',
    type: 'number',
    formula: 'resolved - on_time',
  },
  {
    key: 'on_time_rate',
    labelVi: 'Tỷ lệ đúng hạn (%)',
    labelEn: 'On-time rate (%)',
    type: 'percent',
    indicator: 'dossiers.on_time_rate',
  },
  {
    key: 'online_share',
    labelVi: 'Tỷ lệ hồ sơ trực tuyến (%)',
    labelEn: 'Online dossiers (%)',
    type: 'percent',
    indicator: 'dossiers.online_share',
  },
  {
    key: 'apologies',
    labelVi: 'Số văn bản xin lỗi đã gửi',
    labelEn: 'Apologies sent',
    type: 'number',
    check: 'apologies <= late',
  },
  {
    key: 'issues',
    labelVi: 'Vướng mắc theo lĩnh vực',
    labelEn: 'Difficulties by field',
    type: 'table',
    columns: [
      { key: 'area', labelVi: 'Lĩnh vực', labelEn: 'Field', type: 'text' },
      { key: 'count', labelVi: 'Số hồ sơ', labelEn: 'Dossiers', type: 'number' },
    ],
  },
  {
    key: 'issues_total',
    labelVi: 'Tổng số hồ sơ vướng mắc',
    labelEn: 'Dossiers with difficulties',
    type: 'number',
    formula: 'sum(issues.count)',
  },
  { key: 'notes', labelVi: 'Đề xuất, kiến nghị', labelEn: 'Proposals', type: 'text' },
];

export const QUARTERLY_TEMPLATE = {
  key: 'tthc-quarterly',
  nameVi: 'Báo cáo tình hình, kết quả giải quyết thủ tục hành chính (quý)',
  nameEn: 'Quarterly report on administrative procedures',
  periodKind: 'quarter' as const,
  deadlineDays: 10,
  remindDays: 3,
  fields: QUARTERLY_FIELDS,
};
