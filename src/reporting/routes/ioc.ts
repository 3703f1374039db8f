/**
 * The operations centre's API: the summary (key indicators with trends, alerts, rankings, plan
 * targets), breakdowns by agency and unit, the lists behind each figure, the live alert stream
 * (server-sent events) and "recompute now". Every figure is read from the stored values.
 */
import { inArray, max, sql } from 'drizzle-orm';
import { Type } from 'typebox';
import {
  errorResponses,
  problems,
  PROVINCE,
  queryRows,
  requireCoverage,
  requirePermission,
  transact,
  type App,
  StringEnum,
} from '../../platform/index.js';
import { adminUnits, agencies } from '../../directory/index.js';
import { reportingIndicatorValues, type ScopeKind } from '../schema.js';
import { getIndicator, listIndicators, readValues } from '../indicators/service.js';
import { lastPeriods, parsePeriod, periodOf } from '../indicators/periods.js';
import { condition, existingViews } from '../indicators/compute.js';
import { alertView, recentAlerts, type AlertHub } from '../alerts.js';
import { refreshAll } from '../refresh.js';
import { listSets, rankWithLiveShare, describeSet } from '../criteria/service.js';
import { lateReports } from '../reports/service.js';
import { planTargetsProgress } from '../plans/service.js';
import { sendTable } from '../exports.js';
import { Format, Key, PeriodKey, tags } from './common.js';
import type { ViewPart } from '../indicators/types.js';

/** The indicators the operations centre shows first, in this order. */
export const KEY_INDICATORS = [
  'dossiers.on_time_rate',
  'dossiers.online_share',
  'dossiers.fully_online_share',
  'dossiers.satisfaction',
  'dossiers.pending_late',
  'dossiers.due_soon',
  'feedback.on_time_rate',
  'feedback.satisfaction',
  'feedback.overdue_open',
  'documents.signed_digitally',
  'documents.paperless',
  'documents.work_records_online',
  'documents.pending_late',
  'reports.submitted_on_system',
];

/** What the list behind a figure shows, per view: its id column and the columns worth showing. */
const LIST_COLUMNS: Record<string, { id: string; columns: string[]; link?: (id: string) => string }> = {
  procedures_dossier_stats: {
    id: 'dossier_id',
    columns: ['status', 'channel', 'received_at', 'due_at', 'completed_at', 'outcome'],
    link: (id) => `/workspace/dossiers/${id}`,
  },
  feedback_report_facts: {
    id: 'public_id',
    columns: ['status', 'category_code', 'created_at', 'due_at', 'resolved_at'],
    link: (id) => `/feedback/${id}`,
  },
  documents_stats: {
    id: 'document_id',
    columns: ['direction', 'type_code', 'status', 'registered_at', 'due_at', 'completed_at'],
    link: (id) => `/workspace/documents/${id}`,
  },
  documents_work_record_stats: { id: 'work_record_id', columns: ['opened_at', 'closed_at', 'handled_online'] },
  inventory_agency_facts: {
    id: 'agency_id',
    columns: ['agency_level', 'staff_count', 'computers_total', 'systems_total', 'updated_at'],
  },
  reporting_reports: {
    id: 'id',
    columns: ['period_key', 'status', 'due_at', 'submitted_at'],
    link: (id) => `/ioc/reporting/reports/${id}`,
  },
  reporting_survey_responses: { id: 'id', columns: ['created_at', 'satisfied'] },
};

