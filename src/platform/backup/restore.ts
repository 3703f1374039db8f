import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { sql } from 'drizzle-orm';
import { openDatabase, queryRows, type Database } from '../db/client.js';
import { migrateDatabase } from '../db/migrate.js';
import { lockDataDir } from '../db/startup.js';
import { verifyAuditChain } from '../audit/verify.js';
import type { FileStore } from '../files/store.js';
import { readArchive, type ArchiveKey } from './archive.js';
import { BackupError } from './errors.js';
import { isEmptyDatabase, TableLoader, wipeDatabase } from './import-db.js';
import type { Manifest } from './manifest.js';
import { localMigrations, migrateUpTo } from './migrations.js';
import { pgliteSession, postgresSession, type SqlSession } from './session.js';

export type RestoreTarget = { kind: 'pglite'; dataDir: string } | { kind: 'postgres'; url: string };

export interface RestoreOptions {
  /** The archive to restore; the base archives of an incremental one are looked for beside it. */
  archive: string;
  target: RestoreTarget;
  /** The target's file store. */
  store: FileStore;
  key?: ArchiveKey;
  /** Replace a database that is not empty (its PGlite directory is kept aside, never deleted). */
  force?: boolean;
}

export interface RestoreReport {
  archive: string;
  snapshotAt: string;
  schema: { archive: string; now: string; migratedForward: number };
  tables: number;
  rows: number;
  files: { restored: number; fromBases: number; checked: number };
  audit: { ok: boolean; checked: number; pending: number; message: string };
  warnings: string[];
  /** Where a replaced PGlite directory was moved to. */
  replacedDir?: string;
  durationMs: number;
}

const notEmpty = (what: string) =>
  new BackupError('not-empty', {
    vi: `${what} không trống: khôi phục không ghi đè dữ liệu đang có. Dùng --force nếu thực sự muốn thay thế (thư mục PGlite cũ được giữ lại).`,
    en: `${what} is not empty: a restore does not overwrite existing data. Use --force to replace it (an old PGlite directory is kept aside).`,
  });

function checkSchema(manifest: Manifest, warnings: string[]) {
  const local = localMigrations();
  const newest = local[local.length - 1]!;
  if (manifest.schema.folderMillis > newest.folderMillis)
    throw new BackupError('newer-schema', {
      vi: `Bản sao lưu có lược đồ mới hơn phiên bản này (${manifest.schema.tag} > ${newest.tag}): hãy cập nhật Tỉnh số trước khi khôi phục.`,
      en: `The archive's schema is newer than this version (${manifest.schema.tag} > ${newest.tag}): upgrade Tỉnh số before restoring it.`,
    });
  const same = local.find((m) => m.folderMillis === manifest.schema.folderMillis);
  if (!same)
    throw new BackupError('unknown-schema', {
      vi: `Lược đồ của bản sao lưu (${manifest.schema.tag}) không có trong các migration của phiên bản này.`,
      en: `The archive's schema (${manifest.schema.tag}) is not one of this version's migrations.`,
    });
  if (same.hash !== manifest.schema.hash)
    warnings.push(
      `migration ${same.tag} differs from the one the archive was taken with (hash ${manifest.schema.hash.slice(0, 12)}…)`,
    );
  return { local: newest, same };
}

async function readAll(stream: Readable): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const c of stream) parts.push(c as Buffer);
  return Buffer.concat(parts);
}

/**
 * Restores an archive into an empty target, all or nothing: every archive involved is read and checked first; the
 * database is rebuilt at the archive's schema version and loaded in one transaction (on PGlite, in a new directory
 * moved into place only at the end); then it is migrated forward, the audit chain verified and every stored file
 * checked against its hash. Files are written to the content-addressed store before the database commits: a failed
 * restore may leave unnamed blobs there (garbage, never wrong data), nothing else.
 */
