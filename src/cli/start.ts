import {
  loadConfig,
  createLogger,
  openConfiguredDatabase,
  migrateDatabase,
  assertPortFree,
  lockDataDir,
  portMessage,
  StartRefused,
  withStartupLock,
  type DataDirLock,
} from '../platform/index.js';
import { createServer } from '../main.js';
import { createFiles } from '../platform/files/index.js';
import { seedDatabase } from '../seed.js';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from '../demo/accounts.js';
import { FEEDBACK_DEMO_ACCOUNTS } from '../feedback/index.js';
import { DOSSIER_DEMO_STAFF } from '../demo/dossiers.js';
import { buildWebIfNeeded } from './build-web.js';
import { listenControl } from '../platform/backup/index.js';
import { issueSetupCode } from '../platform/setup/index.js';
import { logDestination } from '../platform/logger.js';

/**
 * `npm start`: check the port and take the data directory, build the web app if needed, migrate, load
 * the demo province on an empty database, listen.
 */
const config = loadConfig();
// Pretty lines in a terminal, JSON otherwise (LOG_FORMAT); the banner below is printed once, outside the log.
const log = createLogger(config.logLevel, {}, logDestination(config.logFormat));

/** A start that cannot go on: the reason in both languages, no stack, exit code 1. */
function refuse(message: string): never {
  console.error(`\n${message}\n`);
  process.exit(1);
}

// Before the database is touched: nothing is migrated or seeded for a start that cannot listen, and
// a second process never opens the embedded database's files while another has them.
let dirLock: DataDirLock | null = null;
try {
  await assertPortFree(config.port, config.host);
  if (!config.databaseUrl) {
    dirLock = await lockDataDir(
      config.dataDir,
      { port: config.port },
      {
        onCompromised: () => {
          console.error(
            `\nMột tiến trình khác đã chiếm thư mục dữ liệu ${config.dataDir}; tiến trình này dừng để không ghi đè dữ liệu.\n` +
              `Another process took over the data directory ${config.dataDir}; this one stops so as not to overwrite its data.\n`,
          );
          process.exit(1);
        },
      },
    );
  }
} catch (err) {
  if (err instanceof StartRefused) refuse(err.message);
  throw err;
}

if (process.env.TINHSO_SKIP_WEB_BUILD !== '1') await buildWebIfNeeded();
const database = await openConfiguredDatabase(config);
// Instances starting together on one PostgreSQL database migrate and seed in turn.
const seeded = await withStartupLock(database, async () => {
  await migrateDatabase(database);
  return seedDatabase(database, { demo: config.demo, living: config.demo });
});
const server = await createServer(config, { database, logger: log });
try {
  await server.app.listen({ port: config.port, host: config.host });
} catch (err) {
  // Taken between the check and now: still a message, not a stack.
  if ((err as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw err;
  await server.close();
  await database.close();
  await dirLock?.release();
  refuse(portMessage(config.port, config.host));
}

// `npm run backup` asks this process for a consistent copy of its embedded database (it cannot open the directory).
const control = database.pglite ? await listenControl(config.dataDir, database.pglite, log) : null;

const url = config.publicUrl;
const lines = [
  '',
  `  Tỉnh số đang chạy — running at ${url}`,
  `  Cơ sở dữ liệu — database: ${database.kind === 'pglite' ? `PGlite (${config.dataDir}/pglite)` : 'PostgreSQL (DATABASE_URL)'}`,
  `  Tài liệu API — API docs: ${url}/docs`,
];
if (config.demo) {
  lines.push(
    `  Dữ liệu mẫu — demo province: Huế${seeded.demo ? ' (vừa nạp — just loaded)' : ''}`,
    `  Tài khoản mẫu — demo logins (mật khẩu/password: ${DEMO_PASSWORD}):`,
  );
  for (const a of DEMO_ACCOUNTS) lines.push(`    ${a.username.padEnd(12)} ${a.description.vi} — ${a.description.en}`);
  for (const a of FEEDBACK_DEMO_ACCOUNTS)
    lines.push(`    ${a.username.padEnd(12)} ${a.position} — field-report handler`);
  for (const a of DOSSIER_DEMO_STAFF) lines.push(`    ${a.username.padEnd(12)} ${a.position} — dossier ${a.role}`);
}
// Not set up and no administrator: the first-run page opens with a code only this console shows (docs/setup.md).
const setupCode = config.demo ? null : await issueSetupCode(database.db);
if (setupCode) {
  lines.push(
    `  Chưa cài đặt — not set up yet: mở — open ${url}/setup`,
    `  Mã cài đặt dùng một lần — one-time setup code: ${setupCode}`,
    `  (hoặc dừng máy chủ và chạy — or stop the server and run: npm run setup)`,
  );
}
console.log(lines.join('\n') + '\n');

// The demo's year of dossiers takes longer to make than everything else (each goes through its real actions), so it is
// made after the server answers, once, under the same startup lock; its queues and statistics fill in meanwhile.
// DEMO_DOSSIERS sets how many (0: none; the suites that start the server use it for a fixed demo).
const demoDossiers = Number(process.env.DEMO_DOSSIERS ?? 400);
if (config.demo && demoDossiers > 0) {
  void (async () => {
    const files = await createFiles(config, database.db, log);
    const t0 = Date.now();
    const r = await withStartupLock(database, () =>
      seedDatabase(database, { demo: true, living: true, files, dossiers: demoDossiers }),
    );
    if (r.dossiers) log.info({ ms: Date.now() - t0 }, 'demo dossiers loaded — đã nạp hồ sơ mẫu');
  })().catch((err: unknown) => {
    if (!closing) log.error({ err }, 'demo dossiers could not be loaded');
  });
}

let closing = false;
for (const sig of ['SIGINT', 'SIGTERM'] as const) {
  process.on(sig, () => {
    if (closing) return;
    closing = true;
    // PGlite must be closed cleanly so its files stay consistent; then the directory is free for the next start.
    void server
      .close()
      .then(() => control?.close())
      .then(() => database.close())
      .then(() => dirLock?.release())
      .then(
        () => process.exit(0),
        (err: unknown) => {
          console.error(err);
          process.exit(1);
        },
      );
  });
}
