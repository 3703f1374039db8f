/**
 * package_search: q (words in titles, notes, tags, name; diacritics ignored), fq (field:value terms), sort, paging
 * and facets, all as bound parameters over a fixed set of fields. A term on a field we do not index is an error,
 * not an empty answer: a harvester that asks for something we cannot do should know.
 */
import { sql, type SQL } from 'drizzle-orm';
import { agencies } from '../directory/index.js';
import { problems, queryRows, type Executor } from '../platform/index.js';
import { opendataDatasets } from './schema.js';
import { intParam } from './datastore.js';
import { orgNameSql, visibleSql, type Viewer } from './catalog.js';

export const ROWS_DEFAULT = 10;
/** CKAN's ckan.search.rows_max default. */
export const ROWS_MAX = 1000;
export const FACET_FIELDS = ['organization', 'groups', 'tags', 'res_format', 'license_id'] as const;
export type FacetField = (typeof FACET_FIELDS)[number];

const invalid = (field: string, vi: string, en: string) => problems.invalidField(field, { vi, en });
const d = opendataDatasets;
const text = sql`${d.search}`;
const titleText = sql`lower(f_unaccent(${d.titleVi} || ' ' || ${d.titleEn}))`;
const hasFormat = (v: string) =>
  sql`EXISTS (SELECT 1 FROM opendata_resources r WHERE r.dataset_id = ${d.id} AND upper(r.format) = upper(${v}))`;

/** What each fq field means, as a condition on one value. */
const FQ: Record<string, (v: string) => SQL> = {
  organization: (v) => sql`${orgNameSql} = lower(${v})`,
  owner_org: (v) => sql`${d.agencyId}::text = ${v}`,
  groups: (v) => sql`${v} = ANY(${d.groups})`,
  tags: (v) => sql`${v} = ANY(${d.tags})`,
  res_format: hasFormat,
  license_id: (v) => sql`${d.licenceId} = ${v}`,
  name: (v) => sql`${d.name} = ${v}`,
  id: (v) => sql`${d.id}::text = ${v}`,
  frequency: (v) => sql`${d.frequency} = ${v}`,
  spatial_units: (v) => sql`${v} = ANY(${d.spatialUnits})`,
  dataset_type: (v) => (v === 'dataset' ? sql`true` : sql`false`),
  type: (v) => (v === 'dataset' ? sql`true` : sql`false`),
  '+dataset_type': (v) => (v === 'dataset' ? sql`true` : sql`false`),
};

/**
 * Reads fq: `field:value`, `field:"a value"`, `+field:value`, `-field:value`, joined by spaces or AND.
 * `*:*` (Solr's everything) is accepted and means nothing.
 */
export function parseFq(fq: string): SQL[] {
  const out: SQL[] = [];
  const re = /\s*(?:(AND)\b|([+-]?)([A-Za-z_]+):(?:"((?:[^"\\]|\\.)*)"|([^\s"()]+))|(\*:\*))\s*/gy;
  let at = 0;
  while (at < fq.length) {
    re.lastIndex = at;
    const m = re.exec(fq);
    if (!m || re.lastIndex === at) break;
    at = re.lastIndex;
    if (m[1] || m[6]) continue;
    const field = m[3]!;
    const value = m[4] !== undefined ? m[4].replace(/\\(.)/g, '$1') : m[5]!;
    const cond = FQ[field];
    const known = Object.keys(FQ)
      .filter((k) => !k.startsWith('+'))
      .join(', ');
    if (!cond)
      throw invalid(
        'fq',
        `Không lọc được theo trường "${field}" (có: ${known}).`,
        `Cannot filter on "${field}" (known: ${known}).`,
      );
    out.push(m[2] === '-' ? sql`NOT (${cond(value)})` : cond(value));
  }
  if (fq.slice(at).trim()) {
    throw invalid(
      'fq',
      `Không hiểu bộ lọc fq gần "${fq.slice(at, at + 30)}" (dạng trường:giá trị).`,
      `Cannot read fq near "${fq.slice(at, at + 30)}" (expected field:value).`,
    );
  }
  return out;
}

const SORTS: Record<string, SQL> = {
  metadata_modified: sql`${d.modifiedAt}`,
  metadata_created: sql`${d.createdAt}`,
  name: sql`${d.name}`,
  title_string: sql`lower(${d.titleVi})`,
  views_recent: sql`(SELECT coalesce(sum(r.downloads), 0) FROM opendata_resources r WHERE r.dataset_id = ${d.id})`,
};

export function parseSort(sort: string, score: SQL): SQL[] {
  const out: SQL[] = [];
  for (const part of sort.split(',')) {
    const m = /^\s*([a-z_]+)(?:\s+(asc|desc))?\s*$/i.exec(part);
    const key = m?.[1]?.toLowerCase();
    if (!m || !key || (key !== 'score' && !SORTS[key])) {
      throw invalid(
        'sort',
        `Không sắp xếp được theo "${part.trim()}" (có: score, ${Object.keys(SORTS).join(', ')}; asc|desc).`,
        `Cannot sort by "${part.trim()}" (known: score, ${Object.keys(SORTS).join(', ')}; asc|desc).`,
      );
    }
    out.push(sql`${key === 'score' ? score : SORTS[key]!} ${sql.raw(m[2]?.toLowerCase() === 'asc' ? 'ASC' : 'DESC')}`);
  }
  return out;
}

export interface SearchParams {
  q?: unknown;
  fq?: unknown;
  rows?: unknown;
  start?: unknown;
  sort?: unknown;
  'facet.field'?: unknown;
  'facet.limit'?: unknown;
  'facet.mincount'?: unknown;
}

export interface SearchResult {
  count: number;
  ids: string[];
  sort: string;
  facets: Record<string, Record<string, number>>;
}

