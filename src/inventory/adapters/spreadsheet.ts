/**
 * What an agency keeps in a spreadsheet (CSV or XLSX): one kind of fact per file, one fact per row, the first row
 * naming the columns. An unknown column, a missing required one, a bad value or a duplicate id is a row of the report,
 * and a file with any such row imports nothing. The file is the agency's full list of that kind: a fact that was in
 * the previous file and is not in this one is marked gone.
 */
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { SourceError, row, type Batch, type FactKind, type Harvest } from '../facts.js';
import { ANTIMALWARE, APP_CATEGORIES, DEVICE_KINDS, NETWORK_KINDS, type ReportRow } from '../schema.js';
import type { AdapterContext } from './context.js';

type Cell = string;
type Parser = (v: Cell, at: string, col: string, ctx: AdapterContext) => unknown;
interface Column {
  required?: boolean;
  parse?: Parser;
}

const text: Parser = (v) => v || null;
const oneOf =
  (values: readonly string[]): Parser =>
  (v, at, col) => {
    if (!values.includes(v)) throw bad(at, col, `một trong ${values.join(', ')}`, `one of ${values.join(', ')}`);
    return v;
  };
const bool: Parser = (v, at, col) => {
  const s = v.toLowerCase();
  if (['', 'no', 'false', '0', 'không', 'khong'].includes(s)) return false;
  if (['yes', 'true', '1', 'có', 'co'].includes(s)) return true;
  throw bad(at, col, 'có/không', 'yes/no');
};
const int =
  (min: number, max: number, optional = true): Parser =>
  (v, at, col) => {
    if (!v && optional) return null;
    const n = Number(v);
    if (!Number.isInteger(n) || n < min || n > max)
      throw bad(at, col, `số nguyên từ ${min} đến ${max}`, `a whole number from ${min} to ${max}`);
    return n;
  };
const isoDate: Parser = (v, at, col) => {
  if (!v) return null;
  const m = /^(\d{4}-\d{2}-\d{2})/.exec(v);
  if (!m || Number.isNaN(Date.parse(m[1]!))) throw bad(at, col, 'ngày dạng YYYY-MM-DD', 'a date as YYYY-MM-DD');
  return m[1];
};
const timestamp: Parser = (v, at, col) => {
  if (!v) return null;
  const d = new Date(v);
  if (Number.isNaN(d.getTime())) throw bad(at, col, 'thời điểm ISO 8601', 'an ISO 8601 time');
  return d;
};
const uuid: Parser = (v, at, col) => {
  if (!v) return null;
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(v))
    throw bad(at, col, 'mã UUID', 'a UUID');
  return v.toLowerCase();
};
const owner: Parser = (v, at, col, ctx) => {
  if (!v) return null;
  const id = ctx.person(v);
  if (!id)
    throw bad(
      at,
      col,
      'tên đăng nhập hoặc thư điện tử của một cán bộ trong danh bạ',
      'the login or e-mail of a person in the directory',
    );
  return id;
};

class CellProblem extends Error {
  constructor(readonly report: ReportRow) {
    super(report.en);
  }
}
const bad = (at: string, col: string, vi: string, en: string) =>
  new CellProblem(row(at, 'bad-value', `Cột “${col}”: cần ${vi}.`, `Column “${col}”: expected ${en}.`));

