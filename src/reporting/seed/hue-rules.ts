/**
 * How each criterion of Huế's appendix 4 is scored and where its value comes from, read from its
 * printed rule (cách tính điểm). The two commonest printed rules are recognised from their wording
 * (see build-hue.ts: "Điểm = Tỷ lệ * Điểm tối đa" is a ratio; "…: Điểm tối đa / …: 0 điểm" is yes/no);
 * every other rule is written here by hand, next to the words it encodes.
 */
import type { Rule } from '../criteria/rules.js';

/** Rules the wording does not give mechanically, by criterion code. */
export const HUE_RULES: Record<string, Rule> = {
  // "Tham gia mỗi hội thảo, hội nghị được 01 điểm, tối đa 05 điểm"
  '1.1.1': { kind: 'per_item', points: 1, cap: 5 },
  // "Mỗi tài liệu được 1 điểm, tối đa 5 điểm"
  '1.1.2': { kind: 'per_item', points: 1, cap: 5 },
  // Thủ trưởng: tối đa; cấp phó: 1/3; không phải lãnh đạo: 0
  '1.2.1': { kind: 'tier', head: 1, deputy: 1 / 3, other: 0 },
  // Chủ tịch chủ trì: 1 điểm/cuộc, tối đa 3; Phó Chủ tịch: 1/3 điểm/cuộc, tối đa 1
  '1.2.2': {
    kind: 'sum',
    parts: [
      { key: 'chair', labelVi: 'Cuộc họp do Chủ tịch UBND tỉnh chủ trì', points: 1, cap: 3 },
      { key: 'viceChair', labelVi: 'Cuộc họp do Phó Chủ tịch UBND tỉnh chủ trì', points: 1 / 3, cap: 1 },
    ],
  },
  '1.2.3.1': {
    kind: 'choice',
    options: [
      { key: 'deployed', labelVi: 'Có chương trình, kế hoạch đào tạo và đã triển khai', fraction: 1 },
      { key: 'planned', labelVi: 'Có chương trình, kế hoạch đào tạo nhưng chưa triển khai', fraction: 1 / 2 },
      { key: 'none', labelVi: 'Không có', fraction: 0 },
    ],
  },
  '1.2.4': {
    kind: 'sum',
    parts: [
      { key: 'head', labelVi: 'Văn bản do Thủ trưởng đơn vị trực tiếp ký', points: 1, cap: 3 },
      { key: 'deputy', labelVi: 'Văn bản do cấp phó trực tiếp ký', points: 1 / 3, cap: 1 },
    ],
  },
  '1.3.1': {
    kind: 'choice',
    options: [
      { key: 'dedicated', labelVi: 'Có Nghị quyết chuyên đề về chuyển đổi số', fraction: 1 },
      { key: 'mentions', labelVi: 'Có Nghị quyết trong đó đề cập nội dung về chuyển đổi số', fraction: 1 / 3 },
      { key: 'none', labelVi: 'Không có Nghị quyết', fraction: 0 },
    ],
  },
  '1.3.2': {
    kind: 'choice',
    options: [
      { key: 'dedicated', labelVi: 'Có chỉ thị, văn bản chủ trương chuyên đề', fraction: 1 },
      { key: 'mentions', labelVi: 'Có chỉ thị, văn bản chủ trương có đề cập nội dung chuyển đổi số', fraction: 1 / 3 },
      { key: 'none', labelVi: 'Không có', fraction: 0 },
    ],
  },
  // Kiến trúc duy trì và cập nhật: tối đa; otherwise the share of systems that comply × maximum
  '2.2.1': {
    kind: 'formula',
    expr: 'if(maintained >= 1, max, compliant * max)',
    inputs: [
      { key: 'maintained', labelVi: 'Kiến trúc được triển khai, duy trì và cập nhật (1 = có, 0 = không)' },
      { key: 'compliant', labelVi: 'Tỷ lệ HTTT tuân thủ Kiến trúc (0–1)' },
    ],
  },
  // Đã ban hành: tỷ lệ × tối đa (the ratio is 0 when nothing is issued)
  '2.3.2': { kind: 'ratio' },
  '2.3.4': { kind: 'ratio' },
  // 0,5 điểm/lĩnh vực ưu tiên, 0,25 điểm/lĩnh vực khác (tối đa 02 điểm cho lĩnh vực khác); tối đa 6
  '2.3.8': {
    kind: 'sum',
    parts: [
      { key: 'priority', labelVi: 'Lĩnh vực ưu tiên có chính sách', points: 0.5, cap: null },
      { key: 'other', labelVi: 'Lĩnh vực khác có chính sách', points: 0.25, cap: 2 },
    ],
  },
  '2.3.9': { kind: 'per_item', points: 0.25, cap: 1 },
  // Có đơn vị chuyên trách: tối đa; nhân sự chuyên trách: 1/2 điểm mỗi người, tối đa 1
  '2.4.3': {
    kind: 'formula',
    expr: 'if(unit >= 1, max, min(1, staff * 0.5))',
    inputs: [
      { key: 'unit', labelVi: 'Có đơn vị chuyên trách (1 = có, 0 = không)' },
      { key: 'staff', labelVi: 'Số nhân sự chuyên trách' },
    ],
  },
  '2.4.4': { kind: 'ratio' },
  // ≥ 1%: tối đa; < 1%: (tỷ lệ/1%) × tối đa
  '2.5.1': { kind: 'threshold', level: 0.01, below: 'proportional', input: 'ratio' },
  '2.5.2': { kind: 'threshold', level: 0.1, below: 'proportional', input: 'ratio' },
  '2.5.3': { kind: 'ratio' },
  // (b/a) × tối đa × 1/2 + (c/a) × tối đa: b sent as electronic documents, c sent wholly electronically
  '5.2.1': {
    kind: 'formula',
    expr: 'b / a * max * 1/2 + c / a * max',
    inputs: [
      { key: 'a', labelVi: 'Văn bản đi được trao đổi (trừ văn bản mật)' },
      { key: 'b', labelVi: 'Văn bản đi gửi dưới dạng điện tử' },
      { key: 'c', labelVi: 'Văn bản đi gửi hoàn toàn dưới dạng điện tử' },
    ],
  },
  '5.2.2': {
    kind: 'formula',
    expr: 'b / a * max * 1/2 + c / a * max',
    inputs: [
      { key: 'a', labelVi: 'Văn bản đi được trao đổi (trừ văn bản mật)' },
      { key: 'b', labelVi: 'Văn bản đi gửi dưới dạng điện tử' },
      { key: 'c', labelVi: 'Văn bản đi gửi hoàn toàn dưới dạng điện tử' },
    ],
  },
  '5.2.3': {
    kind: 'formula',
    expr: 'b / a * max * 1/2 + c / a * max',
    inputs: [
      { key: 'a', labelVi: 'Văn bản đi được trao đổi (trừ văn bản mật)' },
      { key: 'b', labelVi: 'Văn bản đi gửi dưới dạng điện tử' },
      { key: 'c', labelVi: 'Văn bản đi gửi hoàn toàn dưới dạng điện tử' },
    ],
  },
  '5.7.1': { kind: 'threshold', level: 0.5, below: 'proportional', input: 'ratio' },
  // Level-4 share ≥ 80%: tối đa; otherwise b/a × (tối đa/2) + c/a × tối đa
  '5.8.1': {
    kind: 'formula',
    expr: 'if(c / a >= 80%, max, b / a * (max / 2) + c / a * max)',
    inputs: [
      { key: 'a', labelVi: 'Tổng số dịch vụ công của tỉnh' },
      { key: 'b', labelVi: 'Số DVCTT mức độ 3' },
      { key: 'c', labelVi: 'Số DVCTT mức độ 4' },
    ],
  },
  '5.8.2': { kind: 'scored_with', code: '5.8.1' },
  // x = (b+d)/(a+c); ≥ 70%: tối đa; < 70%: (x/70%) × tối đa
  '5.9.1': {
    kind: 'formula',
    expr: 'if((b + d) / (a + c) >= 70%, max, (b + d) / (a + c) / 70% * max)',
    inputs: [
      { key: 'a', labelVi: 'DVCTT mức độ 3 đang cung cấp' },
      { key: 'b', labelVi: 'DVCTT mức độ 3 có phát sinh HSTT' },
      { key: 'c', labelVi: 'DVCTT mức độ 4 đang cung cấp' },
      { key: 'd', labelVi: 'DVCTT mức độ 4 có phát sinh HSTT' },
    ],
  },
  '5.9.2': { kind: 'scored_with', code: '5.9.1' },
  '5.10.1': { kind: 'threshold', level: 0.6, below: 'proportional', input: 'ratio' },
  '5.10.2': { kind: 'threshold', level: 0.6, below: 'proportional', input: 'ratio' },
  '5.10.3': { kind: 'threshold', level: 0.6, below: 'proportional', input: 'ratio' },
  '5.11.1': { kind: 'threshold', level: 0.8, below: 'proportional', input: 'ratio' },
  '5.12.1': { kind: 'threshold', level: 0.5, below: 'proportional', input: 'ratio' },
  '5.12.2': { kind: 'threshold', level: 0.05, below: 'zero', input: 'ratio' },
  '5.12.3': { kind: 'threshold', level: 0.2, below: 'zero', input: 'ratio' },
  // Đầy đủ: tối đa; không đầy đủ: theo tỷ lệ
  '5.13.1': { kind: 'ratio' },
  '5.13.2': { kind: 'ratio' },
  // r4 × tối đa + r3 × 50% × tối đa + r2 × 30% × tối đa + r1 × 10% × tối đa
  '6.1.1': {
    kind: 'formula',
    expr: 'r4 * max + r3 * 50% * max + r2 * 30% * max + r1 * 10% * max',
    inputs: [
      { key: 'r4', labelVi: 'Tỷ lệ HTTT bảo vệ 4 lớp' },
      { key: 'r3', labelVi: 'Tỷ lệ HTTT bảo vệ 3 lớp' },
      { key: 'r2', labelVi: 'Tỷ lệ HTTT bảo vệ 2 lớp' },
      { key: 'r1', labelVi: 'Tỷ lệ HTTT bảo vệ 1 lớp' },
    ],
  },
  '7.1.1': { kind: 'threshold', level: 0.1, below: 'proportional', input: 'ratio' },
  '7.1.2': { kind: 'threshold', level: 0.8, below: 'proportional', input: 'ratio' },
  '7.1.3': { kind: 'threshold', level: 0.05, below: 'proportional', input: 'ratio' },
  // ≥ 3 lượt: tối đa; < 3: số lượt × tối đa / 3
  '7.2.2': { kind: 'threshold', level: 3, below: 'proportional', input: 'count' },
  // ≥ 2 lượt: tối đa; < 2: số lượt × tối đa (as printed: one course already reaches the maximum)
  '7.2.3': {
    kind: 'formula',
    expr: 'if(n >= 2, max, n * max)',
    inputs: [{ key: 'n', labelVi: 'Số lượt đào tạo ở nước ngoài' }],
  },
  // Printed "Tỷ lệ 30%: tối đa / Tỷ lệ 30%: (tỷ lệ/30%) × tối đa": the ≥ and < signs were lost in the source.
  '7.2.5': { kind: 'threshold', level: 0.3, below: 'proportional', input: 'ratio' },
};

