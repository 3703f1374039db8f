/**
 * Datasets the platform publishes from its own figures, refreshed by a scheduled job: dossiers by procedure, agency,
 * unit and month with on-time rates (procedures_dossier_stats), field reports by category, unit and month with
 * resolution times (feedback_report_facts), the procedure catalog, the administrative units with their boundaries,
 * and the agencies; plus one dataset per agency (its own dossiers), so every agency publishes.
 * Only aggregates leave: a cell counting fewer than `minCount` things is suppressed (left empty, flagged).
 * A refresh that changes nothing writes nothing; a changed table becomes a new version of its resource.
 */
import crypto from 'node:crypto';
import { stringify } from 'csv-stringify/sync';
import { and, asc, eq, sql } from 'drizzle-orm';
import type { Logger } from 'pino';
import {
  adminUnits,
  agencies,
  agencyByKey,
  listUnits,
  PROVINCE_CODE,
  unitByCode,
  UNITS_GEOJSON,
} from '../directory/index.js';
import { listProcedures } from '../procedures/index.js';
import { queryRows, type Executor, type Files } from '../platform/index.js';
import { createDataset, performAction, scanDataset, updateDataset, type DatasetInput } from './datasets.js';
import { addVersion, latestVersion } from './resources.js';
import { coerceRecords, defineDatastore, replaceRows } from './datastore.js';
import { orgName } from './catalog.js';
import { opendataDatasets, opendataResources, opendataSettings, type Dataset, type FieldType } from './schema.js';

export const REFRESH_JOB = 'opendata.refresh';
/** The platform's datasets are refreshed every hour. */
export const REFRESH_EVERY_MS = 3_600_000;
export const DEFAULT_MIN_COUNT = 5;

interface Column {
  id: string;
  type: FieldType;
  vi: string;
}
interface Table {
  name: string;
  format: 'CSV' | 'GeoJSON';
  description: string;
  columns?: Column[];
  rows?: Record<string, unknown>[];
  geojson?: unknown;
}
interface Generated {
  key: string;
  input: Omit<DatasetInput, 'agencyId' | 'licenceId' | 'private'>;
  agencyId: string;
  tables: Table[];
}

export async function minCount(ex: Executor): Promise<number> {
  const [row] = await ex.select().from(opendataSettings).where(eq(opendataSettings.key, 'minCount'));
  const n = Number(row?.value);
  return Number.isInteger(n) && n >= 1 ? n : DEFAULT_MIN_COUNT;
}

/** A count below the minimum is suppressed (null): a small cell could point at a person. */
const keep = (n: number, min: number) => (n >= min ? n : null);
const rate = (part: number, whole: number, min: number) =>
  whole >= min ? Math.round((1000 * part) / whole) / 10 : null;

const DOSSIER_COLUMNS: Column[] = [
  { id: 'month', type: 'text', vi: 'Tháng' },
  { id: 'procedure_code', type: 'text', vi: 'Mã thủ tục' },
  { id: 'procedure_name', type: 'text', vi: 'Tên thủ tục' },
  { id: 'agency_code', type: 'text', vi: 'Mã cơ quan' },
  { id: 'unit_code', type: 'text', vi: 'Mã đơn vị hành chính' },
  { id: 'received', type: 'int', vi: 'Tiếp nhận' },
  { id: 'completed', type: 'int', vi: 'Đã giải quyết' },
  { id: 'on_time', type: 'int', vi: 'Đúng và trước hạn' },
  { id: 'late', type: 'int', vi: 'Quá hạn' },
  { id: 'on_time_rate', type: 'numeric', vi: 'Tỷ lệ đúng hạn (%)' },
  { id: 'online', type: 'int', vi: 'Nộp trực tuyến' },
  { id: 'pending', type: 'int', vi: 'Đang giải quyết' },
  { id: 'suppressed', type: 'bool', vi: 'Ô bị ẩn (dưới ngưỡng)' },
];