function facetFields(v: unknown): FacetField[] {
  if (v === undefined || v === null || v === '') return [];
  let list: unknown = v;
  if (typeof v === 'string') {
    try {
      list = JSON.parse(v);
    } catch {
      throw invalid(
        'facet.field',
        'facet.field phải là danh sách JSON, ví dụ ["organization","tags"].',
        'facet.field must be a JSON list, e.g. ["organization","tags"].',
      );
    }
  }
  if (!Array.isArray(list))
    throw invalid('facet.field', 'facet.field phải là danh sách.', 'facet.field must be a list.');
  return list.map((f) => {
    if (!FACET_FIELDS.includes(f as FacetField))
      throw invalid(
        'facet.field',
        `Không có mục gom nhóm "${String(f)}" (có: ${FACET_FIELDS.join(', ')}).`,
        `No facet "${String(f)}" (known: ${FACET_FIELDS.join(', ')}).`,
      );
    return f as FacetField;
  });
}

/** The facet values of the filtered set: value → number of datasets, most first. */
function facetQuery(field: FacetField, filtered: SQL, limit: number, min: number): SQL {
  const by: Record<FacetField, SQL> = {
    organization: sql`SELECT ${orgNameSql} AS v, count(*)::int AS n FROM ${d} JOIN ${agencies} ON ${agencies.id} = ${d.agencyId} WHERE ${d.id} IN (${filtered}) GROUP BY 1`,
    groups: sql`SELECT g AS v, count(*)::int AS n FROM ${d}, unnest(${d.groups}) AS g WHERE ${d.id} IN (${filtered}) GROUP BY 1`,
    tags: sql`SELECT t AS v, count(*)::int AS n FROM ${d}, unnest(${d.tags}) AS t WHERE ${d.id} IN (${filtered}) GROUP BY 1`,
    res_format: sql`SELECT r.format AS v, count(DISTINCT r.dataset_id)::int AS n FROM opendata_resources r WHERE r.dataset_id IN (${filtered}) GROUP BY 1`,
    license_id: sql`SELECT ${d.licenceId} AS v, count(*)::int AS n FROM ${d} WHERE ${d.id} IN (${filtered}) GROUP BY 1`,
  };
  return sql`SELECT v, n FROM (${by[field]}) f WHERE n >= ${min} ORDER BY n DESC, v ASC LIMIT ${limit}`;
}

export async function searchPackages(ex: Executor, viewer: Viewer, p: SearchParams): Promise<SearchResult> {
  const rows = intParam(p.rows, 'rows', ROWS_DEFAULT, ROWS_MAX);
  const start = intParam(p.start, 'start', 0, Number.MAX_SAFE_INTEGER);
  const facetLimit = intParam(p['facet.limit'], 'facet.limit', 50, 1000);
  const facetMin = intParam(p['facet.mincount'], 'facet.mincount', 1, Number.MAX_SAFE_INTEGER);
  const where: SQL[] = [visibleSql(viewer)];
  if (p.q !== undefined && typeof p.q !== 'string') throw invalid('q', 'q phải là chuỗi.', 'q must be a string.');
  if (p.fq !== undefined && typeof p.fq !== 'string') throw invalid('fq', 'fq phải là chuỗi.', 'fq must be a string.');
  const q = (p.q ?? '').trim();
  let words: string[] = [];
  if (q && q !== '*:*') {
    // A q of field:value terms only is read as fq (ckanapi and the CKAN web UI send both forms).
    if (/^([+-]?[A-Za-z_]+:("[^"]*"|\S+)\s*)+$/.test(q) && !/^https?:/.test(q)) where.push(...parseFq(q));
    else {
      words = q.split(/\s+/).filter(Boolean).slice(0, 12);
      for (const w of words) where.push(sql`strpos(${text}, lower(f_unaccent(${w}))) > 0`);
    }
  }
  if (p.fq) where.push(...parseFq(p.fq));
  const score = words.length
    ? sql`(${sql.join(
        words.map((w) => sql`(strpos(${titleText}, lower(f_unaccent(${w}))) > 0)::int`),
        sql` + `,
      )})`
    : sql`0::int`;
  const sortText = typeof p.sort === 'string' && p.sort.trim() ? p.sort.trim() : 'score desc, metadata_modified desc';
  if (p.sort !== undefined && typeof p.sort !== 'string')
    throw invalid('sort', 'sort phải là chuỗi.', 'sort must be a string.');
  const order = [...parseSort(sortText, score), sql`${d.id} ASC`];
  const needsAgency = where.some(() => true);
  const from = needsAgency ? sql`${d} JOIN ${agencies} ON ${agencies.id} = ${d.agencyId}` : sql`${d}`;
  const cond = sql.join(where, sql` AND `);
  const filtered = sql`SELECT ${d.id} FROM ${from} WHERE ${cond}`;
  const [countRows, pageRows] = await Promise.all([
    queryRows<{ n: number }>(ex, sql`SELECT count(*)::int AS n FROM ${from} WHERE ${cond}`),
    queryRows<{ id: string }>(
      ex,
      sql`SELECT ${d.id} AS id FROM ${from} WHERE ${cond} ORDER BY ${sql.join(order, sql`, `)} LIMIT ${rows} OFFSET ${start}`,
    ),
  ]);
  const facets: Record<string, Record<string, number>> = {};
  for (const f of facetFields(p['facet.field'])) {
    const r = await queryRows<{ v: string; n: number }>(ex, facetQuery(f, filtered, facetLimit, facetMin));
    facets[f] = Object.fromEntries(r.map((x) => [x.v, Number(x.n)]));
  }
  return { count: Number(countRows[0]!.n), ids: pageRows.map((r) => r.id), sort: sortText, facets };
}
