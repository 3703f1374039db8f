/**
 * Reporting (báo cáo, chỉ tiêu, bộ tiêu chí) and the operations centre (IOC): indicators computed from
 * the other modules' published views (never their tables), periodic reports, plans and their
 * targets, criteria sets with scores and rankings, and live alerts pushed to every app instance.
 * Other modules use only what this file exports.
 */
import type { App } from '../platform/index.js';
import { AlertHub } from './alerts.js';
import { ensureReportingSeed } from './seed/index.js';
import { refreshAll, REFRESH_EVERY_MS, REFRESH_JOB } from './refresh.js';
import { openDuePeriods, remindReports } from './reports/service.js';
import { iocRoutes } from './routes/ioc.js';
import { indicatorRoutes } from './routes/indicators.js';
import { criteriaRoutes } from './routes/criteria.js';
import { reportRoutes } from './routes/reports.js';
import { planRoutes } from './routes/plans.js';

export {
  computeIndicator,
  listIndicators,
  refreshIndicators,
  readValues,
  type ComputedValue,
  type Indicator,
} from './indicators/service.js';
export { periodOf, parsePeriod, type Period } from './indicators/periods.js';
export { INDICATORS } from './indicators/definitions.js';
export type { IndicatorSource, IndicatorDefinition } from './indicators/types.js';
export { refreshAll, REFRESH_JOB } from './refresh.js';
export { raiseAlert, ALERT_CHANNEL, type AlertView } from './alerts.js';
export { ensureReportingSeed } from './seed/index.js';
export { HttpNationalReporting, type NationalReportingAdapter, type NationalReport } from './reports/national.js';

export const REPORTS_JOB = 'reporting.reports';
/** Periods are opened and reminders sent every hour. */
export const REPORTS_EVERY_MS = 3_600_000;

/** The module's routes and jobs, registered by the server (src/main.ts). */
export async function reportingModule(app: App) {
  await ensureReportingSeed(app.ctx.db);
  const hub = new AlertHub(app.ctx.database, app.ctx.log);
  await hub.start();
  app.addHook('onClose', async () => hub.close());
  await iocRoutes(app, hub);
  await indicatorRoutes(app);
  await criteriaRoutes(app);
  await reportRoutes(app);
  await planRoutes(app);
  app.ctx.jobs.register(REFRESH_JOB, async (job) => {
    const r = await refreshAll(job.db);
    if (r.alerts) job.log.info(r, 'reporting: figures refreshed, alerts raised');
  });
  app.ctx.jobs.schedule(REFRESH_JOB, REFRESH_EVERY_MS);
  app.ctx.jobs.register(REPORTS_JOB, async (job) => {
    await job.db.transaction(async (tx) => {
      const opened = await openDuePeriods(tx);
      const reminded = await remindReports(tx);
      if (opened || reminded) job.log.info({ opened, reminded }, 'reporting: periods opened, reminders sent');
    });
  });
  app.ctx.jobs.schedule(REPORTS_JOB, REPORTS_EVERY_MS);
}
