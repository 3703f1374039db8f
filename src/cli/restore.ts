import path from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { createLogger, loadConfig, StartRefused, type Config } from '../platform/index.js';
import { createFileStore } from '../platform/files/index.js';
import { BackupError, restoreBackup, type RestoreReport } from '../platform/backup/index.js';

/**
 * `npm run restore -- ARCHIVE [--force]`: restores into the configured target (DATABASE_URL, or PGlite under
 * DATA_DIR, with its file store), which must be empty unless --force. Checks every archive involved first, migrates
 * forward an older archive, verifies the audit chain and every file, and reports. BACKUP_KEY opens an encrypted one.
 * Exit code 0: restored and checked; 1: refused or failed (nothing half-restored).
 */
const USAGE = `Khôi phục — restore:
  npm run restore -- ARCHIVE [--force]
    ARCHIVE   tệp sao lưu (các bản gốc của bản gia tăng đặt cùng thư mục) — the archive (an incremental one's bases beside it)
    --force   thay thế cơ sở dữ liệu không trống (thư mục PGlite cũ được giữ lại) — replace a non-empty database (an old PGlite directory is kept aside)
  Đích: DATABASE_URL, hoặc DATA_DIR (PGlite) — target: DATABASE_URL, or DATA_DIR (PGlite)`;

export async function runRestoreCommand(
  argv: string[],
  config: Config,
): Promise<{ exitCode: 0 | 1; report?: RestoreReport; message: string }> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { force: { type: 'boolean' }, help: { type: 'boolean' } },
  });
  if (values.help) return { exitCode: 0, message: USAGE };
  if (positionals.length !== 1)
    return { exitCode: 1, message: `Cần đúng một tệp sao lưu — exactly one archive is needed.\n\n${USAGE}` };
  const log = createLogger(process.env.LOG_LEVEL ?? 'warn');
  try {
    const report = await restoreBackup({
      archive: path.resolve(positionals[0]!),
      target: config.databaseUrl
        ? { kind: 'postgres', url: config.databaseUrl }
        : { kind: 'pglite', dataDir: config.dataDir },
      store: await createFileStore(config, log),
      key: config.backup.key ? { passphrase: config.backup.key } : undefined,
      force: values.force,
    });
    return {
      exitCode: 0,
      report,
      message: [
        `Đã khôi phục — restored: ${report.archive} (ảnh chụp — snapshot at ${report.snapshotAt})`,
        `  ${report.tables} bảng — tables, ${report.rows} dòng — rows; lược đồ — schema ${report.schema.archive} → ${report.schema.now} (${report.schema.migratedForward} migration)`,
        `  tệp — files: ${report.files.restored} khôi phục — restored (${report.files.fromBases} từ bản gốc — from base archives), ${report.files.checked} đã kiểm tra SHA-256 — checked`,
        `  nhật ký kiểm toán — ${report.audit.message}`,
        ...report.warnings.map((w) => `  cảnh báo — warning: ${w}`),
        ...(report.replacedDir
          ? [`  dữ liệu cũ được giữ tại — the replaced data is kept at ${report.replacedDir}`]
          : []),
        `  ${(report.durationMs / 1000).toFixed(1)} s`,
      ].join('\n'),
    };
  } catch (err) {
    if (err instanceof BackupError || err instanceof StartRefused) return { exitCode: 1, message: err.message };
    return { exitCode: 1, message: `Khôi phục thất bại — the restore failed: ${(err as Error).message}` };
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const out = await runRestoreCommand(process.argv.slice(2), loadConfig());
  (out.exitCode ? console.error : console.log)(out.message);
  process.exitCode = out.exitCode;
}
