import { Type, type TSchema } from 'typebox';
import {
  AGENCY_MODES,
  CHANNELS,
  FEE_KINDS,
  FORM_FIELD_TYPES,
  ONLINE_LEVELS,
  PREFILL_SOURCES,
  PROCEDURE_LEVELS,
  STEP_ROLES,
  type Procedure,
  type ProcedureFee,
  type ProcedurePaper,
  type WorkflowStep,
} from '../schema.js';
import type { ProcedureDetail } from '../service.js';
import { NATIONAL_SOURCES, PAPER_PROVISIONS } from '../../papers/sources.js';
import { StringEnum } from '../../../platform/index.js';

/** Schemas and mappers shared by the catalog routes. */

export const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
export const Id = Type.String({ format: 'uuid' });
export const IdParams = Type.Object({ id: Id });
const BilingualText = Type.Object(
  { vi: Type.String({ minLength: 1, maxLength: 300 }), en: Type.String({ minLength: 1, maxLength: 300 }) },
  { additionalProperties: false },
);

export const LevelSchema = StringEnum(PROCEDURE_LEVELS, {
  description: 'province (cấp tỉnh), district (cấp huyện), commune (cấp xã)',
});
export const OnlineLevelSchema = StringEnum(ONLINE_LEVELS, {
  description: 'full (toàn trình), partial (một phần), offline (trực tiếp)',
});
export const ChannelSchema = StringEnum(CHANNELS, {
  description: 'direct (trực tiếp), online (trực tuyến), postal (dịch vụ bưu chính)',
});
export const ProcedureCode = Type.String({
  pattern: '^[0-9A-Za-z][0-9A-Za-z.\\-]{2,39}$',
  description: 'Mã thủ tục trên CSDL quốc gia, e.g. 1.001193',
});
export const ProcessingDays = Type.Number({
  minimum: 0,
  maximum: 9999,
  multipleOf: 0.5,
  description: 'Thời hạn giải quyết, ngày làm việc (0 = trong ngày)',
});

export const FormFieldSchema = Type.Object(
  {
    key: Type.String({ pattern: '^[A-Za-z][A-Za-z0-9_]{0,63}$' }),
    type: StringEnum(FORM_FIELD_TYPES),
    label: BilingualText,
    required: Type.Boolean(),
    options: Type.Optional(
      Type.Array(
        Type.Object(
          { value: Type.String({ minLength: 1, maxLength: 100 }), label: BilingualText },
          { additionalProperties: false },
        ),
        { maxItems: 200 },
      ),
    ),
    prefill: Type.Optional(StringEnum(PREFILL_SOURCES)),
    maxLength: Type.Optional(Type.Integer({ minimum: 1, maximum: 100000 })),
    help: Type.Optional(BilingualText),
    min: Type.Optional(Type.Number({ minimum: -1e15, maximum: 1e15, description: 'number: smallest value accepted' })),
    max: Type.Optional(Type.Number({ minimum: -1e15, maximum: 1e15, description: 'number: largest value accepted' })),
    integer: Type.Optional(Type.Boolean({ description: 'number: whole numbers only' })),
    dateRange: Type.Optional(
      StringEnum(['past', 'future'] as const, {
        description: 'date: past = not after today (a birth date); future = not before today',
      }),
    ),
    allowOldId: Type.Optional(
      Type.Boolean({ description: 'idNumber: also accept the 9 digits of the old identity card (CMND)' }),
    ),
  },
  { additionalProperties: false },
);

export const PaperKindCode = Type.String({
  pattern: '^[a-z0-9][a-z0-9-]{0,63}$',
  description: 'Loại giấy tờ (GET /api/paper-kinds)',
});
export const ProvisionSchema = StringEnum(PAPER_PROVISIONS, {
  description:
    'upload (nộp bản điện tử), desk (chỉ xuất trình tại quầy), national (khai thác từ CSDL quốc gia: nationalSource)',
});
export const NationalSourceSchema = StringEnum(NATIONAL_SOURCES, {
  description:
    'population = CSDLQG về dân cư; civil-status = CSDL hộ tịch điện tử; business = CSDLQG về đăng ký doanh nghiệp; land = CSDL đất đai; insurance = CSDLQG về bảo hiểm',
});

