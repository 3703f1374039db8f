import type { FeeInput, PaperInput, StepInput } from '../catalog/service.js';
import type { FormField, OnlineLevel, ProcedureLevel } from '../catalog/schema.js';
import { FORMS } from './fields.js';

/**
 * The demo province's procedure catalog. Names, papers and legal bases follow the national rules;
 * `demo: true` marks a procedure whose national code, fee or time could not be confirmed against the
 * national database when it was written (see SOURCES.md). Agencies are named by their electronic
 * identifier in src/directory/seed/hue-agencies.json; `agency: null` means the People's Committee of
 * the unit that receives the dossier (UBND cấp xã; cấp huyện in a three-level province).
 */
export interface SeedProcedure {
  code: string;
  name: string;
  nameEn: string;
  field: string;
  levels: ProcedureLevel[];
  agency: string | null;
  agencyText: string;
  days: number;
  /** Same-day procedures: received from this hour on, due at the end of the next working day (Luật Hộ tịch: 15:00). */
  cutoff?: string;
  daysNote?: string;
  online: OnlineLevel;
  result: string;
  legalBasis: string;
  feeSummary: string;
  fees: FeeInput[];
  papers: PaperInput[];
  form: FormField[];
  workflow?: StepInput[];
  demo: boolean;
}

const AG = {
  STP: '000.00.04.H57',
  STC: '000.00.03.H57',
  SXD: '000.00.05.H57',
  SNNMT: '000.00.06.H57',
  SCT: '000.00.07.H57',
  SGDDT: '000.00.09.H57',
  SYT: '000.00.10.H57',
  SDL: '000.00.12.H57',
  SNV: '000.00.02.H57',
  CA: '000.00.90.H57',
} as const;

const paper = (name: string, originals: number, copies: number, mandatory = true, note?: string): PaperInput => ({ name, originals, copies, mandatory, note: note ?? null });
const FREE: FeeInput[] = [];
const step = (name: string, nameEn: string, role: StepInput['role'], sharePercent: number, fixedAgency?: string): StepInput => ({
  name,
  nameEn,
  role,
  sharePercent,
  agencyMode: fixedAgency ? 'fixed' : 'dossier',
  // The seeder resolves agency codes to ids.
  agencyId: fixedAgency ?? null,
});

/** An inter-agency workflow (liên thông): the fixed agency's step sits between processing and approval. */
const interAgency = (agencyCode: string, vi: string, en: string): StepInput[] => [
  step('Tiếp nhận hồ sơ', 'Receive the dossier', 'officer', 10),
  step('Thẩm định, xử lý hồ sơ', 'Examine and process', 'specialist', 30),
  step(vi, en, 'specialist', 35, agencyCode),
  step('Phê duyệt kết quả', 'Approve the result', 'leader', 15),
  step('Trả kết quả', 'Return the result', 'officer', 10),
];

const CIVIL_BASIS = 'Luật Hộ tịch số 60/2014/QH13; Nghị định 123/2015/NĐ-CP; Thông tư 04/2020/TT-BTP';
const CERT_BASIS = 'Nghị định 23/2015/NĐ-CP về cấp bản sao từ sổ gốc, chứng thực bản sao từ bản chính, chứng thực chữ ký và chứng thực hợp đồng, giao dịch; Thông tư 226/2016/TT-BTC';
// Not uploaded online: shown at the desk, or taken from the national population database (../papers).
const ID_PAPER: PaperInput = {
  ...paper('Giấy tờ tùy thân có ảnh (hộ chiếu, thẻ căn cước…) để xuất trình', 0, 0, true, 'Xuất trình khi nộp trực tiếp; nộp trực tuyến thì khai thác từ Cơ sở dữ liệu quốc gia về dân cư'),
  kindCode: 'giay-to-tuy-than',
  provision: 'national',
  nationalSource: 'population',
};
/**
 * The judicial-record certificate's fee (Thông tư 244/2016/TT-BTC): 200.000 đ per request and person, the
 * fee for one or two certificates; from the third, 5.000 đ each. Half for students, people with meritorious
 * service and martyrs' relatives; none for poor households and residents of extremely disadvantaged communes,
 * with the paper that proves it. Thông tư 16/2025/TT-BTC replaces it: its amounts belong in new rows with
 * their validity once confirmed, not in edits of these.
 */
const JUDICIAL_FEE_BASIS = 'Thông tư 244/2016/TT-BTC';
const reduction = (category: string, vi: string, en: string, percent: number, evidenceVi: string, evidenceEn: string) => ({ category, label: { vi, en }, percent, evidence: { vi: evidenceVi, en: evidenceEn } });
const JUDICIAL_FEES: FeeInput[] = [
  {
    name: 'Phí cung cấp thông tin lý lịch tư pháp',
    amount: 200000,
    note: 'mỗi lần yêu cầu, mỗi người (một hoặc hai phiếu)',
    legalBasis: JUDICIAL_FEE_BASIS,
    reductions: [
      reduction('student', 'Học sinh, sinh viên', 'Student', 50, 'Thẻ học sinh, sinh viên hoặc giấy xác nhận của nhà trường', 'Student card or a letter from the school'),
      reduction('meritorious', 'Người có công với cách mạng', 'Person with meritorious service', 50, 'Giấy chứng nhận người có công', 'Certificate of meritorious service'),
      reduction('martyr-relative', 'Thân nhân liệt sĩ', 'Relative of a martyr', 50, 'Giấy chứng nhận thân nhân liệt sĩ', 'Certificate of a martyr’s relative'),
      reduction('poor-household', 'Người thuộc hộ nghèo', 'Poor household', 100, 'Giấy chứng nhận hộ nghèo', 'Poor-household certificate'),
      reduction('disadvantaged-commune', 'Cư trú tại xã đặc biệt khó khăn', 'Resident of an extremely disadvantaged commune', 100, 'Giấy xác nhận cư trú', 'Proof of residence'),
    ],
  },
  { name: 'Phí cấp thêm Phiếu lý lịch tư pháp (từ Phiếu thứ 3)', amount: 5000, note: 'mỗi Phiếu từ Phiếu thứ 3', kind: 'per_copy', quantityField: 'copies', fromCopy: 3, legalBasis: JUDICIAL_FEE_BASIS },
];
const AUTHORISATION = paper('Văn bản ủy quyền (trường hợp ủy quyền)', 1, 0, false);

