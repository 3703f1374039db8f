/**
 * The state-change guard on a bare HTTP server: an unsafe route that changes state without an audit
 * row fails (strict) or is logged; an audited one passes; reads carry neither hook.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../logger.js';
import { createHttp, type App } from './app.js';
import { guardStateChanges } from './state-changes.js';

let app: App;
const hooks = new Map<string, { preHandler: number; onSend: number }>();
const logged: string[] = [];
beforeAll(async () => {
  const log = createLogger('error');
  log.error = ((obj: unknown, msg?: string) => void logged.push(String(msg ?? obj))) as typeof log.error;
  app = await createHttp({ logger: log, bodyLimit: 1_000_000, version: 'test', publicUrl: 'http://localhost' });
  guardStateChanges(app, { strict: true });
  // Runs after the guard's own onRoute hook: sees each route as the guard left it.
  app.addHook(
    'onRoute',
    (route) =>
      void hooks.set(`${String(route.method)} ${route.url}`, {
        preHandler: [route.preHandler ?? []].flat().length,
        onSend: [route.onSend ?? []].flat().length,
      }),
  );
  app.post('/audited', async (req) => {
    req.audited = true;
    return { ok: true };
  });
  app.post('/forgot-the-audit', async () => ({ ok: true }));
  app.post('/exempt', { config: { noAudit: 'a test route that says why' } }, async () => ({ ok: true }));
  app.post('/refused', async (_req, reply) => reply.code(400).send({ ok: false }));
  app.get('/read', async () => ({ ok: true }));
  await app.ready();
});
afterAll(() => app?.close());

describe('state changes are audited', () => {
  it('passes an audited change, an exempt route and a refused request', async () => {
    expect((await app.inject({ method: 'POST', url: '/audited' })).statusCode).toBe(200);
    expect((await app.inject({ method: 'POST', url: '/exempt' })).statusCode).toBe(200);
    expect((await app.inject({ method: 'POST', url: '/refused' })).statusCode).toBe(400);
  });

  it('fails a successful change that wrote no audit row, and logs it', async () => {
    const r = await app.inject({ method: 'POST', url: '/forgot-the-audit' });
    expect(r.statusCode).toBe(500);
    expect(logged).toContain('state-changing request finished without an audit row');
  });

  it('attaches the retry-key and audit hooks to unsafe routes only', async () => {
    expect(hooks.get('GET /read')).toEqual({ preHandler: 0, onSend: 0 });
    expect(hooks.get('POST /audited')).toEqual({ preHandler: 1, onSend: 2 });
    expect((await app.inject({ method: 'GET', url: '/read' })).statusCode).toBe(200);
  });
});
