/** Types, keys and calls of the dossier API (hồ sơ), the payments and the public lookup, as the web app uses them. */
import type { FeeAccount } from './fees.js';
import { api, ApiError, type FieldError, type Query } from './client.js';

export const DOSSIER_STATUSES = [
  'submitted',
  'received',
  'processing',
  'supplement_requested',
  'awaiting_approval',
  'approved',
  'result_ready',
  'refused',
  'returned',
  'withdrawn',
  'suspended',
] as const;
export type DossierStatus = (typeof DOSSIER_STATUSES)[number];

export interface AgencyRef {
  id: string;
  code: string;
  name: string;
}

export interface TimelineEntry {
  seq: number;
  action: string;
  at: string;
  actor: string;
  fromStatus: DossierStatus | null;
  toStatus: DossierStatus;
  details: Record<string, unknown>;
}

export interface DossierSummary {
  id: string;
  code: string;
  status: DossierStatus;
  channel: 'online' | 'counter';
  procedure: { id: string; code: string; name: string; processingDays: number };
  title: string;
  agencyId: string;
  receivingAgencyId: string;
  currentAgencyId: string;
  applicantName: string;
  submittedAt: string;
  receivedAt: string | null;
  dueAt: string | null;
  newDueAt: string | null;
  completedAt: string | null;
  paused: boolean;
  late: boolean;
  currentStep: number | null;
  currentHandlerId: string | null;
}

export interface Attachment {
  paperId: string | null;
  name?: string;
  files: string[];
}

export interface DossierDetail extends DossierSummary {
  agency: AgencyRef;
  receivingAgency: AgencyRef;
  currentAgency: AgencyRef;
  applicant: {
    accountId: string | null;
    name: string;
    idNumber: string | null;
    phone: string | null;
    email: string | null;
    address: string | null;
    unitId: string | null;
  };
  formData: Record<string, unknown>;
  attachments: Attachment[];
  pausedMs: number;
  pausedSince: string | null;
  returnedAt: string | null;
  resultSha256: string | null;
  rating: number | null;
  ratingComment: string | null;
  timeline: TimelineEntry[];
  allowedActions: string[];
}

export interface DossierPage {
  items: DossierSummary[];
  total: number;
}

export interface ActionResult {
  replayed: boolean;
  action: TimelineEntry;
  dossier: DossierDetail;
}

/** GET /api/public/dossiers/{code}: what the national portal shows (status, dates, handling agency), nothing personal. */
export interface PublicDossier {
  code: string;
  status: DossierStatus;
  agency: { code: string; name: string };
  receivedAt: string | null;
  dueAt: string | null;
  newDueAt: string | null;
  returnedAt: string | null;
  paused: boolean;
  late: boolean;
}

export interface Payment {
  id: string;
  dossierId: string;
  amount: number;
  description: string;
  provider: 'gateway' | 'vnpay' | 'vietqr' | 'desk';
  method: 'cash' | 'card' | null;
  status: 'pending' | 'paid' | 'failed' | 'cancelled' | string;
  payUrl: string | null;
  qrPayload: string | null;
  bankAccount?: { bin: string; account: string; accountName: string };
  receiptNo: string | null;
  refundedAmount: number | null;
  refundedAt: string | null;
  createdAt: string;
  paidAt: string | null;
}

export interface Payments {
  fees: { name: string; amount: number }[];
  total: number;
  /** What the dossier owes, by the fee recorded on it (../api/fees.ts). */
  account: FeeAccount;
  items: Payment[];
}

export interface UploadedFile {
  sha256: string;
  size: number;
  contentType: string;
  filename: string | null;
}

/** GET /api/dossiers/{id}/files: a file the papers or the result name, with the name it was uploaded under. */
export interface DossierFile {
  sha256: string;
  filename: string | null;
  size: number;
  contentType: string;
}

export const dossierKeys = {
  all: ['dossiers'] as const,
  one: (id: string) => ['dossiers', 'one', id] as const,
  files: (id: string) => ['dossiers', 'files', id] as const,
  mine: (q: Query) => ['dossiers', 'mine', q] as const,
  queue: (q: Query) => ['dossiers', 'queue', q] as const,
  lookup: (code: string) => ['dossiers', 'lookup', code] as const,
  payments: (id: string) => ['dossiers', 'payments', id] as const,
};

/** Statuses after which nothing more happens to a dossier. */
export const CLOSED_STATUSES: readonly DossierStatus[] = ['refused', 'returned', 'withdrawn'];

export const fetchDossier = (id: string, signal?: AbortSignal) => api<DossierDetail>(`/api/dossiers/${id}`, { signal });

/** One action on a dossier, with a fresh retry key so a double click applies once. */
export const performAction = (id: string, action: string, body: Record<string, unknown>) =>
  api<ActionResult>(`/api/dossiers/${id}/actions/${action}`, {
    method: 'POST',
    body: { ...body, clientTransactionId: crypto.randomUUID() },
  });

/** Uploads one file to the content-addressed store (multipart: the JSON helper cannot carry it). */
export async function uploadFile(
  file: File,
  opts: { csrfToken: string | null; lang: 'vi' | 'en' },
): Promise<UploadedFile> {
  const form = new FormData();
  form.append('file', file, file.name);
  const headers: Record<string, string> = {
    Accept: 'application/json, application/problem+json',
    'Accept-Language': opts.lang,
  };
  if (opts.csrfToken) headers['x-csrf-token'] = opts.csrfToken;
  let res: Response;
  try {
    res = await fetch('/api/files', { method: 'POST', headers, credentials: 'same-origin', body: form });
  } catch {
    throw new ApiError({ status: 0, title: 'Network error', code: 'network' });
  }
  const body = (await res.json().catch(() => ({}))) as UploadedFile & {
    title?: string;
    detail?: string;
    code?: string;
    errors?: FieldError[];
    messages?: Partial<Record<'vi' | 'en', { title?: string; detail?: string }>>;
  };
  if (res.ok) return body;
  throw new ApiError({
    status: res.status,
    title: body.title ?? res.statusText,
    detail: body.detail,
    code: body.code ?? 'http',
    errors: Array.isArray(body.errors) ? body.errors : [],
    messages: body.messages,
  });
}

/** The amount in đồng, as Vietnamese people write it. */
export const formatMoney = (n: number, lang: 'vi' | 'en') =>
  `${new Intl.NumberFormat(lang === 'vi' ? 'vi-VN' : 'en-GB').format(n)} đ`;