async function dossierRows(ex: Executor, min: number, agencyId?: string): Promise<Record<string, unknown>[]> {
  const rows = await queryRows<{
    month: string;
    procedure_id: string;
    agency_code: string;
    unit_code: string | null;
    received: number;
    completed: number;
    on_time: number;
    late: number;
    online: number;
    pending: number;
  }>(
    ex,
    sql`
      SELECT to_char((s.received_at AT TIME ZONE 'UTC') + interval '7 hours', 'YYYY-MM') AS month, s.procedure_id, a.code AS agency_code, u.code AS unit_code,
             count(*)::int AS received, count(s.outcome)::int AS completed,
             count(*) FILTER (WHERE s.outcome IN ('early', 'on_time'))::int AS on_time, count(*) FILTER (WHERE s.outcome = 'late')::int AS late,
             count(*) FILTER (WHERE s.channel = 'online')::int AS online, count(*) FILTER (WHERE s.pending)::int AS pending
        FROM procedures_dossier_stats s
        JOIN ${agencies} a ON a.id = s.agency_id
        LEFT JOIN ${adminUnits} u ON u.id = s.agency_unit_id
       WHERE ${agencyId ? sql`s.agency_id = ${agencyId}` : sql`true`}
       GROUP BY 1, 2, 3, 4 ORDER BY 1, 3, 2`,
  );
  const procs = new Map((await listProcedures(ex, { limit: 100_000 })).items.map((p) => [p.id, p]));
  return rows.map((r) => {
    const p = procs.get(r.procedure_id);
    const small = r.received < min;
    return {
      month: r.month,
      procedure_code: p?.code ?? '',
      procedure_name: p?.name ?? '',
      agency_code: r.agency_code,
      unit_code: r.unit_code ?? '',
      received: keep(r.received, min),
      completed: small ? null : keep(r.completed, min),
      on_time: small ? null : keep(r.on_time, min),
      late: small ? null : keep(r.late, min),
      on_time_rate: small ? null : rate(r.on_time, r.completed, min),
      online: small ? null : keep(r.online, min),
      pending: small ? null : keep(r.pending, min),
      suppressed: small || r.completed < min || r.on_time < min || r.late < min || r.online < min || r.pending < min,
    };
  });
}

const REPORT_COLUMNS: Column[] = [
  { id: 'month', type: 'text', vi: 'Tháng' },
  { id: 'category_code', type: 'text', vi: 'Mã lĩnh vực' },
  { id: 'unit_code', type: 'text', vi: 'Mã đơn vị hành chính' },
  { id: 'reports', type: 'int', vi: 'Số phản ánh' },
  { id: 'resolved', type: 'int', vi: 'Đã xử lý' },
  { id: 'resolved_on_time', type: 'int', vi: 'Xử lý đúng hạn' },
  { id: 'mean_resolution_hours', type: 'numeric', vi: 'Thời gian xử lý trung bình (giờ)' },
  { id: 'open', type: 'int', vi: 'Đang mở' },
  { id: 'suppressed', type: 'bool', vi: 'Ô bị ẩn (dưới ngưỡng)' },
];

async function reportRows(ex: Executor, min: number): Promise<Record<string, unknown>[]> {
  const rows = await queryRows<{
    month: string;
    category_code: string;
    unit_code: string | null;
    reports: number;
    resolved: number;
    on_time: number;
    hours: number | null;
    open: number;
  }>(
    ex,
    sql`
      SELECT to_char((f.created_at AT TIME ZONE 'UTC') + interval '7 hours', 'YYYY-MM') AS month, f.category_code, u.code AS unit_code,
             count(*)::int AS reports, count(*) FILTER (WHERE f.status = 'resolved')::int AS resolved,
             count(*) FILTER (WHERE f.resolved_on_time)::int AS on_time, avg(f.resolution_hours)::float8 AS hours,
             count(*) FILTER (WHERE f.is_open)::int AS open
        FROM feedback_report_facts f LEFT JOIN ${adminUnits} u ON u.id = f.unit_id
       GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`,
  );
  return rows.map((r) => {
    const small = r.reports < min;
    return {
      month: r.month,
      category_code: r.category_code,
      unit_code: r.unit_code ?? '',
      reports: keep(r.reports, min),
      resolved: small ? null : keep(r.resolved, min),
      resolved_on_time: small ? null : keep(r.on_time, min),
      mean_resolution_hours:
        small || r.resolved < min || r.hours === null ? null : Math.round(Number(r.hours) * 10) / 10,
      open: small ? null : keep(r.open, min),
      suppressed: small || r.resolved < min || r.on_time < min || r.open < min,
    };
  });
}

