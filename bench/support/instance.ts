/**
 * Another Tỉnh số instance for a benchmark, in the calling process, on the benchmark's PostgreSQL database (already
 * migrated and seeded by the parent): production settings, quiet logs, no jobs, and no chainers (the parent's instance
 * links the audit and exchange logs; these instances only write them). Listens on 127.0.0.1, port 0.
 */
import { createLogger, loadConfig, openDatabase } from '../../src/platform/index.js';
import { createServer } from '../../src/main.js';

export async function startBenchInstance(overrides: Parameters<typeof loadConfig>[1] = {}) {
  const url = process.env.BENCH_DATABASE_URL!;
  const database = await openDatabase({ databaseUrl: url });
  const config = loadConfig(
    {
      ...process.env,
      NODE_ENV: 'production',
      DATABASE_URL: url,
      LOG_LEVEL: 'warn',
      JOBS_AUTOSTART: '0',
      AUDIT_CHAIN_AUTOSTART: '0',
      TINHSO_DEMO: '0',
    },
    overrides,
  );
  const server = await createServer(config, { database, logger: createLogger('warn') });
  await server.app.listen({ port: 0, host: '127.0.0.1' });
  return {
    port: (server.app.server.address() as { port: number }).port,
    close: () => server.close().then(() => database.close()),
  };
}
