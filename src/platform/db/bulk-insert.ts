/**
 * Many rows in one INSERT with a single parameter: the rows travel as one JSON document and are
 * unpacked by `jsonb_to_recordset`. Drizzle's `insert().values(rows)` binds every field of every row
 * as its own parameter and inspects each one; for a batch of a few dozen wide rows that inspection
 * became the largest share of the process's CPU. Values are converted with each column's own
 * driver mapping, and the returned rows with its result mapping, so callers get what Drizzle gives.
 * Columns the rows leave out take their defaults; every row must give the same columns.
 */
import {
  getTableColumns,
  getTableName,
  sql,
  type InferInsertModel,
  type InferSelectModel,
  type SQL,
} from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import { queryRows, type Executor } from './client.js';

/** A column's type as a record field: serials are their integer types there. */
function recordType(c: PgColumn): string {
  const t = c.getSQLType();
  return t === 'bigserial' ? 'bigint' : t === 'serial' ? 'integer' : t === 'smallserial' ? 'smallint' : t;
}

/** JSON and arrays go into the document as they are (their driver mapping would write them as text). */
const asIs = (c: PgColumn) => c.columnType === 'PgJsonb' || c.columnType === 'PgJson' || c.columnType === 'PgArray';

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** An INSERT of many rows, not yet run: its SQL, and how to read one returned row as Drizzle would. */
export interface InsertStatement<R> {
  sql: SQL;
  /** Whether it has RETURNING (rows to read). */
  returns: boolean;
  read(row: Record<string, unknown>): R;
}

export interface InsertOptions<K extends string = never> {
  returning?: boolean;
  onConflictDoNothing?: boolean;
  /**
   * Columns computed in the statement, per row, rather than sent (the rows need not give them): e.g. a number
   * drawn from a sequence, so that it costs no round trip of its own (`{ publicId: sql\`'PA-' || nextval('s')\` }`).
   * An expression may use the values sent for the row as `r.<column name>` (`r.created_at`).
   */
  expressions?: { [P in K]: SQL };
}

/**
 * A row to insert. With expressions its fields are all optional to the type checker (Drizzle's insert model does not
 * let a key be taken out generically): the database still refuses a missing NOT NULL column.
 */
export type InsertRow<T extends PgTable, K extends string> = [K] extends [never]
  ? InferInsertModel<T>
  : Partial<InferInsertModel<T>>;
type ColumnKey<T extends PgTable> = keyof T['_']['columns'] & string;

export function insertStatement<T extends PgTable, K extends ColumnKey<T> = never>(
  table: T,
  rows: NoInfer<InsertRow<T, K>>[],
  opts: InsertOptions<K> = {},
): InsertStatement<InferSelectModel<T>> {
  if (!rows.length) throw new Error(`insertStatement: no rows for ${getTableName(table)}`);
  const columns = getTableColumns(table) as Record<string, PgColumn>;
  const computed = Object.entries((opts.expressions ?? {}) as Record<string, SQL | undefined>).filter(
    (e): e is [string, SQL] => e[1] !== undefined,
  );
  for (const [k] of computed) if (!columns[k]) throw new Error(`insertRows: ${getTableName(table)} has no column ${k}`);
  const given = (r: object) =>
    Object.keys(r).filter((k) => (r as Record<string, unknown>)[k] !== undefined && !computed.some(([c]) => c === k));
  const keys = given(rows[0]!);
  for (const k of keys) if (!columns[k]) throw new Error(`insertRows: ${getTableName(table)} has no column ${k}`);
  // One column list for all rows: a row leaving out a column another gives would get null, not the default.
  const signature = keys.join();
  if (rows.some((r) => given(r).join() !== signature))
    throw new Error(`insertRows: every row must give the same columns of ${getTableName(table)}`);
  const doc = rows.map((r) => {
    const o: Record<string, unknown> = {};
    for (const k of keys) {
      const v = (r as Record<string, unknown>)[k];
      const c = columns[k]!;
      o[c.name] = v === undefined || v === null ? null : asIs(c) ? v : c.mapToDriverValue(v);
    }
    return o;
  });
  const names = keys.map((k) => quote(columns[k]!.name));
  const fields = keys.map((k) => `${quote(columns[k]!.name)} ${recordType(columns[k]!)}`);
  const conflict = opts.onConflictDoNothing ? sql` ON CONFLICT DO NOTHING` : sql``;
  const returning = opts.returning === false ? sql`` : sql` RETURNING *`;
  const targets = [...names, ...computed.map(([k]) => quote(columns[k]!.name))].join(', ');
  const values = sql.join([...names.map((n) => sql.raw(`r.${n}`)), ...computed.map(([, e]) => e)], sql`, `);
  return {
    returns: opts.returning !== false,
    sql: sql`INSERT INTO ${table} (${sql.raw(targets)})
        SELECT ${values} FROM jsonb_to_recordset(${JSON.stringify(doc)}::jsonb) AS r(${sql.raw(fields.join(', '))})${conflict}${returning}`,
    read(row) {
      const o: Record<string, unknown> = {};
      for (const [k, c] of Object.entries(columns)) {
        const v = row[c.name];
        // Inside JSON (insertTogether) a json column is already a value; the driver may hand it as text.
        o[k] = v === null || v === undefined ? null : asIs(c) && typeof v !== 'string' ? v : c.mapFromDriverValue(v);
      }
      return o as InferSelectModel<T>;
    },
  };
}

