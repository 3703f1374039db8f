import { Type, type TSchema } from 'typebox';
import { StringEnum } from '../../../platform/http/schemas.js';
import { AGENCY_MODES, FORM_FIELD_TYPES, ONLINE_LEVELS, PREFILL_SOURCES, PROCEDURE_LEVELS, STEP_ROLES, type Procedure, type ProcedureFee, type ProcedurePaper, type WorkflowStep } from '../schema.js';
import type { ProcedureDetail } from '../service.js';

/** Schemas and mappers shared by the catalog routes. */

export const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
export const Id = Type.String({ format: 'uuid' });
export const IdParams = Type.Object({ id: Id });
const BilingualText = Type.Object({ vi: Type.String({ minLength: 1, maxLength: 300 }), en: Type.String({ minLength: 1, maxLength: 300 }) }, { additionalProperties: false });

export const LevelSchema = StringEnum(PROCEDURE_LEVELS, { description: 'province (cấp tỉnh), district (cấp huyện), commune (cấp xã)' });
export const OnlineLevelSchema = StringEnum(ONLINE_LEVELS, { description: 'full (toàn trình), partial (một phần), offline (trực tiếp)' });
export const ProcedureCode = Type.String({ pattern: '^[0-9A-Za-z][0-9A-Za-z.\\-]{2,39}$', description: 'Mã thủ tục trên CSDL quốc gia, e.g. 1.001193' });
export const ProcessingDays = Type.Number({ minimum: 0, maximum: 9999, multipleOf: 0.5, description: 'Thời hạn giải quyết, ngày làm việc (0 = trong ngày)' });

export const FormFieldSchema = Type.Object(
  {
    key: Type.String({ pattern: '^[A-Za-z][A-Za-z0-9_]{0,63}$' }),
    type: StringEnum(FORM_FIELD_TYPES),
    label: BilingualText,
    required: Type.Boolean(),
    options: Type.Optional(Type.Array(Type.Object({ value: Type.String({ minLength: 1, maxLength: 100 }), label: BilingualText }, { additionalProperties: false }), { maxItems: 200 })),
    prefill: Type.Optional(StringEnum(PREFILL_SOURCES)),
    maxLength: Type.Optional(Type.Integer({ minimum: 1, maximum: 100000 })),
    help: Type.Optional(BilingualText),
    min: Type.Optional(Type.Number({ minimum: -1e15, maximum: 1e15, description: 'number: smallest value accepted' })),
    max: Type.Optional(Type.Number({ minimum: -1e15, maximum: 1e15, description: 'number: largest value accepted' })),
    integer: Type.Optional(Type.Boolean({ description: 'number: whole numbers only' })),
    dateRange: Type.Optional(StringEnum(['past', 'future'] as const, { description: 'date: past = not after today (a birth date); future = not before today' })),
    allowOldId: Type.Optional(Type.Boolean({ description: 'idNumber: also accept the 9 digits of the old identity card (CMND)' })),
  },
  { additionalProperties: false },
);

export const PaperBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 1000 }),
    originals: Type.Optional(Type.Integer({ minimum: 0, maximum: 100 })),
    copies: Type.Optional(Type.Integer({ minimum: 0, maximum: 100 })),
    mandatory: Type.Optional(Type.Boolean()),
    templateSha256: Type.Optional(Nullable(Type.String({ pattern: '^[0-9a-f]{64}$' }))),
    note: Type.Optional(Nullable(Type.String({ maxLength: 1000 }))),
  },
  { additionalProperties: false },
);

export const FeeBody = Type.Object(
  { name: Type.String({ minLength: 1, maxLength: 500 }), amount: Type.Integer({ minimum: 0, maximum: 2_000_000_000, description: 'VND' }), note: Type.Optional(Nullable(Type.String({ maxLength: 500 }))) },
  { additionalProperties: false },
);

