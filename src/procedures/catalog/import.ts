import { parse as parseCsv } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { asc, eq, sql } from 'drizzle-orm';
import type { Executor, FieldError } from '../../platform/index.js';
import { agencies } from '../../directory/index.js';
import {
  procedureFees,
  procedureFields,
  procedurePapers,
  procedures,
  type Channel,
  type OnlineLevel,
  type ProcedureFee,
  type ProcedureLevel,
} from './schema.js';
import { ensureField, type FeeInput, type FullProcedureInput, type PaperInput } from './service.js';
import {
  fold,
  legalBasisText,
  parseChannelRows,
  parseFeeRules,
  parsePapers,
  text as cellText,
} from './national-record.js';

/**
 * Import of procedures in the shape of the national procedure database's export (Cơ sở dữ liệu
 * quốc gia về thủ tục hành chính): one row per procedure with columns such as Mã thủ tục, Tên thủ
 * tục, Lĩnh vực, Cấp thực hiện, Cơ quan thực hiện, Thời hạn giải quyết, Phí/lệ phí, Mức độ.
 * Headers are matched without diacritics or case; English keys (code, name, field…) work too.
 */

export type ImportKey =
  | 'code'
  | 'name'
  | 'field'
  | 'levels'
  | 'agency'
  | 'competentAgency'
  | 'processing'
  | 'fees'
  | 'onlineLevel'
  | 'legalBasis'
  | 'result'
  | 'nameEn'
  | 'channels'
  | 'papers'
  | 'subjects'
  | 'requirements';

export { fold };

const HEADERS: Record<string, ImportKey> = {
  'ma thu tuc': 'code',
  'ma tthc': 'code',
  'ma so': 'code',
  ma: 'code',
  code: 'code',
  'ten thu tuc': 'name',
  'ten tthc': 'name',
  ten: 'name',
  name: 'name',
  'ten tieng anh': 'nameEn',
  'name en': 'nameEn',
  nameen: 'nameEn',
  'linh vuc': 'field',
  field: 'field',
  fieldcode: 'field',
  'field code': 'field',
  'cap thuc hien': 'levels',
  cap: 'levels',
  levels: 'levels',
  level: 'levels',
  'co quan thuc hien': 'agency',
  'co quan giai quyet': 'agency',
  agency: 'agency',
  'co quan co tham quyen': 'competentAgency',
  'co quan co tham quyen quyet dinh': 'competentAgency',
  competentagency: 'competentAgency',
  'cach thuc thuc hien': 'channels',
  'hinh thuc nop': 'channels',
  channels: 'channels',
  'thanh phan ho so': 'papers',
  'thanh phan so luong ho so': 'papers',
  'ho so': 'papers',
  papers: 'papers',
  'doi tuong thuc hien': 'subjects',
  subjects: 'subjects',
  'yeu cau dieu kien thuc hien': 'requirements',
  'yeu cau dieu kien': 'requirements',
  requirements: 'requirements',
  'thoi han giai quyet': 'processing',
  'thoi gian giai quyet': 'processing',
  processingdays: 'processing',
  'processing days': 'processing',
  processing: 'processing',
  'phi le phi': 'fees',
  phi: 'fees',
  'le phi': 'fees',
  fees: 'fees',
  fee: 'fees',
  'muc do': 'onlineLevel',
  'muc do dvc': 'onlineLevel',
  'muc do dich vu cong': 'onlineLevel',
  'dich vu cong truc tuyen': 'onlineLevel',
  onlinelevel: 'onlineLevel',
  'online level': 'onlineLevel',
  'can cu phap ly': 'legalBasis',
  legalbasis: 'legalBasis',
  'legal basis': 'legalBasis',
  'ket qua thuc hien': 'result',
  'ket qua': 'result',
  result: 'result',
  resulttype: 'result',
};

export const headerKey = (h: string): ImportKey | undefined => HEADERS[fold(h)];

export type RawRow = Partial<Record<ImportKey, unknown>>;

