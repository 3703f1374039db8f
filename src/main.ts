import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { Logger } from 'pino';
import type { FastifyReply } from 'fastify';
import {
  type Config,
  createHttp,
  createLogger,
  openConfiguredDatabase,
  problems,
  flatScopes,
  type App,
  type AppContext,
  type Database,
} from './platform/index.js';
import { healthRoutes } from './platform/http/health.js';
import { mapOrigins } from './platform/config.js';
import { EMAIL_JOB, emailJobHandler } from './platform/notify/email.js';
import { SMS_JOB, smsGateway, smsJobHandler, smsRoutes } from './platform/notify/index.js';
import { setupModule } from './platform/setup/index.js';
import { purgeIdempotencyKeys } from './platform/http/idempotency.js';
import { purgeRateLimits, RATE_LIMIT_PURGE_JOB } from './platform/limits/index.js';
import { listenForCacheChanges, onCacheChange } from './platform/db/invalidation.js';
import { guardStateChanges } from './platform/http/state-changes.js';
import { loadPrincipal } from './platform/auth/principal.js';
import { authRoutes } from './platform/auth/routes.js';
import { auditRoutes } from './platform/audit/routes.js';
import { backupRoutes, registerBackupJobs } from './platform/backup/index.js';
import { AuditChainer } from './platform/audit/chainer.js';
import { AuditNames } from './platform/audit/names.js';
import { createFiles, filesRoutes } from './platform/files/index.js';
import { JobRunner } from './platform/jobs/index.js';
import { CalendarService, calendarRoutes } from './platform/calendar/index.js';
import { directoryRoutes, directoryScopes } from './directory/index.js';
import { catalogRoutes } from './procedures/index.js';
import { dossiersModule } from './procedures/index.js';
import { dossierFormRoutes, feeRoutes, paymentRoutes, registerDossierNotifications } from './procedures/index.js';
import { paperRoutes, postalRoutes, questionRoutes, repositoryModule } from './procedures/index.js';
import { feedbackRoutes } from './feedback/index.js';
import { opendataRoutes } from './opendata/index.js';
import { documentsModule } from './documents/index.js';
import { reportingModule } from './reporting/index.js';
import { gatewayModule, loadGatewayConfig } from './gateway/index.js';
import { inventoryModule } from './inventory/index.js';
import { dataPages } from './data-pages.js';
import './platform/http/types.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const WEB_DIST = path.join(ROOT, 'web', 'dist');
const VERSION = (JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;

export interface Server {
  app: App;
  ctx: AppContext;
  close(): Promise<void>;
}

/** Builds the whole application on a database: the platform first, then each module's plugin. */
export async function createServer(
  config: Config,
  opts: { database?: Database; logger?: Logger } = {},
): Promise<Server> {
  const log = opts.logger ?? createLogger(config.logLevel);
  const database = opts.database ?? (await openConfiguredDatabase(config));
  const files = await createFiles(config, database.db, log);
  const jobs = new JobRunner({
    database,
    log,
    pollMs: config.jobs.pollMs,
    leaseMs: config.jobs.leaseMs,
    concurrency: config.jobs.concurrency,
  });
  const audit = new AuditChainer({ database, log, intervalMs: config.audit.chainIntervalMs });
  const ctx: AppContext = {
    config,
    database,
    db: database.db,
    log,
    scopes: flatScopes,
    files,
    jobs,
    calendar: new CalendarService(database.db),
    audit,
    auditNames: new AuditNames(),
  };

  // Per-process caches are cleared in every instance when a change to their rows commits (LISTEN/NOTIFY).
  const cacheListener = await listenForCacheChanges(database, log);
  const unsubscribe = [onCacheChange(database.db, 'calendar', () => ctx.calendar.invalidate())];

  const app = await createHttp({
    logger: log,
    bodyLimit: config.bodyLimit,
    version: VERSION,
    publicUrl: config.publicUrl,
    trustProxy: config.trustProxy,
    allowedOrigins: mapOrigins(config.map),
  });
  app.decorate('ctx', ctx);
  app.decorateRequest('principal', null);
  // Set to a fresh list by loadPrincipal on every request (Fastify refuses a shared object here).
  app.decorateRequest('authorizedTargets', null as never);
  app.addHook('onRequest', loadPrincipal);
  guardStateChanges(app, { strict: config.env === 'test' });

  await app.register(healthRoutes);
  await app.register(authRoutes);
  await app.register(auditRoutes);
  await app.register(filesRoutes);
  await app.register(calendarRoutes);
  await app.register(backupRoutes);
  registerBackupJobs(ctx, VERSION);
  // Running jobs finish (or are left to their leases) before the database closes.
  app.addHook('onClose', async () => jobs.stop());
  app.addHook('onClose', async () => audit.stop());
  app.addHook('onClose', async () => {
    for (const off of unsubscribe) off();
    await cacheListener.close();
  });
  jobs.register(EMAIL_JOB, emailJobHandler(config.mail));
  jobs.register(SMS_JOB, smsJobHandler(smsGateway(config.sms)));
  await app.register(smsRoutes);
  jobs
    .register('platform.idempotency-purge', async (job) => void (await purgeIdempotencyKeys(job.db)))
    .schedule('platform.idempotency-purge', 3_600_000);
  jobs
    .register(RATE_LIMIT_PURGE_JOB, async (job) => void (await purgeRateLimits(job.db)))
    .schedule(RATE_LIMIT_PURGE_JOB, 600_000);

  // Scope checks resolve agencies and units through the directory from here on.
  const scopes = directoryScopes(database.db);
  ctx.scopes = scopes;
  unsubscribe.push(onCacheChange(database.db, 'directory', () => scopes.invalidate()));
  await app.register(directoryRoutes);
  await app.register(setupModule);
  await app.register(catalogRoutes);
  await app.register(dossiersModule);
  await app.register(paymentRoutes);
  await app.register(feeRoutes);
  await app.register(dossierFormRoutes);
  await app.register(paperRoutes);
  await app.register(repositoryModule);
  await app.register(postalRoutes);
  await app.register(questionRoutes);
  registerDossierNotifications(jobs, config.publicUrl);
  await app.register(feedbackRoutes);
  await app.register(opendataRoutes);
  await app.register(documentsModule);
  await app.register(reportingModule);
  await app.register(gatewayModule);
  await app.register(inventoryModule);

  await registerWeb(app);
  await app.ready();
  // Modules registered their handlers and schedules above; only now may jobs run.
  if (config.jobs.autostart) await jobs.start();
  // Its first round links what a crash left queued.
  if (config.audit.chainAutostart) void audit.start();
  return {
    app,
    ctx,
    async close() {
      await app.close();
      if (!opts.database) await database.close();
    },
  };
}

/** Serves the built web app, with client-side routes falling back to index.html. */
async function registerWeb(app: App) {
  if (!fs.existsSync(path.join(WEB_DIST, 'index.html'))) return;
  // Brotli or gzip copies written at build time (web/delivery.ts) go to the browsers that accept them. The files under
  // /assets/ carry a hash of their content in their name: cached for a year and never revalidated; index.html, which
  // names them, is revalidated on every visit so that a release is seen at once.
  const cacheControl = (p: string) =>
    /[/\\]assets[/\\]/.test(p)
      ? 'public, max-age=31536000, immutable'
      : /\.html(\.br|\.gz)?$/.test(p)
        ? 'no-cache'
        : 'public, max-age=3600';
  // Public pages whose first screen was drawn at build time (web/src/prerender.tsx, web/delivery.ts): each is sent
  // for its own path when asked without a query; /lookup → prerendered/lookup.html, / → prerendered/index.html.
  const prerenderedDir = path.join(WEB_DIST, 'prerendered');
  const prerendered = new Map(
    (fs.existsSync(prerenderedDir) ? fs.readdirSync(prerenderedDir) : [])
      .filter((f) => f.endsWith('.html'))
      .map((f) => [
        f === 'index.html' ? '/' : `/${f.slice(0, -'.html'.length).replaceAll('~', '/')}`,
        `prerendered/${f}`,
      ]),
  );
  await app.register(fastifyStatic, {
    root: WEB_DIST,
    wildcard: false,
    index: false,
    serve: true,
    preCompressed: true,
    cacheControl: false,
    setHeaders: (reply, p) => void (reply as unknown as FastifyReply).header('cache-control', cacheControl(p)),
  });
  // Only a missing asset is a 404; a client route may contain a dot (/procedures/2.000488).
  const ASSET = /\.(js|mjs|css|map|svg|png|jpe?g|webp|gif|ico|woff2?|ttf|json|txt|webmanifest|html)$/i;
  // The DCAT documents (/catalog.ttl, /dataset/{id}.jsonld…) are the open data module's, not client routes.
  // The integration gateway's proxy prefix (GATEWAY_PREFIX, default /lgsp) is API too.
  const lgsp = loadGatewayConfig().prefix;
  const isApi = (url: string) =>
    /^\/(api|docs|open311|health|ready)(\/|$|\?)/.test(url) ||
    /^\/(catalog|dataset\/[^/?]+)\.(jsonld|ttl|rdf|xml)(\?|$)/.test(url) ||
    url === lgsp ||
    url.startsWith(`${lgsp}/`) ||
    url.startsWith(`${lgsp}?`);
  // Client-side routes: any other GET outside the API gets index.html; the API keeps its problem+json 404.
  // Pages drawn with their first data when asked (src/data-pages.ts): a procedure's page.
  const drawData = dataPages(app, WEB_DIST, path.join(ROOT, 'web', 'dist-ssr'));
  app.get('/*', { schema: { hide: true }, config: { noAudit: 'read-only' } }, async (req, reply) => {
    const p = req.url.split('?')[0]!;
    if (isApi(req.url) || ASSET.test(p))
      throw problems.notFound(
        { vi: `đường dẫn ${req.method} ${p}`, en: `Route ${req.method} ${p}` },
        { code: 'route-not-found' },
      );
    const page = req.url.includes('?') ? undefined : prerendered.get(p);
    if (!page && !req.url.includes('?') && drawData) {
      const drawn = await drawData(p);
      if (drawn) {
        const { body, encoding } = await drawn.encodedFor(req.headers['accept-encoding']);
        if (encoding) reply.header('content-encoding', encoding);
        return reply
          .type('text/html; charset=utf-8')
          .header('cache-control', 'no-cache')
          .header('vary', 'accept-encoding')
          .send(body);
      }
    }
    return reply
      .type('text/html; charset=utf-8')
      .header('cache-control', 'no-cache')
      .sendFile(page ?? 'index.html');
  });
}
