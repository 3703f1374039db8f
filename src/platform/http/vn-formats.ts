/**
 * Vietnamese formats every module checks the same way: phone numbers (mobile and landline), the
 * personal identification number (số định danh cá nhân, on the citizen identity card — căn cước),
 * e-mail addresses and calendar dates in Vietnam's time zone.
 */
import { problems } from './problem.js';

export type VnPhoneKind = 'mobile' | 'landline';

/**
 * A Vietnamese phone number in international form (+84…) with its kind, or null.
 * Mobile: 0 + 3/5/7/8/9 + 8 digits. Landline: since the 2017 renumbering, 0 + 2 + a one- or two-digit
 * area code + the subscriber number, eleven digits in all (Huế 0234 3822 111, Hà Nội 024 3825 3536).
 * Written with 0, 84 or +84, with spaces, dots, dashes or the area code in parentheses.
 */
export function parseVnPhone(input: string): { e164: string; kind: VnPhoneKind } | null {
  if (input.length > 30) return null;
  const digits = input.trim().replace(/[\s.()-]/g, '');
  const m = /^(?:\+84|84|0)([1-9]\d{8,9})$/.exec(digits);
  if (!m) return null;
  const national = m[1]!;
  if (/^[35789]\d{8}$/.test(national)) return { e164: `+84${national}`, kind: 'mobile' };
  if (/^2\d{9}$/.test(national)) return { e164: `+84${national}`, kind: 'landline' };
  return null;
}

export const isVnPhone = (s: string): boolean => parseVnPhone(s) !== null;

/** A contact phone (mobile or landline) in +84 form, or a 400 naming the field. */
export function requireVnPhone(input: string, field: string): string {
  const p = parseVnPhone(input);
  if (!p)
    throw problems.invalidField(
      field,
      {
        vi: 'Số điện thoại di động hoặc cố định Việt Nam không hợp lệ.',
        en: 'Not a valid Vietnamese mobile or landline number.',
      },
      'phone',
    );
  return p.e164;
}

/** Why an identity number is refused, or null when it is well-formed. */
export type IdNumberProblem = 'format' | 'old-card' | 'birth-year';

/**
 * Checks a personal identification number: the 12 digits of the citizen identity card (CCCD /
 * căn cước, Thông tư 59/2021/TT-BCA: 3 digits of the place of birth registration, 1 of sex and century,
 * 2 of the year of birth, 6 of sequence), or — where `allowOld` — the 9 digits of the old identity
 * card (CMND). A 12-digit number whose year of birth lies in the future is refused.
 */
export function checkIdNumber(input: string, opts: { allowOld?: boolean; now?: Date } = {}): IdNumberProblem | null {
  if (/^\d{9}$/.test(input)) return opts.allowOld ? null : 'old-card';
  if (!/^\d{12}$/.test(input)) return 'format';
  // The fourth digit: 0/1 born in the 20th century (male/female), 2/3 in the 21st, and so on.
  const century = 1900 + Math.floor(Number(input[3]) / 2) * 100;
  const year = century + Number(input.slice(4, 6));
  return year > vnDateParts(opts.now ?? new Date()).year ? 'birth-year' : null;
}

// The HTML living standard's e-mail rule (what `<input type=email>` accepts), with a dot required in the domain.
const EMAIL =
  /^[a-zA-Z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)+$/;

export const isEmail = (s: string): boolean => s.length <= 254 && EMAIL.test(s);

/** Today's date in Vietnam (UTC+7), whatever the server's time zone. */
export function vnDateParts(now: Date): { year: number; month: number; day: number; iso: string } {
  const t = new Date(now.getTime() + 7 * 3_600_000);
  const iso = t.toISOString().slice(0, 10);
  return { year: t.getUTCFullYear(), month: t.getUTCMonth() + 1, day: t.getUTCDate(), iso };
}

/** A real calendar date written YYYY-MM-DD (no 30 February), or null. */
export function parseIsoDate(s: string): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const t = new Date(Date.UTC(y, mo - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === mo - 1 && t.getUTCDate() === d ? s : null;
}