/**
 * Criteria computed from the platform's data: the indicator whose ratio (numerator a / denominator b)
 * is the criterion's input, or, for a formula, the indicator behind each input. Everything else is an
 * agency's answer with evidence, reviewed by the owning department (Sở Thông tin và Truyền thông).
 */
export const HUE_SOURCES: Record<string, string | Record<string, string>> = {
  '3.1.1': 'inventory.desktop_share',
  '3.1.2': 'inventory.desktop_share',
  '3.1.3': 'inventory.desktop_share',
  '3.2.1': 'inventory.laptop_share',
  '3.2.2': 'inventory.laptop_share',
  '3.2.3': 'inventory.laptop_share',
  '3.3.1.1': 'inventory.lan_share',
  '3.3.1.2': 'inventory.lan_share',
  '3.3.1.3': 'inventory.lan_share',
  '3.3.2.1': 'inventory.internet_computers',
  '3.3.3.1': 'inventory.wan_share',
  '3.3.4.1': 'inventory.dedicated_network_share',
  '3.3.4.2': 'inventory.dedicated_network_share',
  '3.3.4.3': 'inventory.dedicated_network_share',
  '3.4.2': 'inventory.ipv6_systems',
  '4.1.2': 'inventory.sector_databases',
  '5.2.1': { a: 'documents.outgoing_issued', b: 'documents.sent_electronically', c: 'documents.paperless' },
  '5.2.2': { a: 'documents.outgoing_issued', b: 'documents.sent_electronically', c: 'documents.paperless' },
  '5.2.3': { a: 'documents.outgoing_issued', b: 'documents.sent_electronically', c: 'documents.paperless' },
  '5.4.1': 'inventory.hr_app_share',
  '5.4.2': 'inventory.finance_app_share',
  '5.4.3': 'inventory.emulation_app_share',
  '5.4.4': 'inventory.asset_app_share',
  '5.5.2': 'reports.submitted_on_system',
  '5.10.1': 'dossiers.online_share',
  '5.10.2': 'dossiers.online_share',
  '5.10.3': 'dossiers.online_share',
  '5.11.1': 'dossiers.satisfaction',
  '6.2.1': 'inventory.systems_level_approved',
  '6.3.1': 'inventory.antimalware_endpoints',
  '6.3.2': 'inventory.agencies_full_antimalware',
  '6.3.3': 'inventory.malware_sharing',
};
