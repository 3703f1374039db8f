/**
 * The DataStore (kho dữ liệu dạng bảng): a tabular resource's rows as JSONB objects under a typed field list.
 * Nothing a client sends becomes SQL text: field names are checked against the list and every name and value is
 * bound as a parameter; only casts chosen from our own type table are written into the statement.
 */
import { asc, eq, sql, type SQL } from 'drizzle-orm';
import { problems, queryRows, type Executor } from '../platform/index.js';
import {
  opendataDatastoreFields,
  opendataDatastoreRows,
  type DatastoreField,
  type FieldType,
  FIELD_TYPES,
} from './schema.js';

export const DATASTORE_DEFAULT_LIMIT = 100;
/** CKAN's ckan.datastore.search.rows_max default. */
export const DATASTORE_MAX_LIMIT = 32_000;
const FIELD_NAME = /^[A-Za-z][A-Za-z0-9_]{0,62}$/;

export interface FieldSpec {
  id: string;
  type: FieldType;
  info?: { label_vi?: string; label_en?: string };
}

const invalid = (field: string, vi: string, en: string) => problems.invalidField(field, { vi, en });

export async function datastoreFields(ex: Executor, resourceId: string): Promise<DatastoreField[]> {
  return ex
    .select()
    .from(opendataDatastoreFields)
    .where(eq(opendataDatastoreFields.resourceId, resourceId))
    .orderBy(asc(opendataDatastoreFields.position));
}

/** A value as the field's type stores it in JSON, or an error naming the field. */
export function coerce(type: FieldType, v: unknown, where: string): string | number | boolean | null {
  if (v === null || v === undefined || v === '') return null;
  switch (type) {
    case 'int': {
      const n = typeof v === 'number' ? v : Number(String(v).trim());
      if (!Number.isSafeInteger(n))
        throw invalid(where, `"${String(v)}" không phải số nguyên.`, `"${String(v)}" is not an integer.`);
      return n;
    }
    case 'numeric': {
      const n = typeof v === 'number' ? v : Number(String(v).trim());
      if (!Number.isFinite(n)) throw invalid(where, `"${String(v)}" không phải số.`, `"${String(v)}" is not a number.`);
      return n;
    }
    case 'bool':
      if (typeof v === 'boolean') return v;
      if (/^(true|t|1|yes)$/i.test(String(v))) return true;
      if (/^(false|f|0|no)$/i.test(String(v))) return false;
      throw invalid(where, `"${String(v)}" không phải đúng/sai.`, `"${String(v)}" is not a boolean.`);
    case 'date':
      if (!/^\d{4}-\d{2}(-\d{2})?$/.test(String(v)))
        throw invalid(
          where,
          `"${String(v)}" không phải ngày (YYYY-MM-DD).`,
          `"${String(v)}" is not a date (YYYY-MM-DD).`,
        );
      return String(v);
    case 'timestamp':
      if (Number.isNaN(Date.parse(String(v))))
        throw invalid(where, `"${String(v)}" không phải thời điểm.`, `"${String(v)}" is not a timestamp.`);
      return new Date(String(v)).toISOString();
    default:
      return typeof v === 'object' ? JSON.stringify(v) : String(v);
  }
}

export function checkFieldSpecs(fields: unknown): FieldSpec[] {
  if (!Array.isArray(fields) || !fields.length)
    throw invalid('fields', 'Cần danh sách trường.', 'A list of fields is required.');
  const seen = new Set<string>();
  return fields.map((f: unknown, i) => {
    const o = (f ?? {}) as { id?: unknown; type?: unknown; info?: unknown };
    if (typeof o.id !== 'string' || !FIELD_NAME.test(o.id))
      throw invalid(
        `fields/${i}/id`,
        'Tên trường không hợp lệ (chữ, số, gạch dưới; bắt đầu bằng chữ).',
        'Invalid field name (letters, digits, underscores; starting with a letter).',
      );
    if (seen.has(o.id)) throw invalid(`fields/${i}/id`, `Trường "${o.id}" bị lặp.`, `Field "${o.id}" is repeated.`);
    seen.add(o.id);
    const type = (o.type ?? 'text') as FieldType;
    if (!FIELD_TYPES.includes(type))
      throw invalid(
        `fields/${i}/type`,
        `Kiểu "${String(o.type)}" không được hỗ trợ.`,
        `Type "${String(o.type)}" is not supported.`,
      );
    const info = (o.info && typeof o.info === 'object' ? o.info : undefined) as FieldSpec['info'];
    return { id: o.id, type, info };
  });
}