/** Turns records keyed by headers into rows keyed by import keys; unknown columns are ignored. */
export function keyRows(records: Record<string, unknown>[]): RawRow[] {
  return records.map((r) => {
    const out: RawRow = {};
    for (const [h, v] of Object.entries(r)) {
      const k = headerKey(h);
      if (k && out[k] === undefined) out[k] = v;
    }
    return out;
  });
}

/** Finds the header row (national exports put a title above it) and keys the rows below it. */
function fromTable(table: string[][]): RawRow[] {
  const at = table
    .slice(0, 15)
    .findIndex((r) => r.some((c) => headerKey(c) === 'code') && r.some((c) => headerKey(c) === 'name'));
  if (at < 0)
    throw new ImportFormatError({
      vi: 'Không tìm thấy dòng tiêu đề có cột "Mã thủ tục" và "Tên thủ tục".',
      en: 'No header row with "Mã thủ tục" and "Tên thủ tục" columns.',
    });
  const header = table[at]!;
  return table
    .slice(at + 1)
    .filter((r) => r.some((c) => c.trim() !== ''))
    .map((r) => keyRows([Object.fromEntries(header.map((h, i) => [h, r[i] ?? '']))])[0]!);
}

export class ImportFormatError extends Error {
  constructor(readonly detail: { vi: string; en: string }) {
    super(detail.en);
  }
}

export function rowsFromCsv(text: string): RawRow[] {
  const clean = text.replace(/^\uFEFF/, '');
  // Exports from spreadsheet software in Vietnam often use ';' as the separator.
  const firstLine = clean.split(/\r?\n/, 1)[0] ?? '';
  const delimiter = (firstLine.match(/;/g)?.length ?? 0) > (firstLine.match(/,/g)?.length ?? 0) ? ';' : ',';
  try {
    return fromTable(parseCsv(clean, { delimiter, relax_column_count: true, skip_empty_lines: true }) as string[][]);
  } catch (e) {
    if (e instanceof ImportFormatError) throw e;
    throw new ImportFormatError({
      vi: `Tệp CSV không đọc được: ${(e as Error).message}`,
      en: `The CSV file could not be read: ${(e as Error).message}`,
    });
  }
}

export async function rowsFromXlsx(data: Buffer): Promise<RawRow[]> {
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(data as unknown as ArrayBuffer);
  } catch (e) {
    throw new ImportFormatError({
      vi: `Tệp XLSX không đọc được: ${(e as Error).message}`,
      en: `The XLSX file could not be read: ${(e as Error).message}`,
    });
  }
  const ws = wb.worksheets[0];
  if (!ws)
    throw new ImportFormatError({ vi: 'Tệp XLSX không có trang tính nào.', en: 'The XLSX file has no worksheet.' });
  const table: string[][] = [];
  ws.eachRow({ includeEmpty: true }, (row, n) => {
    const cells: string[] = [];
    for (let c = 1; c <= ws.columnCount; c++) cells.push(row.getCell(c).text ?? '');
    table[n - 1] = cells;
  });
  for (let i = 0; i < table.length; i++) table[i] ??= [];
  return fromTable(table);
}

const str = cellText;

/** "Cấp tỉnh, Cấp xã" → ['province', 'commune']; English names are accepted too. */
export function parseLevels(v: unknown): ProcedureLevel[] {
  const t = fold(str(v));
  const out: ProcedureLevel[] = [];
  if (/\b(tinh|province|provincial|so)\b/.test(t)) out.push('province');
  if (/\b(huyen|district|quan|thi xa)\b/.test(t)) out.push('district');
  if (/\b(xa|commune|phuong|thi tran)\b/.test(t)) out.push('commune');
  return out;
}

/** "Mức độ": toàn trình (formerly mức độ 4) → full; một phần (mức độ 3) → partial; otherwise in person. */
export function parseOnlineLevel(v: unknown): OnlineLevel | null {
  const t = fold(str(v));
  if (!t) return null;
  if (/toan trinh|muc do 4|\bfull\b|^4$/.test(t)) return 'full';
  if (/mot phan|muc do 3|\bpartial\b|^3$/.test(t)) return 'partial';
  if (/truc tiep|muc do 2|muc do 1|offline|thong tin|^[12]$/.test(t)) return 'offline';
  return null;
}

