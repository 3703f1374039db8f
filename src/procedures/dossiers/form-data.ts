/**
 * The submission form (tờ khai) checked on the server, field by field, by the type the procedure
 * declares: a client written from the public API gets the same answers as the web wizard. Only
 * the procedure's own fields are accepted, the whole form is bounded in size, and the form's
 * identity number must be the applicant's.
 */
import { Type } from 'typebox';
import type { FieldError } from '../../platform/index.js';
import type { FormField } from '../catalog/schema.js';
import {
  checkIdNumber,
  isEmail,
  isVnPhone,
  parseIsoDate,
  vnDateParts,
  type IdNumberProblem,
} from '../../platform/index.js';

/** The serialised form may not exceed this: far above any real tờ khai, far below the body limit. */
export const MAX_FORM_BYTES = 64 * 1024;
/** A text field without its own `maxLength`. */
const DEFAULT_MAX_LENGTH = { text: 500, textarea: 4000 } as const;
/** Numbers without declared bounds: nothing a form asks for is negative or beyond a quadrillion. */
const DEFAULT_MIN = 0;
const DEFAULT_MAX = 1e15;
/** Dates without a declared range: the registers this platform keeps begin in 1900. */
const EARLIEST = '1900-01-01';
const LATEST = '2100-12-31';
/** No one answers more field errors than this at once; the rest would only repeat. */
const MAX_ERRORS = 50;

/** The form as a request carries it: the procedure's field keys (at most 200), each checked by `formDataErrors`. */
export const FormDataSchema = Type.Record(Type.String(), Type.Unknown(), {
  maxProperties: 200,
  propertyNames: { maxLength: 64 },
  description: 'Tờ khai: khoá là các trường của thủ tục (formFields) — the form, keyed by the procedure’s fields',
});

export interface FormSubmission {
  formData?: Record<string, unknown>;
  applicant?: { idNumber?: string; phone?: string; email?: string };
}

const err = (field: string, code: string, vi: string, en: string): FieldError => ({ field, code, message: { vi, en } });
const pointer = (key: string) => `/body/formData/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`;
const isEmpty = (v: unknown) => v === undefined || v === null || v === '';

/** What is wrong with an identity number, to follow the field's name. */
function idMessage(problem: IdNumberProblem, allowOld: boolean | undefined): [string, string] {
  switch (problem) {
    case 'format':
      return allowOld
        ? [
            'phải gồm 12 chữ số (hoặc 9 chữ số của chứng minh nhân dân cũ).',
            'must have 12 digits (or the 9 of the old identity card).',
          ]
        : ['phải gồm 12 chữ số.', 'must have 12 digits.'];
    case 'old-card':
      return [
        'số chứng minh nhân dân 9 số không còn được chấp nhận; hãy nhập số định danh cá nhân 12 số.',
        'the old 9-digit identity card number is no longer accepted; enter the 12-digit number.',
      ];
    case 'birth-year':
      return [
        'không hợp lệ: năm sinh mã hoá trong số ở tương lai.',
        'not valid: the year of birth it encodes is in the future.',
      ];
  }
}

/** The error of one present value, or null. */
function valueError(f: FormField, v: unknown, at: string, now: Date): FieldError | null {
  const name = f.label;
  const bad = (code: string, vi: string, en: string) => err(at, code, `${name.vi}: ${vi}`, `${name.en}: ${en}`);
  switch (f.type) {
    case 'text':
    case 'textarea': {
      if (typeof v !== 'string') return bad('type', 'cần nhập chữ.', 'must be text.');
      const max = f.maxLength ?? DEFAULT_MAX_LENGTH[f.type];
      return v.length > max ? bad('maxLength', `tối đa ${max} ký tự.`, `at most ${max} characters.`) : null;
    }
    case 'number': {
      if (typeof v !== 'number' || !Number.isFinite(v)) return bad('type', 'cần nhập một số.', 'must be a number.');
      if (f.integer && !Number.isInteger(v)) return bad('integer', 'cần nhập số nguyên.', 'must be a whole number.');
      const min = f.min ?? DEFAULT_MIN;
      const max = f.max ?? DEFAULT_MAX;
      if (v < min) return bad('minimum', `giá trị nhỏ nhất là ${min}.`, `must be at least ${min}.`);
      return v > max ? bad('maximum', `giá trị lớn nhất là ${max}.`, `must be at most ${max}.`) : null;
    }
    case 'date': {
      const d = typeof v === 'string' ? parseIsoDate(v) : null;
      if (!d) return bad('date', 'cần một ngày có thật, dạng YYYY-MM-DD.', 'must be a real date written YYYY-MM-DD.');
      const today = vnDateParts(now).iso;
      if (f.dateRange === 'past' && d > today)
        return bad('future-date', 'không được sau ngày hôm nay.', 'must not be after today.');
      if (f.dateRange === 'future' && d < today)
        return bad('past-date', 'không được trước ngày hôm nay.', 'must not be before today.');
      if (d < EARLIEST || d > LATEST)
        return bad(
          'date-range',
          `phải trong khoảng ${EARLIEST} – ${LATEST}.`,
          `must be between ${EARLIEST} and ${LATEST}.`,
        );
      return null;
    }
    case 'select':
      return typeof v === 'string' && (f.options ?? []).some((o) => o.value === v)
        ? null
        : bad('option', 'giá trị không có trong danh sách.', 'not one of the listed values.');
    case 'checkbox':
      return typeof v === 'boolean' ? null : bad('type', 'cần giá trị đúng/sai.', 'must be true or false.');
    case 'email':
      return typeof v === 'string' && isEmail(v)
        ? null
        : bad('email', 'địa chỉ thư điện tử không hợp lệ.', 'not a valid e-mail address.');
    case 'phone':
      return typeof v === 'string' && isVnPhone(v)
        ? null
        : bad(
            'phone',
            'số điện thoại di động hoặc cố định Việt Nam không hợp lệ.',
            'not a valid Vietnamese mobile or landline number.',
          );
    case 'idNumber': {
      const problem = typeof v === 'string' ? checkIdNumber(v, { allowOld: f.allowOldId, now }) : 'format';
      return problem ? bad('idNumber', ...idMessage(problem, f.allowOldId)) : null;
    }
  }
  return null;
}