/** Defines (or keeps, when the same) a resource's field list; a different list replaces the table. */
export async function defineDatastore(tx: Executor, resourceId: string, specs: FieldSpec[]): Promise<DatastoreField[]> {
  const existing = await datastoreFields(tx, resourceId);
  const same =
    existing.length === specs.length && existing.every((f, i) => f.name === specs[i]!.id && f.type === specs[i]!.type);
  if (same) return existing;
  await tx.delete(opendataDatastoreRows).where(eq(opendataDatastoreRows.resourceId, resourceId));
  await tx.delete(opendataDatastoreFields).where(eq(opendataDatastoreFields.resourceId, resourceId));
  const rows = specs.map((s, i) => ({
    resourceId,
    position: i,
    name: s.id,
    type: s.type,
    labelVi: s.info?.label_vi ?? null,
    labelEn: s.info?.label_en ?? null,
  }));
  return tx.insert(opendataDatastoreFields).values(rows).returning();
}

/** Records as stored: each value coerced to its field's type; an unknown key is an error, not silently dropped. */
export function coerceRecords(fields: DatastoreField[], records: unknown): Record<string, unknown>[] {
  if (!Array.isArray(records)) throw invalid('records', 'records phải là danh sách.', 'records must be a list.');
  const byName = new Map(fields.map((f) => [f.name, f]));
  return records.map((r: unknown, i) => {
    if (!r || typeof r !== 'object' || Array.isArray(r))
      throw invalid(`records/${i}`, 'Mỗi bản ghi là một đối tượng.', 'Each record is an object.');
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(r)) {
      const f = byName.get(k);
      if (!f)
        throw invalid(`records/${i}/${k}`, `Trường "${k}" không có trong bảng.`, `Field "${k}" is not in the table.`);
      out[k] = coerce(f.type, v, `records/${i}/${k}`);
    }
    return out;
  });
}

/** Appends rows, numbered after the last one, in chunks of one JSON parameter each. */
export async function appendRows(
  tx: Executor,
  resourceId: string,
  records: Record<string, unknown>[],
  chunk = 5000,
): Promise<number> {
  const [{ last }] = (await queryRows<{ last: number }>(
    tx,
    sql`SELECT coalesce(max(row_id), 0)::int AS last FROM opendata_datastore_rows WHERE resource_id = ${resourceId}`,
  )) as [{ last: number }];
  for (let i = 0; i < records.length; i += chunk) {
    const part = JSON.stringify(records.slice(i, i + chunk));
    await tx.execute(sql`INSERT INTO opendata_datastore_rows (resource_id, row_id, data, search)
      SELECT ${resourceId}::uuid, (${last + i}::int + t.n)::int, t.value,
             lower(f_unaccent(coalesce((SELECT string_agg(v, ' ') FROM jsonb_each_text(t.value) AS e(k, v)), '')))
        FROM jsonb_array_elements(${part}::jsonb) WITH ORDINALITY AS t(value, n)`);
  }
  return records.length;
}

export async function replaceRows(
  tx: Executor,
  resourceId: string,
  records: Record<string, unknown>[],
): Promise<number> {
  await tx.delete(opendataDatastoreRows).where(eq(opendataDatastoreRows.resourceId, resourceId));
  return appendRows(tx, resourceId, records);
}

export interface DatastoreQuery {
  q?: unknown;
  filters?: unknown;
  fields?: unknown;
  sort?: unknown;
  limit?: unknown;
  offset?: unknown;
  include_total?: unknown;
}

/** A JSON-ish parameter: CKAN accepts `filters` as an object in a POST body or as JSON text in a query string. */
function jsonParam(v: unknown, name: string): unknown {
  if (typeof v !== 'string') return v;
  try {
    return JSON.parse(v);
  } catch {
    throw invalid(name, `${name} không phải JSON hợp lệ.`, `${name} is not valid JSON.`);
  }
}

