/**
 * Computes indicators over the published views. One grouped query per view part gives every scope
 * (the province, each agency or each unit) of one period at once; a view that does not exist yet
 * gives "source not available" (status 'unavailable'), never an error.
 */
import { sql, type SQL } from 'drizzle-orm';
import { queryRows, type Executor } from '../../platform/index.js';
import type { Aggregate, Filter, IndicatorSource, ViewPart } from './types.js';
import type { Period } from './periods.js';
import type { ScopeKind } from '../schema.js';

const IDENT = /^[a-z_][a-z0-9_]{0,62}$/;
const ident = (name: string) => {
  if (!IDENT.test(name)) throw new Error(`not a column name: ${name}`);
  return sql.identifier(name);
};

export function condition(f: Filter): SQL {
  const c = ident(f.column);
  switch (f.op) {
    case 'eq':
      return sql`${c} = ${f.value}`;
    case 'ne':
      return sql`${c} IS DISTINCT FROM ${f.value}`;
    case 'in':
      return sql`${c} IN (${sql.join(
        (f.value as string[]).map((v) => sql`${v}`),
        sql`, `,
      )})`;
    case 'true':
      return sql`${c} IS TRUE`;
    case 'false':
      return sql`${c} IS NOT TRUE`;
    case 'null':
      return sql`${c} IS NULL`;
    case 'not_null':
      return sql`${c} IS NOT NULL`;
    case 'gte':
      return sql`${c} >= ${f.value}`;
    case 'lte':
      return sql`${c} <= ${f.value}`;
    case 'before_now':
      return sql`${c} < now()`;
    case 'within_hours':
      return sql`${c} >= now() AND ${c} < now() + make_interval(hours => ${Number(f.value)}::int)`;
    case 'gte_column':
      return sql`${c} >= ${ident(String(f.value))}`;
  }
}

function aggregate(a: Aggregate): SQL {
  const where = a.filter?.length ? sql` FILTER (WHERE ${sql.join(a.filter.map(condition), sql` AND `)})` : sql``;
  return a.agg === 'count' ? sql`count(*)${where}` : sql`coalesce(sum(${ident(a.column ?? '')})${where}, 0)`;
}

/** Which of the named views exist (the others are "source not available"). */
export async function existingViews(db: Executor, views: string[]): Promise<Set<string>> {
  if (views.length === 0) return new Set();
  const rows = await queryRows<{ name: string }>(
    db,
    sql`SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname = current_schema() AND c.relname IN (${sql.join(
      views.map((v) => sql`${v}`),
      sql`, `,
    )})`,
  );
  return new Set(rows.map((r) => r.name));
}

export interface Figure {
  scopeId: string;
  a: number;
  b: number | null;
}
export interface Computation {
  available: boolean;
  missing: string[];
  figures: Map<string, Figure>;
}

/** Optional narrowing: only these agencies or units, or only agencies of these levels (for views that carry a level). */
export interface ScopeFilter {
  ids?: string[];
  levels?: string[];
}

function partQuery(p: ViewPart, period: Period, scope: ScopeKind, only: ScopeFilter): SQL {
  const col = scope === 'agency' ? ident(p.agency) : scope === 'unit' ? ident(p.unit!) : null;
  const conds: SQL[] = [];
  if (p.time)
    conds.push(
      sql`${ident(p.time)} >= ${period.start.toISOString()}::timestamptz AND ${ident(p.time)} < ${period.end.toISOString()}::timestamptz`,
    );
  if (col && only.ids)
    conds.push(
      only.ids.length
        ? sql`${col}::text IN (${sql.join(
            only.ids.map((v) => sql`${v}`),
            sql`, `,
          )})`
        : sql`false`,
    );
  if (only.levels && p.level)
    conds.push(
      sql`${ident(p.level)} IN (${sql.join(
        only.levels.map((v) => sql`${v}`),
        sql`, `,
      )})`,
    );
  if (col) conds.push(sql`${col} IS NOT NULL`);
  const where = conds.length ? sql` WHERE ${sql.join(conds, sql` AND `)}` : sql``;
  const b = p.b ? aggregate(p.b) : sql`NULL::bigint`;
  return col
    ? sql`SELECT ${col}::text AS scope, ${aggregate(p.a)} AS a, ${b} AS b FROM ${ident(p.view)}${where} GROUP BY 1`
    : sql`SELECT '' AS scope, ${aggregate(p.a)} AS a, ${b} AS b FROM ${ident(p.view)}${where}`;
}

/** The figures of a computed indicator for one period, for every scope of a kind (or the province). */
export async function computeSource(
  db: Executor,
  source: IndicatorSource,
  period: Period,
  scope: ScopeKind,
  only: ScopeFilter = {},
): Promise<Computation> {
  if (source.kind !== 'view') return { available: false, missing: [], figures: new Map() };
  const parts = source.parts.filter((p) => scope !== 'unit' || p.unit);
  const exists = await existingViews(db, [...new Set(parts.map((p) => p.view))]);
  const missing = parts.filter((p) => !exists.has(p.view)).map((p) => p.view);
  const figures = new Map<string, Figure>();
  // A part over a view that is not there yet contributes nothing; the whole is unavailable only when no part is there.
  for (const p of parts.filter((x) => exists.has(x.view))) {
    const rows = await queryRows<{ scope: string; a: string | number; b: string | number | null }>(
      db,
      partQuery(p, period, scope, only),
    );
    for (const r of rows) {
      const f = figures.get(r.scope) ?? { scopeId: r.scope, a: 0, b: p.b ? 0 : null };
      f.a += Number(r.a);
      if (p.b) f.b = (f.b ?? 0) + Number(r.b ?? 0);
      figures.set(r.scope, f);
    }
  }
  return { available: missing.length < parts.length, missing, figures };
}

/** The value an indicator shows: a ratio a/b (null when b = 0) or the count a. */
export const valueOf = (f: { a: number | null; b: number | null }, unit: string): number | null =>
  unit === '%' ? (f.b && f.a !== null ? f.a / f.b : null) : f.a;
