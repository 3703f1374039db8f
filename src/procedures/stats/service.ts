/**
 * Dossier statistics (thống kê tình hình giải quyết hồ sơ) over the published view
 * procedures_dossier_stats: received, results early / on time / late, pending within / past the
 * appointment, share online and fully online, satisfaction. Filtered by period, agency, procedure, unit.
 */
import ExcelJS from 'exceljs';
import { sql, type SQL } from 'drizzle-orm';
import { queryRows, type Executor } from '../../platform/index.js';

export interface StatsQuery {
  from?: string;
  to?: string;
  agencyId?: string;
  procedureId?: string;
  unitId?: string;
  groupBy?: 'none' | 'agency' | 'procedure';
}

export interface StatsRow {
  key: string | null;
  name: string | null;
  received: number;
  finished: number;
  early: number;
  onTime: number;
  late: number;
  refused: number;
  withdrawn: number;
  pendingWithin: number;
  pendingLate: number;
  online: number;
  fullyOnline: number;
  onlineShare: number | null;
  fullyOnlineShare: number | null;
  onTimeShare: number | null;
  ratings: number;
  averageRating: number | null;
}

interface Raw {
  key: string | null;
  name: string | null;
  received: number;
  early: number;
  on_time: number;
  late: number;
  refused: number;
  withdrawn: number;
  pending_within: number;
  pending_late: number;
  online: number;
  fully_online: number;
  ratings: number;
  avg_rating: number | string | null;
}

const share = (n: number, of: number) => (of ? Math.round((n / of) * 10_000) / 10_000 : null);

/** `agencyIds`: the agencies the caller may see (null: all). A local date `to` includes that whole day (UTC+7). */
export async function dossierStats(ex: Executor, q: StatsQuery, agencyIds: string[] | null): Promise<StatsRow[]> {
  const where: SQL[] = [sql`TRUE`];
  if (agencyIds) {
    // Staff see the dossiers their agencies handle and those their one-stop desk received.
    const ids = `{${agencyIds.join(',')}}`;
    where.push(sql`(s.agency_id = ANY(${ids}::uuid[]) OR s.receiving_agency_id = ANY(${ids}::uuid[]))`);
  }
  if (q.from) where.push(sql`s.received_at >= (${q.from}::date - interval '7 hours')`);
  if (q.to) where.push(sql`s.received_at < (${q.to}::date + interval '1 day' - interval '7 hours')`);
  if (q.agencyId) where.push(sql`s.agency_id = ${q.agencyId}::uuid`);
  if (q.procedureId) where.push(sql`s.procedure_id = ${q.procedureId}::uuid`);
  if (q.unitId) {
    // The unit, the units under it and those merged into it: the agencies that sit there, and theirs.
    where.push(sql`s.agency_id IN (
      WITH RECURSIVE gu(id) AS (SELECT ${q.unitId}::uuid UNION SELECT u.id FROM admin_units u JOIN gu ON u.parent_id = gu.id OR u.successor_id = gu.id),
      down(id) AS (SELECT a.id FROM agencies a WHERE a.unit_id IN (SELECT id FROM gu) UNION SELECT a.id FROM agencies a JOIN down ON a.parent_id = down.id)
      SELECT id FROM down)`);
  }
  const group = q.groupBy ?? 'none';
  const key = group === 'agency' ? sql`s.agency_id::text` : group === 'procedure' ? sql`s.procedure_id::text` : sql`NULL::text`;
  const name =
    group === 'agency'
      ? sql`(SELECT a.name FROM agencies a WHERE a.id = s.agency_id)`
      : group === 'procedure'
        ? sql`(SELECT p.code || ' ' || p.name FROM procedures p WHERE p.id = s.procedure_id)`
        : sql`NULL::text`;
  const rows = await queryRows<Raw>(
    ex,
    sql`SELECT ${key} AS key, min(${name}) AS name,
          count(*)::int AS received,
          count(*) FILTER (WHERE s.outcome = 'early')::int AS early,
          count(*) FILTER (WHERE s.outcome = 'on_time')::int AS on_time,
          count(*) FILTER (WHERE s.outcome = 'late')::int AS late,
          count(*) FILTER (WHERE s.status = 'refused')::int AS refused,
          count(*) FILTER (WHERE s.status = 'withdrawn')::int AS withdrawn,
          count(*) FILTER (WHERE s.pending AND NOT s.pending_late)::int AS pending_within,
          count(*) FILTER (WHERE s.pending_late)::int AS pending_late,
          count(*) FILTER (WHERE s.channel = 'online')::int AS online,
          count(*) FILTER (WHERE s.fully_online)::int AS fully_online,
          count(s.rating)::int AS ratings,
          round(avg(s.rating), 2) AS avg_rating
        FROM procedures_dossier_stats s
        WHERE ${sql.join(where, sql` AND `)}
        GROUP BY 1
        ORDER BY 3 DESC`,
  );
  if (!rows.length && group === 'none') rows.push({ key: null, name: null, received: 0, early: 0, on_time: 0, late: 0, refused: 0, withdrawn: 0, pending_within: 0, pending_late: 0, online: 0, fully_online: 0, ratings: 0, avg_rating: null });
  return rows.map((r) => {
    const finished = r.early + r.on_time + r.late;
    return {
      key: r.key,
      name: r.name,
      received: r.received,
      finished,
      early: r.early,
      onTime: r.on_time,
      late: r.late,
      refused: r.refused,
      withdrawn: r.withdrawn,
      pendingWithin: r.pending_within,
      pendingLate: r.pending_late,
      online: r.online,
      fullyOnline: r.fully_online,
      onlineShare: share(r.online, r.received),
      fullyOnlineShare: share(r.fully_online, r.received),
      onTimeShare: share(r.early + r.on_time, finished),
      ratings: r.ratings,
      averageRating: r.avg_rating === null ? null : Number(r.avg_rating),
    };
  });
}

