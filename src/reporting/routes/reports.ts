/** Periodic reports: templates, the reports of a period, fill/submit/accept/return, late list, aggregation, exports, the national system. */
import { and, asc, desc, eq, inArray } from 'drizzle-orm';
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import {
  can,
  coverageOf,
  coverageReaches,
  errorResponses,
  Problem,
  problems,
  PROVINCE,
  requireCoverage,
  requirePermission,
  transact,
  type App,
  type Coverage,
  type Target,
  StringEnum,
} from '../../platform/index.js';
import { agencies, getAgency } from '../../directory/index.js';
import {
  PERIOD_KINDS,
  REPORT_STATUSES,
  reportingReportActions,
  reportingReports,
  reportingTemplates,
} from '../schema.js';
import { FIELD_TYPES, templateProblems, type TemplateField } from '../reports/fields.js';
import {
  act,
  aggregate,
  fieldProblems,
  lateReports,
  openPeriod,
  validPeriodFor,
  type Report,
  type Template,
} from '../reports/service.js';
import { nationalAdapterFromEnv, NationalReportingError, type NationalReportingAdapter } from '../reports/national.js';
import { sendTable, pdfOf } from '../exports.js';
import { Format, Id, Key, PeriodKey, tags } from './common.js';

const Field = Type.Object(
  {
    key: Type.String({ maxLength: 40 }),
    labelVi: Type.String({ minLength: 1, maxLength: 300 }),
    labelEn: Type.String({ minLength: 1, maxLength: 300 }),
    type: StringEnum(FIELD_TYPES),
    required: Type.Optional(Type.Boolean()),
    formula: Type.Optional(Type.String({ maxLength: 2000 })),
    check: Type.Optional(Type.String({ maxLength: 2000 })),
    indicator: Type.Optional(Key),
    columns: Type.Optional(
      Type.Array(
        Type.Object(
          {
            key: Type.String({ pattern: '^[a-z][a-z0-9_]{0,39}$' }),
            labelVi: Type.String({ minLength: 1, maxLength: 200 }),
            labelEn: Type.String({ minLength: 1, maxLength: 200 }),
            type: StringEnum(['number', 'text'] as const),
          },
          { additionalProperties: false },
        ),
        { maxItems: 30 },
      ),
    ),
  },
  { additionalProperties: false },
);
const TemplateIn = Type.Object(
  {
    key: Key,
    nameVi: Type.String({ minLength: 1, maxLength: 500 }),
    nameEn: Type.String({ minLength: 1, maxLength: 500 }),
    periodKind: StringEnum(PERIOD_KINDS),
    deadlineDays: Type.Integer({ minimum: 0, maximum: 365 }),
    remindDays: Type.Optional(Type.Integer({ minimum: 0, maximum: 60 })),
    fields: Type.Array(Field, { minItems: 1, maxItems: 200 }),
    receiverAgencyId: Type.Optional(Id),
    agencyIds: Type.Array(Id, { minItems: 1, maxItems: 5000 }),
  },
  { additionalProperties: false },
);
const ReportId = Type.Object({ id: Id });
const Values = Type.Record(Type.String({ maxLength: 40 }), Type.Unknown(), { maxProperties: 200 });

const templateView = (t: Template) => ({
  id: t.id,
  key: t.key,
  nameVi: t.nameVi,
  nameEn: t.nameEn,
  periodKind: t.periodKind,
  deadlineDays: t.deadlineDays,
  remindDays: t.remindDays,
  fields: t.fields,
  receiverAgencyId: t.receiverAgencyId,
  agencyIds: t.agencyIds,
});
const reportView = (r: Report, now = new Date()) => ({
  id: r.id,
  templateId: r.templateId,
  agencyId: r.agencyId,
  periodKey: r.periodKey,
  dueAt: r.dueAt.toISOString(),
  status: r.status,
  values: r.values,
  computedFields: r.computedFields,
  submittedAt: r.submittedAt?.toISOString() ?? null,
  reason: r.reason,
  nationalRef: r.nationalRef,
  updatedAt: r.updatedAt.toISOString(),
  late: r.status === 'draft' || r.status === 'returned' ? r.dueAt < now : !!r.submittedAt && r.submittedAt > r.dueAt,
});

