import fs from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { unaccent } from '@electric-sql/pglite/contrib/unaccent';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { PgDialect, type PgDatabase, type PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { fillPlaceholders, type SQL } from 'drizzle-orm';
import pg from 'pg';

/** The Drizzle database, whichever driver is underneath. */
export type Db = PgDatabase<PgQueryResultHKT>;
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
/** Anything queries can run on: the database or an open transaction. */
export type Executor = Db | Tx;

export interface Database {
  db: Db;
  kind: 'pglite' | 'postgres';
  close(): Promise<void>;
  /** The PGlite instance, when embedded (for dumps in tests). */
  pglite?: PGlite;
  pool?: pg.Pool;
}

export const PGLITE_EXTENSIONS = { unaccent, pg_trgm };

// PostgreSQL returns bigint and numeric as strings by default; counts fit in a JS number.
pg.types.setTypeParser(20, (v) => Number(v));

export interface OpenOptions {
  databaseUrl?: string;
  /** Directory for PGlite's files; omitted means in memory. */
  dataDir?: string;
  /** A PGlite data directory dump to start from (a migrated test template). */
  loadDataDir?: Blob;
  poolSize?: number;
}

export async function openDatabase(opts: OpenOptions): Promise<Database> {
  if (opts.databaseUrl) {
    // Sessions run in UTC; Vietnamese time is applied by the calendar, never by the server's zone.
    const pool = new pg.Pool({
      connectionString: opts.databaseUrl,
      max: opts.poolSize ?? 20,
      options: '-c TimeZone=UTC',
    });
    // An idle connection the server closes (restart, failover, a dropped database) emits 'error' on the
    // pool; unhandled, that would crash the process. The pool replaces the connection on next use.
    pool.on('error', (err) => process.stderr.write(`postgres: idle connection lost: ${err.message}\n`));
    const db = drizzlePg(pool) as unknown as Db;
    return { db, kind: 'postgres', pool, close: () => pool.end() };
  }
  if (opts.dataDir) fs.mkdirSync(path.dirname(opts.dataDir), { recursive: true });
  const client = await PGlite.create({
    dataDir: opts.dataDir,
    extensions: PGLITE_EXTENSIONS,
    loadDataDir: opts.loadDataDir,
  });
  await client.exec("SET TIME ZONE 'UTC'");
  const db = drizzlePglite(client) as unknown as Db;
  return { db, kind: 'pglite', pglite: client, close: () => client.close() };
}

/** Runs raw SQL and returns its rows; both drivers answer with `{ rows }`. */
export async function queryRows<T>(ex: Executor, q: SQL): Promise<T[]> {
  const r = (await ex.execute(q)) as unknown as { rows: T[] };
  return r.rows;
}

const dialect = new PgDialect();

/**
 * A hot read as a named prepared statement: PostgreSQL parses and plans it once per pooled connection
 * instead of on every call (planning cost three times the execution of the public lookup), and its
 * text is rendered here, once, rather than by the query builder on every call (a tenth of that
 * request's CPU). Values are bound by name to the query's `sql.placeholder(…)`s. `name` must be
 * unique to this text. Outside a transaction only.
 */
export function preparedStatement<T, V extends Record<string, unknown> = Record<string, unknown>>(
  name: string,
  q: SQL,
) {
  const { sql: text, params } = dialect.sqlToQuery(q);
  return async (database: Database, values: V): Promise<T[]> => {
    const bound = fillPlaceholders(params, values);
    if (database.pool) return (await database.pool.query<T & pg.QueryResultRow>({ name, text, values: bound })).rows;
    return (await database.pglite!.query<T>(text, bound)).rows;
  };
}

/** The database the configuration names: PostgreSQL when DATABASE_URL is set, else PGlite under DATA_DIR. */
export function openConfiguredDatabase(config: { databaseUrl?: string; dataDir: string }): Promise<Database> {
  return openDatabase(
    config.databaseUrl ? { databaseUrl: config.databaseUrl } : { dataDir: `${config.dataDir}/pglite` },
  );
}