export async function iocRoutes(app: App, hub: AlertHub) {
  const db = app.ctx.db;

  app.get(
    '/api/reporting/ioc/summary',
    {
      schema: {
        tags,
        summary: 'Trung tâm điều hành — IOC summary: key indicators with trends, alerts, rankings, plan targets',
        response: { 200: Type.Any(), ...errorResponses(401, 403) },
      },
    },
    async (req) => {
      await requireCoverage(req, 'reporting.read');
      const now = new Date();
      const months = lastPeriods('month', 12, now);
      const year = periodOf('year', now);
      const [inds, values, refreshed] = await Promise.all([
        listIndicators(db),
        readValues(db, {
          keys: KEY_INDICATORS,
          periodKeys: [...months.map((m) => m.key), year.key],
          scopeKind: 'province',
        }),
        db.select({ at: max(reportingIndicatorValues.updatedAt) }).from(reportingIndicatorValues),
      ]);
      const byKey = new Map(inds.map((i) => [i.key, i]));
      const v = new Map(values.map((x) => [`${x.indicatorKey}:${x.periodKey}`, x]));
      const indicators = KEY_INDICATORS.filter((k) => byKey.has(k)).map((k) => {
        const ind = byKey.get(k)!;
        const cur = v.get(`${k}:${months.at(-1)!.key}`);
        const yr = v.get(`${k}:${year.key}`);
        return {
          key: k,
          nameVi: ind.nameVi,
          nameEn: ind.nameEn,
          unit: ind.unit,
          direction: ind.direction,
          month: cur ? { value: cur.value, a: cur.a, b: cur.b, status: cur.status } : null,
          year: yr ? { value: yr.value, a: yr.a, b: yr.b, status: yr.status } : null,
          trend: months.map((m) => ({ period: m.key, value: v.get(`${k}:${m.key}`)?.value ?? null })),
          available: (cur ?? yr)?.status !== 'unavailable',
        };
      });
      const sets = await listSets(db);
      const rankings = [];
      for (const s of sets) {
        const d = await describeSet(db, s);
        const { ranked, live } = await rankWithLiveShare(db, s, Number(year.key));
        rankings.push({
          key: s.key,
          nameVi: s.nameVi,
          nameEn: s.nameEn,
          target: s.targetComputedShare,
          share: d.share,
          live,
          warnings: d.warnings.length,
          top: ranked.slice(0, 10).map(({ byCode: _b, ...r }) => r),
          total: ranked.length,
        });
      }
      const late = await lateReports(db, now);
      const alerts = await recentAlerts(db, { limit: 20 });
      const targets = await planTargetsProgress(db, Number(year.key));
      return {
        at: now.toISOString(),
        refreshedAt: refreshed[0]?.at?.toISOString() ?? null,
        month: months.at(-1)!.key,
        year: year.key,
        indicators,
        rankings,
        alerts: alerts.map(alertView),
        lateReports: late.length,
        targets: targets.filter((t) => t.indicatorKey).slice(0, 30),
      };
    },
  );

  app.get(
    '/api/reporting/ioc/breakdown',
    {
      schema: {
        tags,
        summary: 'Phân tích theo cơ quan/địa bàn — an indicator by agency or by administrative unit for a period',
        querystring: Type.Object({
          key: Key,
          period: Type.Optional(PeriodKey),
          by: Type.Optional(StringEnum(['agency', 'unit'] as const)),
          format: Type.Optional(Format),
        }),
        response: { 200: Type.Any(), ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (req, reply) => {
      await requireCoverage(req, 'reporting.read');
      const ind = await getIndicator(db, req.query.key);
      if (!ind) throw problems.notFound({ vi: 'chỉ số', en: 'Indicator' });
      const by = (req.query.by ?? 'agency') as ScopeKind;
      const period = req.query.period
        ? parsePeriod(req.query.period)
        : periodOf((ind.periodKinds as ('year' | 'month')[]).includes('year') ? 'year' : 'month');
      if (!period) throw problems.invalidField('/querystring/period', { vi: 'Kỳ không hợp lệ.', en: 'Not a period.' });
      const rows = await readValues(db, { keys: [ind.key], periodKeys: [period.key], scopeKind: by });
      const ids = rows.map((r) => r.scopeId).filter(Boolean);
      const names =
        by === 'agency'
          ? new Map(
              (ids.length
                ? await db
                    .select({ id: agencies.id, name: agencies.name, code: agencies.code })
                    .from(agencies)
                    .where(inArray(agencies.id, ids))
                : []
              ).map((a) => [a.id, a]),
            )
          : new Map(
              (ids.length
                ? await db
                    .select({ id: adminUnits.id, name: adminUnits.name, code: adminUnits.code })
                    .from(adminUnits)
                    .where(inArray(adminUnits.id, ids))
                : []
              ).map((a) => [a.id, a]),
            );
      const items = rows
        .map((r) => ({
          scopeId: r.scopeId,
          code: names.get(r.scopeId)?.code ?? null,
          name: names.get(r.scopeId)?.name ?? r.scopeId,
          a: r.a,
          b: r.b,
          value: r.value,
          status: r.status,
        }))
        .sort((x, y) => (y.value ?? -1) - (x.value ?? -1));
      if (req.query.format) {
        const pct = ind.unit === '%';
        return sendTable(
          reply,
          req.query.format,
          `${ind.key}-${period.key}-${by}`,
          `${ind.nameVi} — ${period.key}`,
          [
            { key: 'name', label: by === 'agency' ? 'Cơ quan' : 'Địa bàn', width: 40 },
            { key: 'a', label: ind.numeratorVi, width: 18 },
            { key: 'b', label: ind.denominatorVi ?? '', width: 18 },
            { key: 'value', label: pct ? 'Tỷ lệ (%)' : 'Giá trị', width: 12 },
          ],
          items.map((i) => ({ ...i, value: i.value === null ? '' : pct ? Math.round(i.value * 1000) / 10 : i.value })),
        );
      }
      return { key: ind.key, nameVi: ind.nameVi, nameEn: ind.nameEn, unit: ind.unit, period: period.key, by, items };
    },
  );

  app.get(
    '/api/reporting/ioc/list/:key',
    {
      schema: {
        tags,
        summary: 'Danh sách chi tiết — the rows behind a figure (the module view, up to 500)',
        params: Type.Object({ key: Key }),
        querystring: Type.Object({
          agencyId: Type.Optional(Type.String({ format: 'uuid' })),
          period: Type.Optional(PeriodKey),
          format: Type.Optional(Format),
        }),
        response: { 200: Type.Any(), ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (req, reply) => {
      // One agency's rows, or everything the caller's grants reach.
      const coverage = req.query.agencyId ? null : (await requireCoverage(req, 'reporting.read')).coverage;
      if (req.query.agencyId) await requirePermission(req, 'reporting.read', { agencyId: req.query.agencyId });
      const ind = await getIndicator(db, req.params.key);
      if (!ind) throw problems.notFound({ vi: 'chỉ số', en: 'Indicator' });
      if (ind.source.kind !== 'view') return { key: ind.key, available: false, columns: [], rows: [] };
      const part = ind.source.parts[0] as ViewPart;
      const spec = LIST_COLUMNS[part.view];
      const exists = await existingViews(db, [part.view]);
      if (!spec || !exists.has(part.view)) return { key: ind.key, available: false, columns: [], rows: [] };
      const period = req.query.period ? parsePeriod(req.query.period) : null;
      const filters = [...(part.a.filter ?? [])];
      const conds = [sql`true`];
      for (const f of filters) conds.push(condition(f));
      if (req.query.agencyId) conds.push(sql`${sql.identifier(part.agency)} = ${req.query.agencyId}`);
      else if (coverage && !coverage.province)
        conds.push(
          coverage.agencyIds.length
            ? sql`${sql.identifier(part.agency)}::text IN (${sql.join(
                coverage.agencyIds.map((id) => sql`${id}`),
                sql`, `,
              )})`
            : sql`false`,
        );
      if (period && part.time)
        conds.push(
          sql`${sql.identifier(part.time)} >= ${period.start.toISOString()}::timestamptz AND ${sql.identifier(part.time)} < ${period.end.toISOString()}::timestamptz`,
        );
      const cols = [spec.id, part.agency, ...spec.columns];
      const res = await queryRows<Record<string, unknown>>(
        db,
        sql`SELECT ${sql.join(
          cols.map((c) => sql.identifier(c)),
          sql`, `,
        )} FROM ${sql.identifier(part.view)} WHERE ${sql.join(conds, sql` AND `)} LIMIT 500`,
      );
      const rows = res.map((r) => ({
        ...Object.fromEntries(Object.entries(r).map(([k, v]) => [k, v instanceof Date ? v.toISOString() : v])),
        link: spec.link ? spec.link(String(r[spec.id])) : null,
      }));
      if (req.query.format)
        return sendTable(
          reply,
          req.query.format,
          `${ind.key}-list`,
          ind.nameVi,
          cols.map((c) => ({ key: c, label: c, width: 14 })),
          rows as never,
        );
      return { key: ind.key, nameVi: ind.nameVi, nameEn: ind.nameEn, available: true, columns: cols, rows };
    },
  );

  app.get(
    '/api/reporting/alerts',
    {
      schema: {
        tags,
        summary: 'Cảnh báo gần đây — recent alerts',
        querystring: Type.Object({ limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })) }),
        response: { 200: Type.Any(), ...errorResponses(401, 403) },
      },
    },
    async (req) => {
      const { coverage } = await requireCoverage(req, 'reporting.read');
      const rows = await recentAlerts(db, { limit: req.query.limit ?? 50 });
      return rows
        .filter((a) => coverage.province || !a.agencyId || coverage.agencyIds.includes(a.agencyId))
        .map(alertView);
    },
  );

  // Server-sent events: every alert this process hears of (its own and other instances', via NOTIFY).
  app.get(
    '/api/reporting/alerts/stream',
    {
      schema: {
        tags,
        summary: 'Luồng cảnh báo trực tiếp — live alerts (text/event-stream)',
        response: { 200: Type.String(), ...errorResponses(401, 403) },
      },
    },
    async (req, reply) => {
      const { coverage } = await requireCoverage(req, 'reporting.read');
      reply.hijack();
      const res = reply.raw;
      res.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache, no-transform',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
      });
      res.write(`retry: 3000\n: connected\n\n`);
      const off = hub.subscribe((a) => {
        if (coverage.province || !a.agencyId || coverage.agencyIds.includes(a.agencyId))
          res.write(`id: ${a.id}\nevent: alert\ndata: ${JSON.stringify(a)}\n\n`);
      });
      const ping = setInterval(() => res.write(`: ping\n\n`), 25_000);
      ping.unref();
      req.raw.on('close', () => {
        clearInterval(ping);
        off();
      });
    },
  );

  app.post(
    '/api/reporting/refresh',
    {
      schema: {
        tags,
        summary: 'Tính lại ngay — recompute the open periods, alerts and rankings now',
        response: {
          200: Type.Object({ changes: Type.Integer(), alerts: Type.Integer() }),
          ...errorResponses(401, 403),
        },
      },
    },
    async (req) => {
      await requirePermission(req, 'reporting.refresh', PROVINCE);
      return transact(req, async (tx, audit) => {
        const r = await refreshAll(tx);
        await audit({ action: 'reporting.refresh', targetType: 'reporting', details: { ...r } });
        return r;
      });
    },
  );
}
