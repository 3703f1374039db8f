/** What the admin editor reads and writes of a procedure: the whole record, not only its summary. */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, type Bilingual } from '../../api/client.js';
import {
  procedureKeys,
  type FormField,
  type NationalSource,
  type ProcedureDetail,
  type ProcedureLevel,
} from '../../api/procedures.js';
import { useToast } from '../../components/Toast.js';

export const CHANNELS = ['direct', 'online', 'postal'] as const;
export type Channel = (typeof CHANNELS)[number];
export const PROVISIONS = ['upload', 'desk', 'national'] as const;
export const NATIONAL_SOURCES: NationalSource[] = ['population', 'civil-status', 'business', 'land', 'insurance'];
export const FEE_KINDS = ['fixed', 'per_copy', 'by_field'] as const;
export const FORM_FIELD_TYPES = [
  'text',
  'textarea',
  'number',
  'date',
  'select',
  'checkbox',
  'email',
  'phone',
  'idNumber',
] as const;
export const PREFILL_SOURCES = ['fullName', 'dateOfBirth', 'idNumber', 'address', 'phone', 'email'] as const;
export const LEVELS: ProcedureLevel[] = ['province', 'district', 'commune'];

export interface Paper {
  name: string;
  originals: number;
  copies: number;
  mandatory: boolean;
  templateSha256: string | null;
  templateName?: string | null;
  note: string | null;
  kindCode?: string | null;
  provision?: (typeof PROVISIONS)[number];
  nationalSource?: NationalSource | null;
}

export interface Fee {
  name: string;
  amount: number;
  note: string | null;
  kind: (typeof FEE_KINDS)[number];
  quantityField: string | null;
  fromCopy: number;
  brackets: { upTo: number | null; amount: number }[] | null;
  reductions: { category: string; label: Bilingual; percent: number; evidence: Bilingual }[];
  onlineReductionPercent: number;
  refundable: boolean;
  legalBasis: string | null;
  validFrom: string | null;
  validTo: string | null;
}

export interface FullProcedure extends Omit<ProcedureDetail, 'papers' | 'fees'> {
  papers: (Paper & { id: string; ordinal: number })[];
  fees: (Fee & { id: string; ordinal: number })[];
  channels: Channel[];
  competentAgencyText: string | null;
  subjects: string | null;
  requirements: string | null;
  importedAt: string | null;
  formFields: FormField[];
}

/** PATCH /api/procedures/:id with a part of the record; the page shows what the server saved. */
export function useSaveProcedure(id: string, savedMessage: string) {
  const qc = useQueryClient();
  const toast = useToast();
  return useMutation({
    mutationFn: (body: Record<string, unknown>) =>
      api<FullProcedure>(`/api/procedures/${id}`, { method: 'PATCH', body }),
    onSuccess: (saved) => {
      qc.setQueryData(procedureKeys.one(id), saved);
      void qc.invalidateQueries({ queryKey: procedureKeys.all });
      toast.success(savedMessage);
    },
  });
}

/** Moves item i of a list by one place. */
export function moved<T>(list: T[], i: number, by: number): T[] {
  const next = [...list];
  const [x] = next.splice(i, 1);
  next.splice(i + by, 0, x!);
  return next;
}

export const nullIfBlank = (s: string | null | undefined) => (s && s.trim() ? s.trim() : null);
