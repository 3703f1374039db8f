/**
 * Errors as RFC 9457 problem details, with every message in Vietnamese and English.
 * `title`/`detail` follow the request's Accept-Language (Vietnamese unless English is asked for);
 * `messages` carries both languages so a client can show either.
 */
export interface Bilingual {
  vi: string;
  en: string;
}

export interface FieldError {
  /** JSON pointer-ish path of the offending field, e.g. `/body/email`. */
  field: string;
  code: string;
  message: Bilingual;
}

export interface ProblemInit {
  status: number;
  code: string;
  title: Bilingual;
  detail?: Bilingual;
  errors?: FieldError[];
  /** Extra members, e.g. `allowed` transitions on a 409. */
  extra?: Record<string, unknown>;
}

export class Problem extends Error {
  readonly status: number;
  readonly code: string;
  readonly titleText: Bilingual;
  readonly detailText: Bilingual | undefined;
  readonly errors: FieldError[];
  readonly extra: Record<string, unknown>;

  constructor(init: ProblemInit) {
    super(init.detail?.en ?? init.title.en);
    this.status = init.status;
    this.code = init.code;
    this.titleText = init.title;
    this.detailText = init.detail;
    this.errors = init.errors ?? [];
    this.extra = init.extra ?? {};
  }

  toJSON(lang: 'vi' | 'en', instance?: string, requestId?: string): Record<string, unknown> {
    // Extra members come first so they can never overwrite the standard ones (a `status` string…).
    return {
      ...this.extra,
      type: `https://tinhso.gov.vn/problems/${this.code}`,
      title: this.titleText[lang],
      status: this.status,
      ...(this.detailText ? { detail: this.detailText[lang] } : {}),
      ...(instance ? { instance } : {}),
      code: this.code,
      messages: {
        vi: { title: this.titleText.vi, detail: this.detailText?.vi },
        en: { title: this.titleText.en, detail: this.detailText?.en },
      },
      errors: this.errors,
      ...(requestId ? { requestId } : {}),
    };
  }
}

const T = {
  badRequest: { vi: 'Yêu cầu không hợp lệ', en: 'Bad request' },
  unauthorized: { vi: 'Chưa đăng nhập', en: 'Not authenticated' },
  forbidden: { vi: 'Không có quyền', en: 'Forbidden' },
  notFound: { vi: 'Không tìm thấy', en: 'Not found' },
  conflict: { vi: 'Xung đột trạng thái', en: 'Conflict' },
  unprocessable: { vi: 'Không xử lý được yêu cầu', en: 'Unprocessable request' },
  tooLarge: { vi: 'Dữ liệu quá lớn', en: 'Payload too large' },
  unsupported: { vi: 'Kiểu dữ liệu không được hỗ trợ', en: 'Unsupported media type' },
  tooMany: { vi: 'Quá nhiều yêu cầu', en: 'Too many requests' },
  internal: { vi: 'Lỗi hệ thống', en: 'Internal server error' },
  unavailable: { vi: 'Dịch vụ tạm thời không sẵn sàng', en: 'Service unavailable' },
} satisfies Record<string, Bilingual>;

type Opt = { code?: string; errors?: FieldError[]; extra?: Record<string, unknown> };

export const problems = {
  badRequest: (detail: Bilingual, o: Opt = {}) =>
    new Problem({
      status: 400,
      code: o.code ?? 'bad-request',
      title: T.badRequest,
      detail,
      errors: o.errors,
      extra: o.extra,
    }),
  unauthorized: (detail: Bilingual = { vi: 'Vui lòng đăng nhập.', en: 'Please log in.' }, o: Opt = {}) =>
    new Problem({ status: 401, code: o.code ?? 'unauthorized', title: T.unauthorized, detail, extra: o.extra }),
  forbidden: (
    detail: Bilingual = { vi: 'Bạn không có quyền thực hiện thao tác này.', en: 'You are not allowed to do this.' },
    o: Opt = {},
  ) => new Problem({ status: 403, code: o.code ?? 'forbidden', title: T.forbidden, detail, extra: o.extra }),
  notFound: (what: Bilingual, o: Opt = {}) =>
    new Problem({
      status: 404,
      code: o.code ?? 'not-found',
      title: T.notFound,
      detail: { vi: `Không tìm thấy ${what.vi}.`, en: `${what.en} not found.` },
      extra: o.extra,
    }),
  conflict: (detail: Bilingual, o: Opt = {}) =>
    new Problem({
      status: 409,
      code: o.code ?? 'conflict',
      title: T.conflict,
      detail,
      errors: o.errors,
      extra: o.extra,
    }),
  unprocessable: (detail: Bilingual, o: Opt = {}) =>
    new Problem({
      status: 422,
      code: o.code ?? 'unprocessable',
      title: T.unprocessable,
      detail,
      errors: o.errors,
      extra: o.extra,
    }),
  tooLarge: (detail: Bilingual, o: Opt = {}) =>
    new Problem({ status: 413, code: o.code ?? 'payload-too-large', title: T.tooLarge, detail, extra: o.extra }),
  unsupported: (detail: Bilingual, o: Opt = {}) =>
    new Problem({
      status: 415,
      code: o.code ?? 'unsupported-media-type',
      title: T.unsupported,
      detail,
      extra: o.extra,
    }),
  tooMany: (detail: Bilingual) => new Problem({ status: 429, code: 'too-many-requests', title: T.tooMany, detail }),
  internal: () =>
    new Problem({
      status: 500,
      code: 'internal',
      title: T.internal,
      detail: { vi: 'Đã xảy ra lỗi, vui lòng thử lại sau.', en: 'Something went wrong, please try again later.' },
    }),
  unavailable: (detail: Bilingual) => new Problem({ status: 503, code: 'unavailable', title: T.unavailable, detail }),
  /** A single invalid field, for checks the schema cannot express. */
  invalidField: (field: string, message: Bilingual, code = 'invalid') =>
    new Problem({
      status: 400,
      code: 'validation',
      title: T.badRequest,
      detail: message,
      errors: [{ field, code, message }],
    }),
};
