/**
 * Field reports (phản ánh hiện trường): the types the server sends (src/feedback/routes/*.ts), and the
 * requests the JSON helper cannot make — a photo upload (multipart), the anonymous reporter's ticket
 * header, and a 409 whose extra members (duplicate candidates, allowed actions) the page needs.
 */
import { ApiError, withQuery, type FieldError, type Query } from './client.js';

export const REPORT_STATUSES = ['new', 'in_progress', 'info_requested', 'resolved', 'rejected', 'merged'] as const;
export type ReportStatus = (typeof REPORT_STATUSES)[number];
/** What the public list shows when no status is chosen (the server's default too). */
export const PUBLIC_STATUSES: ReportStatus[] = ['new', 'in_progress', 'info_requested', 'resolved'];

/** One colour per status, shared by the map's markers and the badges. */
export const STATUS_COLOURS: Record<string, string> = {
  new: '#0b4f8a',
  in_progress: '#b35c00',
  info_requested: '#7b3fa0',
  resolved: '#1c7c3a',
  rejected: '#5b6675',
  merged: '#5b6675',
};

export interface Names {
  vi: string;
  en: string;
}

export interface Category {
  id: string;
  code: string;
  nameVi: string;
  nameEn: string;
  descriptionVi: string | null;
  descriptionEn: string | null;
  groupName: string | null;
  deadlineAmount: number;
  deadlineUnit: string;
  active: boolean;
  demo: boolean;
}

export interface ReportListItem {
  id: string;
  publicId: string;
  category: string;
  categoryName: Names;
  status: ReportStatus;
  lat: number;
  lng: number;
  description: string;
  agency: string;
  agencyId?: string;
  unitCode: string | null;
  createdAt: string;
  dueAt: string;
  resolvedAt: string | null;
  photo: string | null;
}

export interface ReportPage {
  items: ReportListItem[];
  total: number;
}

export interface TimelineEntry {
  id: number;
  action: string;
  at: string;
  fromStatus: string | null;
  toStatus: string;
  /** A role, never a person. */
  by: 'reporter' | 'agency' | 'system';
  agency: string | null;
  details: Record<string, unknown>;
  photos: string[];
}

export interface ReportDetail {
  id: string;
  publicId: string;
  category: { code: string; name: Names };
  description: string;
  address: string | null;
  lat: number;
  lng: number;
  unit: { code: string; name: string } | null;
  agency: { id: string; code: string; name: string };
  status: ReportStatus;
  channel: string;
  createdAt: string;
  updatedAt: string;
  dueAt: string;
  resolvedAt: string | null;
  reopenCount: number;
  rating: number | null;
  mergedInto: string | null;
  photos: string[];
  timeline: TimelineEntry[];
  allowedActions: string[];
  /** Only for staff of the handling agency. */
  reporter?: { accountId: string | null; phone: string | null; name: string | null; email: string | null };
  handlerAccountId?: string | null;
}

export interface UploadedPhoto {
  sha256: string;
  publicSha256: string;
  publicUrl: string;
  contentType: string;
  size: number;
  width: number;
  height: number;
}

export interface DuplicateCandidate {
  id: string;
  publicId: string;
  description: string;
  status: string;
  distanceM: number;
  createdAt: string;
}

export interface SubmitBody {
  category: string;
  description: string;
  lat: number;
  lng: number;
  address?: string;
  photos?: string[];
  confirmNew?: boolean;
  joinReportId?: string;
}

export type SubmitResult =
  { report: ReportDetail; token: string; joined?: undefined } | { joined: true; report: ReportDetail };

export const QUEUE_VIEWS = ['new', 'due-soon', 'overdue', 'mine', 'open'] as const;
export type QueueView = (typeof QUEUE_VIEWS)[number];

export const feedbackKeys = {
  all: ['feedback'] as const,
  categories: ['feedback', 'categories'] as const,
  list: (q: Query) => ['feedback', 'list', q] as const,
  report: (id: string) => ['feedback', 'report', id] as const,
  queue: (view: string) => ['feedback', 'queue', view] as const,
  geo: ['geo', 'units'] as const,
};

/** A problem the page needs more of than ApiError keeps: the 409's candidates, the allowed actions. */
export class FeedbackApiError extends ApiError {
  readonly extra: Record<string, unknown>;
  constructor(init: ConstructorParameters<typeof ApiError>[0], extra: Record<string, unknown>) {
    super(init);
    this.extra = extra;
  }
  get candidates(): DuplicateCandidate[] {
    return Array.isArray(this.extra.candidates) ? (this.extra.candidates as DuplicateCandidate[]) : [];
  }
}

const TICKET_KEY = 'tinhso.reporterTicket';