/**
 * "03 ngày làm việc" → 3; "Trong ngày" → 0; "0,5 ngày" → 0.5; a plain number as itself. Returns null
 * when no time can be read. Halves are kept; other fractions are rounded up to the next half day.
 */
export function parseProcessingDays(v: unknown): number | null {
  if (typeof v === 'number') return Number.isFinite(v) && v >= 0 ? Math.ceil(v * 2) / 2 : null;
  const t = fold(str(v).replace(/(\d),(\d)/g, '$1.$2'));
  if (!t) return null;
  const m = str(v)
    .replace(/(\d),(\d)/g, '$1.$2')
    .match(/\d+(?:\.\d+)?/);
  // "Trong ngày làm việc; nhận sau 15 giờ thì trả ngày hôm sau": the hour is no number of days.
  if (/^(trong ngay|ngay khi|giai quyet ngay|ngay sau khi)/.test(t)) return 0;
  if (m) {
    const n = Number(m[0]);
    if (!Number.isFinite(n) || n > 9999) return null;
    return Math.ceil(n * 2) / 2;
  }
  if (/trong ngay|ngay khi|ngay sau khi|ngay lap tuc|same day|immediately/.test(t)) return 0;
  return null;
}

/** Amounts in VND written in the fee column: "50.000 đồng", "100,000 VNĐ", "200000đ" (see parseFeeRules). */
export const parseFees = (v: unknown): FeeInput[] => parseFeeRules(v);

export interface RowResult {
  row: number;
  code: string | null;
  status: 'created' | 'updated' | 'error';
  id?: string;
  errors?: FieldError[];
}

const slug = (name: string) => fold(name).replace(/ /g, '-').slice(0, 80) || 'khac';

/**
 * Turns one keyed row into a procedure input, resolving the field (created when new) and the agency
 * (by electronic identifier, or by exact name without diacritics). Returns errors instead when the
 * row cannot be saved. `exists` says whether the code is already in the catalog: an update may leave
 * columns out, a new procedure needs them.
 */
