/**
 * Statistics of documents by agency, level and period, read from the published views (the same
 * numbers the reporting module computes its indicators from).
 */
import { sql } from 'drizzle-orm';
import { Type } from 'typebox';
import { coverageOf, errorResponses, problems, queryRows, requireAuth, type App } from '../../platform/index.js';

const tags = ['documents'];
const IsoDate = Type.String({ format: 'date' });

const Row = Type.Object({
  agencyId: Type.String({ format: 'uuid' }),
  agencyName: Type.String(),
  agencyLevel: Type.String(),
  issued: Type.Integer({ description: 'Văn bản đi đã phát hành' }),
  signedDigitally: Type.Integer(),
  sentElectronically: Type.Integer(),
  sentElectronicallyWithPaper: Type.Integer(),
  received: Type.Integer({ description: 'Văn bản đến đã vào sổ' }),
  completedOnTime: Type.Integer(),
  completedLate: Type.Integer(),
  pendingLate: Type.Integer(),
  workRecords: Type.Integer(),
  workRecordsOnline: Type.Integer(),
});

export async function statsRoutes(app: App) {
  app.get(
    '/api/documents/stats',
    {
      schema: {
        tags,
        summary:
          'Thống kê văn bản theo cơ quan, cấp và kỳ — documents issued, signed digitally, sent electronically, received, handled on time and late, work records handled online',
        querystring: Type.Object({ from: IsoDate, to: IsoDate, level: Type.Optional(Type.String({ maxLength: 20 })) }),
        response: { 200: Type.Object({ rows: Type.Array(Row), totals: Row }), ...errorResponses(400, 401, 403) },
      },
    },
    async (req) => {
      const p = requireAuth(req);
      const cov = await coverageOf(p, 'documents.stats', app.ctx.scopes);
      if (!cov.province && !cov.agencyIds.length)
        throw problems.forbidden(undefined, { extra: { action: 'documents.stats' } });
      const { from, to, level } = req.query;
      if (from > to)
        throw problems.invalidField(
          '/query/from',
          { vi: 'Ngày bắt đầu sau ngày kết thúc.', en: 'The period starts after it ends.' },
          'bad-period',
        );
      const start = sql`((${from})::date::timestamp AT TIME ZONE 'Asia/Ho_Chi_Minh')`;
      const end = sql`((${to})::date::timestamp AT TIME ZONE 'Asia/Ho_Chi_Minh' + interval '1 day')`;
      const scope = cov.province
        ? sql`TRUE`
        : sql`a.id IN (SELECT jsonb_array_elements_text(${JSON.stringify(cov.agencyIds)}::jsonb)::uuid)`;
      const rows = await queryRows<Record<string, string | number>>(
        app.ctx.db,
        sql`SELECT a.id AS "agencyId", a.name AS "agencyName", a.level AS "agencyLevel",
        count(*) FILTER (WHERE s.direction = 'outgoing' AND s.issued_at >= ${start} AND s.issued_at < ${end})::int AS issued,
        count(*) FILTER (WHERE s.direction = 'outgoing' AND s.issued_at >= ${start} AND s.issued_at < ${end} AND s.signed_digitally)::int AS "signedDigitally",
        count(*) FILTER (WHERE s.direction = 'outgoing' AND s.issued_at >= ${start} AND s.issued_at < ${end} AND s.sent_electronically)::int AS "sentElectronically",
        count(*) FILTER (WHERE s.direction = 'outgoing' AND s.issued_at >= ${start} AND s.issued_at < ${end} AND s.sent_electronically AND s.sent_with_paper)::int AS "sentElectronicallyWithPaper",
        count(*) FILTER (WHERE s.direction = 'incoming' AND s.registered_at >= ${start} AND s.registered_at < ${end})::int AS received,
        count(*) FILTER (WHERE s.direction = 'incoming' AND s.completed_at >= ${start} AND s.completed_at < ${end} AND s.outcome = 'on_time')::int AS "completedOnTime",
        count(*) FILTER (WHERE s.direction = 'incoming' AND s.completed_at >= ${start} AND s.completed_at < ${end} AND s.outcome = 'late')::int AS "completedLate",
        count(*) FILTER (WHERE s.pending_late)::int AS "pendingLate",
        (SELECT count(*)::int FROM documents_work_record_stats w WHERE w.agency_id = a.id AND w.opened_at < ${end} AND (w.closed_at IS NULL OR w.closed_at >= ${start})) AS "workRecords",
        (SELECT count(*)::int FROM documents_work_record_stats w WHERE w.agency_id = a.id AND w.opened_at < ${end} AND (w.closed_at IS NULL OR w.closed_at >= ${start}) AND w.handled_online) AS "workRecordsOnline"
      FROM agencies a LEFT JOIN documents_stats s ON s.agency_id = a.id
      WHERE ${scope} ${level ? sql`AND a.level = ${level}` : sql``}
        AND (EXISTS (SELECT 1 FROM documents_stats x WHERE x.agency_id = a.id) OR EXISTS (SELECT 1 FROM documents_work_record_stats w WHERE w.agency_id = a.id))
      GROUP BY a.id, a.name, a.level ORDER BY a.name`,
      );
      const keys = [
        'issued',
        'signedDigitally',
        'sentElectronically',
        'sentElectronicallyWithPaper',
        'received',
        'completedOnTime',
        'completedLate',
        'pendingLate',
        'workRecords',
        'workRecordsOnline',
      ] as const;
      type Counts = Record<(typeof keys)[number], number>;
      const counts = (r: Record<string, string | number>) =>
        Object.fromEntries(keys.map((k) => [k, Number(r[k])])) as Counts;
      const norm = rows.map((r) => ({
        agencyId: String(r.agencyId),
        agencyName: String(r.agencyName),
        agencyLevel: String(r.agencyLevel),
        ...counts(r),
      }));
      const totals = Object.fromEntries(keys.map((k) => [k, norm.reduce((a, r) => a + r[k], 0)])) as Counts;
      return {
        rows: norm,
        totals: {
          agencyId: '00000000-0000-0000-0000-000000000000',
          agencyName: 'Tổng',
          agencyLevel: level ?? 'all',
          ...totals,
        },
      };
    },
  );
}