/** Every dataset the platform publishes, computed now. */
export async function generatedDatasets(ex: Executor, min: number): Promise<Generated[]> {
  const today = new Date(Date.now() + 7 * 3_600_000).toISOString().slice(0, 10);
  const province = await unitByCode(ex, PROVINCE_CODE);
  const provinceCodes = province ? [province.code] : [];
  const owner =
    (await agencyByKey(ex, 'UBND')) ?? (await ex.select().from(agencies).orderBy(asc(agencies.code)).limit(1))[0];
  if (!owner) return [];
  const common = {
    notesEn: '',
    temporalStart: null,
    temporalEnd: today,
    spatialUnits: provinceCodes,
    groups: [] as string[],
  };
  const out: Generated[] = [];
  const note = `Chỉ số liệu tổng hợp; ô có ít hơn ${min} trường hợp được ẩn.`;
  const noteEn = `Aggregates only; cells counting fewer than ${min} are suppressed.`;

  out.push({
    key: 'dossiers',
    agencyId: owner.id,
    input: {
      ...common,
      name: 'ho-so-thu-tuc-hanh-chinh',
      titleVi: 'Thống kê hồ sơ thủ tục hành chính',
      titleEn: 'Administrative procedure dossiers: statistics',
      notesVi: `Hồ sơ tiếp nhận theo thủ tục, cơ quan, đơn vị hành chính và tháng, với tỷ lệ giải quyết đúng hạn. ${note}`,
      notesEn: `Dossiers received by procedure, agency, administrative unit and month, with on-time rates. ${noteEn}`,
      frequency: 'daily',
      tags: ['hồ sơ', 'thủ tục hành chính', 'thống kê'],
      groups: ['hanh-chinh-cong'],
    },
    tables: [
      {
        name: 'Hồ sơ theo tháng',
        format: 'CSV',
        description: 'Hồ sơ theo thủ tục, cơ quan, đơn vị và tháng',
        columns: DOSSIER_COLUMNS,
        rows: await dossierRows(ex, min),
      },
    ],
  });
  out.push({
    key: 'field-reports',
    agencyId: owner.id,
    input: {
      ...common,
      name: 'phan-anh-hien-truong',
      titleVi: 'Thống kê phản ánh hiện trường',
      titleEn: 'Field reports: statistics',
      notesVi: `Phản ánh theo lĩnh vực, đơn vị hành chính và tháng, với thời gian xử lý. Không có thông tin người phản ánh. ${note}`,
      notesEn: `Field reports by category, administrative unit and month, with resolution times. No reporter data. ${noteEn}`,
      frequency: 'daily',
      tags: ['phản ánh hiện trường', 'thống kê'],
      groups: ['do-thi-moi-truong'],
    },
    tables: [
      {
        name: 'Phản ánh theo tháng',
        format: 'CSV',
        description: 'Phản ánh theo lĩnh vực, đơn vị và tháng',
        columns: REPORT_COLUMNS,
        rows: await reportRows(ex, min),
      },
    ],
  });

  const procs = (await listProcedures(ex, { active: true, limit: 100_000 })).items;
  const agencyRows = await ex.select().from(agencies).where(eq(agencies.active, true)).orderBy(asc(agencies.code));
  const agencyCode = new Map(agencyRows.map((a) => [a.id, a.code]));
  out.push({
    key: 'procedures',
    agencyId: owner.id,
    input: {
      ...common,
      name: 'danh-muc-thu-tuc-hanh-chinh',
      titleVi: 'Danh mục thủ tục hành chính',
      titleEn: 'Administrative procedure catalog',
      notesVi:
        'Thủ tục hành chính của tỉnh: mã, tên, lĩnh vực, cấp thực hiện, cơ quan, thời hạn giải quyết, mức độ trực tuyến.',
      notesEn:
        'The province’s administrative procedures: code, name, field, levels, agency, processing time, online level.',
      frequency: 'weekly',
      tags: ['thủ tục hành chính', 'danh mục'],
      groups: ['hanh-chinh-cong'],
    },
    tables: [
      {
        name: 'Danh mục thủ tục',
        format: 'CSV',
        description: 'Một dòng cho mỗi thủ tục',
        columns: [
          { id: 'code', type: 'text', vi: 'Mã thủ tục' },
          { id: 'name', type: 'text', vi: 'Tên thủ tục' },
          { id: 'field_code', type: 'text', vi: 'Lĩnh vực' },
          { id: 'levels', type: 'text', vi: 'Cấp thực hiện' },
          { id: 'agency_code', type: 'text', vi: 'Mã cơ quan' },
          { id: 'processing_days', type: 'numeric', vi: 'Thời hạn (ngày làm việc)' },
          { id: 'online_level', type: 'text', vi: 'Mức độ trực tuyến' },
        ],
        rows: procs.map((p) => ({
          code: p.code,
          name: p.name,
          field_code: p.fieldCode,
          levels: p.levels.join(';'),
          agency_code: (p.agencyId && agencyCode.get(p.agencyId)) || '',
          processing_days: p.processingDays,
          online_level: p.onlineLevel,
        })),
      },
    ],
  });

  const units = province ? [province, ...(await listUnits(ex, { parentId: province.id, limit: 10_000 }))] : [];
  const unitCode = new Map(units.map((u) => [u.id, u.code]));
  out.push({
    key: 'units-agencies',
    agencyId: owner.id,
    input: {
      ...common,
      name: 'don-vi-hanh-chinh-va-co-quan',
      titleVi: 'Đơn vị hành chính, ranh giới và cơ quan',
      titleEn: 'Administrative units, boundaries and agencies',
      notesVi:
        'Đơn vị hành chính đang hiệu lực với mã, tên, loại; ranh giới (GeoJSON, minh hoạ); cơ quan với mã định danh điện tử.',
      notesEn:
        'Current administrative units with code, name, type; boundaries (GeoJSON, demo); agencies with their electronic identifiers.',
      frequency: 'monthly',
      tags: ['địa giới hành chính', 'cơ quan', 'bản đồ'],
      groups: ['dia-gioi-hanh-chinh'],
    },
    tables: [
      {
        name: 'Đơn vị hành chính',
        format: 'CSV',
        description: 'Tỉnh và các đơn vị trực thuộc',
        columns: [
          { id: 'code', type: 'text', vi: 'Mã' },
          { id: 'name', type: 'text', vi: 'Tên' },
          { id: 'type', type: 'text', vi: 'Loại' },
          { id: 'level', type: 'int', vi: 'Cấp' },
          { id: 'parent_code', type: 'text', vi: 'Mã đơn vị cấp trên' },
        ],
        rows: units.map((u) => ({
          code: u.code,
          name: u.name,
          type: u.type,
          level: u.level,
          parent_code: (u.parentId && unitCode.get(u.parentId)) || '',
        })),
      },
      {
        name: 'Cơ quan',
        format: 'CSV',
        description: 'Cơ quan, đơn vị với mã định danh điện tử',
        columns: [
          { id: 'code', type: 'text', vi: 'Mã định danh điện tử' },
          { id: 'name', type: 'text', vi: 'Tên' },
          { id: 'level', type: 'text', vi: 'Cấp' },
          { id: 'parent_code', type: 'text', vi: 'Mã cơ quan cấp trên' },
          { id: 'unit_code', type: 'text', vi: 'Mã đơn vị hành chính' },
        ],
        rows: agencyRows.map((a) => ({
          code: a.code,
          name: a.name,
          level: a.level,
          parent_code: (a.parentId && agencyCode.get(a.parentId)) || '',
          unit_code: (a.unitId && unitCode.get(a.unitId)) || '',
        })),
      },
      {
        name: 'Ranh giới đơn vị hành chính',
        format: 'GeoJSON',
        description: 'Ranh giới minh hoạ, không phải ranh giới chính thức',
        geojson: UNITS_GEOJSON,
      },
    ],
  });

  // Each agency publishes its own dossiers' figures.
  for (const a of agencyRows) {
    out.push({
      key: `agency-dossiers:${a.code}`,
      agencyId: a.id,
      input: {
        ...common,
        name: `ho-so-${orgName(a.code)}`,
        titleVi: `Thống kê hồ sơ — ${a.name}`,
        titleEn: `Dossier statistics — ${a.name}`,
        notesVi: `Hồ sơ do ${a.name} giải quyết, theo thủ tục và tháng. ${note}`,
        notesEn: `Dossiers handled by ${a.name}, by procedure and month. ${noteEn}`,
        frequency: 'daily',
        tags: ['hồ sơ', 'thống kê'],
        groups: ['hanh-chinh-cong'],
        spatialUnits: a.unitId && unitCode.get(a.unitId) ? [unitCode.get(a.unitId)!] : provinceCodes,
      },
      tables: [
        {
          name: 'Hồ sơ theo tháng',
          format: 'CSV',
          description: `Hồ sơ của ${a.name}`,
          columns: DOSSIER_COLUMNS,
          rows: await dossierRows(ex, min, a.id),
        },
      ],
    });
  }
  return out;
}

