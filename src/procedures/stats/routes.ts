import { Type } from 'typebox';
import {
  errorResponses,
  problems,
  requireCoverage,
  requirePermission,
  type App,
  StringEnum,
} from '../../platform/index.js';
import { clock } from '../dossiers/clock.js';
import { dossierStats, statsCsv, statsXlsx } from './service.js';

const Nullable = <T extends ReturnType<typeof Type.Number>>(t: T) => Type.Union([t, Type.Null()]);
const Count = Type.Integer();
const StatsRowSchema = Type.Object({
  key: Type.Union([Type.String(), Type.Null()]),
  name: Type.Union([Type.String(), Type.Null()]),
  received: Count,
  finished: Count,
  early: Count,
  onTime: Count,
  late: Count,
  refused: Count,
  withdrawn: Count,
  pendingWithin: Count,
  pendingLate: Count,
  online: Count,
  fullyOnline: Count,
  onlineShare: Nullable(Type.Number()),
  fullyOnlineShare: Nullable(Type.Number()),
  onTimeShare: Nullable(Type.Number()),
  ratings: Count,
  averageRating: Nullable(Type.Number()),
});

export async function statsRoutes(app: App) {
  app.get(
    '/api/dossiers/stats',
    {
      schema: {
        tags: ['dossiers'],
        summary: 'Thống kê giải quyết hồ sơ — statistics by period, agency, procedure, unit (JSON, CSV or XLSX)',
        querystring: Type.Object({
          from: Type.Optional(Type.String({ format: 'date', description: 'Ngày tiếp nhận từ (giờ Việt Nam)' })),
          to: Type.Optional(Type.String({ format: 'date', description: 'đến hết ngày' })),
          agencyId: Type.Optional(Type.String({ format: 'uuid' })),
          procedureId: Type.Optional(Type.String({ format: 'uuid' })),
          unitId: Type.Optional(Type.String({ format: 'uuid' })),
          groupBy: Type.Optional(StringEnum(['none', 'agency', 'procedure'] as const)),
          format: Type.Optional(StringEnum(['json', 'csv', 'xlsx'] as const)),
        }),
        response: { 200: Type.Object({ rows: Type.Array(StatsRowSchema) }), ...errorResponses(400, 401, 403) },
      },
    },
    async (req, reply) => {
      // Figures of the agencies the caller's grants reach; a filter naming an agency or unit must be within them.
      const { coverage } = await requireCoverage(req, 'dossiers.stats');
      if (req.query.agencyId) await requirePermission(req, 'dossiers.stats', { agencyId: req.query.agencyId });
      if (req.query.unitId) await requirePermission(req, 'dossiers.stats', { unitId: req.query.unitId });
      if (req.query.from && req.query.to && req.query.from > req.query.to)
        throw problems.invalidField('/querystring/to', {
          vi: 'Ngày kết thúc trước ngày bắt đầu.',
          en: 'The end is before the start.',
        });
      // Pending dossiers are judged late at the dossiers' clock, the one their appointments were set by.
      const rows = await dossierStats(app.ctx.db, req.query, coverage.province ? null : coverage.agencyIds, {
        at: clock.now(),
      });
      if (req.query.format === 'csv') {
        return reply
          .type('text/csv; charset=utf-8')
          .header('content-disposition', `attachment; filename="thong-ke-ho-so.csv"`)
          .serializer((x: unknown) => x as string)
          .send(statsCsv(rows) as never);
      }
      if (req.query.format === 'xlsx') {
        return reply
          .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
          .header('content-disposition', `attachment; filename="thong-ke-ho-so.xlsx"`)
          .send((await statsXlsx(rows)) as never);
      }
      return { rows };
    },
  );
}