/** The columns of each kind: the first row of a file must name only these. */
export const COLUMNS: Record<FactKind, Record<string, Column>> = {
  devices: {
    id: {},
    kind: { required: true, parse: oneOf(DEVICE_KINDS) },
    name: { required: true },
    serial: {},
    owner: { parse: owner },
    location: {},
    os: {},
    os_version: {},
    last_seen: { parse: timestamp },
    antimalware: { parse: (v, at, col, c) => (v ? oneOf(ANTIMALWARE)(v, at, col, c) : 'unknown') },
    internet: { parse: bool },
  },
  networks: {
    id: {},
    kind: { required: true, parse: oneOf(NETWORK_KINDS) },
    level: { parse: int(1, 2) },
    provider: {},
    bandwidth_mbps: { parse: int(0, 10_000_000) },
  },
  systems: {
    id: {},
    name: { required: true },
    purpose: {},
    hosting: {},
    public_url: {
      parse: (v, at, col) => {
        if (!v) return null;
        if (!URL.canParse(v) || !/^https?:$/.test(new URL(v).protocol))
          throw bad(at, col, 'địa chỉ http(s)', 'an http(s) address');
        return v;
      },
    },
    data_held: {},
    personal_data: { parse: bool },
    security_level: { parse: int(1, 5) },
    approval_document_id: { parse: uuid },
    approval_number: {},
    approval_date: { parse: isoDate },
    review_date: { parse: isoDate },
    shares_malware_data: { parse: bool },
  },
  applications: {
    id: {},
    category: { required: true, parse: oneOf(APP_CATEGORIES) },
    name: { required: true },
    vendor: {},
    version: {},
  },
  databases: { id: {}, name: { required: true }, sector: {}, catalogue_entry: {} },
};

/** Reads the rows of a CSV (UTF-8, comma or semicolon) or of the first sheet of an XLSX file. */
export async function readRows(bytes: Buffer, format: 'csv' | 'xlsx'): Promise<Cell[][]> {
  if (format === 'csv') {
    try {
      const s = bytes.toString('utf8').replace(/^\uFEFF/, '');
      const delimiter =
        (s.split('\n', 1)[0] ?? '').includes(';') && !(s.split('\n', 1)[0] ?? '').includes(',') ? ';' : ',';
      return parse(s, { delimiter, relax_column_count: true, skip_empty_lines: true, trim: true }) as Cell[][];
    } catch (e) {
      throw new SourceError(
        `Tệp CSV không đọc được: ${(e as Error).message}`,
        `The CSV file cannot be read: ${(e as Error).message}`,
      );
    }
  }
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch (e) {
    throw new SourceError(
      `Tệp XLSX không đọc được: ${(e as Error).message}`,
      `The XLSX file cannot be read: ${(e as Error).message}`,
    );
  }
  const ws = wb.worksheets[0];
  if (!ws) throw new SourceError('Tệp XLSX không có trang tính nào.', 'The XLSX file has no sheet.');
  const rows: Cell[][] = [];
  ws.eachRow({ includeEmpty: false }, (r) => {
    const cells: Cell[] = [];
    for (let i = 1; i <= ws.columnCount; i++) {
      const v = r.getCell(i).value;
      cells.push(
        v instanceof Date
          ? v.toISOString()
          : v === null || v === undefined
            ? ''
            : typeof v === 'object'
              ? String((v as { text?: unknown; result?: unknown }).text ?? (v as { result?: unknown }).result ?? '')
              : String(v).trim(),
      );
    }
    rows.push(cells);
  });
  return rows;
}

