import type { Manifest } from './manifest.js';
import { quoteIdent, type SqlSession } from './session.js';
import { BackupError } from './errors.js';

/** Whether a database holds nothing a restore could overwrite: no table in `public`, no migration recorded. */
export async function isEmptyDatabase(s: SqlSession): Promise<boolean> {
  const [r] = await s.query<{ tables: string; migrations: string | null }>(
    `SELECT (SELECT count(*) FROM pg_tables WHERE schemaname = 'public')::text AS tables, to_regclass('drizzle.__drizzle_migrations')::text AS migrations`,
  );
  return r!.tables === '0' && !r!.migrations;
}

/** Removes everything a restore replaces; only on explicit request, inside the restore's transaction. */
export async function wipeDatabase(s: SqlSession): Promise<void> {
  await s.exec(
    `DROP SCHEMA IF EXISTS "drizzle" CASCADE; DROP SCHEMA IF EXISTS "public" CASCADE; CREATE SCHEMA "public"; GRANT USAGE, CREATE ON SCHEMA "public" TO PUBLIC`,
  );
}

/**
 * Loads rows into a schema built at the archive's version, inside the caller's transaction. Triggers (the audit
 * log's append-only guard, statistics rollups, cache notifications) and foreign-key checks are off for it
 * (`session_replication_role = replica`): the rows are a consistent snapshot already, and rollups restored as
 * they were must not be counted again. Setting it needs a superuser, or from PostgreSQL 15 a role granted
 * `SET ON PARAMETER session_replication_role`.
 */
export class TableLoader {
  private readonly tables: Map<string, Manifest['tables'][number]>;
  readonly loaded = new Map<string, number>();

  constructor(
    private readonly s: SqlSession,
    private readonly manifest: Manifest,
  ) {
    this.tables = new Map(manifest.tables.map((t) => [t.name, t]));
  }

  /**
   * Migrations may insert reference rows; the archive holds every row as it was, those included, so the tables are
   * emptied before loading.
   */
  async begin(): Promise<void> {
    await this.s.exec('SET LOCAL session_replication_role = replica');
    const tables = this.manifest.tables.map((t) => `public.${quoteIdent(t.name)}`);
    if (tables.length) await this.s.exec(`TRUNCATE ${tables.join(', ')}`);
  }

  /** Whether an entry name is a chunk of table rows. */
  static tableOf(entry: string): string | null {
    const m = /^db\/([^/]+)\/\d{6}\.ndjson$/.exec(entry);
    return m ? m[1]! : null;
  }

  async loadChunk(table: string, body: Buffer): Promise<void> {
    const t = this.tables.get(table);
    if (!t)
      throw new BackupError('tampered', {
        vi: `Bảng ${table} không có trong bảng kê.`,
        en: `Table ${table} is not in the manifest.`,
      });
    const lines = body
      .toString('utf8')
      .split('\n')
      .filter((l) => l.length);
    if (!lines.length) return;
    const cols = t.columns.map(quoteIdent).join(', ');
    const rel = `public.${quoteIdent(table)}`;
    // Values travel as one JSON parameter and the database converts them to the columns' types: no SQL is built
    // from the archive's contents (table and column names come from the manifest and are quoted).
    await this.s.query(
      `INSERT INTO ${rel} (${cols}) OVERRIDING SYSTEM VALUE SELECT ${cols} FROM json_populate_recordset(NULL::${rel}, $1::json)`,
      [`[${lines.join(',')}]`],
    );
    this.loaded.set(table, (this.loaded.get(table) ?? 0) + lines.length);
  }

  /** Sequences, uploads that expired during the backup, and a count of every table against the manifest. */
  async finish(): Promise<void> {
    for (const q of this.manifest.sequences) {
      await this.s.query(`SELECT setval($1::regclass, $2::bigint, $3)`, [
        `public.${quoteIdent(q.name)}`,
        q.lastValue,
        q.isCalled,
      ]);
    }
    if (this.manifest.expiredDuringBackup.length) {
      // As the expiry job did after the snapshot: these uploads were named by no record.
      await this.s.query(`DELETE FROM file_uploads WHERE sha256 = ANY($1::text[])`, [
        this.manifest.expiredDuringBackup,
      ]);
      await this.s.query(`DELETE FROM files WHERE sha256 = ANY($1::text[])`, [this.manifest.expiredDuringBackup]);
    }
    for (const t of this.manifest.tables) {
      const [r] = await this.s.query<{ n: string }>(`SELECT count(*)::text AS n FROM public.${quoteIdent(t.name)}`);
      const expected = t.name === 'files' || t.name === 'file_uploads' ? null : t.rows;
      if (expected !== null && Number(r!.n) !== expected)
        throw new BackupError('check-failed', {
          vi: `Bảng ${t.name}: ${r!.n} dòng sau khôi phục, bảng kê ghi ${expected}.`,
          en: `Table ${t.name}: ${r!.n} rows after restore, the manifest says ${expected}.`,
        });
    }
  }
}
