/**
 * Child process for benchmarks: starts Tỉnh số on a PostgreSQL database and, beside it, a bare
 * Fastify + pg server doing the same indexed lookup, then prints their ports as one JSON line.
 */
import Fastify from 'fastify';
import pg from 'pg';
import { loadConfig, createLogger, openDatabase, migrateDatabase } from '../../src/platform/index.js';
import { createServer } from '../../src/main.js';
import { seedDatabase } from '../../src/seed.js';

const url = process.env.BENCH_DATABASE_URL!;
const database = await openDatabase({ databaseUrl: url, poolSize: 20 });
await migrateDatabase(database);
await seedDatabase(database, { demo: true });
const config = loadConfig(
  { ...process.env, NODE_ENV: 'production', LOG_LEVEL: 'silent', DATABASE_URL: url, JOBS_AUTOSTART: '0' },
  // Every request comes from this one address: the limits stay on (their cost is measured) but never refuse.
  {
    loginRateLimit: { max: 1_000_000, timeWindowMs: 60_000 },
    lookupRateLimit: { max: Number(process.env.BENCH_LOOKUP_RATE_MAX ?? 1_000_000_000), timeWindowMs: 60_000 },
  },
);
const server = await createServer(config, { database, logger: createLogger('silent') });
await server.app.listen({ port: 0, host: '127.0.0.1' });

// The baseline: no framework plugins, no auth hook, one parameterised query on the same indexes.
const pool = new pg.Pool({ connectionString: url, max: 20 });
const bare = Fastify({ logger: false });
bare.get('/lookup/:id', async (req) => {
  const { rows } = await pool.query(
    `SELECT a.id, a.username, a.display_name FROM sessions s JOIN accounts a ON a.id = s.account_id
      WHERE s.id = $1 AND s.revoked_at IS NULL AND s.expires_at > now()`,
    [(req.params as { id: string }).id],
  );
  return rows[0] ?? null;
});
// The public-lookup baseline: one indexed lookup of a dossier by its code.
bare.get('/dossier/:code', async (req) => {
  const { rows } = await pool.query(`SELECT code, status, received_at, due_at FROM dossiers WHERE code = $1`, [
    (req.params as { code: string }).code,
  ]);
  return rows[0] ?? null;
});
// CPU used by this process (the app and the baseline both), read by the benchmark around each run.
bare.get('/__cpu', async () => process.cpuUsage());
await bare.listen({ port: 0, host: '127.0.0.1' });

const addr = (a: ReturnType<typeof bare.server.address>) => (typeof a === 'object' && a ? a.port : 0);
console.log(JSON.stringify({ app: addr(server.app.server.address()), bare: addr(bare.server.address()) }));
process.on(
  'SIGTERM',
  () =>
    void Promise.all([server.close(), bare.close()])
      .then(() => Promise.all([database.close(), pool.end()]))
      .then(() => process.exit(0)),
);