export function harvestRows(ctx: AdapterContext, kind: FactKind, rows: Cell[][]): Harvest {
  const spec = COLUMNS[kind];
  const report: ReportRow[] = [];
  const header = (rows[0] ?? []).map((h) => h.trim().toLowerCase());
  if (!header.length || header.every((h) => !h))
    throw new SourceError('Tệp không có dòng tiêu đề.', 'The file has no header row.');
  header.forEach((h, i) => {
    if (!(h in spec))
      report.push(
        row(
          `cột ${i + 1}`,
          'unknown-column',
          `Cột không xác định: “${h}” (các cột: ${Object.keys(spec).join(', ')}).`,
          `Unknown column “${h}” (columns: ${Object.keys(spec).join(', ')}).`,
        ),
      );
  });
  for (const [name, c] of Object.entries(spec))
    if (c.required && !header.includes(name))
      report.push(
        row('tiêu đề', 'missing-column', `Thiếu cột bắt buộc “${name}”.`, `Required column “${name}” is missing.`),
      );
  if (report.length) return { batch: {}, report };
  const facts: Record<string, unknown>[] = [];
  const ids = new Set<string>();
  rows.slice(1).forEach((cells, i) => {
    const at = `dòng ${i + 2}`;
    const rec: Record<string, unknown> = {};
    try {
      for (const [name, c] of Object.entries(spec)) {
        const idx = header.indexOf(name);
        const v = idx >= 0 ? (cells[idx] ?? '').trim() : '';
        if (c.required && !v)
          throw new CellProblem(
            row(at, 'missing-value', `Cột “${name}” không được để trống.`, `Column “${name}” must not be empty.`),
          );
        rec[name] = (c.parse ?? text)(v, at, name, ctx);
      }
    } catch (e) {
      if (e instanceof CellProblem) return void report.push(e.report);
      throw e;
    }
    // Without an id column a row is known by its serial or name; a network by its kind and level.
    const externalId = String(
      rec.id ??
        rec.serial ??
        rec.name ??
        [rec.kind, rec.level, rec.provider].filter((v) => v !== null && v !== undefined).join('-'),
    ).toLowerCase();
    if (ids.has(externalId))
      return void report.push(
        row(at, 'duplicate', `Trùng mã “${externalId}” với một dòng trước.`, `Duplicate id “${externalId}”.`),
      );
    ids.add(externalId);
    facts.push({ ...rec, externalId });
  });
  return { batch: toBatch(ctx, kind, facts), report };
}

function toBatch(ctx: AdapterContext, kind: FactKind, facts: Record<string, unknown>[]): Batch {
  const agencyId = ctx.source.agencyId;
  const s = (v: unknown) => (v as string | null) ?? null;
  switch (kind) {
    case 'devices':
      return {
        devices: facts.map((f) => ({
          externalId: f.externalId as string,
          agencyId,
          kind: f.kind as (typeof DEVICE_KINDS)[number],
          name: f.name as string,
          serial: s(f.serial),
          ownerPersonId: s(f.owner),
          location: s(f.location),
          osName: s(f.os),
          osVersion: s(f.os_version),
          lastSeenAt: (f.last_seen as Date | null) ?? null,
          antimalware: f.antimalware as (typeof ANTIMALWARE)[number],
          internet: Boolean(f.internet),
          sharesMalwareData: false,
        })),
      };
    case 'networks':
      return {
        networks: facts.map((f) => ({
          externalId: f.externalId as string,
          agencyId,
          kind: f.kind as (typeof NETWORK_KINDS)[number],
          level: (f.level as number | null) ?? (f.kind === 'dedicated' ? 2 : null),
          provider: s(f.provider),
          bandwidthMbps: (f.bandwidth_mbps as number | null) ?? null,
        })),
      };
    case 'systems':
      return {
        systems: facts.map((f) => ({
          externalId: f.externalId as string,
          agencyId,
          name: f.name as string,
          purpose: s(f.purpose),
          hosting: s(f.hosting),
          publicUrl: s(f.public_url),
          dataHeld: s(f.data_held),
          personalData: Boolean(f.personal_data),
          securityLevel: (f.security_level as number | null) ?? null,
          approvalDocumentId: s(f.approval_document_id),
          approvalNumber: s(f.approval_number),
          approvalDate: s(f.approval_date),
          reviewDate: s(f.review_date),
          sharesMalwareData: Boolean(f.shares_malware_data),
        })),
      };
    case 'applications':
      return {
        applications: facts.map((f) => ({
          externalId: f.externalId as string,
          agencyId,
          category: f.category as (typeof APP_CATEGORIES)[number],
          name: f.name as string,
          vendor: s(f.vendor),
          version: s(f.version),
        })),
      };
    case 'databases':
      return {
        databases: facts.map((f) => ({
          externalId: f.externalId as string,
          agencyId,
          name: f.name as string,
          sector: s(f.sector),
          catalogueEntry: s(f.catalogue_entry),
        })),
      };
  }
}