export const PaperBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 1000 }),
    originals: Type.Optional(Type.Integer({ minimum: 0, maximum: 100 })),
    copies: Type.Optional(Type.Integer({ minimum: 0, maximum: 100 })),
    mandatory: Type.Optional(Type.Boolean()),
    templateSha256: Type.Optional(
      Nullable(Type.String({ pattern: '^[0-9a-f]{64}$', description: 'the template uploaded with POST /api/files' })),
    ),
    templateName: Type.Optional(
      Nullable(
        Type.String({
          maxLength: 300,
          description: 'Mẫu đơn, tờ khai: the template file as the national record names it',
        }),
      ),
    ),
    note: Type.Optional(Nullable(Type.String({ maxLength: 1000 }))),
    kindCode: Type.Optional(Nullable(PaperKindCode)),
    provision: Type.Optional(ProvisionSchema),
    nationalSource: Type.Optional(Nullable(NationalSourceSchema)),
  },
  { additionalProperties: false },
);

const FeeRuleText = Type.Object(
  { vi: Type.String({ minLength: 1, maxLength: 300 }), en: Type.String({ minLength: 1, maxLength: 300 }) },
  { additionalProperties: false },
);
const FieldKey = Type.String({ pattern: '^[A-Za-z][A-Za-z0-9_]{0,63}$' });
const LocalDate = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'YYYY-MM-DD' });
const feeRuleProps = {
  kind: StringEnum(FEE_KINDS, {
    description:
      'fixed: cố định; per_copy: theo số bản (từ bản thứ fromCopy); by_field: theo mức của một trường tờ khai (diện tích, giá trị)',
  }),
  quantityField: Nullable(FieldKey),
  fromCopy: Type.Integer({
    minimum: 1,
    maximum: 1000,
    description: 'per_copy: tính từ bản thứ mấy (3 = từ bản thứ ba)',
  }),
  brackets: Nullable(
    Type.Array(
      Type.Object(
        {
          upTo: Nullable(Type.Number({ minimum: 0, maximum: 1e15 })),
          amount: Type.Integer({ minimum: 0, maximum: 2_000_000_000 }),
        },
        { additionalProperties: false },
      ),
      { maxItems: 50 },
    ),
  ),
  reductions: Type.Array(
    Type.Object(
      {
        category: Type.String({ pattern: '^[a-z0-9][a-z0-9-]{0,63}$' }),
        label: FeeRuleText,
        percent: Type.Integer({ minimum: 1, maximum: 100, description: '100 = miễn' }),
        evidence: FeeRuleText,
      },
      { additionalProperties: false },
    ),
    { maxItems: 20, description: 'Miễn, giảm cho đối tượng, kèm giấy tờ chứng minh' },
  ),
  onlineReductionPercent: Type.Integer({
    minimum: 0,
    maximum: 100,
    description: 'Giảm khi nộp trực tuyến (do tỉnh quyết định)',
  }),
  refundable: Type.Boolean({ description: 'Hoàn lại khi hồ sơ bị từ chối hoặc rút sau khi đã nộp' }),
  legalBasis: Nullable(Type.String({ maxLength: 1000 })),
  validFrom: Nullable(LocalDate),
  validTo: Nullable(LocalDate),
};

export const FeeBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 500 }),
    amount: Type.Integer({ minimum: 0, maximum: 2_000_000_000, description: 'VND; per_copy: mỗi bản' }),
    note: Type.Optional(Nullable(Type.String({ maxLength: 500 }))),
    kind: Type.Optional(feeRuleProps.kind),
    quantityField: Type.Optional(feeRuleProps.quantityField),
    fromCopy: Type.Optional(feeRuleProps.fromCopy),
    brackets: Type.Optional(feeRuleProps.brackets),
    reductions: Type.Optional(feeRuleProps.reductions),
    onlineReductionPercent: Type.Optional(feeRuleProps.onlineReductionPercent),
    refundable: Type.Optional(feeRuleProps.refundable),
    legalBasis: Type.Optional(feeRuleProps.legalBasis),
    validFrom: Type.Optional(feeRuleProps.validFrom),
    validTo: Type.Optional(feeRuleProps.validTo),
  },
  { additionalProperties: false },
);

export const StepBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 300 }),
    nameEn: Type.String({ minLength: 1, maxLength: 300 }),
    role: StringEnum(STEP_ROLES),
    agencyMode: StringEnum(AGENCY_MODES, {
      description: 'dossier: the agency of the dossier; fixed: agencyId (inter-agency step, liên thông)',
    }),
    agencyId: Type.Optional(Nullable(Id)),
    sharePercent: Type.Integer({
      minimum: 0,
      maximum: 100,
      description: 'share of the processing time, percent; a workflow sums to 100',
    }),
  },
  { additionalProperties: false },
);

