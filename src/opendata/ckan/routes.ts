/**
 * CKAN's Action API at /api/3/action/{action}: reads by GET (query string) or POST (JSON body), writes by POST with
 * an API token in the Authorization header (bare, as CKAN takes it, or as a Bearer token) or a web session.
 * Its own encapsulated scope: CKAN's error envelope replaces problem+json here, and multipart uploads are parsed.
 */
import multipart from '@fastify/multipart';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { unchanged, type App, principalFromApiToken, API_TOKEN_PREFIX } from '../../platform/index.js';
import { CkanError, helpUrl, sendCkanError } from './envelope.js';
import { READ_ACTIONS, type ActionFn } from './read-actions.js';
import { tooLargeUpload, writeActions, type Upload } from './write-actions.js';

const tags = ['opendata'];
const uploads = new WeakMap<FastifyRequest, Upload>();

/** Multipart fields become action parameters and the file part the upload (CKAN's resource_create with `upload`). */
async function readMultipart(req: FastifyRequest, maxBytes: number): Promise<Record<string, unknown>> {
  const params: Record<string, unknown> = {};
  for await (const part of req.parts()) {
    if (part.type === 'file') {
      const data = await part.toBuffer().catch((err: { code?: string }) => {
        throw err?.code === 'FST_REQ_FILE_TOO_LARGE' ? tooLargeUpload(maxBytes) : err;
      });
      if (data.length > maxBytes) throw tooLargeUpload(maxBytes);
      uploads.set(req, { data, filename: part.filename || null });
    } else params[part.fieldname] = part.value;
  }
  return params;
}

export async function ckanRoutes(app: App) {
  const maxBytes = app.ctx.config.upload.maxBytes;
  await app.register(multipart, {
    limits: { fileSize: maxBytes + 1, files: 1, fields: 30, fieldSize: 64 * 1024, parts: 31 },
  });
  const publicUrl = app.ctx.config.publicUrl;
  const writes = writeActions((req) => uploads.get(req) ?? null);

  // CKAN clients send the token bare (`Authorization: tsk_…`) or as X-CKAN-API-Key; the platform reads `Bearer` only.
  app.addHook('onRequest', async (req) => {
    if (req.principal) return;
    const raw = req.headers['x-ckan-api-key'] ?? req.headers.authorization;
    const token = typeof raw === 'string' ? raw.trim() : '';
    if (!token.startsWith(API_TOKEN_PREFIX)) return;
    req.principal = await principalFromApiToken(req.server.ctx.db, token);
    if (!req.principal) throw new CkanError(403, 'Authorization Error', 'The API token is invalid or expired');
  });
  app.setErrorHandler((err, req, reply) =>
    sendCkanError(
      req,
      reply,
      (req.params as { action?: string })?.action ?? req.routeOptions.url?.split('/').pop() ?? 'unknown',
      err,
    ),
  );

  const run = async (req: FastifyRequest, reply: FastifyReply, action: string, fn: ActionFn) => {
    const params = req.isMultipart()
      ? await readMultipart(req, maxBytes)
      : { ...(req.query as object), ...((req.body as object | null) ?? {}) };
    const result = await fn({ req, db: app.ctx.db, params: params as Record<string, unknown>, publicUrl });
    return reply
      .type('application/json; charset=utf-8')
      .send({ help: helpUrl(publicUrl, action), success: true, result });
  };

  app.get('/api/3', { schema: { tags, summary: 'CKAN API version' } }, async () => ({ version: 3 }));

  app.route({
    method: ['GET', 'POST'],
    url: '/api/3/action/:action',
    schema: { tags, summary: 'CKAN Action API — read actions (package_search, package_show, datastore_search…)' },
    config: { noAudit: 'read-only' },
    handler: async (req, reply) => {
      const action = (req.params as { action: string }).action;
      if (writes[action])
        throw new CkanError(
          400,
          'Bad Request',
          'Bad request - JSON Error: Invalid request. Please use POST method for your request',
        );
      const fn = READ_ACTIONS[action];
      if (!fn) throw new CkanError(400, 'Bad Request', `Bad request - Action name not known: ${action}`);
      if (req.method === 'POST') unchanged(req);
      return run(req, reply, action, fn);
    },
  });

  for (const [action, fn] of Object.entries(writes)) {
    app.post(
      `/api/3/action/${action}`,
      { schema: { tags, summary: `CKAN ${action} (API token of the agency's staff)` } },
      async (req, reply) => {
        if (!req.principal)
          throw new CkanError(
            403,
            'Authorization Error',
            `Access denied: Action ${action} requires an authenticated user`,
          );
        return run(req, reply, action, fn);
      },
    );
  }
}
