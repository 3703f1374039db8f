/**
 * The indicators shipped with the platform: those the seed plans name (Huế 222/KH-UBND, Lạng Sơn
 * 198/KH-UBND, Bình Định 59/KH-UBND, Vĩnh Phúc 302/KH-UBND, Quảng Bình's đề án) and those the Huế
 * criteria read from the inventory. Each is computed from a module's published view, or entered by
 * agencies with evidence. Definitions over a view that does not exist yet still ship: their values
 * are "source not available" until it does.
 */
import type { IndicatorDefinition, ViewPart } from './types.js';

const ALL_PERIODS: IndicatorDefinition['periodKinds'] = ['month', 'quarter', 'half', 'year'];
const YEAR: IndicatorDefinition['periodKinds'] = ['year'];
const AGENCY = ['province', 'agency'] as IndicatorDefinition['scopeKinds'];
const AGENCY_UNIT = ['province', 'agency', 'unit'] as IndicatorDefinition['scopeKinds'];

const dossiers = (a: ViewPart['a'], b: ViewPart['b'], time = 'received_at'): ViewPart => ({
  view: 'procedures_dossier_stats',
  time,
  agency: 'agency_id',
  unit: 'agency_unit_id',
  a,
  b,
});
const feedback = (a: ViewPart['a'], b: ViewPart['b'], time = 'created_at'): ViewPart => ({
  view: 'feedback_report_facts',
  time,
  agency: 'agency_id',
  unit: 'unit_id',
  a,
  b,
});
const documents = (a: ViewPart['a'], b: ViewPart['b'], time = 'issued_at'): ViewPart => ({
  view: 'documents_stats',
  time,
  agency: 'agency_id',
  level: 'agency_level',
  a,
  b,
});
const inventory = (a: ViewPart['a'], b: ViewPart['b']): ViewPart => ({
  view: 'inventory_agency_facts',
  time: null,
  agency: 'agency_id',
  level: 'agency_level',
  a,
  b,
});
const sum = (column: string) => ({ agg: 'sum' as const, column });
const countWhere = (...filter: NonNullable<ViewPart['a']['filter']>) => ({ agg: 'count' as const, filter });
const COUNT = { agg: 'count' as const };
const outgoingIssued = [
  { column: 'direction', op: 'eq' as const, value: 'outgoing' },
  { column: 'issued_at', op: 'not_null' as const },
];

const computed = (
  key: string,
  nameVi: string,
  nameEn: string,
  numeratorVi: string,
  denominatorVi: string | null,
  parts: ViewPart[],
  opts: Partial<IndicatorDefinition> = {},
): IndicatorDefinition => ({
  key,
  version: 1,
  nameVi,
  nameEn,
  unit: denominatorVi ? '%' : 'count',
  direction: 'up',
  numeratorVi,
  denominatorVi,
  periodKinds: ALL_PERIODS,
  scopeKinds: AGENCY,
  source: { kind: 'view', parts },
  ...opts,
});
const entered = (
  key: string,
  nameVi: string,
  nameEn: string,
  numeratorVi: string,
  denominatorVi: string | null,
): IndicatorDefinition => ({
  key,
  version: 1,
  nameVi,
  nameEn,
  unit: denominatorVi ? '%' : 'count',
  direction: 'up',
  numeratorVi,
  denominatorVi,
  periodKinds: ['quarter', 'half', 'year'],
  scopeKinds: AGENCY,
  source: { kind: 'entered' },
  ownerAgencyCode: 'STTTT',
});
const facts = (
  key: string,
  nameVi: string,
  nameEn: string,
  a: ViewPart['a'],
  b: ViewPart['b'],
  numeratorVi: string,
  denominatorVi: string,
) => computed(key, nameVi, nameEn, numeratorVi, denominatorVi, [inventory(a, b)], { periodKinds: YEAR });