const columns = {
  name: Type.String({ minLength: 1, maxLength: 1000 }),
  nameEn: Type.Optional(Nullable(Type.String({ maxLength: 1000 }))),
  fieldCode: Type.String({ minLength: 1, maxLength: 100 }),
  levels: Type.Array(LevelSchema, { minItems: 1, maxItems: 3, uniqueItems: true }),
  agencyId: Type.Optional(Nullable(Id)),
  agencyText: Type.Optional(Nullable(Type.String({ maxLength: 1000 }))),
  processingDays: ProcessingDays,
  processingNote: Type.Optional(Nullable(Type.String({ maxLength: 2000 }))),
  processingCutoff: Type.Optional(
    Nullable(
      Type.String({
        pattern: '^([01]\\d|2[0-3]):[0-5]\\d$',
        description: 'Trong ngày: nhận từ giờ này (HH:MM) thì hẹn cuối ngày làm việc kế tiếp (hộ tịch: 15:00)',
      }),
    ),
  ),
  immediateMinutes: Type.Optional(
    Nullable(
      Type.Integer({ minimum: 1, maximum: 480, description: 'Giải quyết ngay: số phút làm việc (chỉ khi 0 ngày)' }),
    ),
  ),
  onlineLevel: OnlineLevelSchema,
  resultType: Type.Optional(Nullable(Type.String({ maxLength: 1000 }))),
  resultKindCode: Type.Optional(Nullable(PaperKindCode)),
  legalBasis: Type.Optional(Nullable(Type.String({ maxLength: 10000 }))),
  feeSummary: Type.Optional(Nullable(Type.String({ maxLength: 2000 }))),
  channels: Type.Optional(Type.Array(ChannelSchema, { maxItems: 3, uniqueItems: true })),
  competentAgencyText: Type.Optional(Nullable(Type.String({ maxLength: 1000 }))),
  subjects: Type.Optional(Nullable(Type.String({ maxLength: 2000 }))),
  requirements: Type.Optional(Nullable(Type.String({ maxLength: 10000 }))),
  formFields: Type.Optional(Type.Array(FormFieldSchema, { maxItems: 200 })),
  active: Type.Optional(Type.Boolean()),
  demo: Type.Optional(Type.Boolean()),
  papers: Type.Optional(Type.Array(PaperBody, { maxItems: 100 })),
  fees: Type.Optional(Type.Array(FeeBody, { maxItems: 50 })),
};

export const CreateProcedureBody = Type.Object(
  { code: ProcedureCode, ...columns, workflow: Type.Optional(Type.Array(StepBody, { minItems: 1, maxItems: 50 })) },
  { additionalProperties: false },
);

export const PatchProcedureBody = Type.Object(
  {
    code: Type.Optional(ProcedureCode),
    name: Type.Optional(columns.name),
    nameEn: columns.nameEn,
    fieldCode: Type.Optional(columns.fieldCode),
    levels: Type.Optional(columns.levels),
    agencyId: columns.agencyId,
    agencyText: columns.agencyText,
    processingDays: Type.Optional(ProcessingDays),
    processingNote: columns.processingNote,
    processingCutoff: columns.processingCutoff,
    immediateMinutes: columns.immediateMinutes,
    onlineLevel: Type.Optional(OnlineLevelSchema),
    resultType: columns.resultType,
    resultKindCode: columns.resultKindCode,
    legalBasis: columns.legalBasis,
    feeSummary: columns.feeSummary,
    channels: columns.channels,
    competentAgencyText: columns.competentAgencyText,
    subjects: columns.subjects,
    requirements: columns.requirements,
    formFields: columns.formFields,
    active: columns.active,
    demo: columns.demo,
    papers: columns.papers,
    fees: columns.fees,
  },
  { additionalProperties: false, minProperties: 1 },
);

export const WorkflowBody = Type.Object(
  { steps: Type.Array(StepBody, { maxItems: 50 }) },
  { additionalProperties: false },
);

const summaryProps = {
  id: Type.String(),
  code: Type.String(),
  name: Type.String(),
  nameEn: Nullable(Type.String()),
  fieldCode: Type.String(),
  levels: Type.Array(LevelSchema),
  agencyId: Nullable(Type.String()),
  agencyText: Nullable(Type.String()),
  processingDays: Type.Number(),
  processingNote: Nullable(Type.String()),
  processingCutoff: Nullable(Type.String()),
  immediateMinutes: Nullable(Type.Integer()),
  onlineLevel: OnlineLevelSchema,
  resultType: Nullable(Type.String()),
  resultKindCode: Nullable(Type.String()),
  feeSummary: Nullable(Type.String()),
  channels: Type.Array(ChannelSchema),
  active: Type.Boolean(),
  demo: Type.Boolean(),
};

