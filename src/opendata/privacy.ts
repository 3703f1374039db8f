/**
 * The privacy scan (rà soát dữ liệu cá nhân): every resource is read before a dataset is published, and a finding
 * stops the publishing. Open data never reads the account or citizen tables, so names are found by their shape
 * (a Vietnamese family name followed by given names), identity numbers, phones and e-mail addresses by pattern.
 */

export type FindingKind = 'identity-number' | 'phone' | 'email' | 'personal-name';

export interface Finding {
  kind: FindingKind;
  /** Where: the resource and, for tables, the row and field. */
  at: string;
  /** The match, masked: a finding must not itself leak what it found. */
  sample: string;
}

// Identity numbers: 12-digit citizen identity (CCCD) or 9-digit identity card (CMND), standing alone.
const IDENTITY = /(?<![\d.,/-])(\d{12}|\d{9})(?![\d.,/-])/g;
// Mobile and fixed numbers: 0 or +84 / 84, then 9 or 10 digits, spaces, dots or dashes between groups allowed.
const PHONE = /(?<![\d.,])(?:\+?84|0)(?:[\s.-]?\d){9,10}(?![\d])/g;
const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g;
// The commonest family names (họ), which together cover nine Vietnamese in ten.
const FAMILY =
  'Nguyễn|Trần|Lê|Phạm|Hoàng|Huỳnh|Phan|Vũ|Võ|Đặng|Bùi|Đỗ|Hồ|Ngô|Dương|Lý|Đinh|Trịnh|Đoàn|Lâm|Mai|Trương|Cao|Tạ|Lưu|Châu|Tôn|Thái|Lương|Kiều';
const WORD = '[A-ZÀ-ỸĐ][a-zà-ỹđ]+';
const NAME = new RegExp(`(?<![\\p{L}])(?:${FAMILY})(?:\\s+${WORD}){1,3}(?![\\p{L}])`, 'gu');
// Middle names that mark a person (Văn, Thị…) and words that make a place or an office out of a family name.
const PERSON_MARK = /\s(Văn|Thị|Hữu|Đức|Minh|Ngọc|Thanh|Quang|Xuân|Hồng|Kim|Anh|Thu|Thuỳ|Thùy)\s/u;
const PLACE_WORDS =
  /^(Lê Lợi|Trần Hưng Đạo|Lý Thường Kiệt|Lê Duẩn|Nguyễn Huệ|Hồ Chí Minh|Phan Đình Phùng|Hoàng Hoa Thám|Ngô Quyền)$/u;

const mask = (s: string) =>
  s.length <= 4 ? '****' : `${s.slice(0, 2)}${'*'.repeat(Math.max(4, s.length - 4))}${s.slice(-2)}`;

/** Findings in one text. */
export function scanText(text: string, at: string): Finding[] {
  const out: Finding[] = [];
  for (const m of text.matchAll(EMAIL)) out.push({ kind: 'email', at, sample: mask(m[0]) });
  for (const m of text.matchAll(PHONE)) out.push({ kind: 'phone', at, sample: mask(m[0]) });
  for (const m of text.matchAll(IDENTITY)) out.push({ kind: 'identity-number', at, sample: mask(m[0]) });
  for (const m of text.matchAll(NAME)) {
    const name = m[0];
    // Two words (Lê Lợi) is too often a street; three or more words, or a middle name that marks a person.
    if (PLACE_WORDS.test(name)) continue;
    if (name.split(/\s+/).length >= 3 || PERSON_MARK.test(` ${name} `))
      out.push({ kind: 'personal-name', at, sample: mask(name) });
  }
  return out;
}

/** Findings in a table's rows, each named by row number and field. */
export function scanRows(rows: Record<string, unknown>[], at: string, limit = 20): Finding[] {
  const out: Finding[] = [];
  rows.forEach((r, i) => {
    if (out.length >= limit) return;
    for (const [k, v] of Object.entries(r)) {
      if (v === null || v === undefined) continue;
      // A number cell is a figure, unless it is as long as an identity number or phone.
      out.push(...scanText(String(v), `${at} row ${i + 1} ${k}`));
    }
  });
  return out.slice(0, limit);
}
