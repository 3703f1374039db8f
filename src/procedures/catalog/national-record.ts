/**
 * The sections of a procedure's record in the national database (CSDL quốc gia về TTHC) that are
 * tables, not single values: Cách thức thực hiện (channel, time, fees), Thành phần hồ sơ (papers with
 * their templates and counts), Căn cứ pháp lý (legal bases). The JSON export carries them as arrays of
 * objects; a flat CSV/XLSX export carries each as one cell, a table row per line, its cells separated
 * by " | " or a tab (docs/catalog.md describes both).
 */
import type { Channel } from './schema.js';
import type { FeeInput, PaperInput } from './service.js';

/** Folds Vietnamese text to plain lower-case ASCII words: "Mã thủ tục" → "ma thu tuc". */
export function fold(s: string): string {
  return s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

export const text = (v: unknown): string => {
  if (v === undefined || v === null) return '';
  if (Array.isArray(v)) return v.map(text).filter(Boolean).join('\n');
  if (typeof v === 'object')
    return Object.values(v as Record<string, unknown>)
      .map(text)
      .filter(Boolean)
      .join(' | ');
  return String(v).trim();
};

/** The value of the first key of `o` whose folded name is one of `names`. */
function pick(o: Record<string, unknown>, ...names: string[]): unknown {
  for (const [k, v] of Object.entries(o)) if (names.includes(fold(k))) return v;
  return undefined;
}

const isObjectList = (v: unknown): v is Record<string, unknown>[] =>
  Array.isArray(v) && v.every((x) => x !== null && typeof x === 'object' && !Array.isArray(x));

/** Splits a flattened table cell into rows of cells. */
function tableRows(v: unknown): string[][] {
  return text(v)
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean)
    .map((l) => l.split(/\s+\|\s+|\t/).map((c) => c.trim()));
}

export function channelOf(s: string): Channel | null {
  const t = fold(s);
  if (/truc tuyen|online|dich vu cong/.test(t)) return 'online';
  if (/buu chinh|postal|\bpost\b/.test(t)) return 'postal';
  if (/truc tiep|direct|tai quay|bo phan mot cua/.test(t)) return 'direct';
  return null;
}

export interface ChannelRow {
  channel: Channel | null;
  time: string;
  fees: string;
  description: string;
}

/** "Cách thức thực hiện": Hình thức nộp | Thời hạn giải quyết | Phí, lệ phí | Mô tả. */
export function parseChannelRows(v: unknown): ChannelRow[] {
  if (isObjectList(v)) {
    return v.map((o) => ({
      channel: channelOf(text(pick(o, 'hinh thuc nop', 'kenh', 'channel', 'hinh thuc'))),
      time: text(pick(o, 'thoi han giai quyet', 'thoi gian giai quyet', 'thoi han', 'time')),
      fees: feeText(pick(o, 'phi le phi', 'phi', 'le phi', 'fees')),
      description: text(pick(o, 'mo ta', 'description')),
    }));
  }
  const rows = tableRows(v);
  // A cell that only names the channels ("Trực tiếp, Trực tuyến, Qua bưu chính") is one row per name.
  if (rows.every((r) => r.length === 1)) {
    return rows
      .flatMap((r) => r[0]!.split(/[,;]/))
      .map((c) => ({ channel: channelOf(c), time: '', fees: '', description: '' }))
      .filter((r) => r.channel);
  }
  return rows.map(([channel = '', time = '', fees = '', description = '']) => ({
    channel: channelOf(channel),
    time,
    fees,
    description,
  }));
}

/** A fee cell of the JSON export may be a list of {Mức phí / Số tiền, Mô tả}. */
function feeText(v: unknown): string {
  if (isObjectList(v)) {
    return v
      .map((o) => {
        const amount = text(pick(o, 'muc phi', 'so tien', 'amount', 'muc thu'));
        const name = text(pick(o, 'ten phi', 'loai phi', 'name', 'ten'));
        const desc = text(pick(o, 'mo ta', 'description', 'ghi chu'));
        const sum = /^\d+$/.test(amount) ? `${amount} đồng` : amount;
        return [name || 'Lệ phí', ': ', sum, desc ? ` (${desc})` : ''].join('');
      })
      .join('\n');
  }
  return text(v);
}

const HAS_AMOUNT = /\d\s*(?:đồng|vnđ|vnd|đ)(?![\p{L}\p{N}])/iu;
const AMOUNT = /(\d{1,3}(?:[.,]\d{3})+|\d+)\s*(?:đồng|vnđ|vnd|đ)(?![\p{L}\p{N}])/giu;

/**
 * Fee rules from the published text: each line (or "; "-separated part) with an amount in đồng is a
 * fixed fee named by the words before the amount ("Lệ phí: 100.000 đồng/giấy phép" → "Lệ phí",
 * 100000). A part without an amount ("Miễn lệ phí", "Không") gives no fee.
 */
export function parseFeeRules(v: unknown): FeeInput[] {
  const out: FeeInput[] = [];
  const parts = feeText(v)
    .split(/\r?\n|;\s*(?=\p{L})/u)
    .map((p) => p.trim().replace(/^[-+•*]\s*/, ''))
    .filter(Boolean);
  for (const part of parts) {
    for (const m of part.matchAll(AMOUNT)) {
      const amount = Number(m[1]!.replace(/[.,]/g, ''));
      if (!Number.isSafeInteger(amount) || amount > 2_000_000_000) continue;
      const before = part
        .slice(0, m.index)
        .replace(/\b(mức thu|là|bằng)\s*$/iu, '')
        .replace(/[\s:–—-]+$/u, '')
        .trim();
      const name =
        before && before.length <= 200 && !HAS_AMOUNT.test(before)
          ? before[0]!.toUpperCase() + before.slice(1)
          : 'Phí, lệ phí';
      out.push({ name, amount, note: part.length > 500 ? part.slice(0, 497) + '…' : part });
    }
  }
  return out;
}