/** Does a review coverage reach the receiver of a template (none: the province reviews)? */
const reviewedBy = (c: Coverage, receiverAgencyId: string | null) =>
  receiverAgencyId ? coverageReaches(c, { agencyId: receiverAgencyId }) : c.province;

export async function reportRoutes(app: App, adapter: NationalReportingAdapter | null = nationalAdapterFromEnv()) {
  const db = app.ctx.db;
  const load = async (id: string) => {
    const [row] = await db
      .select({ r: reportingReports, t: reportingTemplates })
      .from(reportingReports)
      .innerJoin(reportingTemplates, eq(reportingTemplates.id, reportingReports.templateId))
      .where(eq(reportingReports.id, id));
    if (!row) throw problems.notFound({ vi: 'báo cáo', en: 'Report' });
    return row;
  };
  /** A report is read by its agency's side, or by its receiver's reviewers once it has been sent. */
  const requireReader = async (req: FastifyRequest, r: Report, t: Template) => {
    const receiver: Target = t.receiverAgencyId ? { agencyId: t.receiverAgencyId } : PROVINCE;
    if (r.status !== 'draft' && (await can(req.principal, 'reporting.review', receiver, req.server.ctx.scopes)))
      return void (await requirePermission(req, 'reporting.review', receiver));
    await requirePermission(req, 'reporting.read', { agencyId: r.agencyId });
  };
  const templateByKey = async (key: string) => {
    const [t] = await db.select().from(reportingTemplates).where(eq(reportingTemplates.key, key));
    if (!t) throw problems.notFound({ vi: 'mẫu báo cáo', en: 'Report template' });
    return t;
  };

  app.get(
    '/api/reporting/templates',
    {
      schema: {
        tags,
        summary: 'Mẫu báo cáo — report templates',
        response: { 200: Type.Any(), ...errorResponses(401, 403) },
      },
    },
    async (req) => {
      await requireCoverage(req, 'reporting.read');
      return (await db.select().from(reportingTemplates).orderBy(asc(reportingTemplates.key))).map(templateView);
    },
  );

  app.post(
    '/api/reporting/templates',
    {
      schema: {
        tags,
        summary: 'Thêm mẫu báo cáo — add a template (fields typed; formulas parsed, a bad one named)',
        body: TemplateIn,
        response: { 201: Type.Any(), ...errorResponses(400, 401, 403, 409) },
      },
    },
    async (req, reply) => {
      await requirePermission(req, 'reporting.manage', PROVINCE);
      const list = templateProblems(req.body.fields as TemplateField[]);
      if (list.length) throw fieldProblems(list);
      const [dup] = await db
        .select({ id: reportingTemplates.id })
        .from(reportingTemplates)
        .where(eq(reportingTemplates.key, req.body.key));
      if (dup)
        throw problems.conflict(
          { vi: 'Mã mẫu báo cáo đã tồn tại.', en: 'The template key is taken.' },
          { code: 'duplicate-key' },
        );
      const known = await db.select({ id: agencies.id }).from(agencies).where(inArray(agencies.id, req.body.agencyIds));
      if (known.length !== new Set(req.body.agencyIds).size)
        throw problems.invalidField('/body/agencyIds', {
          vi: 'Có cơ quan không tồn tại.',
          en: 'An agency does not exist.',
        });
      const row = await transact(req, async (tx, audit) => {
        const [t] = await tx
          .insert(reportingTemplates)
          .values({
            ...req.body,
            fields: req.body.fields as TemplateField[],
            receiverAgencyId: req.body.receiverAgencyId ?? null,
          })
          .returning();
        await audit({
          action: 'reporting.template.create',
          targetType: 'reporting_template',
          targetId: t!.id,
          details: { key: t!.key },
        });
        return t!;
      });
      return reply.code(201).send(templateView(row));
    },
  );

  app.post(
    '/api/reporting/templates/:key/periods/:period/open',
    {
      schema: {
        tags,
        summary: 'Mở kỳ báo cáo — open a period’s reports for every agency that must report (prefilled)',
        params: Type.Object({ key: Key, period: PeriodKey }),
        response: { 200: Type.Object({ opened: Type.Integer() }), ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (req) => {
      await requirePermission(req, 'reporting.manage', PROVINCE);
      const t = await templateByKey(req.params.key);
      const p = validPeriodFor(t, req.params.period);
      if (!p)
        throw problems.invalidField('/params/period', {
          vi: `Mẫu này báo cáo theo kỳ "${t.periodKind}".`,
          en: `This template reports per ${t.periodKind}.`,
        });
      return transact(req, async (tx, audit) => {
        const opened = await openPeriod(tx, t, p);
        await audit({
          action: 'reporting.period.open',
          targetType: 'reporting_template',
          targetId: t.id,
          details: { period: p.key, opened },
        });
        return { opened };
      });
    },
  );

  app.get(
    '/api/reporting/reports',
    {
      schema: {
        tags,
        summary: 'Báo cáo — reports within the caller’s scope',
        querystring: Type.Object({
          template: Type.Optional(Key),
          period: Type.Optional(PeriodKey),
          status: Type.Optional(StringEnum(REPORT_STATUSES)),
          agencyId: Type.Optional(Id),
          box: Type.Optional(
            StringEnum(['own', 'received'] as const, {
              description: 'own: the reports of the agencies the caller reads; received: those the caller reviews',
            }),
          ),
          format: Type.Optional(Format),
        }),
        response: { 200: Type.Any(), ...errorResponses(401, 403) },
      },
    },
    async (req, reply) => {
      const { principal, coverage } = await requireCoverage(req, 'reporting.read');
      // The receiving agency reads what was sent to it, whichever agency sent it.
      const reviews = await coverageOf(principal, 'reporting.review', req.server.ctx.scopes);
      const box = req.query.box;
      const t = req.query.template ? await templateByKey(req.query.template) : null;
      const rows = await db
        .select({
          r: reportingReports,
          name: agencies.name,
          templateNameVi: reportingTemplates.nameVi,
          templateNameEn: reportingTemplates.nameEn,
          receiverAgencyId: reportingTemplates.receiverAgencyId,
        })
        .from(reportingReports)
        .innerJoin(reportingTemplates, eq(reportingTemplates.id, reportingReports.templateId))
        .leftJoin(agencies, eq(agencies.id, reportingReports.agencyId))
        .where(
          and(
            t ? eq(reportingReports.templateId, t.id) : undefined,
            req.query.period ? eq(reportingReports.periodKey, req.query.period) : undefined,
            req.query.status ? eq(reportingReports.status, req.query.status) : undefined,
            req.query.agencyId ? eq(reportingReports.agencyId, req.query.agencyId) : undefined,
          ),
        )
        .orderBy(desc(reportingReports.periodKey), asc(agencies.name))
        .limit(2000);
      const own = (x: (typeof rows)[number]) => coverage.province || coverage.agencyIds.includes(x.r.agencyId);
      const received = (x: (typeof rows)[number]) => x.r.status !== 'draft' && reviewedBy(reviews, x.receiverAgencyId);
      const items = rows
        .filter((x) => (box === 'own' ? own(x) : box === 'received' ? received(x) : own(x) || received(x)))
        .map((x) => ({
          ...reportView(x.r),
          agencyName: x.name,
          templateNameVi: x.templateNameVi,
          templateNameEn: x.templateNameEn,
        }));
      if (req.query.format)
        return sendTable(
          reply,
          req.query.format,
          'bao-cao',
          'Danh sách báo cáo',
          [
            { key: 'agencyName', label: 'Cơ quan', width: 40 },
            { key: 'periodKey', label: 'Kỳ', width: 10 },
            { key: 'status', label: 'Trạng thái', width: 12 },
            { key: 'dueAt', label: 'Hạn', width: 22 },
            { key: 'submittedAt', label: 'Ngày gửi', width: 22 },
          ],
          items as never,
        );
      return items;
    },
  );

  app.get(
    '/api/reporting/reports/late',
    {
      schema: {
        tags,
        summary: 'Báo cáo trễ hạn — reports not sent by their due date, or sent after it',
        querystring: Type.Object({ format: Type.Optional(Format) }),
        response: { 200: Type.Any(), ...errorResponses(401, 403) },
      },
    },
    async (req, reply) => {
      const { coverage } = await requireCoverage(req, 'reporting.read');
      const rows = (await lateReports(db)).filter(
        (x) => coverage.province || coverage.agencyIds.includes(x.report.agencyId),
      );
      const items = rows.map((x) => ({
        ...reportView(x.report),
        agencyName: x.agencyName,
        templateName: x.templateName,
      }));
      if (req.query.format)
        return sendTable(
          reply,
          req.query.format,
          'bao-cao-tre-han',
          'Báo cáo trễ hạn',
          [
            { key: 'agencyName', label: 'Cơ quan', width: 35 },
            { key: 'templateName', label: 'Báo cáo', width: 35 },
            { key: 'periodKey', label: 'Kỳ', width: 10 },
            { key: 'dueAt', label: 'Hạn', width: 20 },
            { key: 'status', label: 'Trạng thái', width: 10 },
          ],
          items as never,
        );
      return items;
    },
  );

  app.get(
    '/api/reporting/reports/:id',
    {
      schema: {
        tags,
        summary: 'Một báo cáo — a report with its template and timeline',
        params: ReportId,
        response: { 200: Type.Any(), ...errorResponses(401, 403, 404) },
      },
    },
    async (req) => {
      const { r, t } = await load(req.params.id);
      await requireReader(req, r, t);
      const actions = await db
        .select()
        .from(reportingReportActions)
        .where(eq(reportingReportActions.reportId, r.id))
        .orderBy(asc(reportingReportActions.at));
      return {
        ...reportView(r),
        agencyName: (await getAgency(db, r.agencyId))?.name ?? null,
        template: templateView(t),
        actions: actions.map((a) => ({
          action: a.action,
          actorId: a.actorId,
          reason: a.reason,
          at: a.at.toISOString(),
        })),
      };
    },
  );

  const step =
    (action: 'fill' | 'submit' | 'accept' | 'return') =>
    async (
      req: { params: { id: string }; body?: { values?: Record<string, unknown>; reason?: string } } & Parameters<
        typeof requirePermission
      >[0],
    ) => {
      const { r, t } = await load(req.params.id);
      if (action === 'fill' || action === 'submit')
        await requirePermission(req, 'reporting.report', { agencyId: r.agencyId });
      // The receiving agency reviews; a template without one is reviewed at the province level.
      else
        await requirePermission(
          req,
          'reporting.review',
          t.receiverAgencyId ? { agencyId: t.receiverAgencyId } : PROVINCE,
        );
      const row = await transact(req, async (tx, audit) => {
        const next = await act(tx, r, t, action, req.principal!.accountId, req.body ?? {});
        await audit({
          action: `reporting.report.${action}`,
          targetType: 'reporting_report',
          targetId: r.id,
          details: {
            period: r.periodKey,
            status: next.status,
            ...(req.body?.reason ? { reason: req.body.reason } : {}),
          },
          scope: { agencyId: r.agencyId },
        });
        return next;
      });
      return reportView(row);
    };
  const ValuesBody = Type.Object({ values: Values }, { additionalProperties: false });
  const ReasonBody = Type.Object(
    { reason: Type.String({ minLength: 1, maxLength: 2000 }) },
    { additionalProperties: false },
  );
  app.put(
    '/api/reporting/reports/:id',
    {
      schema: {
        tags,
        summary: 'Cập nhật báo cáo — fill in (draft or returned)',
        params: ReportId,
        body: ValuesBody,
        response: { 200: Type.Any(), ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    step('fill') as never,
  );
  app.post(
    '/api/reporting/reports/:id/submit',
    {
      schema: {
        tags,
        summary: 'Gửi báo cáo — submit (formulas and checks enforced)',
        params: ReportId,
        body: Type.Object({ values: Type.Optional(Values) }, { additionalProperties: false }),
        response: { 200: Type.Any(), ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    step('submit') as never,
  );
  app.post(
    '/api/reporting/reports/:id/accept',
    {
      schema: {
        tags,
        summary: 'Tiếp nhận báo cáo — the receiving agency accepts',
        params: ReportId,
        response: { 200: Type.Any(), ...errorResponses(401, 403, 404, 409) },
      },
    },
    step('accept') as never,
  );
  app.post(
    '/api/reporting/reports/:id/return',
    {
      schema: {
        tags,
        summary: 'Trả lại báo cáo — the receiving agency returns it with a reason',
        params: ReportId,
        body: ReasonBody,
        response: { 200: Type.Any(), ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    step('return') as never,
  );

  app.get(
    '/api/reporting/templates/:key/periods/:period/aggregate',
    {
      schema: {
        tags,
        summary: 'Tổng hợp — totals across the agencies’ submitted reports of a period',
        params: Type.Object({ key: Key, period: PeriodKey }),
        querystring: Type.Object({ format: Type.Optional(Format) }),
        response: { 200: Type.Any(), ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (req, reply) => {
      await requirePermission(req, 'reporting.read', PROVINCE);
      const t = await templateByKey(req.params.key);
      if (!validPeriodFor(t, req.params.period))
        throw problems.invalidField('/params/period', {
          vi: `Mẫu này báo cáo theo kỳ "${t.periodKind}".`,
          en: `This template reports per ${t.periodKind}.`,
        });
      const agg = await aggregate(db, t, req.params.period);
      if (req.query.format) {
        const fields = (t.fields as TemplateField[]).filter((f) => f.type === 'number' || f.type === 'percent');
        return sendTable(
          reply,
          req.query.format,
          `tong-hop-${t.key}-${req.params.period}`,
          `${t.nameVi} — tổng hợp kỳ ${req.params.period}`,
          [
            { key: 'label', label: 'Chỉ tiêu', width: 60 },
            { key: 'value', label: 'Tổng hợp', width: 20 },
          ],
          fields.map((f) => ({ label: f.labelVi, value: agg.totals[f.key] ?? '' })),
          { subtitle: `${agg.reports}/${agg.expected} cơ quan đã gửi` },
        );
      }
      return agg;
    },
  );

  app.get(
    '/api/reporting/reports/:id/export',
    {
      schema: {
        tags,
        summary: 'Xuất báo cáo — a report as PDF (administrative format), XLSX or CSV',
        params: ReportId,
        querystring: Type.Object({ format: Format }),
        response: { 200: Type.Any(), ...errorResponses(401, 403, 404) },
      },
    },
    async (req, reply) => {
      const { r, t } = await load(req.params.id);
      await requireReader(req, r, t);
      const agency = await getAgency(db, r.agencyId);
      const fields = t.fields as TemplateField[];
      const rows = fields
        .filter((f) => f.type !== 'table')
        .map((f, i) => ({
          no: i + 1,
          label: f.labelVi,
          value: r.values[f.key] === undefined ? '' : String(r.values[f.key]),
          computed: r.computedFields.includes(f.key) ? 'Tính từ dữ liệu' : '',
        }));
      const columns = [
        { key: 'no', label: 'STT', width: 6 },
        { key: 'label', label: 'Chỉ tiêu', width: 50 },
        { key: 'value', label: 'Số liệu', width: 20 },
        { key: 'computed', label: 'Ghi chú', width: 18 },
      ];
      if (req.query.format !== 'pdf')
        return sendTable(reply, req.query.format, `${t.key}-${r.periodKey}`, t.nameVi, columns, rows);
      // Table fields follow the figures, each as its own table.
      const tables = fields
        .filter((f) => f.type === 'table')
        .flatMap((f) => [
          { kind: 'paragraph' as const, text: f.labelVi },
          {
            kind: 'table' as const,
            columns: (f.columns ?? []).map((c) => c.labelVi),
            widths: (f.columns ?? []).map(() => 465 / Math.max(1, f.columns?.length ?? 1)),
            rows: ((r.values[f.key] as Record<string, unknown>[] | undefined) ?? []).map((row) =>
              (f.columns ?? []).map((c) => String(row[c.key] ?? '')),
            ),
          },
        ]);
      const pdf = await pdfOf({
        title: t.nameVi,
        subtitle: `Kỳ báo cáo: ${r.periodKey}`,
        agency: agency?.name ?? '',
        columns,
        rows,
        after: tables,
        signer: 'Thủ trưởng cơ quan',
      });
      return reply
        .type('application/pdf')
        .header('content-disposition', `attachment; filename="${t.key}-${r.periodKey}.pdf"`)
        .send(pdf);
    },
  );

  app.post(
    '/api/reporting/reports/:id/national',
    {
      schema: {
        tags,
        summary: 'Gửi Hệ thống báo cáo quốc gia — send an accepted report to the national reporting system',
        params: ReportId,
        response: { 200: Type.Any(), ...errorResponses(401, 403, 404, 409, 502, 503) },
      },
    },
    async (req) => {
      const { r, t } = await load(req.params.id);
      await requirePermission(
        req,
        'reporting.review',
        t.receiverAgencyId ? { agencyId: t.receiverAgencyId } : PROVINCE,
      );
      if (r.status !== 'accepted')
        throw problems.conflict(
          { vi: 'Chỉ gửi báo cáo đã được tiếp nhận.', en: 'Only an accepted report is sent.' },
          { code: 'illegal-transition' },
        );
      if (r.nationalRef)
        throw problems.conflict(
          { vi: `Báo cáo đã được gửi (mã ${r.nationalRef}).`, en: `Already sent (reference ${r.nationalRef}).` },
          { code: 'already-sent' },
        );
      if (!adapter)
        throw problems.unavailable({
          vi: 'Chưa cấu hình kết nối Hệ thống thông tin báo cáo quốc gia.',
          en: 'The national reporting system is not configured.',
        });
      const agency = await getAgency(db, r.agencyId);
      let reference: string;
      try {
        ({ reference } = await adapter.send({
          templateCode: t.key,
          period: r.periodKey,
          agencyCode: agency?.code ?? r.agencyId,
          agencyName: agency?.name ?? '',
          submittedAt: r.submittedAt?.toISOString() ?? null,
          values: r.values,
        }));
      } catch (e) {
        if (e instanceof NationalReportingError)
          throw new Problem({
            status: 502,
            code: 'national-system-refused',
            title: { vi: 'Hệ thống bên ngoài không nhận', en: 'Upstream system refused' },
            detail: { vi: `Hệ thống báo cáo quốc gia không nhận: ${e.message}`, en: e.message },
          });
        throw e;
      }
      return transact(req, async (tx, audit) => {
        const [row] = await tx
          .update(reportingReports)
          .set({ nationalRef: reference, updatedAt: new Date() })
          .where(eq(reportingReports.id, r.id))
          .returning();
        await tx
          .insert(reportingReportActions)
          .values({ reportId: r.id, action: 'national', actorId: req.principal!.accountId, reason: reference });
        await audit({
          action: 'reporting.report.national',
          targetType: 'reporting_report',
          targetId: r.id,
          details: { reference },
          scope: { agencyId: r.agencyId },
        });
        return reportView(row!);
      });
    },
  );
}
