import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import {
  createLogger,
  loadConfig,
  lockDataDir,
  openConfiguredDatabase,
  StartRefused,
  type Config,
  type DataDirLock,
  type Database,
} from '../platform/index.js';
import { createFileStore } from '../platform/files/index.js';
import {
  BackupError,
  pgliteSnapshot,
  postgresSnapshot,
  pruneArchives,
  requestSnapshotCopy,
  snapshotFromDump,
  takeBackup,
  type BackupResult,
  type Snapshot,
} from '../platform/backup/index.js';

/**
 * `npm run backup -- --out DIR [--incremental] [--prune]`: one archive of the configured database (DATABASE_URL, or
 * PGlite under DATA_DIR) and every stored file it names, written while the server keeps serving. On PGlite a running
 * server hands over a consistent copy through its socket in DATA_DIR; a stopped one's directory is opened directly.
 * BACKUP_KEY encrypts the archive. Exit code 0: written; 1: failed (nothing partial is left, earlier archives untouched).
 */
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const VERSION = (JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;

const USAGE = `Sao lưu — back up:
  npm run backup -- --out DIR [--incremental [--base ARCHIVE]] [--prune]
    --out DIR        thư mục nhận bản sao lưu (mặc định BACKUP_DIR) — where the archive is written (default BACKUP_DIR)
    --incremental    chỉ chép các tệp chưa có trong bản gần nhất — copy only files not in the newest archive
    --base ARCHIVE   bản gốc của bản gia tăng — the base of an incremental backup (default: the newest)
    --prune          xoá bản cũ theo quy tắc lưu giữ — remove old archives by the retention rule (BACKUP_KEEP_*)`;

export async function openSnapshot(
  config: Pick<Config, 'databaseUrl' | 'dataDir'>,
): Promise<{ snapshot: Snapshot; done: () => Promise<void> }> {
  if (config.databaseUrl) return { snapshot: await postgresSnapshot(config.databaseUrl), done: async () => {} };
  const copy = await requestSnapshotCopy(config.dataDir);
  if (copy) return { snapshot: await snapshotFromDump(copy.dump, copy.takenAt), done: async () => {} };
  if (!fs.existsSync(path.join(config.dataDir, 'pglite')))
    throw new BackupError('not-an-archive', {
      vi: `Không có cơ sở dữ liệu tại ${config.dataDir}/pglite (đặt DATA_DIR hoặc DATABASE_URL).`,
      en: `No database at ${config.dataDir}/pglite (set DATA_DIR or DATABASE_URL).`,
    });
  // No server answers: take the directory so none starts meanwhile, and copy it ourselves.
  const lock: DataDirLock = await lockDataDir(config.dataDir, { port: 0 });
  let database: Database | null = null;
  try {
    database = await openConfiguredDatabase(config);
    const snapshot = await pgliteSnapshot(database.pglite!);
    const opened = database;
    return {
      snapshot,
      done: async () => {
        await opened.close();
        await lock.release();
      },
    };
  } catch (err) {
    await database?.close().catch(() => {});
    await lock.release();
    throw err;
  }
}

export async function runBackupCommand(
  argv: string[],
  config: Config,
): Promise<{ exitCode: 0 | 1; result?: BackupResult; message: string }> {
  const { values } = parseArgs({
    args: argv,
    options: {
      out: { type: 'string' },
      incremental: { type: 'boolean' },
      base: { type: 'string' },
      prune: { type: 'boolean' },
      help: { type: 'boolean' },
    },
  });
  if (values.help) return { exitCode: 0, message: USAGE };
  const outDir = values.out ? path.resolve(values.out) : config.backup.dir;
  if (!outDir)
    return { exitCode: 1, message: `Thiếu --out (hoặc BACKUP_DIR) — --out (or BACKUP_DIR) is missing.\n\n${USAGE}` };
  const log = createLogger(process.env.LOG_LEVEL ?? 'warn');
  let opened: Awaited<ReturnType<typeof openSnapshot>> | null = null;
  try {
    opened = await openSnapshot(config);
    const store = await createFileStore(config, log);
    const result = await takeBackup(opened.snapshot, store, {
      outDir,
      key: config.backup.key ? { passphrase: config.backup.key } : undefined,
      base: values.incremental ? (values.base ?? 'latest') : undefined,
      appVersion: VERSION,
    });
    const pruned = values.prune ? await pruneArchives(outDir, config.backup.keep) : [];
    const m = result.manifest;
    const rows = m.tables.reduce((n, t) => n + t.rows, 0);
    const copied = m.files.filter((f) => f.archive === m.archive).length;
    return {
      exitCode: 0,
      result,
      message: [
        `Đã sao lưu — backup written: ${result.path}`,
        `  ${(result.size / 1024 / 1024).toFixed(1)} MiB, sha-256 ${result.sha256}${m.encrypted ? ', mã hoá — encrypted' : ''}`,
        `  ${m.tables.length} bảng — tables, ${rows} dòng — rows; ${m.files.length} tệp — files (${copied} chép mới — copied, ${m.files.length - copied} từ bản gốc — in base archives)`,
        `  lược đồ — schema ${m.schema.tag}; ảnh chụp — snapshot at ${m.snapshotAt}; nhật ký — audit head ${m.audit.headPos ?? '—'}`,
        `  ${(result.durationMs / 1000).toFixed(1)} s${pruned.length ? `; đã xoá — pruned: ${pruned.join(', ')}` : ''}`,
      ].join('\n'),
    };
  } catch (err) {
    if (err instanceof BackupError || err instanceof StartRefused) return { exitCode: 1, message: err.message };
    return { exitCode: 1, message: `Sao lưu thất bại — the backup failed: ${(err as Error).message}` };
  } finally {
    await opened?.done().catch(() => {});
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const out = await runBackupCommand(process.argv.slice(2), loadConfig());
  (out.exitCode ? console.error : console.log)(out.message);
  process.exitCode = out.exitCode;
}