export async function rowInput(
  ex: Executor,
  r: RawRow,
  at: number,
  now: Date = new Date(),
): Promise<{ input: FullProcedureInput | null; errors: FieldError[] }> {
  const errors: FieldError[] = [];
  const err = (field: string, code: string, vi: string, en: string) =>
    errors.push({ field: `/rows/${at}/${field}`, code, message: { vi, en } });
  const code = str(r.code);
  const name = str(r.name);
  if (!/^[0-9A-Za-z][0-9A-Za-z.-]{2,39}$/.test(code))
    err('code', 'invalid', 'Mã thủ tục trống hoặc không hợp lệ.', 'The procedure code is missing or invalid.');
  const [existing] = code
    ? await ex
        .select({ id: procedures.id })
        .from(procedures)
        .where(sql`${procedures.code} = ${code}`)
        .limit(1)
    : [];
  const isNew = !existing;
  if (!name && isNew) err('name', 'required', 'Thiếu tên thủ tục.', 'The procedure name is missing.');
  if (name.length > 1000) err('name', 'too-long', 'Tên thủ tục quá dài.', 'The procedure name is too long.');

  const input: Partial<FullProcedureInput> = { code };
  if (name) input.name = name;
  if (str(r.nameEn)) input.nameEn = str(r.nameEn);

  const fieldText = str(r.field);
  if (fieldText) {
    const [byCode] = await ex
      .select({ code: procedureFields.code })
      .from(procedureFields)
      .where(sql`${procedureFields.code} = ${fieldText}`)
      .limit(1);
    const [byName] = byCode
      ? []
      : await ex
          .select({ code: procedureFields.code })
          .from(procedureFields)
          .where(sql`lower(f_unaccent(${procedureFields.name})) = lower(f_unaccent(${fieldText}))`)
          .limit(1);
    input.fieldCode = byCode?.code ?? byName?.code ?? `new:${fieldText}`;
  } else if (isNew) err('field', 'required', 'Thiếu lĩnh vực.', 'The field (lĩnh vực) is missing.');

  if (r.levels !== undefined && str(r.levels)) {
    const levels = parseLevels(r.levels);
    if (!levels.length)
      err('levels', 'invalid', `Không hiểu cấp thực hiện "${str(r.levels)}".`, `Unknown level "${str(r.levels)}".`);
    else input.levels = levels;
  } else if (isNew) err('levels', 'required', 'Thiếu cấp thực hiện.', 'The level is missing.');

  const agencyText = str(r.agency);
  const competentText = str(r.competentAgency);
  if (agencyText) input.agencyText = agencyText;
  if (competentText) input.competentAgencyText = competentText;
  // The deciding agency is found by its electronic identifier or its name: the competent one first, else the implementing one.
  // The national record names the generic agency ("Sở Tài chính"); the directory may add the province ("… thành phố Huế"):
  // a name that only one agency's name starts with is that agency. Nothing found: an update keeps its link.
  for (const t of [competentText, agencyText].filter(Boolean)) {
    const [a] = await ex
      .select({ id: agencies.id })
      .from(agencies)
      .where(sql`${agencies.code} = ${t} OR lower(f_unaccent(${agencies.name})) = lower(f_unaccent(${t}))`)
      .limit(1);
    const starts = a
      ? []
      : await ex
          .select({ id: agencies.id })
          .from(agencies)
          .where(
            sql`lower(f_unaccent(${agencies.name})) LIKE lower(f_unaccent(${t.replace(/[\\%_]/g, (c) => `\\${c}`)})) || ' %'`,
          )
          .limit(2);
    const found = a ?? (starts.length === 1 ? starts[0] : undefined);
    if (found) {
      input.agencyId = found.id;
      break;
    }
  }
  if (isNew && input.agencyId === undefined) input.agencyId = null;

  // "Cách thức thực hiện" carries, per channel, the processing time and the fees when no column of their own does.
  const channelRows = r.channels !== undefined ? parseChannelRows(r.channels) : [];
  const channels = [...new Set(channelRows.map((c) => c.channel).filter((c): c is Channel => c !== null))];
  if (channels.length) input.channels = channels;
  else if (str(r.channels))
    err(
      'channels',
      'invalid',
      `Không hiểu cách thức thực hiện "${str(r.channels).slice(0, 100)}".`,
      `Unknown channels "${str(r.channels).slice(0, 100)}".`,
    );

  const processing = str(r.processing) ? r.processing : channelRows.find((c) => c.time)?.time;
  if (processing !== undefined && str(processing)) {
    const days = parseProcessingDays(processing);
    if (days === null)
      err(
        'processing',
        'invalid',
        `Không đọc được thời hạn giải quyết "${str(processing)}".`,
        `Cannot read the processing time "${str(processing)}".`,
      );
    else {
      input.processingDays = days;
      if (typeof processing !== 'number' && !/^\d+(?:[.,]\d+)?$/.test(str(processing)))
        input.processingNote = str(processing).slice(0, 2000);
    }
  } else if (isNew) err('processing', 'required', 'Thiếu thời hạn giải quyết.', 'The processing time is missing.');

  if (r.onlineLevel !== undefined && str(r.onlineLevel)) {
    const lvl = parseOnlineLevel(r.onlineLevel);
    if (!lvl)
      err(
        'onlineLevel',
        'invalid',
        `Không hiểu mức độ "${str(r.onlineLevel)}".`,
        `Unknown online level "${str(r.onlineLevel)}".`,
      );
    else input.onlineLevel = lvl;
  } else if (isNew) input.onlineLevel = channels.includes('online') ? 'partial' : 'offline';

  const direct = channelRows.find((c) => c.channel === 'direct' && c.fees) ?? channelRows.find((c) => c.fees);
  const feeSource = r.fees !== undefined && str(r.fees) ? r.fees : direct ? direct.fees : r.fees;
  if (feeSource !== undefined) {
    input.feeSummary = str(feeSource).slice(0, 2000) || null;
    const fees = parseFeeRules(feeSource);
    // A lower fee for the online channel is the province's online reduction (e.g. 50% under Thông tư 106/2021/TT-BTC).
    const online = channelRows.find((c) => c.channel === 'online' && c.fees);
    if (online && online !== direct) {
      const onlineFees = parseFeeRules(online.fees);
      const waived = fold(online.fees);
      for (const f of fees) {
        if (f.amount <= 0) continue;
        const o = onlineFees.find((x) => fold(x.name) === fold(f.name));
        // "Miễn lệ phí đăng ký doanh nghiệp" online: the fee is waived there (100%).
        if (o && o.amount < f.amount) f.onlineReductionPercent = Math.round(100 * (1 - o.amount / f.amount));
        else if (!o && waived.includes(`mien ${fold(f.name)}`)) f.onlineReductionPercent = 100;
      }
    }
    input.fees = existing
      ? keepFeeRules(fees, await ex.select().from(procedureFees).where(eq(procedureFees.procedureId, existing.id)))
      : fees;
  }
  if (str(r.legalBasis)) input.legalBasis = legalBasisText(r.legalBasis).slice(0, 10000);
  if (str(r.result)) input.resultType = str(r.result).slice(0, 1000);
  if (str(r.subjects)) input.subjects = str(r.subjects).slice(0, 2000);
  if (str(r.requirements)) input.requirements = str(r.requirements).slice(0, 10000);

  const papers = r.papers !== undefined ? parsePapers(r.papers) : [];
  if (papers.length) {
    input.papers = existing
      ? keepTemplates(
          papers,
          await ex
            .select()
            .from(procedurePapers)
            .where(eq(procedurePapers.procedureId, existing.id))
            .orderBy(asc(procedurePapers.ordinal)),
        )
      : papers;
  } else if (isNew)
    input.papers = [
      {
        name: 'Thành phần hồ sơ theo quy định (chưa nhập chi tiết)',
        originals: 1,
        copies: 0,
        mandatory: true,
        note: 'Tạo tự động khi nhập danh mục — created by the import',
      },
    ];
  input.importedAt = now;

  if (errors.length) return { input: null, errors };
  return { input: input as FullProcedureInput, errors };
}

