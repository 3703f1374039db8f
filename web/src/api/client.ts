/**
 * The one way the app talks to the server: same-origin cookies, the session's CSRF token on state changes,
 * the chosen language in Accept-Language, and RFC 9457 problems turned into ApiError.
 */

export interface Bilingual {
  vi: string;
  en: string;
}

export interface FieldError {
  /** Where the problem is, e.g. `/body/name`. */
  field: string;
  code: string;
  message: Bilingual;
}

type ProblemMessages = Partial<Record<'vi' | 'en', { title?: string; detail?: string }>>;

interface ProblemBody {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
  code?: string;
  errors?: FieldError[];
  messages?: ProblemMessages;
}

export class ApiError extends Error {
  readonly status: number;
  readonly title: string;
  readonly detail: string | undefined;
  /** The problem's machine code (`bad-credentials`, `route-not-found`…), or `network` / `http` when there was no problem body. */
  readonly code: string;
  readonly errors: FieldError[];
  /** Both languages, when the server sent them: lets the UI follow a language switch without asking again. */
  readonly messages: ProblemMessages;

  constructor(init: {
    status: number;
    title: string;
    detail?: string;
    code: string;
    errors?: FieldError[];
    messages?: ProblemMessages;
  }) {
    super(init.detail ?? init.title);
    this.name = 'ApiError';
    this.status = init.status;
    this.title = init.title;
    this.detail = init.detail;
    this.code = init.code;
    this.errors = init.errors ?? [];
    this.messages = init.messages ?? {};
  }

  /** Title and detail in `lang`, falling back to what the server sent for the request's language. */
  text(lang: 'vi' | 'en'): { title: string; detail: string | undefined } {
    const m = this.messages[lang];
    return { title: m?.title || this.title, detail: m?.detail ?? this.detail };
  }

  /** The message for one field (matched on its last path segment: `/body/name` or `name`). */
  fieldMessage(name: string): Bilingual | undefined {
    return this.errors.find((e) => e.field === name || e.field.endsWith(`/${name}`))?.message;
  }
}

export const isApiError = (e: unknown): e is ApiError => e instanceof ApiError;
/** A 404 for a route the server does not have yet (as opposed to a missing record). */
export const isMissingRoute = (e: unknown): boolean =>
  isApiError(e) && e.status === 404 && (e.code === 'route-not-found' || e.code === 'http');

let language: 'vi' | 'en' = 'vi';
let csrfToken: string | null = null;

export function setApiLanguage(l: 'vi' | 'en') {
  language = l;
}
export function setCsrfToken(token: string | null) {
  csrfToken = token || null;
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export type Query = Record<string, string | number | boolean | null | undefined>;

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  query?: Query;
  body?: unknown;
  signal?: AbortSignal;
}

/** Builds `path?query`, leaving out empty values. */
export function withQuery(path: string, query?: Query): string {
  if (!query) return path;
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== null && v !== '') qs.set(k, String(v));
  const s = qs.toString();
  return s ? `${path}${path.includes('?') ? '&' : '?'}${s}` : path;
}

export async function api<T>(path: string, opts: RequestOptions = {}): Promise<T> {
  const method = opts.method ?? 'GET';
  const headers: Record<string, string> = {
    Accept: 'application/json, application/problem+json',
    'Accept-Language': language,
  };
  if (opts.body !== undefined) headers['Content-Type'] = 'application/json';
  if (UNSAFE.has(method) && csrfToken) headers['x-csrf-token'] = csrfToken;

  let res: Response;
  try {
    res = await fetch(withQuery(path, opts.query), {
      method,
      headers,
      credentials: 'same-origin',
      body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
      signal: opts.signal,
    });
  } catch (err) {
    if (err instanceof DOMException && err.name === 'AbortError') throw err;
    throw new ApiError({ status: 0, title: 'Network error', code: 'network' });
  }

  if (res.ok) {
    if (res.status === 204) return undefined as T;
    const type = res.headers.get('content-type') ?? '';
    if (!type.includes('json')) return (await res.text()) as T;
    return (await res.json()) as T;
  }
  throw await toApiError(res);
}

async function toApiError(res: Response): Promise<ApiError> {
  const type = res.headers.get('content-type') ?? '';
  if (type.includes('json')) {
    try {
      const p = (await res.json()) as ProblemBody;
      return new ApiError({
        status: p.status ?? res.status,
        title: p.title ?? res.statusText,
        detail: p.detail,
        code: p.code ?? (p.type ? (p.type.split('/').pop() ?? 'http') : 'http'),
        errors: Array.isArray(p.errors) ? p.errors : [],
        messages: p.messages,
      });
    } catch {
      /* not a readable problem: fall through */
    }
  }
  return new ApiError({ status: res.status, title: res.statusText || `HTTP ${res.status}`, code: 'http' });
}
