/**
 * Dossier statistics (thống kê tình hình giải quyết hồ sơ): received, results early / on time / late,
 * pending within / past the appointment, share online and fully online, satisfaction. Filtered by
 * period, agency, procedure, unit. Read from the rollup dossier_stats_rollup (kept by triggers in
 * the same transaction as every dossier change), so the answer does not grow with the number of
 * dossiers; the figures are exactly those of the published view procedures_dossier_stats.
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

export interface StatsOptions {
  /** The instant pending dossiers are judged late at; by default the database's now(), as the view's. */
  at?: Date;
}

const share = (n: number, of: number) => (of ? Math.round((n / of) * 10_000) / 10_000 : null);

/** The query's conditions on the table aliased `t` (agency_id, receiving_agency_id, procedure_id); `day`: its local day of receipt. */
function filters(t: SQL, q: StatsQuery, agencyIds: string[] | null, day: SQL): SQL {
  const where: SQL[] = [sql`TRUE`];
  if (agencyIds) {
    // Staff see the dossiers their agencies handle and those their one-stop desk received.
    const ids = `{${agencyIds.join(',')}}`;
    where.push(sql`(${t}.agency_id = ANY(${ids}::uuid[]) OR ${t}.receiving_agency_id = ANY(${ids}::uuid[]))`);
  }
  // A period is whole local days (UTC+7): `to` includes that whole day.
  if (q.from) where.push(sql`${day} >= ${q.from}::date`);
  if (q.to) where.push(sql`${day} <= ${q.to}::date`);
  if (q.agencyId) where.push(sql`${t}.agency_id = ${q.agencyId}::uuid`);
  if (q.procedureId) where.push(sql`${t}.procedure_id = ${q.procedureId}::uuid`);
  if (q.unitId) {
    // The unit, the units under it and those merged into it: the agencies that sit there, and theirs.
    where.push(sql`${t}.agency_id IN (
      WITH RECURSIVE gu(id) AS (SELECT ${q.unitId}::uuid UNION SELECT u.id FROM admin_units u JOIN gu ON u.parent_id = gu.id OR u.successor_id = gu.id),
      down(id) AS (SELECT a.id FROM agencies a WHERE a.unit_id IN (SELECT id FROM gu) UNION SELECT a.id FROM agencies a JOIN down ON a.parent_id = down.id)
      SELECT id FROM down)`);
  }
  return sql.join(where, sql` AND `);
}

/**
 * `agencyIds`: the agencies the caller may see (null: all).
 *
 * Lateness of pending dossiers is the one figure that moves with time. The rollup classes a pending
 * dossier by its appointment's local day (due_day): before today, it is late; after today, within;
 * paused ones are frozen at '-infinity' / 'infinity'. Those due today are counted within by the
 * rollup, and the few of them already past their appointment's time are read live from `dossiers`
 * (index on due_at) and moved to late. Both parts are read in one statement: one snapshot, one now().
 */
export async function dossierStats(
  ex: Executor,
  q: StatsQuery,
  agencyIds: string[] | null,
  opts: StatsOptions = {},
): Promise<StatsRow[]> {
  const now = opts.at ? sql`${opts.at.toISOString()}::timestamptz` : sql`now()`;
  const today = sql`dossier_stats_local_day(${now})`;
  const group = q.groupBy ?? 'none';
  const key = (t: SQL) =>
    group === 'agency'
      ? sql`${t}.agency_id::text`
      : group === 'procedure'
        ? sql`${t}.procedure_id::text`
        : sql`NULL::text`;
  const name =
    group === 'agency'
      ? sql`(SELECT a.name FROM agencies a WHERE a.id = g.key::uuid)`
      : group === 'procedure'
        ? sql`(SELECT p.code || ' ' || p.name FROM procedures p WHERE p.id = g.key::uuid)`
        : sql`NULL::text`;
  const r = sql.raw('r');
  const d = sql.raw('d');
  const rows = await queryRows<Raw>(
    ex,
    sql`SELECT g.key, ${name} AS name, g.received, g.early, g.on_time, g.late, g.refused, g.withdrawn, g.pending_within, g.pending_late,
               g.online, g.fully_online, g.ratings, round(g.rating_sum::numeric / nullif(g.ratings, 0), 2) AS avg_rating
        FROM (
          SELECT x.key,
                 coalesce(sum(x.received), 0)::int AS received,
                 coalesce(sum(x.early), 0)::int AS early,
                 coalesce(sum(x.on_time), 0)::int AS on_time,
                 coalesce(sum(x.late), 0)::int AS late,
                 coalesce(sum(x.refused), 0)::int AS refused,
                 coalesce(sum(x.withdrawn), 0)::int AS withdrawn,
                 coalesce(sum(x.pending_within), 0)::int AS pending_within,
                 coalesce(sum(x.pending_late), 0)::int AS pending_late,
                 coalesce(sum(x.online), 0)::int AS online,
                 coalesce(sum(x.fully_online), 0)::int AS fully_online,
                 coalesce(sum(x.ratings), 0)::int AS ratings,
                 coalesce(sum(x.rating_sum), 0)::bigint AS rating_sum
          FROM (
            SELECT ${key(r)} AS key,
                   sum(r.received) AS received,
                   sum(r.received) FILTER (WHERE r.outcome = 'early') AS early,
                   sum(r.received) FILTER (WHERE r.outcome = 'on_time') AS on_time,
                   sum(r.received) FILTER (WHERE r.outcome = 'late') AS late,
                   sum(r.received) FILTER (WHERE r.state = 'refused') AS refused,
                   sum(r.received) FILTER (WHERE r.state = 'withdrawn') AS withdrawn,
                   sum(r.received) FILTER (WHERE r.state = 'pending' AND r.due_day >= ${today}) AS pending_within,
                   sum(r.received) FILTER (WHERE r.state = 'pending' AND r.due_day < ${today}) AS pending_late,
                   sum(r.received) FILTER (WHERE r.channel = 'online') AS online,
                   -- Fully online by the procedure's online level as it is now, as the view counts it.
                   sum(r.received) FILTER (WHERE r.channel = 'online' AND p.online_level = 'full') AS fully_online,
                   sum(r.ratings) AS ratings,
                   sum(r.rating_sum) AS rating_sum
            FROM dossier_stats_rollup r JOIN procedures p ON p.id = r.procedure_id
            WHERE ${filters(r, q, agencyIds, sql`r.day`)}
            GROUP BY 1
            UNION ALL
            -- Due today, clock running, already past the appointment: late, not within.
            SELECT ${key(d)}, 0, 0, 0, 0, 0, 0, -count(*), count(*), 0, 0, 0, 0
            FROM dossiers d
            WHERE d.due_at >= ((${today})::timestamp - interval '7 hours') AT TIME ZONE 'UTC' AND d.due_at < ${now}
              AND d.paused_since IS NULL AND d.received_at IS NOT NULL
              AND d.status NOT IN ('result_ready', 'refused', 'returned', 'withdrawn')
              AND ${filters(d, q, agencyIds, sql`dossier_stats_local_day(d.received_at)`)}
            GROUP BY 1
          ) x
          GROUP BY x.key
          HAVING sum(x.received) > 0
        ) g
        ORDER BY g.received DESC, g.key`,
  );
  if (!rows.length && group === 'none')
    rows.push({
      key: null,
      name: null,
      received: 0,
      early: 0,
      on_time: 0,
      late: 0,
      refused: 0,
      withdrawn: 0,
      pending_within: 0,
      pending_late: 0,
      online: 0,
      fully_online: 0,
      ratings: 0,
      avg_rating: null,
    });
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
