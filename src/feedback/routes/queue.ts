import { Type } from 'typebox';
import { errorResponses, requireCoverage, type App, StringEnum } from '../../platform/index.js';
import { OPEN_STATUSES } from '../schema.js';
import { listReports } from '../list.js';
import { readSettings } from '../settings.js';
import { dueSoonLimit } from '../deadlines.js';
import { reportStats, STATS_GROUPS } from '../stats.js';
import { ListItem, tags } from './schemas.js';

const VIEWS = ['new', 'due-soon', 'overdue', 'mine', 'open'] as const;

const StatsRowSchema = Type.Object({
  key: Type.Union([Type.String(), Type.Null()]),
  name: Type.Union([Type.String(), Type.Null()]),
  received: Type.Integer(),
  resolvedOnTime: Type.Integer(),
  resolvedLate: Type.Integer(),
  open: Type.Integer(),
  rejected: Type.Integer(),
  reopened: Type.Integer(),
  avgResolutionHours: Type.Union([Type.Number(), Type.Null()]),
  ratedCount: Type.Integer(),
  avgRating: Type.Union([Type.Number(), Type.Null()]),
});

/** The agency's queues (hàng đợi xử lý) and the statistics. */
export async function queueRoutes(app: App) {
  const db = app.ctx.db;

  app.get(
    '/api/feedback/queue',
    {
      schema: {
        tags,
        summary: 'Hàng đợi xử lý — the caller’s agencies’ reports: new, due soon, overdue, mine, all open',
        querystring: Type.Object({
          view: StringEnum(VIEWS, { default: 'open' }),
          limit: Type.Integer({ minimum: 1, maximum: 500, default: 100 }),
          offset: Type.Integer({ minimum: 0, default: 0 }),
        }),
        response: {
          200: Type.Object({
            items: Type.Array(Type.Object({ ...ListItem.properties, agencyId: Type.String() })),
            total: Type.Integer(),
          }),
          ...errorResponses(400, 401, 403),
        },
      },
    },
    async (req) => {
      const { principal: p, coverage } = await requireCoverage(req, 'feedback.handle');
      const agencyIds = coverage.agencyIds;
      const now = new Date();
      const base = { agencyIds, limit: req.query.limit, offset: req.query.offset, order: 'due' as const };
      switch (req.query.view) {
        case 'new':
          return listReports(db, { ...base, status: ['new'] });
        case 'due-soon': {
          const { dueSoonWorkingHours } = await readSettings(db);
          const limit = dueSoonLimit(await app.ctx.calendar.calendar(), now, dueSoonWorkingHours);
          return listReports(db, { ...base, status: [...OPEN_STATUSES], dueAfter: now, dueBefore: limit });
        }
        case 'overdue':
          return listReports(db, { ...base, status: [...OPEN_STATUSES], dueBefore: now });
        case 'mine':
          return listReports(db, {
            ...base,
            agencyIds: undefined,
            status: [...OPEN_STATUSES],
            handlerAccountId: p.accountId,
          });
        default:
          return listReports(db, { ...base, status: [...OPEN_STATUSES] });
      }
    },
  );

  app.get(
    '/api/feedback/stats',
    {
      schema: {
        tags,
        summary:
          'Thống kê phản ánh — received, resolved on time / late, open, reopened, average resolution time, satisfaction',
        description:
          'Over reports received in [from, to) (default: the last 365 days), grouped by agency, category or unit. Reads the feedback_report_facts view.',
        querystring: Type.Object({
          by: StringEnum(STATS_GROUPS, { default: 'agency' }),
          from: Type.Optional(Type.String({ format: 'date-time' })),
          to: Type.Optional(Type.String({ format: 'date-time' })),
        }),
        response: {
          200: Type.Object({
            by: Type.String(),
            from: Type.String(),
            to: Type.String(),
            rows: Type.Array(StatsRowSchema),
          }),
          ...errorResponses(400, 401, 403),
        },
      },
    },
    async (req) => {
      // Figures of the agencies the caller's grants reach; the province's staff see every agency.
      const { coverage } = await requireCoverage(req, 'feedback.stats');
      const to = req.query.to ? new Date(req.query.to) : new Date(Date.now() + 1000);
      const from = req.query.from ? new Date(req.query.from) : new Date(to.getTime() - 365 * 86_400_000);
      return {
        by: req.query.by,
        from: from.toISOString(),
        to: to.toISOString(),
        rows: await reportStats(db, req.query.by, from, to, coverage.province ? null : coverage.agencyIds),
      };
    },
  );
}
