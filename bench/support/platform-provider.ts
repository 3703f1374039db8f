/**
 * Child process for the gateway benchmark: a second Tỉnh số instance on the benchmark's PostgreSQL database (already
 * migrated and seeded by the parent), serving the platform's own API as the provider the gateway's registered platform
 * services point at. Its own process, so the gateway's process does only the gateway's work, as in the synthetic rows.
 * Prints its port as one line; on SIGTERM closes and exits.
 */
import { createLogger, loadConfig, openDatabase } from '../../src/platform/index.js';
import { createServer } from '../../src/main.js';

const url = process.env.BENCH_DATABASE_URL!;
const database = await openDatabase({ databaseUrl: url });
const config = loadConfig(
  {
    ...process.env,
    NODE_ENV: 'production',
    DATABASE_URL: url,
    LOG_LEVEL: 'warn',
    JOBS_AUTOSTART: '0',
    // The parent links the exchange log; this instance only answers.
    AUDIT_CHAIN_AUTOSTART: '0',
    TINHSO_DEMO: '0',
  },
  // Every call comes from 127.0.0.1: the lookup limit stays on (its cost is measured) but never refuses.
  { lookupRateLimit: { max: 1_000_000_000, timeWindowMs: 60_000 } },
);
const server = await createServer(config, { database, logger: createLogger('warn') });
await server.app.listen({ port: 0, host: '127.0.0.1' });
console.log((server.app.server.address() as { port: number }).port);
process.on(
  'SIGTERM',
  () =>
    void server
      .close()
      .then(() => database.close())
      .then(() => process.exit(0)),
);
