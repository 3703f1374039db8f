/** Types, query keys and calls of the procedure catalog (thủ tục hành chính) as the app uses them. */
import { ApiError, type Bilingual, type FieldError } from './client.js';

export const PROCEDURE_LEVELS = ['province', 'district', 'commune'] as const;
export const ONLINE_LEVELS = ['full', 'partial', 'offline'] as const;
export const STEP_ROLES = ['officer', 'specialist', 'leader', 'clerk'] as const;
export type ProcedureLevel = (typeof PROCEDURE_LEVELS)[number];
export type OnlineLevel = (typeof ONLINE_LEVELS)[number];
export type StepRole = (typeof STEP_ROLES)[number];

export interface ProcedureSummary {
  id: string;
  code: string;
  name: string;
  nameEn: string | null;
  fieldCode: string;
  fieldName: string | null;
  levels: ProcedureLevel[];
  agencyId: string | null;
  agencyText: string | null;
  processingDays: number;
  processingNote: string | null;
  onlineLevel: OnlineLevel;
  resultType: string | null;
  feeSummary: string | null;
  active: boolean;
  demo: boolean;
}

export interface FormField {
  key: string;
  type: string;
  label: Bilingual;
  required: boolean;
  options?: { value: string; label: Bilingual }[];
  prefill?: string;
  maxLength?: number;
  /** number: inclusive bounds, whole numbers only. */
  min?: number;
  max?: number;
  integer?: boolean;
  /** date: past = not after today (a birth date); future = not before today. */
  dateRange?: 'past' | 'future';
  /** idNumber: the old 9-digit identity card is accepted too. */
  allowOldId?: boolean;
}

export interface WorkflowStep {
  id?: string;
  ordinal?: number;
  name: string;
  nameEn: string;
  role: StepRole;
  agencyMode: 'dossier' | 'fixed';
  agencyId: string | null;
  sharePercent: number;
}

export interface ProcedureDetail extends Omit<ProcedureSummary, 'fieldName'> {
  legalBasis: string | null;
  formFields: FormField[];
  field: { code: string; name: string; nameEn: string | null } | null;
  agency: { id: string; code: string; name: string } | null;
  papers: {
    id: string;
    ordinal: number;
    name: string;
    originals: number;
    copies: number;
    mandatory: boolean;
    templateSha256: string | null;
    note: string | null;
    /** Its kind of paper; upload, only shown at the desk, or taken from a national database (../papers). */
    kindCode?: string | null;
    provision?: 'upload' | 'desk' | 'national';
    nationalSource?: NationalSource | null;
  }[];
  fees: { id: string; ordinal: number; name: string; amount: number; note: string | null }[];
  workflow: WorkflowStep[];
  createdAt: string;
  updatedAt: string;
}

export interface ProcedureField {
  code: string;
  name: string;
  nameEn: string | null;
  procedures: number;
}

export interface ImportReport {
  atomic: boolean;
  created: number;
  updated: number;
  failed: number;
  rows: {
    row: number;
    code: string | null;
    status: 'created' | 'updated' | 'error';
    id?: string;
    errors?: FieldError[];
  }[];
}

export const procedureKeys = {
  all: ['procedures'] as const,
  list: (q: Record<string, unknown>) => ['procedures', 'list', q] as const,
  fields: ['procedures', 'fields'] as const,
  one: (idOrCode: string) => ['procedures', 'one', idOrCode] as const,
};

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The content type the import expects for a chosen file, from its name. */
export function importType(file: File): string | null {
  const n = file.name.toLowerCase();
  if (n.endsWith('.xlsx')) return XLSX;
  if (n.endsWith('.csv')) return 'text/csv';
  if (n.endsWith('.json')) return 'application/json';
  return null;
}

/** Sends a CSV, XLSX or JSON file as it is: the JSON helper cannot carry a binary body. */
export async function uploadImport(
  file: File,
  opts: { csrfToken: string | null; lang: 'vi' | 'en'; atomic: boolean },
): Promise<ImportReport> {
  const type = importType(file);
  if (!type) throw new ApiError({ status: 415, title: 'Unsupported file', code: 'unsupported-media-type' });
  const headers: Record<string, string> = {
    'Content-Type': type,
    Accept: 'application/json, application/problem+json',
    'Accept-Language': opts.lang,
  };
  if (opts.csrfToken) headers['x-csrf-token'] = opts.csrfToken;
  let res: Response;
  try {
    res = await fetch(`/api/procedures/import${opts.atomic ? '?atomic=true' : ''}`, {
      method: 'POST',
      headers,
      credentials: 'same-origin',
      body: file,
    });
  } catch {
    throw new ApiError({ status: 0, title: 'Network error', code: 'network' });
  }
  const body = (await res.json().catch(() => ({}))) as ImportReport & {
    title?: string;
    detail?: string;
    code?: string;
    errors?: FieldError[];
    report?: ImportReport;
  };
  if (res.ok) return body;
  if (body.report) return body.report;
  throw new ApiError({
    status: res.status,
    title: body.title ?? res.statusText,
    detail: body.detail,
    code: body.code ?? 'http',
    errors: Array.isArray(body.errors) ? body.errors : [],
  });
}

export type NationalSource = 'population' | 'civil-status' | 'business' | 'land' | 'insurance';
