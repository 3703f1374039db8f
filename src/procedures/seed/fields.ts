import type { FormField } from '../catalog/schema.js';

/** Fields (lĩnh vực) of the seeded procedures, named as in the national procedure database. */
export const SEED_FIELDS: { code: string; name: string; nameEn: string }[] = [
  { code: 'ho-tich', name: 'Hộ tịch', nameEn: 'Civil status' },
  { code: 'chung-thuc', name: 'Chứng thực', nameEn: 'Certification' },
  { code: 'ly-lich-tu-phap', name: 'Lý lịch tư pháp', nameEn: 'Judicial records' },
  { code: 'ho-kinh-doanh', name: 'Thành lập và hoạt động của hộ kinh doanh', nameEn: 'Household businesses' },
  { code: 'doanh-nghiep', name: 'Thành lập và hoạt động doanh nghiệp', nameEn: 'Enterprises' },
  { code: 'hoat-dong-xay-dung', name: 'Hoạt động xây dựng', nameEn: 'Construction' },
  { code: 'dat-dai', name: 'Đất đai', nameEn: 'Land' },
  { code: 'bao-tro-xa-hoi', name: 'Bảo trợ xã hội', nameEn: 'Social protection' },
  { code: 'viec-lam', name: 'Việc làm', nameEn: 'Employment' },
  { code: 'van-bang-chung-chi', name: 'Văn bằng, chứng chỉ', nameEn: 'Diplomas and certificates' },
  { code: 'lu-hanh', name: 'Lữ hành', nameEn: 'Travel services' },
  { code: 'duoc-pham', name: 'Dược phẩm', nameEn: 'Pharmacy' },
  { code: 'luu-thong-hang-hoa', name: 'Lưu thông hàng hóa trong nước', nameEn: 'Domestic trade' },
];

const f = (
  key: string,
  type: FormField['type'],
  vi: string,
  en: string,
  required = true,
  extra: Partial<FormField> = {},
): FormField => ({ key, type, label: { vi, en }, required, ...extra });

/** The applicant (người yêu cầu), prefilled from the citizen's profile. */
export const APPLICANT: FormField[] = [
  f('applicantName', 'text', 'Họ, chữ đệm, tên người yêu cầu', 'Applicant’s full name', true, {
    prefill: 'fullName',
    maxLength: 100,
  }),
  f('applicantIdNumber', 'idNumber', 'Số định danh cá nhân', 'Personal identification number', true, {
    prefill: 'idNumber',
  }),
  f('applicantAddress', 'text', 'Nơi cư trú', 'Place of residence', true, { prefill: 'address', maxLength: 300 }),
  f('applicantPhone', 'phone', 'Số điện thoại', 'Phone', false, { prefill: 'phone' }),
  f('applicantEmail', 'email', 'Thư điện tử', 'E-mail', false, { prefill: 'email' }),
];

/** A date that cannot be after today: a birth, a death. */
const PAST = { dateRange: 'past' } as const;
/** A number of copies or certificates: whole, at least one, and not a print run. */
const COUNT = { integer: true, min: 1, max: 100 };

const SEX = {
  options: [
    { value: 'nam', label: { vi: 'Nam', en: 'Male' } },
    { value: 'nu', label: { vi: 'Nữ', en: 'Female' } },
  ],
};