function tableBytes(t: Table): Buffer {
  if (t.format === 'GeoJSON') return Buffer.from(JSON.stringify(t.geojson));
  const cols = t.columns!;
  return Buffer.from(
    stringify(
      (t.rows ?? []).map((r) => cols.map((c) => (r[c.id] === null || r[c.id] === undefined ? '' : String(r[c.id])))),
      { header: true, columns: cols.map((c) => c.id) },
    ),
  );
}

export interface RefreshResult {
  created: number;
  updated: number;
  unchanged: number;
  refused: string[];
}

/**
 * Brings the platform's datasets up to date, in the caller's transaction. A dataset is created published, after the
 * privacy scan; should the scan ever find something, the dataset is withdrawn and the finding logged.
 */
export async function refreshPlatformDatasets(tx: Executor, files: Files | null, log?: Logger): Promise<RefreshResult> {
  const min = await minCount(tx);
  const result: RefreshResult = { created: 0, updated: 0, unchanged: 0, refused: [] };
  const maxBytes = 200 * 1024 * 1024;
  for (const g of await generatedDatasets(tx, min)) {
    const input: DatasetInput = { ...g.input, agencyId: g.agencyId, licenceId: 'VN-OGL-1.0', private: false };
    let [d] = await tx.select().from(opendataDatasets).where(eq(opendataDatasets.systemKey, g.key));
    const isNew = !d;
    if (!d) d = await createDataset(tx, input, null, { systemKey: g.key, state: 'draft' });
    let changed = false;
    for (const [i, t] of g.tables.entries()) {
      let [r] = await tx
        .select()
        .from(opendataResources)
        .where(and(eq(opendataResources.datasetId, d.id), eq(opendataResources.position, i)));
      if (!r)
        [r] = await tx
          .insert(opendataResources)
          .values({ datasetId: d.id, name: t.name, description: t.description, format: t.format, position: i })
          .returning();
      const bytes = tableBytes(t);
      const sha = crypto.createHash('sha256').update(bytes).digest('hex');
      if ((await latestVersion(tx, r!.id))?.sha256 === sha) continue;
      await addVersion(tx, files, r!, bytes, null, maxBytes);
      if (t.columns) {
        // The inferred types of a CSV are replaced by the declared ones, with their Vietnamese labels.
        const fields = await defineDatastore(
          tx,
          r!.id,
          t.columns.map((c) => ({ id: c.id, type: c.type, info: { label_vi: c.vi } })),
        );
        await replaceRows(tx, r!.id, coerceRecords(fields, t.rows ?? []));
      }
      changed = true;
    }
    if (!isNew && changed) d = await updateDataset(tx, d, input, null);
    if (d.state === 'draft') {
      const findings = await scanDataset(tx, files, d);
      if (findings.length) {
        result.refused.push(d.name);
        log?.error({ dataset: d.name, findings }, 'privacy scan refused a platform dataset');
        continue;
      }
      await tx.update(opendataDatasets).set({ state: 'in_review' }).where(eq(opendataDatasets.id, d.id));
      d = await performAction(
        tx,
        files,
        { ...d, state: 'in_review' } as Dataset,
        'approve',
        null,
        'published by the platform',
      );
    }
    if (isNew) result.created++;
    else if (changed) result.updated++;
    else result.unchanged++;
  }
  return result;
}