const CSV_COLUMNS: [keyof StatsRow, string][] = [
  ['key', 'Mã'],
  ['name', 'Tên'],
  ['received', 'Tiếp nhận'],
  ['finished', 'Đã giải quyết'],
  ['early', 'Trước hạn'],
  ['onTime', 'Đúng hạn'],
  ['late', 'Quá hạn'],
  ['refused', 'Từ chối'],
  ['withdrawn', 'Rút hồ sơ'],
  ['pendingWithin', 'Đang giải quyết trong hạn'],
  ['pendingLate', 'Đang giải quyết quá hạn'],
  ['online', 'Nộp trực tuyến'],
  ['onlineShare', 'Tỷ lệ trực tuyến'],
  ['fullyOnline', 'Trực tuyến toàn trình'],
  ['fullyOnlineShare', 'Tỷ lệ toàn trình'],
  ['onTimeShare', 'Tỷ lệ đúng hạn'],
  ['ratings', 'Số đánh giá'],
  ['averageRating', 'Điểm hài lòng trung bình'],
];

const cell = (v: unknown) => {
  const s = v === null || v === undefined ? '' : String(v);
  // Quote anything a spreadsheet might misread; neutralise formulas (CSV injection).
  const safe = /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
  return /[",\n\r;]/.test(safe) || safe !== s ? `"${safe.replace(/"/g, '""')}"` : safe;
};

/** CSV with a BOM so spreadsheet programs read the Vietnamese headers as UTF-8. */
export function statsCsv(rows: StatsRow[]): string {
  const head = CSV_COLUMNS.map(([k, vi]) => cell(`${vi} (${k})`)).join(',');
  return `\uFEFF${head}\r\n${rows.map((r) => CSV_COLUMNS.map(([k]) => cell(r[k])).join(',')).join('\r\n')}\r\n`;
}

/** The same table as an Excel workbook (one sheet, Vietnamese headers, shares as percentages). */
export async function statsXlsx(rows: StatsRow[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Tỉnh số';
  const ws = wb.addWorksheet('Thống kê hồ sơ');
  ws.columns = CSV_COLUMNS.map(([key, vi]) => ({ header: vi, key, width: Math.max(12, vi.length + 2) }));
  for (const r of rows) ws.addRow(Object.fromEntries(CSV_COLUMNS.map(([k]) => [k, r[k]])));
  for (const k of ['onlineShare', 'fullyOnlineShare', 'onTimeShare'] as const) ws.getColumn(k).numFmt = '0.00%';
  ws.getRow(1).font = { bold: true };
  return Buffer.from(await wb.xlsx.writeBuffer());
}