export const HUE_PROCEDURES: SeedProcedure[] = [
  // ——— Civil status (hộ tịch), commune level ———
  {
    code: '1.001193', name: 'Thủ tục đăng ký khai sinh', nameEn: 'Birth registration', field: 'ho-tich', levels: ['commune'], agency: null, agencyText: 'Ủy ban nhân dân cấp xã',
    days: 0, cutoff: '15:00', daysNote: 'Ngay trong ngày tiếp nhận hồ sơ; nếu nhận sau 15 giờ mà không giải quyết được ngay thì trả kết quả trong ngày làm việc tiếp theo.',
    online: 'full', result: 'Giấy khai sinh (bản chính)', legalBasis: CIVIL_BASIS, feeSummary: 'Miễn lệ phí đăng ký khai sinh đúng hạn', fees: FREE,
    papers: [paper('Tờ khai đăng ký khai sinh theo mẫu', 1, 0), paper('Giấy chứng sinh hoặc văn bản thay Giấy chứng sinh', 1, 0), ID_PAPER, AUTHORISATION],
    form: FORMS.birth, demo: false,
  },
  {
    code: '1.000656', name: 'Thủ tục đăng ký khai tử', nameEn: 'Death registration', field: 'ho-tich', levels: ['commune'], agency: null, agencyText: 'Ủy ban nhân dân cấp xã',
    days: 0, cutoff: '15:00', daysNote: 'Ngay trong ngày; trường hợp cần xác minh thì không quá 03 ngày làm việc.',
    online: 'full', result: 'Trích lục khai tử (bản chính)', legalBasis: CIVIL_BASIS, feeSummary: 'Miễn lệ phí đăng ký khai tử đúng hạn', fees: FREE,
    papers: [paper('Tờ khai đăng ký khai tử theo mẫu', 1, 0), paper('Giấy báo tử hoặc giấy tờ thay Giấy báo tử', 1, 0), ID_PAPER, AUTHORISATION],
    form: FORMS.death, demo: false,
  },
  {
    code: '1.000894', name: 'Thủ tục đăng ký kết hôn', nameEn: 'Marriage registration', field: 'ho-tich', levels: ['commune'], agency: null, agencyText: 'Ủy ban nhân dân cấp xã',
    days: 0, cutoff: '15:00', daysNote: 'Ngay sau khi nhận đủ giấy tờ; trường hợp cần xác minh thì không quá 05 ngày làm việc. Hai bên phải có mặt khi trao Giấy chứng nhận kết hôn.',
    online: 'partial', result: 'Giấy chứng nhận kết hôn', legalBasis: CIVIL_BASIS, feeSummary: 'Miễn lệ phí (công dân Việt Nam cư trú ở trong nước)', fees: FREE,
    papers: [paper('Tờ khai đăng ký kết hôn theo mẫu', 1, 0), { ...paper('Giấy xác nhận tình trạng hôn nhân (trường hợp đăng ký tại nơi không phải nơi thường trú)', 1, 0, false), kindCode: 'giay-xac-nhan-tinh-trang-hon-nhan' }, ID_PAPER],
    form: FORMS.marriage, demo: false,
  },
  {
    code: '1.004746', name: 'Thủ tục cấp Giấy xác nhận tình trạng hôn nhân', nameEn: 'Certificate of marital status', field: 'ho-tich', levels: ['commune'], agency: null, agencyText: 'Ủy ban nhân dân cấp xã',
    days: 3, online: 'full', result: 'Giấy xác nhận tình trạng hôn nhân', legalBasis: CIVIL_BASIS, feeSummary: 'Lệ phí theo Nghị quyết của HĐND cấp tỉnh',
    fees: [{ name: 'Lệ phí cấp Giấy xác nhận tình trạng hôn nhân', amount: 10000, note: 'Mức minh hoạ — demo amount' }],
    papers: [paper('Tờ khai cấp Giấy xác nhận tình trạng hôn nhân theo mẫu', 1, 0), paper('Giấy tờ chứng minh đã ly hôn hoặc người kia đã chết (nếu có)', 0, 1, false), ID_PAPER, AUTHORISATION],
    form: FORMS.maritalStatus, demo: true,
  },
  {
    code: '1.001022', name: 'Thủ tục đăng ký nhận cha, mẹ, con', nameEn: 'Acknowledgement of parentage', field: 'ho-tich', levels: ['commune'], agency: null, agencyText: 'Ủy ban nhân dân cấp xã',
    days: 3, daysNote: 'Trường hợp cần xác minh thì kéo dài thêm không quá 05 ngày làm việc.', online: 'partial', result: 'Trích lục đăng ký nhận cha, mẹ, con', legalBasis: CIVIL_BASIS,
    feeSummary: 'Lệ phí theo Nghị quyết của HĐND cấp tỉnh', fees: [{ name: 'Lệ phí đăng ký nhận cha, mẹ, con', amount: 15000, note: 'Mức minh hoạ — demo amount' }],
    papers: [paper('Tờ khai đăng ký nhận cha, mẹ, con theo mẫu', 1, 0), paper('Văn bản của cơ quan y tế, giám định hoặc chứng cứ chứng minh quan hệ cha, mẹ, con', 1, 0), ID_PAPER],
    form: FORMS.parentage, demo: true,
  },
  {
    code: '1.004859', name: 'Thủ tục đăng ký thay đổi, cải chính, bổ sung thông tin hộ tịch', nameEn: 'Change, correction or completion of civil status data', field: 'ho-tich', levels: ['commune'], agency: null, agencyText: 'Ủy ban nhân dân cấp xã',
    days: 3, daysNote: 'Bổ sung thông tin: trả kết quả ngay trong ngày.', online: 'full', result: 'Trích lục thay đổi, cải chính, bổ sung hộ tịch', legalBasis: CIVIL_BASIS,
    feeSummary: 'Lệ phí theo Nghị quyết của HĐND cấp tỉnh', fees: [{ name: 'Lệ phí thay đổi, cải chính, bổ sung hộ tịch', amount: 15000, note: 'Mức minh hoạ — demo amount' }],
    papers: [paper('Tờ khai đăng ký thay đổi, cải chính, bổ sung thông tin hộ tịch', 1, 0), paper('Giấy tờ làm căn cứ thay đổi, cải chính, bổ sung', 0, 1), ID_PAPER],
    form: FORMS.civilChange, demo: true,
  },
  {
    code: '1.004837', name: 'Thủ tục đăng ký giám hộ', nameEn: 'Guardianship registration', field: 'ho-tich', levels: ['commune'], agency: null, agencyText: 'Ủy ban nhân dân cấp xã',
    days: 3, online: 'partial', result: 'Trích lục đăng ký giám hộ', legalBasis: `${CIVIL_BASIS}; Bộ luật Dân sự 2015`, feeSummary: 'Lệ phí theo Nghị quyết của HĐND cấp tỉnh',
    fees: [{ name: 'Lệ phí đăng ký giám hộ', amount: 10000, note: 'Mức minh hoạ — demo amount' }],
    papers: [paper('Tờ khai đăng ký giám hộ theo mẫu', 1, 0), paper('Văn bản cử người giám hộ', 1, 0), ID_PAPER],
    form: FORMS.guardianship, demo: true,
  },
  {
    code: '2.000635', name: 'Thủ tục cấp bản sao trích lục hộ tịch', nameEn: 'Copy of a civil status extract', field: 'ho-tich', levels: ['province', 'commune'], agency: null, agencyText: 'Ủy ban nhân dân cấp xã; Sở Tư pháp',
    days: 0, cutoff: '15:00', daysNote: 'Ngay trong ngày; nếu nhận sau 15 giờ thì trả trong ngày làm việc tiếp theo.', online: 'full', result: 'Bản sao trích lục hộ tịch', legalBasis: `${CIVIL_BASIS}; Thông tư 281/2016/TT-BTC`,
    feeSummary: '8.000 đồng/bản sao trích lục', fees: [{ name: 'Phí cấp bản sao trích lục hộ tịch', amount: 8000, note: 'mỗi bản — per copy', kind: 'per_copy', quantityField: 'copies', legalBasis: 'Thông tư 281/2016/TT-BTC' }],
    papers: [paper('Tờ khai cấp bản sao trích lục hộ tịch theo mẫu', 1, 0), ID_PAPER, AUTHORISATION],
    form: FORMS.extract, demo: true,
  },
  {
    code: '1.004884', name: 'Thủ tục đăng ký lại khai sinh', nameEn: 'Re-registration of a birth', field: 'ho-tich', levels: ['commune'], agency: null, agencyText: 'Ủy ban nhân dân cấp xã',
    days: 5, online: 'partial', result: 'Giấy khai sinh (bản chính)', legalBasis: CIVIL_BASIS, feeSummary: 'Lệ phí theo Nghị quyết của HĐND cấp tỉnh',
    fees: [{ name: 'Lệ phí đăng ký lại khai sinh', amount: 10000, note: 'Mức minh hoạ — demo amount' }],
    papers: [paper('Tờ khai đăng ký lại khai sinh theo mẫu', 1, 0), paper('Bản sao Giấy khai sinh hoặc giấy tờ có thông tin hộ tịch của người yêu cầu', 0, 1), ID_PAPER],
    form: FORMS.birth, demo: true,
  },
  {
    code: '1.001695', name: 'Liên thông các thủ tục hành chính về đăng ký khai sinh, đăng ký thường trú, cấp thẻ bảo hiểm y tế cho trẻ em dưới 6 tuổi', nameEn: 'Birth registration, permanent residence and health insurance card for a child under 6 (linked procedures)',
    field: 'ho-tich', levels: ['commune'], agency: null, agencyText: 'Ủy ban nhân dân cấp xã; Công an cấp xã; cơ quan Bảo hiểm xã hội',
    days: 5, online: 'full', result: 'Giấy khai sinh; xác nhận đăng ký thường trú; thẻ bảo hiểm y tế', legalBasis: `${CIVIL_BASIS}; Luật Cư trú 2020; Nghị định 63/2024/NĐ-CP`,
    feeSummary: 'Miễn lệ phí', fees: FREE,
    papers: [paper('Tờ khai điện tử liên thông theo mẫu', 1, 0), paper('Giấy chứng sinh', 1, 0), ID_PAPER],
    form: FORMS.birth, workflow: interAgency(AG.CA, 'Đăng ký thường trú cho trẻ (Công an)', 'Register the child’s permanent residence (police)'), demo: true,
  },

  // ——— Certification (chứng thực), district (Phòng Tư pháp) and commune ———
  {
    code: '2.000815', name: 'Thủ tục chứng thực bản sao từ bản chính giấy tờ, văn bản do cơ quan, tổ chức có thẩm quyền của Việt Nam cấp hoặc chứng nhận', nameEn: 'Certified copy of a Vietnamese original document',
    field: 'chung-thuc', levels: ['district', 'commune'], agency: null, agencyText: 'Phòng Tư pháp cấp huyện; Ủy ban nhân dân cấp xã; tổ chức hành nghề công chứng',
    days: 0, cutoff: '15:00', daysNote: 'Trong ngày; nhận sau 15 giờ thì trả trong ngày làm việc tiếp theo.', online: 'partial', result: 'Bản sao được chứng thực từ bản chính', legalBasis: CERT_BASIS,
    feeSummary: '2.000 đồng/trang; từ trang thứ ba 1.000 đồng/trang, tối đa 200.000 đồng/bản', fees: [{ name: 'Phí chứng thực bản sao từ bản chính', amount: 2000, note: 'mỗi trang (hai trang đầu); từ trang thứ ba 1.000 đ/trang; tối đa 200.000 đ/bản' }],
    papers: [paper('Bản chính giấy tờ, văn bản làm cơ sở chứng thực', 1, 0), paper('Bản sao cần chứng thực', 0, 1)],
    form: FORMS.certify, demo: false,
  },
  {
    code: '2.000884', name: 'Thủ tục chứng thực chữ ký trong các giấy tờ, văn bản (áp dụng cho cả trường hợp chứng thực điểm chỉ và trường hợp người yêu cầu chứng thực không thể ký, không thể điểm chỉ được)', nameEn: 'Certification of a signature',
    field: 'chung-thuc', levels: ['district', 'commune'], agency: null, agencyText: 'Phòng Tư pháp cấp huyện; Ủy ban nhân dân cấp xã',
    days: 0, cutoff: '15:00', daysNote: 'Trong ngày; nhận sau 15 giờ thì trả trong ngày làm việc tiếp theo.', online: 'offline', result: 'Giấy tờ, văn bản được chứng thực chữ ký', legalBasis: CERT_BASIS,
    feeSummary: '10.000 đồng/trường hợp', fees: [{ name: 'Phí chứng thực chữ ký', amount: 10000, note: 'mỗi trường hợp' }],
    papers: [ID_PAPER, paper('Giấy tờ, văn bản sẽ ký', 1, 0)],
    form: FORMS.certify, demo: false,
  },
  {
    code: '2.001035', name: 'Thủ tục chứng thực hợp đồng, giao dịch liên quan đến tài sản là động sản, quyền sử dụng đất và nhà ở', nameEn: 'Certification of a contract on movables, land use rights or housing',
    field: 'chung-thuc', levels: ['commune'], agency: null, agencyText: 'Ủy ban nhân dân cấp xã',
    days: 2, daysNote: 'Không quá 02 ngày làm việc (có thể kéo dài theo thỏa thuận).', online: 'offline', result: 'Hợp đồng, giao dịch được chứng thực', legalBasis: CERT_BASIS,
    feeSummary: '50.000 đồng/hợp đồng, giao dịch', fees: [{ name: 'Phí chứng thực hợp đồng, giao dịch', amount: 50000, note: 'mỗi hợp đồng, giao dịch' }],
    papers: [paper('Dự thảo hợp đồng, giao dịch', 1, 0), paper('Giấy tờ tùy thân của người yêu cầu chứng thực', 0, 1), paper('Giấy chứng nhận quyền sở hữu, quyền sử dụng tài sản', 0, 1)],
    form: FORMS.contract, demo: false,
  },
  {
    code: '2.000843', name: 'Thủ tục chứng thực chữ ký người dịch mà người dịch là cộng tác viên dịch thuật của Phòng Tư pháp', nameEn: 'Certification of a translator’s signature',
    field: 'chung-thuc', levels: ['district'], agency: null, agencyText: 'Phòng Tư pháp cấp huyện',
    days: 0, cutoff: '15:00', daysNote: 'Trong ngày; nhận sau 15 giờ thì trả trong ngày làm việc tiếp theo.', online: 'offline', result: 'Bản dịch được chứng thực chữ ký người dịch', legalBasis: CERT_BASIS,
    feeSummary: '10.000 đồng/trường hợp', fees: [{ name: 'Phí chứng thực chữ ký người dịch', amount: 10000, note: 'mỗi trường hợp' }],
    papers: [paper('Bản dịch đính kèm giấy tờ, văn bản cần dịch', 1, 0)],
    form: FORMS.certify, demo: true,
  },

  // ——— Judicial records (lý lịch tư pháp), province ———
  {
    code: '2.000488', name: 'Thủ tục cấp Phiếu lý lịch tư pháp cho công dân Việt Nam, người nước ngoài đang cư trú tại Việt Nam', nameEn: 'Judicial record certificate for residents of Vietnam',
    field: 'ly-lich-tu-phap', levels: ['province'], agency: AG.STP, agencyText: 'Sở Tư pháp',
    days: 10, daysNote: 'Không quá 10 ngày; trường hợp phải xác minh thêm không quá 15 ngày.', online: 'full', result: 'Phiếu lý lịch tư pháp số 1 hoặc số 2', legalBasis: 'Luật Lý lịch tư pháp số 28/2009/QH12; Nghị định 111/2010/NĐ-CP; Thông tư 244/2016/TT-BTC',
    feeSummary: '200.000 đồng/lần/người; 100.000 đồng đối với sinh viên, người có công; từ phiếu thứ 3 trở đi 5.000 đồng/phiếu',
    fees: JUDICIAL_FEES,
    papers: [paper('Tờ khai yêu cầu cấp Phiếu lý lịch tư pháp theo mẫu', 1, 0), paper('Bản chụp giấy tờ tùy thân (căn cước, hộ chiếu)', 0, 1), paper('Giấy tờ chứng minh thuộc đối tượng giảm phí (nếu có)', 0, 1, false)],
    form: FORMS.judicial, workflow: interAgency(AG.CA, 'Tra cứu, xác minh thông tin án tích (Công an)', 'Check criminal records (police)'), demo: true,
  },
  {
    code: '2.000505', name: 'Thủ tục cấp Phiếu lý lịch tư pháp cho cơ quan nhà nước, tổ chức chính trị, tổ chức chính trị - xã hội', nameEn: 'Judicial record certificate for a public body',
    field: 'ly-lich-tu-phap', levels: ['province'], agency: AG.STP, agencyText: 'Sở Tư pháp',
    days: 10, online: 'partial', result: 'Phiếu lý lịch tư pháp số 1', legalBasis: 'Luật Lý lịch tư pháp số 28/2009/QH12; Nghị định 111/2010/NĐ-CP',
    feeSummary: 'Không thu phí', fees: FREE,
    papers: [paper('Văn bản yêu cầu cấp Phiếu lý lịch tư pháp', 1, 0)],
    form: FORMS.generic, workflow: interAgency(AG.CA, 'Tra cứu, xác minh thông tin án tích (Công an)', 'Check criminal records (police)'), demo: true,
  },

  // ——— Household businesses (hộ kinh doanh), district → commune since 1 July 2025 ———
  {
    code: '2.000720', name: 'Đăng ký thành lập hộ kinh doanh', nameEn: 'Registration of a household business', field: 'ho-kinh-doanh', levels: ['district', 'commune'], agency: null, agencyText: 'Phòng Tài chính – Kế hoạch cấp huyện (đến 30/6/2025); Ủy ban nhân dân cấp xã (từ 01/7/2025)',
    days: 3, online: 'full', result: 'Giấy chứng nhận đăng ký hộ kinh doanh', legalBasis: 'Luật Doanh nghiệp 2020; Nghị định 01/2021/NĐ-CP; Nghị định 168/2025/NĐ-CP',
    feeSummary: 'Lệ phí theo Nghị quyết của HĐND cấp tỉnh', fees: [{ name: 'Lệ phí đăng ký hộ kinh doanh', amount: 100000, note: 'Mức minh hoạ — demo amount' }],
    papers: [paper('Giấy đề nghị đăng ký hộ kinh doanh', 1, 0), paper('Biên bản họp thành viên hộ gia đình (trường hợp các thành viên cùng thành lập)', 0, 1, false), paper('Văn bản ủy quyền cho thành viên làm chủ hộ (nếu có)', 0, 1, false)],
    form: FORMS.household, demo: true,
  },
  {
    code: '1.001612', name: 'Đăng ký thay đổi nội dung đăng ký hộ kinh doanh', nameEn: 'Change of a household business registration', field: 'ho-kinh-doanh', levels: ['district', 'commune'], agency: null, agencyText: 'Ủy ban nhân dân cấp xã',
    days: 3, online: 'full', result: 'Giấy chứng nhận đăng ký hộ kinh doanh (cấp mới)', legalBasis: 'Nghị định 01/2021/NĐ-CP; Nghị định 168/2025/NĐ-CP',
    feeSummary: 'Lệ phí theo Nghị quyết của HĐND cấp tỉnh', fees: [{ name: 'Lệ phí đăng ký thay đổi', amount: 50000, note: 'Mức minh hoạ — demo amount' }],
    papers: [paper('Thông báo thay đổi nội dung đăng ký hộ kinh doanh', 1, 0)],
    form: FORMS.householdChange, demo: true,
  },
  {
    code: '2.000575', name: 'Chấm dứt hoạt động hộ kinh doanh', nameEn: 'Closing a household business', field: 'ho-kinh-doanh', levels: ['district', 'commune'], agency: null, agencyText: 'Ủy ban nhân dân cấp xã',
    days: 3, online: 'full', result: 'Thông báo về việc chấm dứt hoạt động hộ kinh doanh', legalBasis: 'Nghị định 01/2021/NĐ-CP; Nghị định 168/2025/NĐ-CP',
    feeSummary: 'Không thu phí', fees: FREE,
    papers: [paper('Thông báo chấm dứt hoạt động hộ kinh doanh', 1, 0), paper('Thông báo của cơ quan thuế về việc chấm dứt hiệu lực mã số thuế', 0, 1)],
    form: FORMS.householdChange, demo: true,
  },

  // ——— Enterprises (doanh nghiệp), province ———
  {
    code: '2.001610', name: 'Đăng ký thành lập công ty trách nhiệm hữu hạn một thành viên', nameEn: 'Registration of a single-member limited liability company', field: 'doanh-nghiep', levels: ['province'], agency: AG.STC, agencyText: 'Sở Tài chính (Phòng Đăng ký kinh doanh)',
    days: 3, online: 'full', result: 'Giấy chứng nhận đăng ký doanh nghiệp', legalBasis: 'Luật Doanh nghiệp 2020; Nghị định 168/2025/NĐ-CP; Thông tư 47/2019/TT-BTC',
    feeSummary: 'Lệ phí đăng ký 50.000 đồng (miễn khi nộp trực tuyến); phí công bố nội dung 100.000 đồng',
    fees: [{ name: 'Lệ phí đăng ký doanh nghiệp', amount: 50000, note: 'Miễn khi đăng ký qua mạng' }, { name: 'Phí công bố nội dung đăng ký doanh nghiệp', amount: 100000, note: null }],
    papers: [paper('Giấy đề nghị đăng ký doanh nghiệp', 1, 0), paper('Điều lệ công ty', 1, 0), paper('Bản sao giấy tờ pháp lý của chủ sở hữu', 0, 1), paper('Văn bản ủy quyền (nếu có)', 1, 0, false)],
    form: FORMS.company, demo: true,
  },
  {
    code: '1.010028', name: 'Đăng ký thành lập doanh nghiệp tư nhân', nameEn: 'Registration of a sole proprietorship', field: 'doanh-nghiep', levels: ['province'], agency: AG.STC, agencyText: 'Sở Tài chính (Phòng Đăng ký kinh doanh)',
    days: 3, online: 'full', result: 'Giấy chứng nhận đăng ký doanh nghiệp', legalBasis: 'Luật Doanh nghiệp 2020; Nghị định 168/2025/NĐ-CP; Thông tư 47/2019/TT-BTC',
    feeSummary: 'Lệ phí đăng ký 50.000 đồng (miễn khi nộp trực tuyến); phí công bố nội dung 100.000 đồng',
    fees: [{ name: 'Lệ phí đăng ký doanh nghiệp', amount: 50000, note: 'Miễn khi đăng ký qua mạng' }, { name: 'Phí công bố nội dung đăng ký doanh nghiệp', amount: 100000, note: null }],
    papers: [paper('Giấy đề nghị đăng ký doanh nghiệp', 1, 0), paper('Bản sao giấy tờ pháp lý của chủ doanh nghiệp tư nhân', 0, 1)],
    form: FORMS.company, demo: true,
  },

  // ——— Construction (hoạt động xây dựng) ———
  {
    code: '1.009994', name: 'Cấp giấy phép xây dựng mới đối với nhà ở riêng lẻ', nameEn: 'Building permit for a new detached house', field: 'hoat-dong-xay-dung', levels: ['district', 'commune'], agency: null, agencyText: 'Ủy ban nhân dân cấp huyện (đến 30/6/2025); Ủy ban nhân dân cấp xã (từ 01/7/2025)',
    days: 15, online: 'partial', result: 'Giấy phép xây dựng', legalBasis: 'Luật Xây dựng 2014 (sửa đổi 2020); Nghị định 15/2021/NĐ-CP; Nghị định 175/2024/NĐ-CP',
    feeSummary: 'Lệ phí theo Nghị quyết của HĐND cấp tỉnh', fees: [{ name: 'Lệ phí cấp giấy phép xây dựng nhà ở riêng lẻ', amount: 75000, note: 'Mức minh hoạ — demo amount' }],
    papers: [paper('Đơn đề nghị cấp giấy phép xây dựng theo mẫu', 1, 0), paper('Giấy tờ chứng minh quyền sử dụng đất', 0, 1), paper('Hai bộ bản vẽ thiết kế xây dựng', 2, 0), paper('Bản kê khai kinh nghiệm của tổ chức, cá nhân thiết kế (nếu có)', 1, 0, false)],
    form: FORMS.building, demo: true,
  },
  {
    code: '1.009995', name: 'Cấp giấy phép sửa chữa, cải tạo đối với nhà ở riêng lẻ', nameEn: 'Permit to repair or renovate a detached house', field: 'hoat-dong-xay-dung', levels: ['district', 'commune'], agency: null, agencyText: 'Ủy ban nhân dân cấp xã',
    days: 15, online: 'partial', result: 'Giấy phép sửa chữa, cải tạo', legalBasis: 'Luật Xây dựng 2014 (sửa đổi 2020); Nghị định 175/2024/NĐ-CP',
    feeSummary: 'Lệ phí theo Nghị quyết của HĐND cấp tỉnh', fees: [{ name: 'Lệ phí cấp giấy phép', amount: 75000, note: 'Mức minh hoạ — demo amount' }],
    papers: [paper('Đơn đề nghị cấp giấy phép sửa chữa, cải tạo', 1, 0), paper('Giấy tờ chứng minh quyền sở hữu nhà', 0, 1), paper('Ảnh chụp hiện trạng công trình', 1, 0), paper('Bản vẽ thiết kế sửa chữa, cải tạo', 2, 0)],
    form: FORMS.building, demo: true,
  },
  {
    code: '1.009972', name: 'Cấp giấy phép xây dựng mới đối với công trình cấp đặc biệt, cấp I, cấp II', nameEn: 'Building permit for large structures (special class, class I, II)', field: 'hoat-dong-xay-dung', levels: ['province'], agency: AG.SXD, agencyText: 'Sở Xây dựng',
    days: 20, online: 'partial', result: 'Giấy phép xây dựng', legalBasis: 'Luật Xây dựng 2014 (sửa đổi 2020); Nghị định 175/2024/NĐ-CP',
    feeSummary: 'Lệ phí theo Nghị quyết của HĐND cấp tỉnh', fees: [{ name: 'Lệ phí cấp giấy phép xây dựng công trình', amount: 150000, note: 'Mức minh hoạ — demo amount' }],
    papers: [paper('Đơn đề nghị cấp giấy phép xây dựng', 1, 0), paper('Giấy tờ về quyền sử dụng đất', 0, 1), paper('Quyết định phê duyệt dự án, văn bản thẩm định thiết kế', 0, 1), paper('Bản vẽ thiết kế xây dựng', 2, 0)],
    form: FORMS.building, demo: true,
  },

  // ——— Land (đất đai) ———
  {
    code: '1.012765', name: 'Đăng ký đất đai, tài sản gắn liền với đất, cấp Giấy chứng nhận quyền sử dụng đất, quyền sở hữu tài sản gắn liền với đất lần đầu', nameEn: 'First registration of land and certificate of land use rights',
    field: 'dat-dai', levels: ['commune'], agency: null, agencyText: 'Ủy ban nhân dân cấp xã; Văn phòng đăng ký đất đai',
    days: 20, online: 'partial', result: 'Giấy chứng nhận quyền sử dụng đất, quyền sở hữu tài sản gắn liền với đất', legalBasis: 'Luật Đất đai 2024; Nghị định 101/2024/NĐ-CP; Nghị định 151/2025/NĐ-CP',
    feeSummary: 'Lệ phí cấp Giấy chứng nhận theo Nghị quyết của HĐND cấp tỉnh; phí thẩm định hồ sơ', fees: [{ name: 'Lệ phí cấp Giấy chứng nhận', amount: 100000, note: 'Mức minh hoạ — demo amount' }],
    papers: [paper('Đơn đăng ký đất đai, tài sản gắn liền với đất theo mẫu', 1, 0), paper('Giấy tờ về quyền sử dụng đất (nếu có)', 0, 1, false), paper('Chứng từ thực hiện nghĩa vụ tài chính (nếu có)', 0, 1, false)],
    form: FORMS.land, workflow: interAgency(AG.SNNMT, 'Văn phòng đăng ký đất đai kiểm tra, cập nhật hồ sơ địa chính', 'Land registration office checks and updates the cadastre'), demo: true,
  },
  {
    code: '1.012778', name: 'Đăng ký biến động quyền sử dụng đất, quyền sở hữu tài sản gắn liền với đất do chuyển nhượng, tặng cho, thừa kế', nameEn: 'Registration of a transfer, gift or inheritance of land use rights',
    field: 'dat-dai', levels: ['province'], agency: AG.SNNMT, agencyText: 'Văn phòng đăng ký đất đai (Sở Nông nghiệp và Môi trường)',
    days: 10, online: 'partial', result: 'Giấy chứng nhận hoặc xác nhận biến động trên Giấy chứng nhận', legalBasis: 'Luật Đất đai 2024; Nghị định 101/2024/NĐ-CP',
    feeSummary: 'Lệ phí theo Nghị quyết của HĐND cấp tỉnh; lệ phí trước bạ theo quy định', fees: [{ name: 'Lệ phí đăng ký biến động', amount: 30000, note: 'Mức minh hoạ — demo amount' }],
    papers: [paper('Đơn đăng ký biến động đất đai theo mẫu', 1, 0), paper('Hợp đồng, văn bản chuyển nhượng, tặng cho, thừa kế đã công chứng hoặc chứng thực', 1, 0), paper('Giấy chứng nhận đã cấp', 1, 0)],
    form: FORMS.land, demo: true,
  },
  {
    code: '1.012790', name: 'Chuyển mục đích sử dụng đất đối với hộ gia đình, cá nhân', nameEn: 'Change of land use for a household or individual', field: 'dat-dai', levels: ['district', 'commune'], agency: null, agencyText: 'Ủy ban nhân dân cấp xã',
    days: 15, online: 'partial', result: 'Quyết định cho phép chuyển mục đích sử dụng đất', legalBasis: 'Luật Đất đai 2024; Nghị định 102/2024/NĐ-CP; Nghị định 151/2025/NĐ-CP',
    feeSummary: 'Tiền sử dụng đất theo quy định; lệ phí theo Nghị quyết của HĐND cấp tỉnh', fees: FREE,
    papers: [paper('Đơn xin chuyển mục đích sử dụng đất theo mẫu', 1, 0), paper('Giấy chứng nhận quyền sử dụng đất', 0, 1)],
    form: FORMS.land, workflow: interAgency(AG.SNNMT, 'Văn phòng đăng ký đất đai chỉnh lý hồ sơ địa chính', 'Land registration office updates the cadastre'), demo: true,
  },

  // ——— Social protection (bảo trợ xã hội) ———
  {
    code: '1.001776', name: 'Thực hiện, điều chỉnh, thôi hưởng trợ cấp xã hội hàng tháng, hỗ trợ kinh phí chăm sóc, nuôi dưỡng hàng tháng', nameEn: 'Monthly social allowance: grant, adjustment or end',
    field: 'bao-tro-xa-hoi', levels: ['district', 'commune'], agency: null, agencyText: 'Ủy ban nhân dân cấp xã',
    days: 15, online: 'full', result: 'Quyết định trợ cấp xã hội hàng tháng', legalBasis: 'Nghị định 20/2021/NĐ-CP; Nghị định 76/2024/NĐ-CP',
    feeSummary: 'Không thu phí', fees: FREE,
    papers: [paper('Tờ khai đề nghị trợ giúp xã hội theo mẫu', 1, 0), paper('Giấy xác nhận khuyết tật hoặc giấy tờ chứng minh thuộc đối tượng (nếu có)', 0, 1, false)],
    form: FORMS.social, demo: true,
  },
  {
    code: '1.001731', name: 'Hỗ trợ chi phí mai táng cho đối tượng bảo trợ xã hội', nameEn: 'Funeral cost support for social protection beneficiaries', field: 'bao-tro-xa-hoi', levels: ['commune'], agency: null, agencyText: 'Ủy ban nhân dân cấp xã',
    days: 5, online: 'full', result: 'Quyết định hỗ trợ chi phí mai táng', legalBasis: 'Nghị định 20/2021/NĐ-CP',
    feeSummary: 'Không thu phí', fees: FREE,
    papers: [paper('Tờ khai đề nghị hỗ trợ chi phí mai táng theo mẫu', 1, 0), paper('Giấy báo tử hoặc trích lục khai tử', 0, 1)],
    form: FORMS.death, demo: true,
  },
  {
    code: '1.001699', name: 'Xác định, xác định lại mức độ khuyết tật và cấp Giấy xác nhận khuyết tật', nameEn: 'Assessment of disability and certificate of disability', field: 'bao-tro-xa-hoi', levels: ['commune'], agency: null, agencyText: 'Ủy ban nhân dân cấp xã (Hội đồng xác định mức độ khuyết tật)',
    days: 20, online: 'partial', result: 'Giấy xác nhận khuyết tật', legalBasis: 'Luật Người khuyết tật 2010; Thông tư 01/2019/TT-BLĐTBXH',
    feeSummary: 'Không thu phí', fees: FREE,
    papers: [paper('Đơn đề nghị xác định mức độ khuyết tật theo mẫu', 1, 0), paper('Hồ sơ bệnh án, giấy tờ khám bệnh (nếu có)', 0, 1, false)],
    form: FORMS.social, demo: true,
  },

  // ——— Province departments ———
  {
    code: '1.000401', name: 'Giải quyết hưởng trợ cấp thất nghiệp', nameEn: 'Unemployment benefit', field: 'viec-lam', levels: ['province'], agency: AG.SNV, agencyText: 'Sở Nội vụ (Trung tâm Dịch vụ việc làm)',
    days: 20, online: 'partial', result: 'Quyết định hưởng trợ cấp thất nghiệp', legalBasis: 'Luật Việc làm 2013; Nghị định 28/2015/NĐ-CP',
    feeSummary: 'Không thu phí', fees: FREE,
    papers: [paper('Đề nghị hưởng trợ cấp thất nghiệp theo mẫu', 1, 0), paper('Quyết định thôi việc hoặc giấy tờ chứng minh chấm dứt hợp đồng lao động', 0, 1), paper('Sổ bảo hiểm xã hội', 1, 0)],
    form: FORMS.generic, demo: true,
  },
  {
    code: '1.005092', name: 'Cấp bản sao văn bằng, chứng chỉ từ sổ gốc', nameEn: 'Copy of a diploma from the master register', field: 'van-bang-chung-chi', levels: ['province', 'district'], agency: AG.SGDDT, agencyText: 'Sở Giáo dục và Đào tạo; cơ quan, cơ sở đã cấp văn bằng',
    days: 0, cutoff: '15:00', daysNote: 'Ngay trong ngày; trường hợp nhận sau 15 giờ thì trả trong ngày làm việc tiếp theo.', online: 'full', result: 'Bản sao văn bằng, chứng chỉ từ sổ gốc', legalBasis: 'Thông tư 21/2019/TT-BGDĐT; Nghị định 23/2015/NĐ-CP',
    feeSummary: 'Theo quy định', fees: [{ name: 'Phí cấp bản sao từ sổ gốc', amount: 10000, note: 'Mức minh hoạ — demo amount' }],
    papers: [paper('Đơn đề nghị cấp bản sao văn bằng, chứng chỉ từ sổ gốc', 1, 0), ID_PAPER],
    form: FORMS.generic, demo: true,
  },
  {
    code: '1.004503', name: 'Cấp giấy phép kinh doanh dịch vụ lữ hành nội địa', nameEn: 'Licence for domestic travel services', field: 'lu-hanh', levels: ['province'], agency: AG.SDL, agencyText: 'Sở Du lịch',
    days: 10, online: 'full', result: 'Giấy phép kinh doanh dịch vụ lữ hành nội địa', legalBasis: 'Luật Du lịch 2017; Nghị định 168/2017/NĐ-CP; Thông tư 33/2018/TT-BTC',
    feeSummary: 'Phí thẩm định 3.000.000 đồng/giấy phép', fees: [{ name: 'Phí thẩm định cấp giấy phép kinh doanh dịch vụ lữ hành nội địa', amount: 3000000, note: null }],
    papers: [paper('Đơn đề nghị cấp giấy phép theo mẫu', 1, 0), paper('Giấy chứng nhận đăng ký doanh nghiệp', 0, 1), paper('Giấy chứng nhận ký quỹ kinh doanh dịch vụ lữ hành', 1, 0), paper('Văn bằng, chứng chỉ của người phụ trách kinh doanh lữ hành', 0, 1)],
    form: FORMS.company, demo: true,
  },
  {
    code: '1.004616', name: 'Cấp Chứng chỉ hành nghề dược', nameEn: 'Pharmacy practising certificate', field: 'duoc-pham', levels: ['province'], agency: AG.SYT, agencyText: 'Sở Y tế',
    days: 20, online: 'partial', result: 'Chứng chỉ hành nghề dược', legalBasis: 'Luật Dược 2016; Nghị định 54/2017/NĐ-CP',
    feeSummary: 'Phí thẩm định theo quy định của Bộ Tài chính', fees: [{ name: 'Phí thẩm định cấp chứng chỉ hành nghề dược', amount: 500000, note: 'Mức minh hoạ — demo amount' }],
    papers: [paper('Đơn đề nghị cấp Chứng chỉ hành nghề dược', 1, 0), paper('Bản sao văn bằng chuyên môn', 0, 1), paper('Giấy xác nhận thời gian thực hành chuyên môn', 1, 0), paper('Giấy chứng nhận đủ sức khỏe hành nghề', 1, 0)],
    form: FORMS.generic, demo: true,
  },
  {
    code: '2.000633', name: 'Cấp Giấy phép bán lẻ sản phẩm thuốc lá', nameEn: 'Tobacco retail licence', field: 'luu-thong-hang-hoa', levels: ['province', 'commune'], agency: AG.SCT, agencyText: 'Sở Công Thương; Ủy ban nhân dân cấp xã',
    days: 10, online: 'full', result: 'Giấy phép bán lẻ sản phẩm thuốc lá', legalBasis: 'Luật Phòng, chống tác hại của thuốc lá 2012; Nghị định 67/2013/NĐ-CP; Nghị định 106/2017/NĐ-CP',
    feeSummary: 'Phí thẩm định theo quy định', fees: [{ name: 'Phí thẩm định điều kiện kinh doanh', amount: 200000, note: 'Mức minh hoạ — demo amount' }],
    papers: [paper('Đơn đề nghị cấp Giấy phép bán lẻ sản phẩm thuốc lá', 1, 0), paper('Giấy chứng nhận đăng ký doanh nghiệp hoặc hộ kinh doanh', 0, 1)],
    form: FORMS.household, demo: true,
  },
];