/** Creates a field named in an import ("new:<name>") under a code made from its name. */
export async function resolveNewField(ex: Executor, input: FullProcedureInput): Promise<void> {
  if (!input.fieldCode?.startsWith('new:')) return;
  const name = input.fieldCode.slice(4);
  input.fieldCode = await ensureField(ex, slug(name), name);
}

/**
 * A re-import replaces the papers, but what the province added to them stays: the uploaded template
 * file, the kind of paper and a national-database provision, matched by the paper's name (or its
 * template's name).
 */
export function keepTemplates(
  papers: PaperInput[],
  old: {
    name: string;
    templateSha256: string | null;
    templateName: string | null;
    kindCode: string | null;
    provision: string;
    nationalSource: string | null;
  }[],
): PaperInput[] {
  return papers.map((p) => {
    const o =
      old.find((x) => fold(x.name) === fold(p.name)) ??
      (p.templateName ? old.find((x) => x.templateName === p.templateName) : undefined);
    if (!o) return p;
    const kept: PaperInput = { ...p, templateSha256: o.templateSha256, kindCode: o.kindCode };
    if (o.provision === 'national') Object.assign(kept, { provision: 'national', nationalSource: o.nationalSource });
    return kept;
  });
}

/** Likewise a fee of the same name and amount keeps the rules the province gave it (reductions, per copy, validity). */
export function keepFeeRules(fees: FeeInput[], old: ProcedureFee[]): FeeInput[] {
  return fees.map((f) => {
    const o = old.find((x) => fold(x.name) === fold(f.name) && x.amount === f.amount);
    if (!o) return f;
    const { id: _id, procedureId: _p, ordinal: _o, ...rule } = o;
    return { ...rule, note: f.note ?? o.note };
  });
}
