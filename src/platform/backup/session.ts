import type { PGlite } from '@electric-sql/pglite';
import pg from 'pg';

/**
 * A plain SQL session on one connection, whichever engine: backup and restore need one connection for a
 * snapshot or a transaction that spans many statements, and raw text (rows as JSON text) rather than the
 * driver's type parsing.
 */
export interface SqlSession {
  readonly kind: 'pglite' | 'postgres';
  query<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
  /** Several statements separated by semicolons, no parameters. */
  exec(text: string): Promise<void>;
  close(): Promise<void>;
}

export function pgliteSession(db: PGlite, opts: { closeWith?: boolean } = {}): SqlSession {
  return {
    kind: 'pglite',
    query: async <T>(text: string, params?: unknown[]) => (await db.query<T>(text, params)).rows,
    exec: async (text) => void (await db.exec(text)),
    close: async () => {
      if (opts.closeWith) await db.close();
    },
  };
}

export async function postgresSession(url: string): Promise<SqlSession> {
  // Sessions run in UTC like the application's; every value is exported as JSON text, so no parser matters.
  const client = new pg.Client({ connectionString: url, options: '-c TimeZone=UTC' });
  await client.connect();
  // A server going away mid-backup is an error of the running query; without this it would crash the process.
  client.on('error', () => {});
  return {
    kind: 'postgres',
    query: async <T>(text: string, params?: unknown[]) => (await client.query(text, params)).rows as T[],
    exec: async (text) => void (await client.query(text)),
    close: () => client.end(),
  };
}

export const quoteIdent = (name: string) => `"${name.replace(/"/g, '""')}"`;