/**
 * Every problem of the form and of the applicant block, one entry per field, each with its JSON
 * pointer. Only what is sent is checked: presence of required fields is the caller's (a supplement
 * sends only what changes).
 */
export function formDataErrors(
  fields: readonly FormField[],
  input: FormSubmission,
  opts: { now?: Date } = {},
): FieldError[] {
  const now = opts.now ?? new Date();
  const data = input.formData ?? {};
  const errors: FieldError[] = [];
  if (JSON.stringify(data).length > MAX_FORM_BYTES) {
    return [
      err(
        '/body/formData',
        'too-large',
        `Tờ khai vượt quá ${MAX_FORM_BYTES / 1024} KB.`,
        `The form exceeds ${MAX_FORM_BYTES / 1024} KB.`,
      ),
    ];
  }
  const byKey = new Map(fields.map((f) => [f.key, f]));
  for (const key of Object.keys(data)) {
    if (errors.length >= MAX_ERRORS) break;
    const f = byKey.get(key);
    const v = data[key];
    if (!f) {
      errors.push(
        err(
          pointer(key),
          'unknown-field',
          'Tờ khai của thủ tục này không có trường này.',
          'The procedure’s form has no such field.',
        ),
      );
      continue;
    }
    if (isEmpty(v)) continue;
    if (f.required && typeof v === 'string' && !v.trim()) {
      errors.push(err(pointer(key), 'required', `Chưa nhập: ${f.label.vi}`, `Required: ${f.label.en}`));
      continue;
    }
    const e = valueError(f, v, pointer(key), now);
    if (e) errors.push(e);
  }
  errors.push(...applicantErrors(fields, input, now));
  return errors.slice(0, MAX_ERRORS);
}

/** The applicant block checked like the form, and the form's own identity number held equal to it. */
function applicantErrors(fields: readonly FormField[], input: FormSubmission, now: Date): FieldError[] {
  const a = input.applicant;
  if (!a) return [];
  const errors: FieldError[] = [];
  const idField = fields.find((f) => f.prefill === 'idNumber');
  if (a.idNumber !== undefined) {
    const problem = checkIdNumber(a.idNumber, { allowOld: idField?.allowOldId, now });
    if (problem) {
      const [vi, en] = idMessage(problem, idField?.allowOldId);
      errors.push(
        err('/body/applicant/idNumber', 'idNumber', `Số định danh cá nhân: ${vi}`, `Identification number: ${en}`),
      );
    }
    const formId = idField ? input.formData?.[idField.key] : undefined;
    if (!problem && typeof formId === 'string' && formId !== '' && formId !== a.idNumber) {
      errors.push(
        err(
          pointer(idField!.key),
          'mismatch',
          `${idField!.label.vi} trong tờ khai khác số định danh của người nộp (${a.idNumber}).`,
          `${idField!.label.en} on the form differs from the applicant’s identification number (${a.idNumber}).`,
        ),
      );
    }
  }
  if (a.phone !== undefined && !isVnPhone(a.phone))
    errors.push(
      err(
        '/body/applicant/phone',
        'phone',
        'Số điện thoại di động hoặc cố định Việt Nam không hợp lệ.',
        'Not a valid Vietnamese mobile or landline number.',
      ),
    );
  if (a.email !== undefined && !isEmail(a.email))
    errors.push(
      err('/body/applicant/email', 'email', 'Địa chỉ thư điện tử không hợp lệ.', 'Not a valid e-mail address.'),
    );
  return errors;
}