export function intParam(v: unknown, name: string, dflt: number, max: number): number {
  if (v === undefined || v === null || v === '') return dflt;
  const n = typeof v === 'number' ? v : /^\s*\d+\s*$/.test(String(v)) ? Number(v) : NaN;
  if (!Number.isSafeInteger(n) || n < 0)
    throw invalid(name, `${name} phải là số nguyên không âm.`, `${name} must be a non-negative integer.`);
  if (n > max) throw invalid(name, `${name} vượt quá giới hạn ${max}.`, `${name} exceeds the maximum of ${max}.`);
  return n;
}

const CAST: Record<FieldType, string> = {
  int: '::numeric',
  numeric: '::numeric',
  bool: '::boolean',
  text: '',
  date: '',
  timestamp: '',
};
const valueOf = (f: DatastoreField) => sql`(${opendataDatastoreRows.data} ->> ${f.name})${sql.raw(CAST[f.type])}`;

export interface DatastoreResult {
  fields: { id: string; type: string; info?: Record<string, string> }[];
  records: Record<string, unknown>[];
  total?: number;
  limit: number;
  offset: number;
  sort?: string;
  filters?: Record<string, unknown>;
  q?: unknown;
}

/** datastore_search over one resource's rows. */
export async function searchDatastore(
  ex: Executor,
  resourceId: string,
  fields: DatastoreField[],
  p: DatastoreQuery,
): Promise<DatastoreResult> {
  const byName = new Map(fields.map((f) => [f.name, f]));
  const known = (name: string, where: string) => {
    const f = byName.get(name);
    if (!f) throw invalid(where, `Trường "${name}" không có trong bảng.`, `Field "${name}" is not in the table.`);
    return f;
  };
  const limit = intParam(p.limit, 'limit', DATASTORE_DEFAULT_LIMIT, DATASTORE_MAX_LIMIT);
  const offset = intParam(p.offset, 'offset', 0, Number.MAX_SAFE_INTEGER);
  const where: SQL[] = [eq(opendataDatastoreRows.resourceId, resourceId)];

  // filters: {field: value | [values]}; an exact match, by JSON containment (the GIN index answers it).
  const filters = jsonParam(p.filters, 'filters');
  if (filters !== undefined && filters !== null) {
    if (typeof filters !== 'object' || Array.isArray(filters))
      throw invalid('filters', 'filters phải là một đối tượng JSON.', 'filters must be a JSON object.');
    for (const [k, v] of Object.entries(filters)) {
      const f = k === '_id' ? null : known(k, `filters/${k}`);
      const values = Array.isArray(v) ? v : [v];
      if (!values.length) throw invalid(`filters/${k}`, 'Danh sách giá trị trống.', 'Empty list of values.');
      if (!f) {
        const ids = values.map((x) => coerce('int', x, 'filters/_id'));
        where.push(sql`${opendataDatastoreRows.rowId} IN ${ids}`);
        continue;
      }
      const alts = values.map(
        (x) =>
          sql`${opendataDatastoreRows.data} @> ${JSON.stringify({ [k]: coerce(f.type, x, `filters/${k}`) })}::jsonb`,
      );
      where.push(sql`(${sql.join(alts, sql` OR `)})`);
    }
  }

  // q: words found anywhere in the row (or in one field each, as an object), diacritics ignored.
  const q = typeof p.q === 'string' && p.q.trim().startsWith('{') ? jsonParam(p.q, 'q') : p.q;
  const contains = (text: SQL, word: string) => sql`strpos(lower(f_unaccent(${text})), lower(f_unaccent(${word}))) > 0`;
  if (typeof q === 'string' && q.trim()) {
    for (const w of q.trim().split(/\s+/).slice(0, 10))
      where.push(sql`strpos(${opendataDatastoreRows.search}, lower(f_unaccent(${w}))) > 0`);
  } else if (q && typeof q === 'object' && !Array.isArray(q)) {
    for (const [k, v] of Object.entries(q))
      where.push(contains(sql`coalesce(${opendataDatastoreRows.data} ->> ${known(k, `q/${k}`).name}, '')`, String(v)));
  } else if (q !== undefined && q !== null && q !== '')
    throw invalid('q', 'q phải là chuỗi hoặc đối tượng.', 'q must be a string or an object.');

  // fields: which columns come back (with _id always allowed).
  const rawFields =
    typeof p.fields === 'string' && p.fields.trim().startsWith('[') ? jsonParam(p.fields, 'fields') : p.fields;
  const wanted =
    rawFields === undefined || rawFields === null || rawFields === ''
      ? null
      : (Array.isArray(rawFields) ? rawFields : String(rawFields).split(',')).map((s) => String(s).trim());
  const outFields = wanted ? wanted.map((n) => (n === '_id' ? null : known(n, `fields/${n}`))) : [null, ...fields];

  // sort: "field [asc|desc], …"
  const order: SQL[] = [];
  const sortText = typeof p.sort === 'string' ? p.sort.trim() : p.sort === undefined || p.sort === null ? '' : null;
  if (sortText === null) throw invalid('sort', 'sort phải là chuỗi.', 'sort must be a string.');
  if (sortText) {
    for (const part of sortText.split(',')) {
      const m = /^\s*"?([A-Za-z_][A-Za-z0-9_]*)"?(?:\s+(asc|desc))?\s*$/i.exec(part);
      if (!m)
        throw invalid('sort', `Không hiểu cách sắp xếp "${part.trim()}".`, `Cannot read the sort "${part.trim()}".`);
      const dir = sql.raw(m[2]?.toLowerCase() === 'desc' ? 'DESC NULLS LAST' : 'ASC NULLS LAST');
      order.push(
        m[1] === '_id' ? sql`${opendataDatastoreRows.rowId} ${dir}` : sql`${valueOf(known(m[1]!, 'sort'))} ${dir}`,
      );
    }
  }
  order.push(sql`${opendataDatastoreRows.rowId} ASC`);

  const cond = sql.join(where, sql` AND `);
  const rows = await queryRows<{ row_id: number; data: Record<string, unknown> | string }>(
    ex,
    sql`SELECT ${opendataDatastoreRows.rowId} AS row_id, ${opendataDatastoreRows.data} AS data FROM ${opendataDatastoreRows} WHERE ${cond} ORDER BY ${sql.join(order, sql`, `)} LIMIT ${limit} OFFSET ${offset}`,
  );
  const includeTotal = !(p.include_total === false || p.include_total === 'false');
  const total = includeTotal
    ? Number(
        (
          await queryRows<{ n: number }>(ex, sql`SELECT count(*)::int AS n FROM ${opendataDatastoreRows} WHERE ${cond}`)
        )[0]!.n,
      )
    : undefined;
  const records = rows.map((r) => {
    const data = typeof r.data === 'string' ? (JSON.parse(r.data) as Record<string, unknown>) : r.data;
    const out: Record<string, unknown> = {};
    for (const f of outFields) out[f ? f.name : '_id'] = f ? (data[f.name] ?? null) : Number(r.row_id);
    return out;
  });
  return {
    fields: outFields.map((f) =>
      f
        ? {
            id: f.name,
            type: f.type,
            ...(f.labelVi || f.labelEn ? { info: { label: f.labelVi ?? '', label_en: f.labelEn ?? '' } } : {}),
          }
        : { id: '_id', type: 'int' },
    ),
    records,
    total,
    limit,
    offset,
    ...(sortText ? { sort: sortText } : {}),
    ...(filters && typeof filters === 'object' ? { filters: filters as Record<string, unknown> } : {}),
    ...(q ? { q } : {}),
  };
}

/** Every row of a table, in order (for the CSV download and the privacy scan). */
export async function allRows(ex: Executor, resourceId: string): Promise<Record<string, unknown>[]> {
  const rows = await ex
    .select({ data: opendataDatastoreRows.data })
    .from(opendataDatastoreRows)
    .where(eq(opendataDatastoreRows.resourceId, resourceId))
    .orderBy(asc(opendataDatastoreRows.rowId));
  return rows.map((r) => r.data as Record<string, unknown>);
}