export const FORMS = {
  birth: [
    ...APPLICANT,
    f('childName', 'text', 'Họ, chữ đệm, tên người được khai sinh', 'Child’s full name'),
    f('childBirthDate', 'date', 'Ngày, tháng, năm sinh', 'Date of birth', true, PAST),
    f('childSex', 'select', 'Giới tính', 'Sex', true, SEX),
    f('birthPlace', 'text', 'Nơi sinh', 'Place of birth'),
    f('motherName', 'text', 'Họ, chữ đệm, tên người mẹ', 'Mother’s full name', false),
    f('fatherName', 'text', 'Họ, chữ đệm, tên người cha', 'Father’s full name', false),
    f('relationship', 'text', 'Quan hệ với người được khai sinh', 'Relationship to the child'),
  ],
  death: [
    ...APPLICANT,
    f('deceasedName', 'text', 'Họ, chữ đệm, tên người chết', 'Deceased’s full name'),
    // A person who died before 2025 may have had only the 9-digit identity card (CMND).
    f('deceasedIdNumber', 'idNumber', 'Số định danh cá nhân người chết', 'Deceased’s identification number', false, {
      allowOldId: true,
    }),
    f('deathDate', 'date', 'Ngày chết', 'Date of death', true, PAST),
    f('deathPlace', 'text', 'Nơi chết', 'Place of death'),
    f('deathCause', 'text', 'Nguyên nhân chết', 'Cause of death', false),
  ],
  marriage: [
    ...APPLICANT,
    f('partnerName', 'text', 'Họ, chữ đệm, tên bên kia', 'Partner’s full name'),
    f('partnerBirthDate', 'date', 'Ngày sinh của bên kia', 'Partner’s date of birth', true, PAST),
    f('partnerIdNumber', 'idNumber', 'Số định danh cá nhân của bên kia', 'Partner’s identification number'),
    f('partnerAddress', 'text', 'Nơi cư trú của bên kia', 'Partner’s residence'),
  ],
  maritalStatus: [
    ...APPLICANT,
    f('purpose', 'text', 'Mục đích sử dụng', 'Purpose of use', true, { maxLength: 200 }),
    f('maritalStatus', 'select', 'Tình trạng hôn nhân', 'Marital status', true, {
      options: [
        { value: 'chua-ket-hon', label: { vi: 'Chưa đăng ký kết hôn với ai', en: 'Never married' } },
        { value: 'ly-hon', label: { vi: 'Đã ly hôn', en: 'Divorced' } },
        { value: 'goa', label: { vi: 'Vợ/chồng đã chết', en: 'Widowed' } },
        { value: 'dang-co', label: { vi: 'Đang có vợ/chồng', en: 'Married' } },
      ],
    }),
  ],
  parentage: [
    ...APPLICANT,
    f('parentName', 'text', 'Họ, tên người nhận (cha/mẹ)', 'Acknowledging parent’s name'),
    f('childName', 'text', 'Họ, tên người được nhận (con)', 'Acknowledged child’s name'),
    f('childBirthDate', 'date', 'Ngày sinh của người được nhận', 'Child’s date of birth', true, PAST),
  ],
  civilChange: [
    ...APPLICANT,
    f('recordRef', 'text', 'Số, quyển giấy tờ hộ tịch cần thay đổi', 'Register reference to change'),
    f('content', 'textarea', 'Nội dung đề nghị thay đổi, cải chính, bổ sung', 'Change requested', true, {
      maxLength: 2000,
    }),
    f('reason', 'textarea', 'Lý do', 'Reason', true, { maxLength: 1000 }),
  ],
  guardianship: [
    ...APPLICANT,
    f('wardName', 'text', 'Họ, tên người được giám hộ', 'Ward’s full name'),
    f('wardBirthDate', 'date', 'Ngày sinh người được giám hộ', 'Ward’s date of birth', true, PAST),
  ],
  extract: [
    ...APPLICANT,
    f('recordKind', 'select', 'Loại trích lục', 'Kind of extract', true, {
      options: [
        { value: 'khai-sinh', label: { vi: 'Khai sinh', en: 'Birth' } },
        { value: 'ket-hon', label: { vi: 'Kết hôn', en: 'Marriage' } },
        { value: 'khai-tu', label: { vi: 'Khai tử', en: 'Death' } },
      ],
    }),
    f('subjectName', 'text', 'Họ, tên người được cấp trích lục', 'Person named in the record'),
    f('copies', 'number', 'Số bản sao', 'Number of copies', true, COUNT),
  ],
  certify: [
    ...APPLICANT,
    f('documentName', 'text', 'Tên giấy tờ, văn bản', 'Document'),
    f('pages', 'number', 'Số trang', 'Pages', true, { integer: true, min: 1, max: 10_000 }),
    f('copies', 'number', 'Số bản', 'Copies', true, COUNT),
  ],
  contract: [
    ...APPLICANT,
    f('contractKind', 'text', 'Loại hợp đồng, giao dịch', 'Kind of contract'),
    f('assetDescription', 'textarea', 'Tài sản', 'Asset', true, { maxLength: 2000 }),
  ],
  judicial: [
    ...APPLICANT,
    f('birthDate', 'date', 'Ngày sinh', 'Date of birth', true, { prefill: 'dateOfBirth', ...PAST }),
    f('slipKind', 'select', 'Loại phiếu', 'Kind of certificate', true, {
      options: [
        { value: '1', label: { vi: 'Phiếu số 1', en: 'Certificate no. 1' } },
        { value: '2', label: { vi: 'Phiếu số 2', en: 'Certificate no. 2' } },
      ],
    }),
    f('copies', 'number', 'Số lượng phiếu', 'Number of certificates', true, COUNT),
    f('purpose', 'text', 'Mục đích sử dụng', 'Purpose', true),
  ],
  household: [
    ...APPLICANT,
    f('businessName', 'text', 'Tên hộ kinh doanh', 'Business name', true, { maxLength: 200 }),
    f('businessAddress', 'text', 'Địa điểm kinh doanh', 'Business address'),
    f('businessLines', 'textarea', 'Ngành, nghề kinh doanh', 'Business lines', true, { maxLength: 2000 }),
    f('capital', 'number', 'Vốn kinh doanh (đồng)', 'Capital (VND)', true, { integer: true, min: 0 }),
    f('employees', 'number', 'Số lượng lao động', 'Employees', false, { integer: true, min: 0, max: 1_000_000 }),
  ],
  householdChange: [
    ...APPLICANT,
    f('registrationNumber', 'text', 'Mã số hộ kinh doanh', 'Household business number'),
    f('content', 'textarea', 'Nội dung thay đổi / lý do', 'Change or reason', true, { maxLength: 2000 }),
  ],
  company: [
    ...APPLICANT,
    f('companyName', 'text', 'Tên doanh nghiệp', 'Company name', true, { maxLength: 300 }),
    f('headOffice', 'text', 'Địa chỉ trụ sở chính', 'Head office address'),
    f('businessLines', 'textarea', 'Ngành, nghề kinh doanh', 'Business lines', true, { maxLength: 4000 }),
    f('charterCapital', 'number', 'Vốn điều lệ (đồng)', 'Charter capital (VND)', true, { integer: true, min: 0 }),
  ],
  building: [
    ...APPLICANT,
    f('parcel', 'text', 'Thửa đất số, tờ bản đồ số', 'Parcel and map sheet'),
    f('siteAddress', 'text', 'Địa điểm xây dựng', 'Building site'),
    f('floors', 'number', 'Số tầng', 'Floors', true, { integer: true, min: 1, max: 200 }),
    f('floorArea', 'number', 'Tổng diện tích sàn (m²)', 'Total floor area (m²)', true, { min: 0, max: 10_000_000 }),
  ],
  land: [
    ...APPLICANT,
    f('parcel', 'text', 'Thửa đất số, tờ bản đồ số', 'Parcel and map sheet'),
    f('landAddress', 'text', 'Địa chỉ thửa đất', 'Address of the parcel'),
    f('area', 'number', 'Diện tích (m²)', 'Area (m²)', true, { min: 0, max: 1_000_000_000 }),
    f('landUse', 'text', 'Mục đích sử dụng đất', 'Land use'),
  ],
  social: [
    ...APPLICANT,
    f('beneficiaryName', 'text', 'Họ, tên người hưởng', 'Beneficiary'),
    f('beneficiaryBirthDate', 'date', 'Ngày sinh người hưởng', 'Beneficiary’s date of birth', true, PAST),
    f('category', 'text', 'Thuộc đối tượng', 'Category of beneficiary'),
    f('bankAccount', 'text', 'Số tài khoản nhận trợ cấp', 'Bank account', false),
  ],
  generic: [...APPLICANT, f('content', 'textarea', 'Nội dung đề nghị', 'Request', true, { maxLength: 4000 })],
} satisfies Record<string, FormField[]>;