/** "Bản chính: 1 - Bản sao: 0", "01 bản chính, 02 bản sao", "1" (originals). */
function counts(s: string): { originals: number; copies: number } | null {
  const t = fold(s);
  if (!t) return null;
  // Either "label: n" or "n label", never both in one text: folded, "Bản chính: 1 - Bản sao: 0" reads
  // "ban chinh 1 ban sao 0", where "1 ban sao" would be taken for one copy if both forms were tried.
  const numberFirst = /^\d/.test(t);
  const orig = numberFirst ? t.match(/(\d+)\s*ban chinh/) : t.match(/ban chinh\D{0,3}(\d+)/);
  const copy = numberFirst ? t.match(/(\d+)\s*ban sao/) : t.match(/ban sao\D{0,3}(\d+)/);
  if (orig || copy) return { originals: Number(orig?.[1] ?? 0), copies: Number(copy?.[1] ?? 0) };
  if (/^\d+$/.test(t)) return { originals: Number(t), copies: 0 };
  return null;
}

const TEMPLATE_IN_NAME = /\s*\((?:theo\s+)?mẫu(?:\s+số)?\s*:?\s*([^)]+)\)\s*/iu;

function paperOf(
  name: string,
  template: string,
  quantity: string,
  desk: boolean,
  mandatory?: boolean,
): PaperInput | null {
  let n = name.replace(/^(?:[-+•*]|\d+[.)]|[a-zđ][.)])\s*/iu, '').trim();
  let tpl = template.trim();
  // "Tờ khai đăng ký khai sinh (Mẫu: TK-KS.docx)": the template named inside the paper's name.
  const inName = n.match(TEMPLATE_IN_NAME);
  if (inName && !tpl) tpl = inName[1]!.trim();
  if (inName) n = n.replace(TEMPLATE_IN_NAME, ' ').trim();
  if (!n) return null;
  const f = fold(n);
  const c = counts(quantity) ?? counts(n) ?? { originals: 1, copies: 0 };
  const shownOnly = desk || /xuat trinh/.test(f);
  return {
    name: n.length > 1000 ? n.slice(0, 999) + '…' : n,
    originals: Math.min(c.originals, 100),
    copies: Math.min(c.copies, 100),
    // "(nếu có)", "(trường hợp …)": a paper only some applicants have.
    mandatory: mandatory ?? !(/\bneu co\b|^truong hop|\bkhi co\b/.test(f) || /\((?:đối với\s+)?trường hợp/iu.test(n)),
    templateName: fold(tpl) && !/^(khong|khong co)$/.test(fold(tpl)) ? tpl.slice(0, 300) : null,
    provision: shownOnly ? 'desk' : 'upload',
  };
}

/**
 * "Thành phần hồ sơ": Tên giấy tờ | Mẫu đơn, tờ khai | Số lượng. A line ending in ":" is a heading;
 * papers under a heading about showing ("Giấy tờ phải xuất trình") are only shown at the desk.
 */
export function parsePapers(v: unknown): PaperInput[] {
  if (isObjectList(v)) {
    return v
      .map((o) => {
        const m = pick(o, 'bat buoc', 'mandatory');
        const orig = pick(o, 'ban chinh', 'originals', 'so ban chinh');
        const copy = pick(o, 'ban sao', 'copies', 'so ban sao');
        const quantity =
          orig !== undefined || copy !== undefined
            ? `bản chính: ${text(orig) || 0} bản sao: ${text(copy) || 0}`
            : text(pick(o, 'so luong', 'quantity'));
        const deskText = fold(text(pick(o, 'hinh thuc', 'cach nop', 'provision')));
        return paperOf(
          text(pick(o, 'ten giay to', 'ten', 'name', 'giay to')),
          text(pick(o, 'mau don to khai', 'mau don', 'mau', 'template', 'bieu mau')),
          quantity,
          /xuat trinh|desk/.test(deskText),
          m === undefined ? undefined : m === true || /^(co|x|true|1|bat buoc)$/.test(fold(text(m))),
        );
      })
      .filter((p): p is PaperInput => p !== null);
  }
  const out: PaperInput[] = [];
  let desk = false;
  for (const cells of tableRows(v)) {
    const [name = '', template = '', quantity = ''] = cells;
    const f = fold(name);
    if (cells.length === 1 && (/:\s*$/.test(name) || /^(bao gom|thanh phan ho so|so luong ho so)/.test(f))) {
      desk = /xuat trinh/.test(f);
      continue;
    }
    const p = paperOf(name, template, quantity, desk);
    if (p) out.push(p);
  }
  return out;
}

/** "Căn cứ pháp lý": Số ký hiệu | Trích yếu | Ngày ban hành | Cơ quan ban hành, one basis a line. */
export function legalBasisText(v: unknown): string {
  const line = (num: string, title: string, date: string, by: string) =>
    [num, title].filter(Boolean).join(' — ') + (date || by ? ` (${[by, date].filter(Boolean).join(', ')})` : '');
  if (isObjectList(v)) {
    return v
      .map((o) =>
        line(
          text(pick(o, 'so ky hieu', 'so hieu', 'number')),
          text(pick(o, 'trich yeu', 'ten van ban', 'title')),
          text(pick(o, 'ngay ban hanh', 'date')),
          text(pick(o, 'co quan ban hanh', 'issuer')),
        ),
      )
      .join('\n');
  }
  return tableRows(v)
    .map((cells) =>
      cells.length > 1 ? line(cells[0] ?? '', cells[1] ?? '', cells[2] ?? '', cells[3] ?? '') : cells[0]!,
    )
    .join('\n');
}
