/**
 * Every table of the module as CSV or XLSX, and a ranking or a report as a PDF in the administrative
 * format (renderOfficialForm: Nghị định 30/2020 layout, DejaVu Serif for Vietnamese).
 */
import ExcelJS from 'exceljs';
import { stringify } from 'csv-stringify/sync';
import type { FastifyReply } from 'fastify';
import { renderOfficialForm, type FormBlock } from '../platform/pdf/index.js';

export const EXPORT_FORMATS = ['csv', 'xlsx', 'pdf'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];
export interface Column {
  key: string;
  label: string;
  width?: number;
}
export type Row = Record<string, string | number | null | undefined>;

const asciiName = (s: string) =>
  s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .replace(/[^A-Za-z0-9._-]+/g, '-');

export async function xlsxOf(title: string, columns: Column[], rows: Row[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Tỉnh số';
  const ws = wb.addWorksheet(title.slice(0, 31).replace(/[*?:\\/[\]]/g, ' '));
  ws.columns = columns.map((c) => ({
    header: c.label,
    key: c.key,
    width: c.width ?? Math.min(60, Math.max(10, c.label.length + 2)),
  }));
  ws.getRow(1).font = { bold: true };
  for (const r of rows) ws.addRow(Object.fromEntries(columns.map((c) => [c.key, r[c.key] ?? null])));
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export const csvOf = (columns: Column[], rows: Row[]) =>
  // A byte-order mark so spreadsheet programs read the Vietnamese text as UTF-8.
  `\ufeff${stringify([columns.map((c) => c.label), ...rows.map((r) => columns.map((c) => r[c.key] ?? ''))])}`;

export async function pdfOf(opts: {
  title: string;
  subtitle?: string;
  agency?: string;
  columns: Column[];
  rows: Row[];
  before?: FormBlock[];
  after?: FormBlock[];
  signer?: string;
}): Promise<Buffer> {
  const total = opts.columns.reduce((a, c) => a + (c.width ?? 10), 0);
  const usable = 165; // mm between the administrative margins of an A4 page
  return renderOfficialForm({
    agency: { parent: 'ỦY BAN NHÂN DÂN', name: opts.agency ?? 'Tỉnh số' },
    place: 'Huế',
    date: new Date(),
    title: opts.title,
    subtitle: opts.subtitle,
    blocks: [
      ...(opts.before ?? []),
      {
        kind: 'table',
        columns: opts.columns.map((c) => c.label),
        widths: opts.columns.map((c) => ((c.width ?? 10) / total) * usable * (72 / 25.4)),
        rows: opts.rows.map((r) => opts.columns.map((c) => String(r[c.key] ?? ''))),
      },
      ...(opts.after ?? []),
    ],
    signature: { role: opts.signer ?? 'Người lập biểu' },
    meta: { subject: opts.title },
  });
}

/** Sends a table in the asked format with a download name. */
export async function sendTable(
  reply: FastifyReply,
  format: ExportFormat,
  name: string,
  title: string,
  columns: Column[],
  rows: Row[],
  pdf: { subtitle?: string; agency?: string } = {},
) {
  const file = asciiName(name);
  if (format === 'csv')
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="${file}.csv"`)
      .send(csvOf(columns, rows));
  if (format === 'xlsx')
    return reply
      .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .header('content-disposition', `attachment; filename="${file}.xlsx"`)
      .send(await xlsxOf(title, columns, rows));
  return reply
    .type('application/pdf')
    .header('content-disposition', `attachment; filename="${file}.pdf"`)
    .send(await pdfOf({ title, columns, rows, ...pdf }));
}
