import { Type } from 'typebox';
import {
  can,
  errorResponses,
  problems,
  requireAuth,
  requirePermission,
  requireRoleFor,
  soleAgencyFor,
  transact,
  type App,
  type Executor,
  StringEnum,
  requireVnPhone,
} from '../../platform/index.js';
import { directoryScopes } from '../../directory/index.js';
import {
  REPORT_ACTIONS,
  allowedFor,
  checkNewReport,
  fileNewReport,
  rolesFor,
  submitLookup,
  submitReport,
  type SubmitInput,
  type SubmitView,
} from '../actions/index.js';
import { REPORT_STATUSES, type Report } from '../schema.js';
import { publicReport, staffReport } from '../views.js';
import { requireReport } from '../load.js';
import { listReports } from '../list.js';
import { readSettings } from '../settings.js';
import { currentReporter } from '../reporter.js';
import { ListItem, ReportDetail, RefParams, Sha256, tags } from './schemas.js';
import type { FastifyRequest } from 'fastify';

const SubmitBody = Type.Object(
  {
    category: Type.String({ minLength: 1, maxLength: 64, description: 'Mã lĩnh vực — category code' }),
    description: Type.String({ minLength: 3, maxLength: 4000 }),
    lat: Type.Number({ minimum: -90, maximum: 90 }),
    lng: Type.Number({ minimum: -180, maximum: 180 }),
    address: Type.Optional(Type.String({ maxLength: 500 })),
    photos: Type.Optional(
      Type.Array(Sha256, {
        maxItems: 5,
        description: 'sha256 of originals uploaded through POST /api/feedback/photos',
      }),
    ),
    confirmNew: Type.Optional(
      Type.Boolean({ description: 'Send although similar open reports are near (after a 409 possible-duplicate)' }),
    ),
    joinReportId: Type.Optional(
      Type.String({ minLength: 1, maxLength: 64, description: 'Join this open report instead' }),
    ),
    channel: Type.Optional(
      StringEnum(['app', 'web', 'hotline', 'counter'] as const, {
        description: 'hotline and counter: an officer files for a citizen',
      }),
    ),
    reporterPhone: Type.Optional(
      Type.String({ maxLength: 20, description: 'Counter/hotline intake: the citizen’s phone' }),
    ),
    reporterName: Type.Optional(
      Type.String({ maxLength: 200, description: 'Counter/hotline intake: the citizen’s name' }),
    ),
    receivingAgencyId: Type.Optional(
      Type.String({
        format: 'uuid',
        description:
          'Counter/hotline intake: the desk that took the report (nơi tiếp nhận); by default the officer’s only desk',
      }),
    ),
  },
  { additionalProperties: false },
);

const csv = (s: string | undefined) =>
  s
    ? s
        .split(',')
        .map((x) => x.trim())
        .filter(Boolean)
    : undefined;

/** The report as this caller may see it, with what they may do next. `known`: what a submission just read and wrote. */
export async function reportFor(tx: Executor, req: FastifyRequest, report: Report, known?: SubmitView) {
  const scopes = directoryScopes(tx);
  const roles = await rolesFor(tx, req, report, scopes);
  const allowedActions = allowedFor(
    REPORT_ACTIONS,
    report,
    roles,
    new Date(),
    known?.settings ?? (await readSettings(tx)),
  );
  if (await can(req.principal, 'feedback.read-private', { agencyId: report.agencyId }, scopes))
    return staffReport(tx, report, allowedActions, known);
  return { ...(await publicReport(tx, report, known)), allowedActions };
}

