/**
 * An example criteria set built from the platform's own indicators (not a legal text): how well an
 * agency serves people and businesses, scored entirely from data. It shows a set whose every
 * criterion is computed, beside Huế's appendix 4, and is what moves when an agency's dossiers go late.
 */
import type { SeedSet } from './types.js';

export const SERVICE_INDEX: SeedSet = {
  key: 'platform-service-index',
  version: 1,
  nameVi: 'Chỉ số phục vụ người dân, doanh nghiệp (bộ mẫu của nền tảng, tính hoàn toàn từ dữ liệu)',
  nameEn: 'Service to people and businesses (the platform’s example set, computed entirely from data)',
  source: 'Tỉnh số (example)',
  target: { computedShare: 0.8, textVi: '80% tiêu chí được tính toán từ dữ liệu số' },
  nodes: [
    { code: 'I', printedCode: 'I', parent: null, kind: 'group', title: 'Chất lượng giải quyết thủ tục hành chính và phản ánh', ruleText: '', note: '', printedMax: 60, line: 0 },
    { code: '1', printedCode: '1', parent: 'I', kind: 'criterion', title: 'Tỷ lệ hồ sơ giải quyết đúng hạn', ruleText: 'Điểm = Tỷ lệ × Điểm tối đa', note: '', printedMax: 20, line: 0, rule: { kind: 'ratio' }, subject: 'agency', source: { kind: 'indicator', indicator: 'dossiers.on_time_rate' } },
    { code: '2', printedCode: '2', parent: 'I', kind: 'criterion', title: 'Tỷ lệ hồ sơ nộp trực tuyến', ruleText: 'Từ 60% trở lên: Điểm tối đa; dưới 60%: (tỷ lệ/60%) × Điểm tối đa', note: '', printedMax: 10, line: 0, rule: { kind: 'threshold', level: 0.6, below: 'proportional', input: 'ratio' }, subject: 'agency', source: { kind: 'indicator', indicator: 'dossiers.online_share' } },
    { code: '3', printedCode: '3', parent: 'I', kind: 'criterion', title: 'Mức độ hài lòng (SIPAS)', ruleText: 'Từ 80% trở lên: Điểm tối đa; dưới 80%: (tỷ lệ/80%) × Điểm tối đa', note: '', printedMax: 10, line: 0, rule: { kind: 'threshold', level: 0.8, below: 'proportional', input: 'ratio' }, subject: 'agency', source: { kind: 'indicator', indicator: 'dossiers.satisfaction' } },
    { code: '4', printedCode: '4', parent: 'I', kind: 'criterion', title: 'Tỷ lệ phản ánh hiện trường xử lý đúng hạn', ruleText: 'Điểm = Tỷ lệ × Điểm tối đa', note: '', printedMax: 10, line: 0, rule: { kind: 'ratio' }, subject: 'agency', source: { kind: 'indicator', indicator: 'feedback.on_time_rate' } },
    { code: '5', printedCode: '5', parent: 'I', kind: 'criterion', title: 'Tỷ lệ hồ sơ trễ hạn có văn bản xin lỗi', ruleText: 'Điểm = Tỷ lệ × Điểm tối đa', note: '', printedMax: 5, line: 0, rule: { kind: 'ratio' }, subject: 'agency', source: { kind: 'indicator', indicator: 'dossiers.late_apologized' } },
    { code: '6', printedCode: '6', parent: 'I', kind: 'criterion', title: 'Tỷ lệ văn bản đi ký số', ruleText: 'Điểm = Tỷ lệ × Điểm tối đa', note: '', printedMax: 5, line: 0, rule: { kind: 'ratio' }, subject: 'agency', source: { kind: 'indicator', indicator: 'documents.signed_digitally' } },
  ],
};