export const INDICATORS: IndicatorDefinition[] = [
  // One-stop shop (một cửa) — procedures_dossier_stats
  computed(
    'dossiers.online_share',
    'Tỷ lệ hồ sơ nộp trực tuyến',
    'Dossiers submitted online',
    'Số hồ sơ nộp trực tuyến',
    'Tổng số hồ sơ tiếp nhận',
    [dossiers(countWhere({ column: 'channel', op: 'eq', value: 'online' }), COUNT)],
    { scopeKinds: AGENCY_UNIT },
  ),
  computed(
    'dossiers.fully_online_share',
    'Tỷ lệ hồ sơ xử lý trực tuyến toàn trình',
    'Dossiers processed fully online',
    'Số hồ sơ xử lý trực tuyến toàn trình',
    'Tổng số hồ sơ tiếp nhận',
    [dossiers(countWhere({ column: 'fully_online', op: 'true' }), COUNT)],
    { scopeKinds: AGENCY_UNIT },
  ),
  computed(
    'dossiers.on_time_rate',
    'Tỷ lệ hồ sơ giải quyết đúng hạn',
    'Dossiers resolved on time',
    'Số hồ sơ giải quyết trước hạn và đúng hạn',
    'Số hồ sơ đã giải quyết',
    [
      dossiers(
        countWhere({ column: 'outcome', op: 'in', value: ['early', 'on_time'] }),
        countWhere({ column: 'outcome', op: 'not_null' }),
        'completed_at',
      ),
    ],
    { scopeKinds: AGENCY_UNIT },
  ),
  computed(
    'dossiers.late_apologized',
    'Tỷ lệ hồ sơ trễ hạn có văn bản xin lỗi',
    'Late dossiers with an apology',
    'Số hồ sơ trễ hạn có thư xin lỗi',
    'Số hồ sơ trễ hạn',
    [
      dossiers(
        countWhere({ column: 'outcome', op: 'eq', value: 'late' }, { column: 'apologized', op: 'true' }),
        countWhere({ column: 'outcome', op: 'eq', value: 'late' }),
        'completed_at',
      ),
    ],
  ),
  computed(
    'dossiers.pending_late',
    'Hồ sơ đang xử lý quá hạn',
    'Pending dossiers past their due date',
    'Số hồ sơ đang xử lý đã quá hạn',
    null,
    [dossiers(countWhere({ column: 'pending_late', op: 'true' }), undefined)],
    { direction: 'down', periodKinds: ['month'], scopeKinds: AGENCY_UNIT },
  ),
  computed(
    'dossiers.due_soon',
    'Hồ sơ sắp đến hạn (48 giờ)',
    'Dossiers due within 48 hours',
    'Số hồ sơ đang xử lý đến hạn trong 48 giờ tới',
    null,
    [
      {
        ...dossiers(
          countWhere({ column: 'pending', op: 'true' }, { column: 'due_at', op: 'within_hours', value: 48 }),
          undefined,
        ),
        time: null,
      },
    ],
    { direction: 'down', periodKinds: ['month'] },
  ),
  // Satisfaction as the Ministry of Home Affairs' SIPAS asks: ratings after each dossier plus the periodic survey's answers.
  computed(
    'dossiers.satisfaction',
    'Mức độ hài lòng về giải quyết TTHC (SIPAS)',
    'Satisfaction with administrative services (SIPAS)',
    'Số đánh giá và phiếu khảo sát hài lòng trở lên',
    'Tổng số đánh giá và phiếu khảo sát',
    [
      dossiers(
        countWhere({ column: 'rating', op: 'gte', value: 4 }),
        countWhere({ column: 'rating', op: 'not_null' }),
        'completed_at',
      ),
      {
        view: 'reporting_survey_responses',
        time: 'created_at',
        agency: 'agency_id',
        a: countWhere({ column: 'satisfied', op: 'true' }),
        b: COUNT,
      },
    ],
  ),
  // Field reports (phản ánh hiện trường) — feedback_report_facts
  computed(
    'feedback.on_time_rate',
    'Tỷ lệ phản ánh hiện trường xử lý đúng hạn',
    'Field reports resolved on time',
    'Số phản ánh xử lý đúng hạn',
    'Số phản ánh đã xử lý',
    [
      feedback(
        countWhere({ column: 'resolved_on_time', op: 'true' }),
        { agg: 'count', filter: [{ column: 'status', op: 'eq', value: 'resolved' }] },
        'resolved_at',
      ),
    ],
    { scopeKinds: AGENCY_UNIT },
  ),
  computed(
    'feedback.satisfaction',
    'Mức độ hài lòng về xử lý phản ánh',
    'Satisfaction with field report handling',
    'Số đánh giá hài lòng trở lên (4–5)',
    'Số đánh giá',
    [
      feedback(
        countWhere({ column: 'rating', op: 'gte', value: 4 }),
        countWhere({ column: 'rating', op: 'not_null' }),
        'resolved_at',
      ),
    ],
  ),
  computed(
    'feedback.overdue_open',
    'Phản ánh quá hạn chưa xử lý',
    'Open field reports past due',
    'Số phản ánh đang mở đã quá hạn',
    null,
    [
      {
        ...feedback(countWhere({ column: 'is_open', op: 'true' }, { column: 'due_at', op: 'before_now' }), undefined),
        time: null,
      },
    ],
    { direction: 'down', periodKinds: ['month'], scopeKinds: AGENCY_UNIT },
  ),
  // Documents (văn bản) — documents_stats, documents_work_record_stats
  computed(
    'documents.outgoing_issued',
    'Văn bản đi đã ban hành',
    'Outgoing documents issued',
    'Số văn bản đi đã ban hành',
    null,
    [documents(countWhere(...outgoingIssued), undefined)],
  ),
  computed(
    'documents.signed_digitally',
    'Tỷ lệ văn bản đi ký số',
    'Outgoing documents signed digitally',
    'Số văn bản đi có chữ ký số hợp lệ',
    'Số văn bản đi đã ban hành',
    [
      documents(
        countWhere(...outgoingIssued, { column: 'signed_digitally', op: 'true' }),
        countWhere(...outgoingIssued),
      ),
    ],
  ),
  computed(
    'documents.sent_electronically',
    'Tỷ lệ văn bản đi gửi dưới dạng điện tử',
    'Outgoing documents sent electronically',
    'Số văn bản đi gửi qua trục liên thông',
    'Số văn bản đi đã ban hành',
    [
      documents(
        countWhere(...outgoingIssued, { column: 'sent_electronically', op: 'true' }),
        countWhere(...outgoingIssued),
      ),
    ],
  ),
  computed(
    'documents.paperless',
    'Tỷ lệ văn bản đi gửi hoàn toàn điện tử (không kèm bản giấy)',
    'Outgoing documents sent electronically without paper',
    'Số văn bản đi gửi điện tử, không gửi bản giấy',
    'Số văn bản đi đã ban hành',
    [
      documents(
        countWhere(
          ...outgoingIssued,
          { column: 'sent_electronically', op: 'true' },
          { column: 'sent_with_paper', op: 'false' },
        ),
        countWhere(...outgoingIssued),
      ),
    ],
  ),
  computed(
    'documents.pending_late',
    'Văn bản đến quá hạn xử lý',
    'Incoming documents past their deadline',
    'Số văn bản đến đang xử lý đã quá hạn',
    null,
    [{ ...documents(countWhere({ column: 'pending_late', op: 'true' }), undefined), time: null }],
    { direction: 'down', periodKinds: ['month'] },
  ),
  computed(
    'documents.work_records_online',
    'Tỷ lệ hồ sơ công việc xử lý trên môi trường mạng',
    'Work records handled online',
    'Số hồ sơ công việc xử lý trên môi trường mạng',
    'Tổng số hồ sơ công việc',
    [
      {
        view: 'documents_work_record_stats',
        time: 'opened_at',
        agency: 'agency_id',
        level: 'agency_level',
        a: countWhere({ column: 'handled_online', op: 'true' }),
        b: COUNT,
      },
    ],
  ),
  // Periodic reports (chế độ báo cáo) — this module's own reports
  computed(
    'reports.submitted_on_system',
    'Tỷ lệ báo cáo định kỳ gửi trên hệ thống',
    'Periodic reports submitted on the system',
    'Số báo cáo đã gửi trên hệ thống',
    'Số báo cáo phải gửi',
    [
      {
        view: 'reporting_reports',
        time: 'due_at',
        agency: 'agency_id',
        a: countWhere({ column: 'status', op: 'in', value: ['submitted', 'accepted'] }),
        b: COUNT,
      },
    ],
  ),
  // Infrastructure and security — inventory_agency_facts (CONTRACTS.md §3)
  facts(
    'inventory.desktop_share',
    'Tỷ lệ CBCC được trang bị máy tính để bàn',
    'Staff with a desktop computer',
    sum('staff_with_desktop'),
    sum('staff_count'),
    'Số CBCC có máy tính để bàn',
    'Số CBCC',
  ),
  facts(
    'inventory.laptop_share',
    'Tỷ lệ CBCC được trang bị máy tính xách tay/máy tính bảng',
    'Staff with a laptop or tablet',
    sum('staff_with_laptop_or_tablet'),
    sum('staff_count'),
    'Số CBCC có máy tính xách tay/máy tính bảng',
    'Số CBCC',
  ),
  facts(
    'inventory.lan_share',
    'Tỷ lệ CQNN có mạng LAN',
    'Agencies with a LAN',
    countWhere({ column: 'has_lan', op: 'true' }),
    COUNT,
    'Số CQNN có mạng LAN',
    'Số CQNN',
  ),
  facts(
    'inventory.internet_computers',
    'Tỷ lệ máy tính kết nối Internet',
    'Computers connected to the Internet',
    sum('computers_internet'),
    sum('computers_total'),
    'Số máy tính kết nối Internet',
    'Số máy tính',
  ),
  facts(
    'inventory.wan_share',
    'Tỷ lệ CQNN kết nối mạng diện rộng (WAN)',
    'Agencies on the provincial WAN',
    countWhere({ column: 'on_wan', op: 'true' }),
    COUNT,
    'Số CQNN kết nối WAN',
    'Số CQNN',
  ),
  facts(
    'inventory.dedicated_network_share',
    'Tỷ lệ CQNN kết nối Mạng TSLCD cấp II',
    'Agencies on the dedicated network (level II)',
    countWhere({ column: 'on_dedicated_network', op: 'true' }),
    COUNT,
    'Số CQNN kết nối Mạng TSLCD',
    'Số CQNN',
  ),
  facts(
    'inventory.ipv6_systems',
    'Tỷ lệ HTTT đã chuyển đổi sang IPv6',
    'Information systems on IPv6',
    sum('systems_ipv6'),
    sum('systems_total'),
    'Số HTTT đã chuyển sang IPv6',
    'Số HTTT',
  ),
  facts(
    'inventory.sector_databases',
    'Tỷ lệ cơ quan đã xây dựng CSDL chuyên ngành',
    'Agencies with a sector database',
    countWhere({ column: 'sector_databases', op: 'gte', value: 1 }),
    COUNT,
    'Số cơ quan có CSDL chuyên ngành đã xây dựng',
    'Số cơ quan',
  ),
  facts(
    'inventory.hr_app_share',
    'Tỷ lệ CQNN triển khai ứng dụng Quản lý nhân sự',
    'Agencies using the HR application',
    countWhere({ column: 'has_hr_app', op: 'true' }),
    COUNT,
    'Số CQNN đã triển khai',
    'Số CQNN',
  ),
  facts(
    'inventory.finance_app_share',
    'Tỷ lệ CQNN triển khai ứng dụng Tài chính – Kế toán',
    'Agencies using the finance application',
    countWhere({ column: 'has_finance_app', op: 'true' }),
    COUNT,
    'Số CQNN đã triển khai',
    'Số CQNN',
  ),
  facts(
    'inventory.emulation_app_share',
    'Tỷ lệ CQNN triển khai ứng dụng Thi đua khen thưởng',
    'Agencies using the emulation and rewards application',
    countWhere({ column: 'has_emulation_app', op: 'true' }),
    COUNT,
    'Số CQNN đã triển khai',
    'Số CQNN',
  ),
  facts(
    'inventory.asset_app_share',
    'Tỷ lệ CQNN triển khai ứng dụng Quản lý tài sản',
    'Agencies using the asset application',
    countWhere({ column: 'has_asset_app', op: 'true' }),
    COUNT,
    'Số CQNN đã triển khai',
    'Số CQNN',
  ),
  facts(
    'inventory.systems_level_approved',
    'Tỷ lệ HTTT được phê duyệt cấp độ',
    'Information systems with an approved security level',
    sum('systems_level_approved'),
    sum('systems_total'),
    'Số HTTT được phê duyệt cấp độ',
    'Số HTTT',
  ),
  facts(
    'inventory.antimalware_endpoints',
    'Tỷ lệ máy chủ, máy trạm có phần mềm phòng chống mã độc',
    'Endpoints with anti-malware',
    sum('endpoints_antimalware'),
    sum('endpoints_total'),
    'Số máy có phần mềm phòng chống mã độc',
    'Số máy chủ và máy trạm',
  ),
  facts(
    'inventory.agencies_full_antimalware',
    'Tỷ lệ CQNN có 100% máy trạm cài phần mềm phòng chống mã độc',
    'Agencies with anti-malware on every endpoint',
    countWhere(
      { column: 'endpoints_antimalware', op: 'gte_column', value: 'endpoints_total' },
      { column: 'endpoints_total', op: 'gte', value: 1 },
    ),
    COUNT,
    'Số CQNN có 100% máy trạm được cài',
    'Số CQNN',
  ),
  facts(
    'inventory.malware_sharing',
    'Tỷ lệ CQNN chia sẻ dữ liệu mã độc về Trung tâm giám sát',
    'Agencies sharing malware data with the operations centre',
    countWhere({ column: 'shares_malware_data', op: 'true' }),
    COUNT,
    'Số CQNN chia sẻ dữ liệu mã độc',
    'Số CQNN',
  ),
  // Entered with evidence (no module holds these facts): approved by the Department of Information and Communications.
  entered(
    'procedures.fully_online_offered',
    'Tỷ lệ TTHC cung cấp dịch vụ công trực tuyến toàn trình',
    'Procedures offered fully online',
    'Số TTHC cung cấp trực tuyến toàn trình',
    'Tổng số TTHC',
  ),
  entered(
    'procedures.partly_online_offered',
    'Tỷ lệ TTHC cung cấp dịch vụ công trực tuyến một phần',
    'Procedures offered partly online',
    'Số TTHC cung cấp trực tuyến một phần',
    'Tổng số TTHC',
  ),
  entered(
    'reports.on_national_system',
    'Tỷ lệ báo cáo định kỳ trên Hệ thống thông tin báo cáo quốc gia',
    'Periodic reports on the national reporting system',
    'Số báo cáo định kỳ gửi lên Hệ thống thông tin báo cáo Chính phủ',
    'Số báo cáo định kỳ',
  ),
];