export async function reportRoutes(app: App) {
  const db = app.ctx.db;

  app.post(
    '/api/feedback/reports',
    {
      schema: {
        tags,
        summary: 'Gửi phản ánh — file a field report',
        description:
          'Logged in, or anonymous with a confirmed phone (X-Reporter-Ticket from POST /api/feedback/phone/verify). The unit comes from the location; the agency from the routing rules. ' +
          '409 possible-duplicate lists open reports of the same category nearby: send again with confirmNew, or joinReportId to follow one. Officers file hotline/counter reports with channel and the citizen’s phone.',
        body: SubmitBody,
        response: {
          201: Type.Object({ report: ReportDetail, token: Type.String() }),
          200: Type.Object({ joined: Type.Literal(true), report: ReportDetail }),
          ...errorResponses(400, 401, 403, 409, 503),
        },
      },
    },
    async (req, reply) => {
      const body = req.body;
      const channel = body.channel ?? 'web';
      const intake = channel === 'hotline' || channel === 'counter';
      // An officer files for a caller at his desk (any desk takes any report, as the one-stop desks take any
      // dossier): the check names the desk; the routing rules then decide which agency handles the report.
      const desk = intake
        ? (body.receivingAgencyId ?? soleAgencyFor(requireRoleFor(req, 'feedback.intake'), 'feedback.intake'))
        : null;
      if (intake && !desk) {
        throw problems.invalidField(
          '/body/receivingAgencyId',
          {
            vi: 'Cần chọn nơi tiếp nhận phản ánh (bộ phận của cán bộ).',
            en: 'Choose the desk that takes the report (the officer’s own).',
          },
          'required',
        );
      }
      const officer = desk ? await requirePermission(req, 'feedback.intake', { agencyId: desk }) : null;
      const calendar = await app.ctx.calendar.calendar();
      const input: SubmitInput = body;
      // Who files: an officer for a caller, or the reporter (logged in, or with a confirmed phone).
      const filer = async (ex: Executor) =>
        officer
          ? {
              channel,
              reporter: {
                accountId: null,
                phone: body.reporterPhone ? requireVnPhone(body.reporterPhone, '/body/reporterPhone') : null,
                name: body.reporterName ?? null,
              },
              actor: { kind: 'intake' as const, accountId: officer.accountId },
              uploader: { accountId: officer.accountId, phone: null },
            }
          : await (async () => {
              const reporter = await currentReporter(ex, req);
              return {
                channel,
                reporter,
                actor: { kind: 'reporter' as const, accountId: reporter.accountId },
                uploader: reporter,
              };
            })();
      const auditOf = (kind: 'created' | 'joined', report: Report) => ({
        action: kind === 'joined' ? 'feedback.join' : 'feedback.submit',
        targetType: 'feedback_report',
        targetId: report.id,
        details: { publicId: report.publicId, channel, ...(desk ? { receivingAgencyId: desk } : {}) },
        scope: { agencyId: report.agencyId },
      });
      // What the checks read, before the transaction like the calendar: one prepared statement (on PGlite a read
      // outside would wait for the transaction).
      const lookup = () => submitLookup(app.ctx.database, body);
      if (!body.joinReportId) {
        // A new report is written together with the others filed meanwhile, its audit row with it (group commit:
        // actions/submit-batch.ts). Sent with confirmNew and no photos, the batch reads what it checks with the others';
        // else it is checked before, outside any transaction (the checks only read).
        const context = { ...(await filer(app.ctx.db)), calendar, now: new Date() };
        const filing =
          body.confirmNew && !body.photos?.length
            ? { input, context }
            : { report: await checkNewReport(app.ctx.db, input, { ...context, lookup: await lookup() }) };
        const filed = await fileNewReport(req, filing, (report) => auditOf('created', report));
        const view = await reportFor(app.ctx.db, req, filed.report, filed.view);
        return reply
          .code(201)
          .header('location', `/api/feedback/reports/${view.publicId}`)
          .send({ report: view, token: filed.report.token });
      }
      const found = await lookup();
      const result = await transact(req, async (tx, audit) => {
        const out = await submitReport(tx, input, { ...(await filer(tx)), calendar, now: new Date(), lookup: found });
        await audit(auditOf(out.kind, out.report));
        return {
          kind: out.kind,
          token: out.report.token,
          view: await reportFor(tx, req, out.report, out.kind === 'created' ? out.view : undefined),
        };
      });
      if (result.kind === 'joined') return reply.code(200).send({ joined: true as const, report: result.view });
      return reply
        .code(201)
        .header('location', `/api/feedback/reports/${result.view.publicId}`)
        .send({ report: result.view, token: result.token });
    },
  );

  app.get(
    '/api/feedback/reports',
    {
      schema: {
        tags,
        summary: 'Danh sách phản ánh công khai — public list and map (never the reporter)',
        description:
          'Filters: status and category (comma-separated), bbox=minLng,minLat,maxLng,maxLat for the map viewport, unit (code). Rejected and merged reports are shown only when asked for by status.',
        querystring: Type.Object({
          status: Type.Optional(
            Type.String({ pattern: `^(${REPORT_STATUSES.join('|')})(,(${REPORT_STATUSES.join('|')}))*$` }),
          ),
          category: Type.Optional(Type.String({ maxLength: 500 })),
          bbox: Type.Optional(Type.String({ pattern: '^-?[0-9.]+,-?[0-9.]+,-?[0-9.]+,-?[0-9.]+$' })),
          unit: Type.Optional(Type.String({ maxLength: 20 })),
          limit: Type.Integer({ minimum: 1, maximum: 1000, default: 100 }),
          offset: Type.Integer({ minimum: 0, default: 0 }),
        }),
        response: { 200: Type.Object({ items: Type.Array(ListItem), total: Type.Integer() }), ...errorResponses(400) },
      },
    },
    async (req) => {
      const q = req.query;
      const bbox = q.bbox ? (q.bbox.split(',').map(Number) as [number, number, number, number]) : undefined;
      if (bbox && (bbox.some((v) => !Number.isFinite(v)) || bbox[0] > bbox[2] || bbox[1] > bbox[3])) {
        throw problems.invalidField('/querystring/bbox', {
          vi: 'Khung bản đồ không hợp lệ.',
          en: 'Invalid bounding box.',
        });
      }
      return listReports(db, {
        status: csv(q.status) ?? ['new', 'in_progress', 'info_requested', 'resolved'],
        category: csv(q.category),
        bbox,
        unitCode: q.unit,
        limit: q.limit,
        offset: q.offset,
      });
    },
  );

  app.get(
    '/api/feedback/my-reports',
    {
      schema: {
        tags,
        summary: 'Phản ánh của tôi — reports I filed or joined (logged in)',
        querystring: Type.Object({
          limit: Type.Integer({ minimum: 1, maximum: 500, default: 100 }),
          offset: Type.Integer({ minimum: 0, default: 0 }),
        }),
        response: { 200: Type.Object({ items: Type.Array(ListItem), total: Type.Integer() }), ...errorResponses(401) },
      },
    },
    async (req) => {
      const p = requireAuth(req);
      return listReports(db, { reporterAccountId: p.accountId, limit: req.query.limit, offset: req.query.offset });
    },
  );

  app.get(
    '/api/feedback/reports/:id',
    {
      schema: {
        tags,
        summary: 'Một phản ánh và dòng thời gian xử lý — one report with its public timeline',
        description:
          'Anyone sees the public view. Staff of the handling agency also see the reporter’s contact; the reporter and staff see the actions they may take.',
        params: RefParams,
        response: { 200: ReportDetail, ...errorResponses(400, 404) },
      },
    },
    async (req) => {
      return db.transaction(async (tx) => reportFor(tx, req, await requireReport(tx, req.params.id)));
    },
  );
}
