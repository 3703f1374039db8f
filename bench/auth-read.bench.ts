/**
 * Authenticated read throughput: GET /api/auth/session (session cookie → account and grants, one query)
 * against a bare Fastify + pg server doing the session lookup, both on the same PostgreSQL in the same run.
 * Usage: npm run bench   (BENCH_PG=postgres://… to choose the server; BENCH_SECONDS, BENCH_CONNECTIONS)
 */
import crypto from 'node:crypto';
import { connections, freshDatabase, login, measure, seconds, serverUrl, startServers } from './support/run.js';

const servers = await startServers(await freshDatabase('tinhso_bench'));
const cookie = (await login(servers.app, 'motcua')).cookie!;
const sessionId = crypto.createHash('sha256').update(cookie.split('=')[1]!).digest('hex');

console.log(`PostgreSQL ${serverUrl.replace(/\/\/[^@]*@/, '//')}, ${connections} connections, ${seconds} s each`);
const app = await measure('Tỉnh số GET /api/auth/session (authenticated)', {
  url: `${servers.app}/api/auth/session`,
  headers: { cookie },
});
const bare = await measure('bare Fastify + pg, same session lookup', { url: `${servers.bare}/lookup/${sessionId}` });
console.log(`ratio Tỉnh số / bare: ${(app / bare).toFixed(2)}`);
servers.child.kill('SIGTERM');