export async function insertRows<T extends PgTable, K extends ColumnKey<T> = never>(
  ex: Executor,
  table: T,
  rows: NoInfer<InsertRow<T, K>>[],
  opts: InsertOptions<K> = {},
): Promise<InferSelectModel<T>[]> {
  if (!rows.length) return [];
  const st = insertStatement(table, rows, opts);
  const out = await queryRows<Record<string, unknown>>(ex, st.sql);
  return opts.returning === false ? [] : out.map((r) => st.read(r));
}

/**
 * Several inserts as one statement (one round trip), each a data-modifying CTE: parents and their
 * children may go together, as foreign keys are checked at the statement's end. `extras` are scalar
 * expressions evaluated in the same statement once they are written (a NOTIFY, a read that must
 * share the round trip), answered by name. Answers each returning insert's rows by name.
 */
export async function insertTogether<P extends Record<string, InsertStatement<unknown>>, E extends string = never>(
  ex: Executor,
  parts: P,
  extras: Record<E, SQL> = {} as Record<E, SQL>,
): Promise<{
  rows: { [K in keyof P]: P[K] extends InsertStatement<infer R> ? R[] : never };
  extras: Record<E, unknown>;
}> {
  const names = Object.keys(parts);
  const ctes = sql.join(
    names.map((n, i) => sql`${sql.raw(`i${i}`)} AS (${parts[n]!.sql})`),
    sql`, `,
  );
  const cols = names.map((n, i) =>
    parts[n]!.returns
      ? sql`(SELECT coalesce(json_agg(${sql.raw(`i${i}`)}), '[]'::json) FROM ${sql.raw(`i${i}`)}) AS ${sql.raw(`i${i}`)}`
      : sql`NULL AS ${sql.raw(`i${i}`)}`,
  );
  const extraNames = Object.keys(extras) as E[];
  extraNames.forEach((k, j) => cols.push(sql`(${extras[k]}) AS ${sql.raw(`e${j}`)}`));
  const [row] = await queryRows<Record<string, unknown>>(ex, sql`WITH ${ctes} SELECT ${sql.join(cols, sql`, `)}`);
  const rows: Record<string, unknown[]> = {};
  names.forEach((n, i) => {
    const v = row![`i${i}`] ?? [];
    const list = (typeof v === 'string' ? JSON.parse(v) : v) as Record<string, unknown>[];
    rows[n] = list.map((r) => parts[n]!.read(r));
  });
  const out = {} as Record<E, unknown>;
  extraNames.forEach((k, j) => (out[k] = row![`e${j}`]));
  return { rows: rows as { [K in keyof P]: P[K] extends InsertStatement<infer R> ? R[] : never }, extras: out };
}