/** The anonymous reporter's ticket (from the phone check), kept for this tab only. */
export const reporterTicket = {
  get(): string | null {
    try {
      const raw = sessionStorage.getItem(TICKET_KEY);
      if (!raw) return null;
      const t = JSON.parse(raw) as { ticket: string; expiresAt: string };
      return new Date(t.expiresAt).getTime() > Date.now() ? t.ticket : null;
    } catch {
      return null;
    }
  },
  set(ticket: string, expiresAt: string) {
    try {
      sessionStorage.setItem(TICKET_KEY, JSON.stringify({ ticket, expiresAt }));
    } catch {
      /* storage unavailable: the ticket lives as long as the page */
    }
  },
  clear() {
    try {
      sessionStorage.removeItem(TICKET_KEY);
    } catch {
      /* nothing stored */
    }
  },
};

export interface FeedbackRequest {
  method?: 'GET' | 'POST';
  query?: Query;
  /** JSON, or a FormData sent as multipart. */
  body?: unknown;
  csrfToken?: string | null;
  lang: 'vi' | 'en';
  signal?: AbortSignal;
}

/** Like api(), plus the reporter ticket, multipart bodies and the problem's extra members. */
export async function feedbackApi<T>(path: string, opts: FeedbackRequest): Promise<T> {
  const method = opts.method ?? 'GET';
  const headers: Record<string, string> = {
    Accept: 'application/json, application/problem+json',
    'Accept-Language': opts.lang,
  };
  const multipart = opts.body instanceof FormData;
  if (opts.body !== undefined && !multipart) headers['Content-Type'] = 'application/json';
  if (method !== 'GET' && opts.csrfToken) headers['x-csrf-token'] = opts.csrfToken;
  const ticket = reporterTicket.get();
  if (ticket) headers['x-reporter-ticket'] = ticket;
  let res: Response;
  try {
    res = await fetch(withQuery(path, opts.query), {
      method,
      headers,
      credentials: 'same-origin',
      body: opts.body === undefined ? undefined : multipart ? (opts.body as FormData) : JSON.stringify(opts.body),
      signal: opts.signal,
    });
  } catch (err) {
    if (err instanceof DOMException && err.name === 'AbortError') throw err;
    throw new ApiError({ status: 0, title: 'Network error', code: 'network' });
  }
  const type = res.headers.get('content-type') ?? '';
  const body = type.includes('json') ? ((await res.json().catch(() => null)) as Record<string, unknown> | null) : null;
  if (res.ok) return body as T;
  if (!body) throw new ApiError({ status: res.status, title: res.statusText || `HTTP ${res.status}`, code: 'http' });
  const {
    type: pType,
    title,
    status,
    detail,
    code,
    errors,
    messages,
    instance: _i,
    ...extra
  } = body as {
    type?: string;
    title?: string;
    status?: number;
    detail?: string;
    code?: string;
    errors?: FieldError[];
    messages?: ConstructorParameters<typeof ApiError>[0]['messages'];
    instance?: string;
  } & Record<string, unknown>;
  // An expired ticket is of no further use: the next step asks for a new code.
  if (code === 'ticket-invalid') reporterTicket.clear();
  throw new FeedbackApiError(
    {
      status: status ?? res.status,
      title: title ?? res.statusText,
      detail,
      code: code ?? (pType ? (pType.split('/').pop() ?? 'http') : 'http'),
      errors: Array.isArray(errors) ? errors : [],
      messages,
    },
    extra,
  );
}

/** Uploads one photo; the server answers with the private original's hash and the public copy's address. */
export function uploadPhoto(file: File, opts: { csrfToken: string | null; lang: 'vi' | 'en' }): Promise<UploadedPhoto> {
  const form = new FormData();
  form.append('file', file, file.name);
  return feedbackApi<UploadedPhoto>('/api/feedback/photos', {
    method: 'POST',
    body: form,
    csrfToken: opts.csrfToken,
    lang: opts.lang,
  });
}

/** An action on a report: POST /api/feedback/reports/:id/actions/:action. */
export function reportAction(
  id: string,
  action: string,
  body: Record<string, unknown>,
  opts: { csrfToken: string | null; lang: 'vi' | 'en' },
) {
  return feedbackApi<{ report: ReportDetail; actionId: number }>(
    `/api/feedback/reports/${encodeURIComponent(id)}/actions/${action}`,
    {
      method: 'POST',
      body,
      csrfToken: opts.csrfToken,
      lang: opts.lang,
    },
  );
}

export const categoryName = (c: Pick<Category, 'nameVi' | 'nameEn'>, lang: 'vi' | 'en') =>
  lang === 'en' ? c.nameEn : c.nameVi;
