/**
 * The integration platform (LGSP, nền tảng tích hợp, chia sẻ dữ liệu cấp tỉnh), modelled on X-Road: a registry of
 * members and their services, consumers with OAuth client credentials or client certificates, access rules per
 * consumer × service × operation, a proxy, a hash-chained and sealed exchange log, monitoring, and the adapters to
 * national systems. Other modules use only what this file exports.
 */
import type { App, AppContext } from '../platform/index.js';
import { createGateway, type Gateway } from './context.js';
import { LogChainer } from './log/chain.js';
import { rfc3161Timestamper, sealLog } from './log/seal.js';
import { checkAlerts, purgeLog } from './monitor.js';
import { proxyRoutes } from './proxy.js';
import { startMtlsListener } from './mtls.js';
import { accessRoutes } from './routes/access.js';
import { consumerRoutes } from './routes/consumers.js';
import { monitorRoutes } from './routes/monitor.js';
import { registryRoutes } from './routes/registry.js';
import { tokenRoutes } from './routes/token.js';
import { registerPortalSync } from './adapters/public-service-portal.js';
import { PopulationAdapter, populationConfig } from './adapters/population.js';
import { nationalDatabases } from '../procedures/index.js';

export { loadGatewayConfig, type GatewayConfig } from './config.js';
export type { Gateway } from './context.js';
export { verifyExchangeLog, rfc3161Verifier, type LogVerification } from './log/verify.js';
export { sealLog, rfc3161Timestamper, type Timestamper, type TimestampVerifier } from './log/seal.js';
export { linkAll as linkExchangeLog } from './log/chain.js';
export { PopulationAdapter, populationConfig, type PopulationConfig } from './adapters/population.js';
export {
  registerPortalSync,
  scanStatusChanges,
  portalConfig,
  PORTAL_DELIVER_JOB,
  PORTAL_SCAN_JOB,
  type PortalConfig,
} from './adapters/public-service-portal.js';
export { NationalPaymentPlatform, type NationalPaymentConfig } from './adapters/national-payment.js';

export const SEAL_JOB = 'gateway.seal';
export const RETENTION_JOB = 'gateway.retention';
export const ALERT_JOB = 'gateway.alerts';

const gateways = new WeakMap<AppContext, Gateway>();

/** The gateway of a running server (tests, tools). */
export function gatewayOf(ctx: AppContext): Gateway {
  const gw = gateways.get(ctx);
  if (!gw) throw new Error('the gateway module is not registered');
  return gw;
}

/** The module's routes and jobs, registered by the server (src/main.ts). */
export async function gatewayModule(app: App) {
  const ctx = app.ctx;
  const gw = createGateway(ctx);
  if (gw.config.tsaUrl) gw.timestamper = rfc3161Timestamper(gw.config.tsaUrl);
  gateways.set(ctx, gw);
  if (!gw.config.keySecret && ctx.config.env !== 'test')
    ctx.log.warn('GATEWAY_KEY_SECRET is not set: gateway keys and logged bodies use the development secret');

  await app.register(async (scope) => proxyRoutes(scope as App, gw));
  await app.register(async (scope) => tokenRoutes(scope as App, gw));
  await app.register(async (scope) => {
    const a = scope as App;
    await registryRoutes(a, gw);
    await consumerRoutes(a, gw);
    await accessRoutes(a, gw);
    await monitorRoutes(a, gw);
  });

  const jobs = ctx.jobs;
  jobs
    .register(SEAL_JOB, async () => void (await sealLog(ctx.database, gw.keys, gw.timestamper)))
    .schedule(SEAL_JOB, gw.config.sealEveryMs);
  jobs.register(RETENTION_JOB, async (job) => void (await purgeLog(job.db))).schedule(RETENTION_JOB, 86_400_000);
  jobs
    .register(ALERT_JOB, async (job) => void (await checkAlerts(job.db, gw.config, ctx.log)))
    .schedule(ALERT_JOB, 60_000);
  registerPortalSync(ctx, gw);
  // The one-stop shop's population lookups go through the gateway when the database is configured.
  const population = populationConfig();
  if (population) nationalDatabases.use(new PopulationAdapter(gw, population));

  // The mutual-TLS listener starts with the server (not in tests: they start their own TLS listener).
  const mtls = gw.config.mtls;
  if (mtls && ctx.config.env !== 'test') {
    let listener: import('node:https').Server | null = null;
    app.addHook('onReady', async () => {
      listener = await startMtlsListener(app, mtls, ctx.config.host);
      ctx.log.info({ port: mtls.port }, 'gateway: mutual-TLS listener started');
    });
    app.addHook('onClose', async () => {
      if (listener) await new Promise((r) => listener!.close(r));
    });
  }

  const chainer = new LogChainer(ctx.database, ctx.log);
  if (ctx.config.audit.chainAutostart) chainer.start();
  app.addHook('onClose', async () => {
    await gw.writer.flushed();
    await chainer.stop();
    await gw.dispatcher.close();
  });
}