export const ProcedureSummary = Type.Object({ ...summaryProps, fieldName: Nullable(Type.String()) });

export const PaperView = Type.Object({
  id: Type.String(),
  ordinal: Type.Integer(),
  name: Type.String(),
  originals: Type.Integer(),
  copies: Type.Integer(),
  mandatory: Type.Boolean(),
  templateSha256: Nullable(Type.String()),
  templateName: Nullable(Type.String()),
  note: Nullable(Type.String()),
  kindCode: Nullable(Type.String()),
  provision: ProvisionSchema,
  nationalSource: Nullable(NationalSourceSchema),
});
export const FeeView = Type.Object({
  id: Type.String(),
  ordinal: Type.Integer(),
  name: Type.String(),
  amount: Type.Integer(),
  note: Nullable(Type.String()),
  ...feeRuleProps,
});
export const StepView = Type.Object({
  id: Type.String(),
  ordinal: Type.Integer(),
  name: Type.String(),
  nameEn: Type.String(),
  role: StringEnum(STEP_ROLES),
  agencyMode: StringEnum(AGENCY_MODES),
  agencyId: Nullable(Type.String()),
  sharePercent: Type.Integer(),
});

export const ProcedureDetailView = Type.Object({
  ...summaryProps,
  legalBasis: Nullable(Type.String()),
  competentAgencyText: Nullable(Type.String()),
  subjects: Nullable(Type.String()),
  requirements: Nullable(Type.String()),
  importedAt: Nullable(Type.String({ format: 'date-time' })),
  formFields: Type.Array(FormFieldSchema),
  field: Nullable(Type.Object({ code: Type.String(), name: Type.String(), nameEn: Nullable(Type.String()) })),
  agency: Nullable(Type.Object({ id: Type.String(), code: Type.String(), name: Type.String() })),
  papers: Type.Array(PaperView),
  fees: Type.Array(FeeView),
  workflow: Type.Array(StepView),
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
});

const summaryOf = (p: Procedure) => ({
  id: p.id,
  code: p.code,
  name: p.name,
  nameEn: p.nameEn,
  fieldCode: p.fieldCode,
  levels: p.levels,
  agencyId: p.agencyId,
  agencyText: p.agencyText,
  processingDays: Number(p.processingDays),
  processingNote: p.processingNote,
  processingCutoff: p.processingCutoff,
  immediateMinutes: p.immediateMinutes,
  onlineLevel: p.onlineLevel,
  resultType: p.resultType,
  resultKindCode: p.resultKindCode,
  feeSummary: p.feeSummary,
  channels: p.channels,
  active: p.active,
  demo: p.demo,
});

export const summaryView = (p: Procedure & { fieldName: string | null }) => ({
  ...summaryOf(p),
  fieldName: p.fieldName,
});

const paperView = (x: ProcedurePaper) => ({
  id: x.id,
  ordinal: x.ordinal,
  name: x.name,
  originals: x.originals,
  copies: x.copies,
  mandatory: x.mandatory,
  templateSha256: x.templateSha256,
  templateName: x.templateName,
  note: x.note,
  kindCode: x.kindCode,
  provision: x.provision,
  nationalSource: x.nationalSource,
});
const feeView = (x: ProcedureFee) => ({
  id: x.id,
  ordinal: x.ordinal,
  name: x.name,
  amount: x.amount,
  note: x.note,
  kind: x.kind,
  quantityField: x.quantityField,
  fromCopy: x.fromCopy,
  brackets: x.brackets,
  reductions: x.reductions,
  onlineReductionPercent: x.onlineReductionPercent,
  refundable: x.refundable,
  legalBasis: x.legalBasis,
  validFrom: x.validFrom,
  validTo: x.validTo,
});
export const stepView = (x: WorkflowStep) => ({
  id: x.id,
  ordinal: x.ordinal,
  name: x.name,
  nameEn: x.nameEn,
  role: x.role,
  agencyMode: x.agencyMode,
  agencyId: x.agencyId,
  sharePercent: x.sharePercent,
});

export const detailView = (p: ProcedureDetail) => ({
  ...summaryOf(p),
  legalBasis: p.legalBasis,
  competentAgencyText: p.competentAgencyText,
  subjects: p.subjects,
  requirements: p.requirements,
  importedAt: p.importedAt?.toISOString() ?? null,
  formFields: p.formFields,
  field: p.field,
  agency: p.agency,
  papers: p.papers.map(paperView),
  fees: p.fees.map(feeView),
  workflow: p.workflow.map(stepView),
  createdAt: p.createdAt.toISOString(),
  updatedAt: p.updatedAt.toISOString(),
});
