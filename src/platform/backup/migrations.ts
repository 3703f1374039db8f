import fs from 'node:fs';
import path from 'node:path';
import { readMigrationFiles, type MigrationMeta } from 'drizzle-orm/migrator';
import { MIGRATIONS_DIR } from '../db/migrate.js';
import type { SqlSession } from './session.js';

/** A migration of this code, with its place in the journal. */
export interface LocalMigration extends MigrationMeta {
  idx: number;
  tag: string;
}

export function localMigrations(dir = MIGRATIONS_DIR): LocalMigration[] {
  const journal = JSON.parse(fs.readFileSync(path.join(dir, 'meta', '_journal.json'), 'utf8')) as {
    entries: { idx: number; tag: string }[];
  };
  return readMigrationFiles({ migrationsFolder: dir }).map((m, i) => ({
    ...m,
    idx: journal.entries[i]!.idx,
    tag: journal.entries[i]!.tag,
  }));
}

/** The last migration applied to the database the session reads, as Drizzle recorded it. */
export async function appliedSchema(
  s: SqlSession,
): Promise<{ folderMillis: number; hash: string; count: number } | null> {
  const exists = await s.query<{ t: string | null }>(`SELECT to_regclass('drizzle.__drizzle_migrations')::text AS t`);
  if (!exists[0]?.t) return null;
  const rows = await s.query<{ hash: string; created_at: string; n: string }>(
    `SELECT hash, created_at::text, (SELECT count(*) FROM drizzle.__drizzle_migrations)::text AS n FROM drizzle.__drizzle_migrations ORDER BY created_at DESC, id DESC LIMIT 1`,
  );
  const r = rows[0];
  return r ? { folderMillis: Number(r.created_at), hash: r.hash, count: Number(r.n) } : null;
}

/**
 * Applies this code's migrations up to and including `folderMillis`, recording each as Drizzle does, inside the
 * caller's transaction: a restore must build the schema the archive was taken with before loading its rows, and
 * only then migrate forward (Drizzle's own migrator can only go to the newest).
 */
export async function migrateUpTo(
  s: SqlSession,
  folderMillis: number,
  migrations = localMigrations(),
): Promise<LocalMigration[]> {
  const todo = migrations.filter((m) => m.folderMillis <= folderMillis);
  await s.exec(
    `CREATE SCHEMA IF NOT EXISTS "drizzle"; CREATE TABLE IF NOT EXISTS "drizzle"."__drizzle_migrations" (id SERIAL PRIMARY KEY, hash text NOT NULL, created_at bigint)`,
  );
  for (const m of todo) {
    for (const stmt of m.sql) if (stmt.trim()) await s.exec(stmt);
    await s.query(`INSERT INTO "drizzle"."__drizzle_migrations" ("hash", "created_at") VALUES ($1, $2)`, [
      m.hash,
      m.folderMillis,
    ]);
  }
  return todo;
}
