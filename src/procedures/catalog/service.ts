import { and, asc, count, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import { problems, type Executor, type FieldError, files } from '../../platform/index.js';
import { agencies } from '../../directory/index.js';
import {
  procedureFees,
  procedureFields,
  procedurePapers,
  procedures,
  workflowSteps,
  type AgencyMode,
  type Channel,
  type FeeBracket,
  type FeeKind,
  type FeeReduction,
  type FormField,
  type OnlineLevel,
  type Procedure,
  type ProcedureFee,
  type ProcedureLevel,
  type ProcedurePaper,
  type StepRole,
  type WorkflowStep,
} from './schema.js';
import type { NationalSource, PaperProvision } from '../papers/sources.js';
import { paperProvisionErrors } from '../papers/catalog-checks.js';
// The file store's table: a template named by a paper must be an uploaded file.
import { searchPhrases, searchSql, type SearchSql } from './search.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (s: string): boolean => UUID.test(s);

export const procedureWord = { vi: 'thủ tục hành chính', en: 'Procedure' };

export interface PaperInput {
  name: string;
  originals?: number;
  copies?: number;
  mandatory?: boolean;
  templateSha256?: string | null;
  templateName?: string | null;
  note?: string | null;
  /** See ../papers: the kind of paper, and whether it is uploaded, shown at the desk or taken from a national database. */
  kindCode?: string | null;
  provision?: PaperProvision;
  nationalSource?: NationalSource | null;
}
export interface FeeInput {
  name: string;
  amount: number;
  note?: string | null;
  kind?: FeeKind;
  quantityField?: string | null;
  fromCopy?: number;
  brackets?: FeeBracket[] | null;
  reductions?: FeeReduction[];
  onlineReductionPercent?: number;
  refundable?: boolean;
  legalBasis?: string | null;
  validFrom?: string | null;
  validTo?: string | null;
}
export interface StepInput {
  name: string;
  nameEn: string;
  role: StepRole;
  agencyMode: AgencyMode;
  agencyId?: string | null;
  sharePercent: number;
}
export interface ProcedureInput {
  code: string;
  name: string;
  nameEn?: string | null;
  fieldCode: string;
  levels: ProcedureLevel[];
  agencyId?: string | null;
  agencyText?: string | null;
  processingDays: number;
  processingNote?: string | null;
  processingCutoff?: string | null;
  immediateMinutes?: number | null;
  onlineLevel: OnlineLevel;
  resultType?: string | null;
  resultKindCode?: string | null;
  legalBasis?: string | null;
  feeSummary?: string | null;
  channels?: Channel[];
  competentAgencyText?: string | null;
  subjects?: string | null;
  requirements?: string | null;
  importedAt?: Date | null;
  formFields?: FormField[];
  active?: boolean;
  demo?: boolean;
}

export interface ProcedureDetail extends Procedure {
  field: { code: string; name: string; nameEn: string | null } | null;
  agency: { id: string; code: string; name: string } | null;
  papers: ProcedurePaper[];
  fees: ProcedureFee[];
  workflow: WorkflowStep[];
}

/** A procedure by id or national code, with its papers, fees and workflow; null when there is none. */
export async function getProcedure(ex: Executor, idOrCode: string): Promise<ProcedureDetail | null> {
  const [p] = await ex
    .select()
    .from(procedures)
    .where(isUuid(idOrCode) ? eq(procedures.id, idOrCode) : eq(procedures.code, idOrCode))
    .limit(1);
  if (!p) return null;
  // One after another: `ex` may be a transaction, whose single connection cannot take queries in parallel.
  const field = await ex
    .select({ code: procedureFields.code, name: procedureFields.name, nameEn: procedureFields.nameEn })
    .from(procedureFields)
    .where(eq(procedureFields.code, p.fieldCode))
    .limit(1);
  const agency = p.agencyId
    ? await ex
        .select({ id: agencies.id, code: agencies.code, name: agencies.name })
        .from(agencies)
        .where(eq(agencies.id, p.agencyId))
        .limit(1)
    : [];
  const papers = await ex
    .select()
    .from(procedurePapers)
    .where(eq(procedurePapers.procedureId, p.id))
    .orderBy(asc(procedurePapers.ordinal));
  const fees = await ex
    .select()
    .from(procedureFees)
    .where(eq(procedureFees.procedureId, p.id))
    .orderBy(asc(procedureFees.ordinal));
  const workflow = await procedureWorkflow(ex, p.id);
  return { ...p, field: field[0] ?? null, agency: agency[0] ?? null, papers, fees, workflow };
}

/** The ordered steps of a procedure's workflow. */
export async function procedureWorkflow(ex: Executor, procedureId: string): Promise<WorkflowStep[]> {
  if (!isUuid(procedureId)) return [];
  return ex
    .select()
    .from(workflowSteps)
    .where(eq(workflowSteps.procedureId, procedureId))
    .orderBy(asc(workflowSteps.ordinal));
}

export interface ProcedureQuery {
  q?: string;
  field?: string;
  level?: ProcedureLevel;
  agencyId?: string;
  onlineLevel?: OnlineLevel;
  active?: boolean;
  limit?: number;
  offset?: number;
}

/**
 * Searches the catalog. `q` matches the code or name without diacritics ("khai sinh" finds
 * "Đăng ký khai sinh"), the phrases people use for the catalog's wording, the rest of the record,
 * or, for typos, by trigram word similarity; results are ordered as ./search.ts ranks them.
 */
export async function listProcedures(
  ex: Executor,
  q: ProcedureQuery,
): Promise<{ items: (Procedure & { fieldName: string | null })[]; total: number }> {
  const where: SQL[] = [];
  let rank: SearchSql | null = null;
  const text = q.q?.trim();
  if (text) {
    rank = searchSql(text, await searchPhrases(ex, text));
    where.push(rank.where);
  }
  if (q.field) where.push(eq(procedures.fieldCode, q.field));
  if (q.level) where.push(sql`${procedures.levels} @> ARRAY[${q.level}]::text[]`);
  if (q.agencyId) {
    if (!isUuid(q.agencyId)) return { items: [], total: 0 };
    where.push(eq(procedures.agencyId, q.agencyId));
  }
  if (q.onlineLevel) where.push(eq(procedures.onlineLevel, q.onlineLevel));
  if (q.active !== undefined) where.push(eq(procedures.active, q.active));
  const cond = and(...where);
  const order = rank
    ? [desc(rank.tier), desc(rank.similarity), asc(sql`length(${procedures.name})`), asc(procedures.code)]
    : [asc(procedures.code)];
  const [rows, [{ total } = { total: 0 }]] = await Promise.all([
    ex
      .select({ p: procedures, fieldName: procedureFields.name })
      .from(procedures)
      .leftJoin(procedureFields, eq(procedureFields.code, procedures.fieldCode))
      .where(cond)
      .orderBy(...order)
      .limit(q.limit ?? 20)
      .offset(q.offset ?? 0),
    ex
      .select({ total: count() })
      .from(procedures)
      .leftJoin(procedureFields, eq(procedureFields.code, procedures.fieldCode))
      .where(cond),
  ]);
  return { items: rows.map((r) => ({ ...r.p, fieldName: r.fieldName })), total: Number(total) };
}

/** Fields with the number of active procedures in each. */
export async function listFields(ex: Executor) {
  const rows = await ex
    .select({
      code: procedureFields.code,
      name: procedureFields.name,
      nameEn: procedureFields.nameEn,
      procedures: sql<number>`count(${procedures.id}) FILTER (WHERE ${procedures.active})`,
    })
    .from(procedureFields)
    .leftJoin(procedures, eq(procedures.fieldCode, procedureFields.code))
    .groupBy(procedureFields.code)
    .orderBy(asc(procedureFields.name));
  return rows.map((r) => ({ ...r, procedures: Number(r.procedures) }));
}

/** The checks of a workflow that the table constraints cannot express: at least one step, shares summing to 100, known agencies. */
export async function workflowErrors(ex: Executor, steps: StepInput[], path = '/body/steps'): Promise<FieldError[]> {
  const errors: FieldError[] = [];
  if (!steps.length)
    errors.push({
      field: path,
      code: 'empty',
      message: { vi: 'Quy trình phải có ít nhất một bước.', en: 'A workflow needs at least one step.' },
    });
  const sum = steps.reduce((s, x) => s + x.sharePercent, 0);
  if (steps.length && sum !== 100) {
    errors.push({
      field: path,
      code: 'shares-sum',
      message: {
        vi: `Tổng tỷ lệ thời gian các bước phải bằng 100% (đang là ${sum}%).`,
        en: `The steps' shares of the processing time must sum to 100% (they sum to ${sum}%).`,
      },
    });
  }
  steps.forEach((s, i) => {
    if (s.agencyMode === 'fixed' && !s.agencyId)
      errors.push({
        field: `${path}/${i}/agencyId`,
        code: 'required',
        message: { vi: 'Bước liên thông phải chỉ rõ cơ quan.', en: 'An inter-agency step must name its agency.' },
      });
    if (s.agencyMode === 'dossier' && s.agencyId)
      errors.push({
        field: `${path}/${i}/agencyId`,
        code: 'not-allowed',
        message: {
          vi: 'Bước do cơ quan tiếp nhận hồ sơ xử lý không chỉ định cơ quan khác.',
          en: 'A step of the dossier’s own agency takes no agency.',
        },
      });
  });
  const ids = [...new Set(steps.map((s) => s.agencyId).filter((x): x is string => Boolean(x)))];
  if (ids.length) {
    const valid = ids.filter(isUuid);
    const found = new Set(
      valid.length
        ? (await ex.select({ id: agencies.id }).from(agencies).where(inArray(agencies.id, valid))).map((r) => r.id)
        : [],
    );
    steps.forEach((s, i) => {
      if (s.agencyId && !found.has(s.agencyId))
        errors.push({
          field: `${path}/${i}/agencyId`,
          code: 'unknown',
          message: { vi: 'Không có cơ quan này.', en: 'No such agency.' },
        });
    });
  }
  return errors;
}

export function invalid(errors: FieldError[]): never {
  throw problems.badRequest(
    { vi: 'Dữ liệu thủ tục không hợp lệ.', en: 'The procedure data is invalid.' },
    { code: 'validation', errors },
  );
}

/** Replaces a procedure's workflow after validating it; the caller runs it in a transaction. */
export async function replaceWorkflow(ex: Executor, procedureId: string, steps: StepInput[]): Promise<WorkflowStep[]> {
  const errors = await workflowErrors(ex, steps);
  if (errors.length) invalid(errors);
  await ex.delete(workflowSteps).where(eq(workflowSteps.procedureId, procedureId));
  await ex
    .insert(workflowSteps)
    .values(
      steps.map((s, i) => ({
        procedureId,
        ordinal: i + 1,
        name: s.name,
        nameEn: s.nameEn,
        role: s.role,
        agencyMode: s.agencyMode,
        agencyId: s.agencyMode === 'fixed' ? s.agencyId! : null,
        sharePercent: s.sharePercent,
      })),
    );
  return procedureWorkflow(ex, procedureId);
}

export async function replacePapers(ex: Executor, procedureId: string, papers: PaperInput[]) {
  await ex.delete(procedurePapers).where(eq(procedurePapers.procedureId, procedureId));
  if (papers.length) {
    await ex
      .insert(procedurePapers)
      .values(
        papers.map((p, i) => ({
          procedureId,
          ordinal: i + 1,
          name: p.name,
          originals: p.originals ?? 0,
          copies: p.copies ?? 0,
          mandatory: p.mandatory ?? true,
          templateSha256: p.templateSha256 ?? null,
          templateName: p.templateName ?? null,
          note: p.note ?? null,
          kindCode: p.kindCode ?? null,
          provision: p.provision ?? 'upload',
          nationalSource: p.provision === 'national' ? (p.nationalSource ?? null) : null,
        })),
      );
  }
}

/** What a fee rule needs besides its shape (src/procedures/fees/compute.ts counts it). */
export function feeRuleErrors(fees: FeeInput[], path = '/body/fees'): FieldError[] {
  const errors: FieldError[] = [];
  fees.forEach((f, i) => {
    const kind = f.kind ?? 'fixed';
    if (kind !== 'fixed' && !f.quantityField)
      errors.push({
        field: `${path}/${i}/quantityField`,
        code: 'required',
        message: { vi: 'Cần trường của tờ khai để tính phí.', en: 'The form field the fee depends on is required.' },
      });
    if (kind === 'by_field' && !f.brackets?.length)
      errors.push({
        field: `${path}/${i}/brackets`,
        code: 'required',
        message: { vi: 'Cần các mức phí theo giá trị.', en: 'Brackets are required.' },
      });
    const ups = (f.brackets ?? []).map((b) => b.upTo);
    if (
      ups.some(
        (u, j) =>
          (u === null && j < ups.length - 1) || (j > 0 && u !== null && ups[j - 1] !== null && u <= ups[j - 1]!),
      )
    )
      errors.push({
        field: `${path}/${i}/brackets`,
        code: 'order',
        message: {
          vi: 'Các mức phải tăng dần, mức không giới hạn ở cuối.',
          en: 'Brackets must rise, the unbounded one last.',
        },
      });
    const cats = (f.reductions ?? []).map((r) => r.category);
    if (new Set(cats).size !== cats.length)
      errors.push({
        field: `${path}/${i}/reductions`,
        code: 'duplicate',
        message: { vi: 'Một đối tượng chỉ có một mức miễn, giảm.', en: 'A category has one reduction.' },
      });
    if (f.validFrom && f.validTo && f.validTo < f.validFrom)
      errors.push({
        field: `${path}/${i}/validTo`,
        code: 'order',
        message: { vi: 'Ngày hết hiệu lực trước ngày có hiệu lực.', en: 'Valid to is before valid from.' },
      });
  });
  return errors;
}

/** "Immediately" is a kind of same-day processing: it takes 0 days. */
export function processingErrors(p: { processingDays?: number; immediateMinutes?: number | null }): FieldError[] {
  if (p.immediateMinutes && (p.processingDays ?? 0) > 0) {
    return [
      {
        field: '/body/immediateMinutes',
        code: 'not-same-day',
        message: {
          vi: 'Giải quyết ngay chỉ áp dụng khi thời hạn là 0 ngày (trong ngày).',
          en: 'Immediate processing needs a processing time of 0 days.',
        },
      },
    ];
  }
  return [];
}

export async function replaceFees(ex: Executor, procedureId: string, fees: FeeInput[]) {
  const errors = feeRuleErrors(fees);
  if (errors.length) invalid(errors);
  await ex.delete(procedureFees).where(eq(procedureFees.procedureId, procedureId));
  if (fees.length) {
    await ex.insert(procedureFees).values(
      fees.map((f, i) => ({
        procedureId,
        ordinal: i + 1,
        name: f.name,
        amount: f.amount,
        note: f.note ?? null,
        kind: f.kind ?? 'fixed',
        quantityField: f.quantityField ?? null,
        fromCopy: f.fromCopy ?? 1,
        brackets: f.brackets ?? null,
        reductions: f.reductions ?? [],
        onlineReductionPercent: f.onlineReductionPercent ?? 0,
        refundable: f.refundable ?? false,
        legalBasis: f.legalBasis ?? null,
        validFrom: f.validFrom ?? null,
        validTo: f.validTo ?? null,
      })),
    );
  }
}

/** 400 unless the field and the competent agency exist (and the papers' kinds and provisions hold, ../papers). */
export async function checkRefs(
  ex: Executor,
  fieldCode: string | undefined,
  agencyId: string | null | undefined,
  papers: PaperInput[] = [],
  resultKindCode?: string | null,
) {
  const errors: FieldError[] = await paperProvisionErrors(ex, papers, resultKindCode);
  // A template is a file uploaded first (POST /api/files): an address of nothing would serve a 404 to every applicant.
  const shas = [...new Set(papers.map((p) => p.templateSha256).filter((x): x is string => Boolean(x)))];
  const known = new Set(
    shas.length
      ? (await ex.select({ sha256: files.sha256 }).from(files).where(inArray(files.sha256, shas))).map((r) => r.sha256)
      : [],
  );
  papers.forEach((p, i) => {
    if (p.templateSha256 && !known.has(p.templateSha256))
      errors.push({
        field: `/body/papers/${i}/templateSha256`,
        code: 'unknown-file',
        message: { vi: 'Chưa tải lên tệp mẫu này.', en: 'No such uploaded file.' },
      });
  });
  if (fieldCode !== undefined) {
    const [f] = await ex
      .select({ code: procedureFields.code })
      .from(procedureFields)
      .where(eq(procedureFields.code, fieldCode))
      .limit(1);
    if (!f)
      errors.push({
        field: '/body/fieldCode',
        code: 'unknown',
        message: { vi: 'Không có lĩnh vực này.', en: 'No such field.' },
      });
  }
  if (agencyId) {
    const [a] = isUuid(agencyId)
      ? await ex.select({ id: agencies.id }).from(agencies).where(eq(agencies.id, agencyId)).limit(1)
      : [];
    if (!a)
      errors.push({
        field: '/body/agencyId',
        code: 'unknown',
        message: { vi: 'Không có cơ quan này.', en: 'No such agency.' },
      });
  }
  if (errors.length) invalid(errors);
}

const COLUMNS = [
  'code',
  'name',
  'nameEn',
  'fieldCode',
  'levels',
  'agencyId',
  'agencyText',
  'processingDays',
  'processingCutoff',
  'immediateMinutes',
  'processingNote',
  'onlineLevel',
  'resultType',
  'resultKindCode',
  'legalBasis',
  'feeSummary',
  'channels',
  'competentAgencyText',
  'subjects',
  'requirements',
  'importedAt',
  'formFields',
  'active',
  'demo',
] as const;

function columnsOf(input: Partial<ProcedureInput>) {
  const out: Record<string, unknown> = {};
  for (const k of COLUMNS) if (input[k] !== undefined) out[k] = input[k];
  return out as Partial<typeof procedures.$inferInsert>;
}

export async function createProcedure(ex: Executor, input: ProcedureInput): Promise<Procedure> {
  const errors = processingErrors(input);
  if (errors.length) invalid(errors);
  const [row] = await ex
    .insert(procedures)
    .values(columnsOf(input) as typeof procedures.$inferInsert)
    .returning();
  return row!;
}

export async function updateProcedure(
  ex: Executor,
  id: string,
  input: Partial<ProcedureInput>,
): Promise<{ before: Procedure; after: Procedure }> {
  const [before] = await ex.select().from(procedures).where(eq(procedures.id, id)).for('update');
  if (!before) throw problems.notFound(procedureWord);
  const errors = processingErrors({
    processingDays: input.processingDays ?? Number(before.processingDays),
    immediateMinutes: input.immediateMinutes !== undefined ? input.immediateMinutes : before.immediateMinutes,
  });
  if (errors.length) invalid(errors);
  const [after] = await ex
    .update(procedures)
    .set({ ...columnsOf(input), updatedAt: new Date() })
    .where(eq(procedures.id, id))
    .returning();
  return { before, after: after! };
}

/** The fields whose value changed, for the audit row. */
export function changedFields(before: Procedure, after: Procedure): Record<string, { from: unknown; to: unknown }> {
  const out: Record<string, { from: unknown; to: unknown }> = {};
  for (const k of COLUMNS)
    if (JSON.stringify(before[k]) !== JSON.stringify(after[k])) out[k] = { from: before[k], to: after[k] };
  return out;
}

/** Adds a field (lĩnh vực) if its code is new; returns the code. */
export async function ensureField(ex: Executor, code: string, name: string, nameEn?: string | null): Promise<string> {
  await ex
    .insert(procedureFields)
    .values({ code, name, nameEn: nameEn ?? null })
    .onConflictDoNothing();
  return code;
}

/** The usual one-stop workflow: the officer receives, a specialist of the agency processes, a leader approves, the officer returns. */
export const DEFAULT_WORKFLOW: StepInput[] = [
  { name: 'Tiếp nhận hồ sơ', nameEn: 'Receive the dossier', role: 'officer', agencyMode: 'dossier', sharePercent: 10 },
  {
    name: 'Thẩm định, xử lý hồ sơ',
    nameEn: 'Examine and process',
    role: 'specialist',
    agencyMode: 'dossier',
    sharePercent: 60,
  },
  { name: 'Phê duyệt kết quả', nameEn: 'Approve the result', role: 'leader', agencyMode: 'dossier', sharePercent: 20 },
  { name: 'Trả kết quả', nameEn: 'Return the result', role: 'officer', agencyMode: 'dossier', sharePercent: 10 },
];

export interface FullProcedureInput extends ProcedureInput {
  papers?: PaperInput[];
  fees?: FeeInput[];
  workflow?: StepInput[];
}

/**
 * Creates a procedure with its papers, fees and workflow (the default one when none is given), or,
 * when its code exists, updates it and replaces only the parts given. Runs on the caller's transaction.
 */
export async function upsertProcedure(
  ex: Executor,
  input: FullProcedureInput,
): Promise<{ procedure: Procedure; created: boolean; changes: Record<string, { from: unknown; to: unknown }> }> {
  const { papers, fees, workflow, ...cols } = input;
  const [existing] = await ex
    .select({ id: procedures.id })
    .from(procedures)
    .where(eq(procedures.code, input.code))
    .limit(1);
  let procedure: Procedure;
  let changes: Record<string, { from: unknown; to: unknown }> = {};
  if (existing) {
    const r = await updateProcedure(ex, existing.id, cols);
    procedure = r.after;
    changes = changedFields(r.before, r.after);
  } else {
    procedure = await createProcedure(ex, cols);
  }
  if (papers) await replacePapers(ex, procedure.id, papers);
  if (fees) await replaceFees(ex, procedure.id, fees);
  if (workflow || !existing) await replaceWorkflow(ex, procedure.id, workflow ?? DEFAULT_WORKFLOW);
  return { procedure, created: !existing, changes };
}
