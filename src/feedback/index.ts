/**
 * Field reports (phản ánh hiện trường): a citizen's photo and location, routed to the responsible
 * agency, resolved on a deadline, shown on a public map; Open311 GeoReport v2 beside the native API.
 * Other modules use only what this file exports.
 */
import { sql } from 'drizzle-orm';
import type { App } from '../platform/index.js';
import { geoRoutes } from '../directory/index.js';
import { escalateOverdue } from './actions/index.js';
import { reportRoutes } from './routes/reports.js';
import { actionRoutes } from './routes/actions.js';
import { reporterRoutes } from './routes/reporter.js';
import { photoRoutes } from './routes/photos.js';
import { adminRoutes } from './routes/admin.js';
import { queueRoutes } from './routes/queue.js';
import { handlerRoutes } from './routes/handlers.js';
import { open311Routes } from './open311/routes.js';

export {
  feedbackCategories,
  feedbackRoutingRules,
  feedbackReports,
  feedbackActions,
  REPORT_STATUSES,
  OPEN_STATUSES,
  CHANNELS,
  type Report,
  type ReportStatus,
  type Category,
  type Channel,
} from './schema.js';
export { escalateOverdue, submitReport } from './actions/index.js';
export { reportStats, type StatsRow } from './stats.js';
export { seedFeedback, FEEDBACK_DEMO_ACCOUNTS } from './seed/index.js';

export const ESCALATE_JOB = 'feedback.escalate';
/** Overdue reports are looked at every 15 minutes. */
export const ESCALATE_EVERY_MS = 15 * 60_000;

/** The feedback module's HTTP API: /api/feedback, /open311/v2, and the boundaries the map draws (/api/geo). */
export async function feedbackRoutes(app: App) {
  await geoRoutes(app);
  await reportRoutes(app);
  await actionRoutes(app);
  await reporterRoutes(app);
  await adminRoutes(app);
  await queueRoutes(app);
  await handlerRoutes(app);
  // Multipart parsing stays inside the photos plugin.
  await app.register(photoRoutes);
  // Open311 answers its own error format and parses form bodies: its own encapsulated scope.
  await app.register(open311Routes);
  app.ctx.jobs.register(ESCALATE_JOB, async (job) => {
    const moved = await escalateOverdue(job.db);
    if (moved) job.log.info({ moved }, 'overdue field reports escalated');
  });
  app.ctx.jobs.schedule(ESCALATE_JOB, ESCALATE_EVERY_MS);
  // A report's photos (original and public copy) never expire; a photo uploaded for a report never sent does.
  app.ctx.files.references
    .keep(
      'feedback_photos',
      (c) => sql`SELECT original_sha256 AS sha256 FROM feedback_photos WHERE original_sha256 IN ${c}
                                        UNION SELECT public_sha256 FROM feedback_photos WHERE public_sha256 IN ${c}`,
    )
    .release(
      'feedback_uploads',
      (c) => sql`DELETE FROM feedback_uploads WHERE original_sha256 IN ${c} OR public_sha256 IN ${c}`,
    );
}
