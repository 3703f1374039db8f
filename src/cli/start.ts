import { loadConfig, createLogger, openConfiguredDatabase, migrateDatabase } from '../platform/index.js';
import { createServer } from '../main.js';
import { seedDatabase } from '../seed.js';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from '../demo/accounts.js';
import { FEEDBACK_DEMO_ACCOUNTS } from '../feedback/index.js';
import { buildWebIfNeeded } from './build-web.js';

/** `npm start`: build the web app if needed, migrate, load the demo province on an empty database, listen. */
const config = loadConfig();
const log = createLogger(config.logLevel);

if (process.env.TINHSO_SKIP_WEB_BUILD !== '1') await buildWebIfNeeded();
const database = await openConfiguredDatabase(config);
await migrateDatabase(database);
const seeded = await seedDatabase(database, { demo: config.demo });
const server = await createServer(config, { database, logger: log });
await server.app.listen({ port: config.port, host: config.host });

const url = config.publicUrl;
const lines = [
  '',
  `  Tỉnh số đang chạy — running at ${url}`,
  `  Cơ sở dữ liệu — database: ${database.kind === 'pglite' ? `PGlite (${config.dataDir}/pglite)` : 'PostgreSQL (DATABASE_URL)'}`,
  `  Tài liệu API — API docs: ${url}/docs`,
];
if (config.demo) {
  lines.push(`  Dữ liệu mẫu — demo province: Huế${seeded.demo ? ' (vừa nạp — just loaded)' : ''}`, `  Tài khoản mẫu — demo logins (mật khẩu/password: ${DEMO_PASSWORD}):`);
  for (const a of DEMO_ACCOUNTS) lines.push(`    ${a.username.padEnd(12)} ${a.description.vi} — ${a.description.en}`);
  for (const a of FEEDBACK_DEMO_ACCOUNTS) lines.push(`    ${a.username.padEnd(12)} ${a.position} — field-report handler`);
}
console.log(lines.join('\n') + '\n');

let closing = false;
for (const sig of ['SIGINT', 'SIGTERM'] as const) {
  process.on(sig, () => {
    if (closing) return;
    closing = true;
    // PGlite must be closed cleanly so its files stay consistent.
    void server
      .close()
      .then(() => database.close())
      .then(() => process.exit(0), (err: unknown) => { console.error(err); process.exit(1); });
  });
}