export const StepBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 300 }),
    nameEn: Type.String({ minLength: 1, maxLength: 300 }),
    role: StringEnum(STEP_ROLES),
    agencyMode: StringEnum(AGENCY_MODES, { description: 'dossier: the agency of the dossier; fixed: agencyId (inter-agency step, liên thông)' }),
    agencyId: Type.Optional(Nullable(Id)),
    sharePercent: Type.Integer({ minimum: 0, maximum: 100, description: 'share of the processing time, percent; a workflow sums to 100' }),
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
  onlineLevel: OnlineLevelSchema,
  resultType: Type.Optional(Nullable(Type.String({ maxLength: 1000 }))),
  legalBasis: Type.Optional(Nullable(Type.String({ maxLength: 10000 }))),
  feeSummary: Type.Optional(Nullable(Type.String({ maxLength: 2000 }))),
  formFields: Type.Optional(Type.Array(FormFieldSchema, { maxItems: 200 })),
  active: Type.Optional(Type.Boolean()),
  demo: Type.Optional(Type.Boolean()),
  papers: Type.Optional(Type.Array(PaperBody, { maxItems: 100 })),
  fees: Type.Optional(Type.Array(FeeBody, { maxItems: 50 })),
};

export const CreateProcedureBody = Type.Object({ code: ProcedureCode, ...columns, workflow: Type.Optional(Type.Array(StepBody, { minItems: 1, maxItems: 50 })) }, { additionalProperties: false });

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
    onlineLevel: Type.Optional(OnlineLevelSchema),
    resultType: columns.resultType,
    legalBasis: columns.legalBasis,
    feeSummary: columns.feeSummary,
    formFields: columns.formFields,
    active: columns.active,
    demo: columns.demo,
    papers: columns.papers,
    fees: columns.fees,
  },
  { additionalProperties: false, minProperties: 1 },
);

export const WorkflowBody = Type.Object({ steps: Type.Array(StepBody, { maxItems: 50 }) }, { additionalProperties: false });

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
  onlineLevel: OnlineLevelSchema,
  resultType: Nullable(Type.String()),
  feeSummary: Nullable(Type.String()),
  active: Type.Boolean(),
  demo: Type.Boolean(),
};

export const ProcedureSummary = Type.Object({ ...summaryProps, fieldName: Nullable(Type.String()) });

export const PaperView = Type.Object({ id: Type.String(), ordinal: Type.Integer(), name: Type.String(), originals: Type.Integer(), copies: Type.Integer(), mandatory: Type.Boolean(), templateSha256: Nullable(Type.String()), note: Nullable(Type.String()) });
export const FeeView = Type.Object({ id: Type.String(), ordinal: Type.Integer(), name: Type.String(), amount: Type.Integer(), note: Nullable(Type.String()) });
export const StepView = Type.Object({ id: Type.String(), ordinal: Type.Integer(), name: Type.String(), nameEn: Type.String(), role: StringEnum(STEP_ROLES), agencyMode: StringEnum(AGENCY_MODES), agencyId: Nullable(Type.String()), sharePercent: Type.Integer() });

export const ProcedureDetailView = Type.Object({
  ...summaryProps,
  legalBasis: Nullable(Type.String()),
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
  onlineLevel: p.onlineLevel,
  resultType: p.resultType,
  feeSummary: p.feeSummary,
  active: p.active,
  demo: p.demo,
});

export const summaryView = (p: Procedure & { fieldName: string | null }) => ({ ...summaryOf(p), fieldName: p.fieldName });

const paperView = (x: ProcedurePaper) => ({ id: x.id, ordinal: x.ordinal, name: x.name, originals: x.originals, copies: x.copies, mandatory: x.mandatory, templateSha256: x.templateSha256, note: x.note });
const feeView = (x: ProcedureFee) => ({ id: x.id, ordinal: x.ordinal, name: x.name, amount: x.amount, note: x.note });
export const stepView = (x: WorkflowStep) => ({ id: x.id, ordinal: x.ordinal, name: x.name, nameEn: x.nameEn, role: x.role, agencyMode: x.agencyMode, agencyId: x.agencyId, sharePercent: x.sharePercent });

export const detailView = (p: ProcedureDetail) => ({
  ...summaryOf(p),
  legalBasis: p.legalBasis,
  formFields: p.formFields,
  field: p.field,
  agency: p.agency,
  papers: p.papers.map(paperView),
  fees: p.fees.map(feeView),
  workflow: p.workflow.map(stepView),
  createdAt: p.createdAt.toISOString(),
  updatedAt: p.updatedAt.toISOString(),
});
