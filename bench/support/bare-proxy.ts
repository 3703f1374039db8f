/**
 * Child process for the gateway benchmark: the least a reverse proxy in Node can do, as a floor to read the gateway's
 * figures against. It forwards each request's method, path and headers to one upstream origin (BARE_UPSTREAM) through
 * undici, with the same connection pool settings as the gateway, and passes the status, headers and body back. No
 * authentication, no access rules, no quotas, no exchange log, no Fastify: what it costs against a direct call is what
 * any proxy on this machine costs (the extra hop, its sockets and its process), before the gateway does anything of
 * its own. Not a component of the platform: it exists only to be measured.
 * Prints its port as one line once listening. On an IPC message 'cpu' it answers with its CPU time so far (µs).
 */
import http from 'node:http';
import { Agent, request } from 'undici';

const upstream = process.env.BARE_UPSTREAM!;
const dispatcher = new Agent({ keepAliveTimeout: 10_000, connections: 128 });
const HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'host', 'upgrade', 'te', 'trailer']);

const server = http.createServer((req, res) => {
  const headers: Record<string, string | string[]> = {};
  for (const k in req.headers) {
    const v = req.headers[k];
    if (v !== undefined && !HOP.has(k)) headers[k] = v;
  }
  const hasBody = req.headers['content-length'] !== undefined || req.headers['transfer-encoding'] !== undefined;
  request(`${upstream}${req.url}`, {
    method: req.method as 'GET',
    headers,
    body: hasBody ? req : undefined,
    dispatcher,
  }).then(
    (up) => {
      const out: Record<string, string | string[]> = {};
      for (const k in up.headers) {
        const v = up.headers[k];
        if (v !== undefined && !HOP.has(k)) out[k] = v;
      }
      res.writeHead(up.statusCode, out);
      up.body.pipe(res);
    },
    () => {
      res.writeHead(502).end();
    },
  );
});
server.listen(0, '127.0.0.1', () => console.log((server.address() as { port: number }).port));
process.on('message', (msg) => {
  if (msg === 'cpu') {
    const u = process.cpuUsage();
    process.send?.({ cpu: u.user + u.system });
  }
});
