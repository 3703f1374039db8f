import type { FileManifest, Manifest, TableManifest } from './manifest.js';
import type { ArchiveWriter } from './archive.js';
import { appliedSchema, localMigrations } from './migrations.js';
import { quoteIdent, type SqlSession } from './session.js';
import { BackupError } from './errors.js';

/**
 * The database as data, engine-neutral: every table of the `public` schema as JSON rows (`row_to_json`, which
 * `json_populate_recordset` reads back into the same types on either engine), its sequences, the schema version
 * and the audit chain's head. Runs inside the caller's snapshot transaction, so every table is read at one instant.
 */
export interface DatabaseExport {
  serverVersion: string;
  schema: Manifest['schema'];
  tables: TableManifest[];
  sequences: Manifest['sequences'];
  audit: Manifest['audit'];
  /** Every stored file the database names, with whether a record keeps it (unkept uploads may expire). */
  files: (Omit<FileManifest, 'archive'> & { kept: boolean })[];
}

const FETCH_ROWS = 2000;
const CHUNK_BYTES = 8 * 1024 * 1024;

export async function tablesOf(s: SqlSession): Promise<string[]> {
  const rows = await s.query<{ name: string }>(
    `SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND NOT c.relispartition ORDER BY c.relname`,
  );
  return rows.map((r) => r.name);
}

/** Columns a restore writes: generated columns are recomputed by the database. */
export async function columnsOf(s: SqlSession, table: string): Promise<string[]> {
  const rows = await s.query<{ name: string }>(
    `SELECT a.attname AS name FROM pg_attribute a WHERE a.attrelid = $1::regclass AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = '' ORDER BY a.attnum`,
    [`public.${quoteIdent(table)}`],
  );
  return rows.map((r) => r.name);
}

export async function exportDatabase(s: SqlSession, writer: ArchiveWriter): Promise<DatabaseExport> {
  const applied = await appliedSchema(s);
  if (!applied)
    throw new BackupError('unknown-schema', {
      vi: 'Cơ sở dữ liệu chưa được khởi tạo (chưa có migration nào).',
      en: 'The database has no schema yet (no migration applied).',
    });
  const local = localMigrations().find((m) => m.folderMillis === applied.folderMillis);
  const schema = {
    idx: local?.idx ?? -1,
    tag: local?.tag ?? 'unknown',
    folderMillis: applied.folderMillis,
    hash: applied.hash,
    count: applied.count,
  };
  const serverVersion = (await s.query<{ v: string }>(`SHOW server_version`).then((r) => r[0]?.v)) ?? '';

  const tables: TableManifest[] = [];
  for (const name of await tablesOf(s)) {
    const t: TableManifest = { name, columns: await columnsOf(s, name), rows: 0, chunks: [] };
    await s.exec(
      `DECLARE tinhso_backup NO SCROLL CURSOR FOR SELECT row_to_json(t)::text AS j FROM public.${quoteIdent(name)} t`,
    );
    let lines: string[] = [];
    let bytes = 0;
    const flush = async () => {
      if (!lines.length) return;
      const entry = `db/${name}/${String(t.chunks.length).padStart(6, '0')}.ndjson`;
      await writer.addBuffer(entry, Buffer.from(lines.join('\n') + '\n'));
      t.chunks.push(entry);
      lines = [];
      bytes = 0;
    };
    for (;;) {
      const batch = await s.query<{ j: string }>(`FETCH ${FETCH_ROWS} FROM tinhso_backup`);
      for (const r of batch) {
        lines.push(r.j);
        bytes += r.j.length;
      }
      t.rows += batch.length;
      if (bytes >= CHUNK_BYTES) await flush();
      if (batch.length < FETCH_ROWS) break;
    }
    await flush();
    await s.exec('CLOSE tinhso_backup');
    tables.push(t);
  }

  const sequences: Manifest['sequences'] = [];
  const seqNames = await s.query<{ name: string }>(
    `SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND c.relkind = 'S' ORDER BY c.relname`,
  );
  for (const { name } of seqNames) {
    const [v] = await s.query<{ v: string; called: boolean }>(
      `SELECT last_value::text AS v, is_called AS called FROM public.${quoteIdent(name)}`,
    );
    sequences.push({ name, lastValue: v!.v, isCalled: v!.called });
  }

  const [a] = await s.query<{ rows: string; linked: string; pos: string | null; hash: string | null }>(
    `SELECT (SELECT count(*) FROM audit_log)::text AS rows, (SELECT count(*) FROM audit_chain)::text AS linked,
            h.pos::text AS pos, h.hash FROM (SELECT 1) one LEFT JOIN LATERAL (SELECT pos, hash FROM audit_chain ORDER BY pos DESC LIMIT 1) h ON true`,
  );
  const audit = {
    rows: Number(a!.rows),
    linked: Number(a!.linked),
    headPos: a!.pos === null ? null : Number(a!.pos),
    headHash: a!.hash,
  };

  const files = (
    await s.query<{ sha256: string; size: string; kept: boolean }>(
      `SELECT sha256, size::text AS size, kept_at IS NOT NULL AS kept FROM files ORDER BY sha256`,
    )
  ).map((f) => ({
    sha256: f.sha256,
    size: Number(f.size),
    kept: f.kept,
  }));
  return { serverVersion, schema, tables, sequences, audit, files };
}
