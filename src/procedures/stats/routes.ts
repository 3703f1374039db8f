import { Type } from 'typebox';
import { errorResponses, problems, requirePermission, type App } from '../../platform/index.js';
import { StringEnum } from '../../platform/http/schemas.js';
import { coveredAgencyIds } from '../dossiers/access.js';
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
  app.get('/api/dossiers/stats', {
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
  }, async (req, reply) => {
    const p = await requirePermission(req, 'dossiers.stats', req.query.agencyId ? { agencyId: req.query.agencyId } : req.query.unitId ? { unitId: req.query.unitId } : {});
    if (req.query.from && req.query.to && req.query.from > req.query.to) throw problems.invalidField('/querystring/to', { vi: 'Ngày kết thúc trước ngày bắt đầu.', en: 'The end is before the start.' });
    const rows = await dossierStats(app.ctx.db, req.query, await coveredAgencyIds(app.ctx.db, p, 'dossiers.stats'));
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
  });
}