export async function restoreBackup(opts: RestoreOptions): Promise<RestoreReport> {
  const started = Date.now();
  const warnings: string[] = [];
  const dir = path.dirname(path.resolve(opts.archive));

  // 1. Every archive involved, read through and checked, before anything is touched.
  const { manifest } = await readArchive(opts.archive, opts.key);
  const { local } = checkSchema(manifest, warnings);
  const fromBases = new Map<string, Set<string>>();
  for (const f of manifest.files) {
    if (f.archive === manifest.archive) continue;
    if (!fromBases.has(f.archive)) fromBases.set(f.archive, new Set());
    fromBases.get(f.archive)!.add(f.sha256);
  }
  for (const [name, shas] of fromBases) {
    const p = path.join(dir, name);
    if (!fs.existsSync(p))
      throw new BackupError('missing-base', {
        vi: `Thiếu bản sao lưu gốc ${name} (cần đặt cạnh ${manifest.archive}).`,
        en: `The base archive ${name} is missing (it must be beside ${manifest.archive}).`,
      });
    const base = await readArchive(p, opts.key);
    const held = new Set(base.manifest.entries.map((e) => e.name));
    for (const sha of shas)
      if (!held.has(`files/${sha}`))
        throw new BackupError('missing-base', {
          vi: `Bản gốc ${name} không chứa tệp ${sha}.`,
          en: `The base archive ${name} does not hold file ${sha}.`,
        });
  }

  // 2. The target: empty, or replaced only when asked.
  let session: SqlSession;
  let pgliteDb: Database | null = null;
  let tmpDir: string | null = null;
  let release = async () => {};
  if (opts.target.kind === 'postgres') {
    session = await postgresSession(opts.target.url);
    if (!(await isEmptyDatabase(session)) && !opts.force) {
      await session.close();
      throw notEmpty(`Cơ sở dữ liệu / The database ${new URL(opts.target.url).pathname.slice(1)}`);
    }
  } else {
    const dataDir = opts.target.dataDir;
    const lock = await lockDataDir(dataDir, { port: 0 });
    release = () => lock.release();
    const live = path.join(dataDir, 'pglite');
    if (fs.existsSync(live) && fs.readdirSync(live).length && !opts.force) {
      await release();
      throw notEmpty(`DATA_DIR ${live}`);
    }
    tmpDir = path.join(dataDir, `pglite.restoring-${process.pid}`);
    await fsp.rm(tmpDir, { recursive: true, force: true });
    pgliteDb = await openDatabase({ dataDir: tmpDir });
    session = pgliteSession(pgliteDb.pglite!);
  }

  let restoredFiles = 0;
  let rows = 0;
  try {
    // 3. The schema as it was, the rows, the files; one transaction.
    await session.exec('BEGIN');
    if (opts.force && opts.target.kind === 'postgres') await wipeDatabase(session);
    await migrateUpTo(session, manifest.schema.folderMillis);
    const loader = new TableLoader(session, manifest);
    await loader.begin();
    const own = new Set(manifest.files.filter((f) => f.archive === manifest.archive).map((f) => `files/${f.sha256}`));
    await readArchive(opts.archive, opts.key, async (name, _size, data) => {
      const table = TableLoader.tableOf(name);
      if (table) return loader.loadChunk(table, await readAll(data));
      if (own.has(name)) {
        await opts.store.putExact(name.slice('files/'.length), data);
        restoredFiles++;
      }
    });
    for (const [name, shas] of fromBases) {
      await readArchive(path.join(dir, name), opts.key, async (entry, _size, data) => {
        const sha = entry.startsWith('files/') ? entry.slice('files/'.length) : '';
        if (shas.has(sha)) {
          await opts.store.putExact(sha, data);
          restoredFiles++;
        }
      });
    }
    await loader.finish();
    rows = [...loader.loaded.values()].reduce((a, b) => a + b, 0);
    await session.exec('COMMIT');
  } catch (err) {
    await session.exec('ROLLBACK').catch(() => {});
    if (pgliteDb) await pgliteDb.close().catch(() => {});
    else await session.close().catch(() => {});
    if (tmpDir) await fsp.rm(tmpDir, { recursive: true, force: true });
    await release();
    throw err;
  }
  if (!pgliteDb) await session.close();

  // 4. Forward to this version's schema, then the checks, on the restored database.
  const database: Database =
    pgliteDb ?? (await openDatabase({ databaseUrl: (opts.target as { url: string }).url, poolSize: 2 }));
  let replacedDir: string | undefined;
  try {
    const before = localMigrations().filter((m) => m.folderMillis <= manifest.schema.folderMillis).length;
    await migrateDatabase(database);
    const migratedForward = localMigrations().length - before;
    // Rows the chainer had not linked yet at the snapshot are linked by the first running instance: not a failure.
    const audit = await verifyAuditChain(database.db, { maxUnlinkedMs: Number.MAX_SAFE_INTEGER });
    const auditMessage = audit.ok
      ? `audit chain ok: ${audit.checked} rows linked, ${audit.pending.count} waiting to be linked`
      : `audit chain broken at seq ${audit.brokenAt?.seq}: ${audit.brokenAt?.reason}`;
    if (!audit.ok)
      throw new BackupError('check-failed', {
        vi: `Chuỗi nhật ký kiểm tra sau khôi phục không hợp lệ: ${auditMessage}`,
        en: `The restored audit chain does not verify: ${auditMessage}`,
      });
    const checked = await checkFiles(database, opts.store);
    if (opts.target.kind === 'pglite') {
      await database.close();
      const live = path.join(opts.target.dataDir, 'pglite');
      if (fs.existsSync(live)) {
        replacedDir = `${live}.replaced-${new Date().toISOString().replace(/[-:.]/g, '')}`;
        await fsp.rename(live, replacedDir);
      }
      await fsp.rename(tmpDir!, live);
      tmpDir = null;
    }
    return {
      archive: manifest.archive,
      snapshotAt: manifest.snapshotAt,
      schema: { archive: manifest.schema.tag, now: local.tag, migratedForward },
      tables: manifest.tables.length,
      rows,
      files: { restored: restoredFiles, fromBases: [...fromBases.values()].reduce((a, s) => a + s.size, 0), checked },
      audit: { ok: true, checked: audit.checked, pending: audit.pending.count, message: auditMessage },
      warnings,
      replacedDir,
      durationMs: Date.now() - started,
    };
  } catch (err) {
    if (tmpDir) {
      await database.close().catch(() => {});
      await fsp.rm(tmpDir, { recursive: true, force: true }).catch(() => {});
      tmpDir = null;
    }
    throw err;
  } finally {
    if (opts.target.kind === 'postgres') await database.close().catch(() => {});
    else if (tmpDir) await database.close().catch(() => {});
    await release();
  }
}

/** Every file the database names is in the store and hashes to its address. */
export async function checkFiles(database: Database, store: FileStore): Promise<number> {
  const missing: string[] = [];
  const damaged: string[] = [];
  let checked = 0;
  let after = '';
  for (;;) {
    const batch = await queryRows<{ sha256: string }>(
      database.db,
      sql`SELECT sha256 FROM files WHERE sha256 > ${after} ORDER BY sha256 LIMIT 1000`,
    );
    for (const { sha256 } of batch) {
      const s = await store.open(sha256);
      if (!s) missing.push(sha256);
      else
        try {
          for await (const _ of s);
          checked++;
        } catch {
          damaged.push(sha256);
        }
    }
    if (batch.length < 1000) break;
    after = batch[batch.length - 1]!.sha256;
  }
  if (missing.length || damaged.length)
    throw new BackupError('check-failed', {
      vi: `Kiểm tra tệp sau khôi phục: thiếu ${missing.length}, hỏng ${damaged.length} (${[...missing, ...damaged].slice(0, 3).join(', ')}…).`,
      en: `File check after restore: ${missing.length} missing, ${damaged.length} damaged (${[...missing, ...damaged].slice(0, 3).join(', ')}…).`,
    });
  return checked;
}
