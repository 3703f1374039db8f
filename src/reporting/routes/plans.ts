/** Plans: targets with computed progress, tasks and projects with their lead agency's progress notes; SIPAS survey. */
import { createHash } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { Type } from 'typebox';
import {
  errorResponses,
  problems,
  queryRows,
  requireAuth,
  requireCoverage,
  requireRoleFor,
  transact,
  type App,
} from '../../platform/index.js';
import { reportingPlans, reportingPlanTasks, reportingSurveyResponses, reportingSurveys } from '../schema.js';
import { listPlans, planTargetsProgress, planTasks } from '../plans/service.js';
import { existingViews } from '../indicators/compute.js';
import { periodOf } from '../indicators/periods.js';
import { sendTable } from '../exports.js';
import { Format, Id, Key, tags, Year } from './common.js';

export async function planRoutes(app: App) {
  const db = app.ctx.db;

  app.get(
    '/api/reporting/plans',
    {
      schema: {
        tags,
        summary: 'Kế hoạch — plans with counts',
        response: { 200: Type.Any(), ...errorResponses(401, 403) },
      },
    },
    async (req) => {
      await requireCoverage(req, 'reporting.read');
      const plans = await listPlans(db);
      const targets = await planTargetsProgress(db, Number(periodOf('year').key));
      const tasks = await planTasks(
        db,
        plans.map((p) => p.id),
      );
      return plans.map((p) => ({
        ...p,
        targets: targets.filter((t) => t.planKey === p.key).length,
        linked: targets.filter((t) => t.planKey === p.key && t.indicatorKey).length,
        tasks: tasks.filter((t) => t.planId === p.id && t.kind === 'task').length,
        projects: tasks.filter((t) => t.planId === p.id && t.kind === 'project').length,
      }));
    },
  );

  app.get(
    '/api/reporting/plans/:key',
    {
      schema: {
        tags,
        summary: 'Một kế hoạch — targets with progress, tasks and projects (each with its source line)',
        params: Type.Object({ key: Key }),
        querystring: Type.Object({
          year: Type.Optional(Year),
          format: Type.Optional(Format),
          table: Type.Optional(Type.Union([Type.Literal('targets'), Type.Literal('tasks')])),
        }),
        response: { 200: Type.Any(), ...errorResponses(401, 403, 404) },
      },
    },
    async (req, reply) => {
      await requireCoverage(req, 'reporting.read');
      const [p] = await db.select().from(reportingPlans).where(eq(reportingPlans.key, req.params.key));
      if (!p) throw problems.notFound({ vi: 'kế hoạch', en: 'Plan' });
      const targets = await planTargetsProgress(db, req.query.year ?? Number(periodOf('year').key), p.id);
      const tasks = (await planTasks(db, [p.id])).map((t) => ({ ...t, progress: t.progress }));
      if (req.query.format) {
        if (req.query.table === 'tasks')
          return sendTable(
            reply,
            req.query.format,
            `${p.key}-nhiem-vu`,
            `${p.nameVi} — nhiệm vụ, dự án`,
            [
              { key: 'kind', label: 'Loại', width: 8 },
              { key: 'content', label: 'Nội dung', width: 60 },
              { key: 'lead', label: 'Chủ trì', width: 25 },
              { key: 'deadline', label: 'Thời gian', width: 12 },
              { key: 'status', label: 'Trạng thái', width: 10 },
              { key: 'sourceLine', label: 'Dòng nguồn', width: 8 },
            ],
            tasks as never,
          );
        return sendTable(
          reply,
          req.query.format,
          `${p.key}-chi-tieu`,
          `${p.nameVi} — chỉ tiêu`,
          [
            { key: 'textVi', label: 'Chỉ tiêu', width: 60 },
            { key: 'value', label: 'Mục tiêu', width: 10 },
            { key: 'current', label: 'Hiện tại', width: 10 },
            { key: 'responsible', label: 'Chủ trì', width: 25 },
            { key: 'sourceLine', label: 'Dòng nguồn', width: 8 },
          ],
          targets as never,
        );
      }
      return { ...p, targets, tasks };
    },
  );

  app.post(
    '/api/reporting/plan-tasks/:id/progress',
    {
      schema: {
        tags,
        summary: 'Báo cáo tiến độ nhiệm vụ — the lead agency reports progress on a task',
        params: Type.Object({ id: Id }),
        body: Type.Object(
          {
            note: Type.String({ minLength: 1, maxLength: 4000 }),
            status: Type.Optional(
              Type.Union([
                Type.Literal('open'),
                Type.Literal('in_progress'),
                Type.Literal('done'),
                Type.Literal('late'),
              ]),
            ),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Any(), ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (req) => {
      const p = requireRoleFor(req, 'reporting.report');
      const [t] = await db.select().from(reportingPlanTasks).where(eq(reportingPlanTasks.id, req.params.id));
      if (!t) throw problems.notFound({ vi: 'nhiệm vụ', en: 'Task' });
      return transact(req, async (tx, audit) => {
        const entry = { at: new Date().toISOString(), note: req.body.note, by: p.username };
        const [row] = await tx
          .update(reportingPlanTasks)
          .set({
            progress: sql`${reportingPlanTasks.progress} || ${JSON.stringify([entry])}::jsonb`,
            status: req.body.status ?? t.status,
          })
          .where(eq(reportingPlanTasks.id, t.id))
          .returning();
        await audit({
          action: 'reporting.task.progress',
          targetType: 'reporting_plan_task',
          targetId: t.id,
          details: { status: row!.status },
        });
        return row;
      });
    },
  );

  // SIPAS survey (khảo sát sự hài lòng): the form, and anonymous answers from applicants of finished dossiers.
  app.get(
    '/api/reporting/surveys/:key',
    {
      schema: {
        tags,
        summary: 'Phiếu khảo sát SIPAS — the survey form and its criteria',
        params: Type.Object({ key: Key }),
        response: { 200: Type.Any(), ...errorResponses(404) },
      },
    },
    async (req) => {
      const [s] = await db.select().from(reportingSurveys).where(eq(reportingSurveys.key, req.params.key));
      if (!s || !s.active) throw problems.notFound({ vi: 'phiếu khảo sát', en: 'Survey' });
      return { key: s.key, nameVi: s.nameVi, questions: s.questions, scale: { min: 1, max: 5 } };
    },
  );

  app.post(
    '/api/reporting/surveys/:key/responses',
    {
      schema: {
        tags,
        summary:
          'Trả lời khảo sát — an applicant answers for a finished dossier (anonymous in results; one answer per dossier)',
        params: Type.Object({ key: Key }),
        body: Type.Object(
          {
            dossierId: Id,
            answers: Type.Record(Type.String({ maxLength: 40 }), Type.Integer({ minimum: 1, maximum: 5 })),
          },
          { additionalProperties: false },
        ),
        response: { 201: Type.Object({ recorded: Type.Boolean() }), ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (req, reply) => {
      const who = requireAuth(req);
      if (!who.grants.some((g) => g.role === 'citizen'))
        throw problems.forbidden({
          vi: 'Chỉ người nộp hồ sơ trả lời khảo sát.',
          en: 'Only applicants answer the survey.',
        });
      const [s] = await db.select().from(reportingSurveys).where(eq(reportingSurveys.key, req.params.key));
      if (!s || !s.active) throw problems.notFound({ vi: 'phiếu khảo sát', en: 'Survey' });
      for (const q of s.questions)
        if (req.body.answers[q.key] === undefined)
          throw problems.invalidField(`/body/answers/${q.key}`, {
            vi: `Chưa trả lời: ${q.textVi}.`,
            en: `Not answered: ${q.textEn}.`,
          });
      for (const k of Object.keys(req.body.answers))
        if (!s.questions.some((q) => q.key === k))
          throw problems.invalidField(`/body/answers/${k}`, {
            vi: `Phiếu không có câu "${k}".`,
            en: `The survey has no question "${k}".`,
          });
      if (!(await existingViews(db, ['procedures_dossier_stats'])).has('procedures_dossier_stats'))
        throw problems.unavailable({ vi: 'Chưa có dữ liệu hồ sơ.', en: 'Dossier data not available.' });
      const found = await queryRows<{ agency_id: string; status: string }>(
        db,
        sql`SELECT agency_id, status FROM procedures_dossier_stats WHERE dossier_id = ${req.body.dossierId}`,
      );
      const d = found[0];
      if (!d) throw problems.notFound({ vi: 'hồ sơ', en: 'Dossier' });
      if (!['result_ready', 'returned'].includes(d.status))
        throw problems.conflict(
          { vi: 'Chỉ khảo sát hồ sơ đã trả kết quả.', en: 'Only a finished dossier is surveyed.' },
          { code: 'dossier-not-finished' },
        );
      const values = Object.values(req.body.answers);
      const satisfied = values.reduce((a, b) => a + b, 0) / values.length >= 4;
      // The dossier is kept only as a salted hash: results never lead back to the applicant.
      const hash = createHash('sha256').update(`sipas:${s.key}:${req.body.dossierId}`).digest('hex');
      await transact(req, async (tx, audit) => {
        const ins = await tx
          .insert(reportingSurveyResponses)
          .values({ surveyId: s.id, dossierHash: hash, agencyId: d.agency_id, answers: req.body.answers, satisfied })
          .onConflictDoNothing()
          .returning({ id: reportingSurveyResponses.id });
        if (!ins.length)
          throw problems.conflict(
            { vi: 'Hồ sơ này đã được khảo sát.', en: 'This dossier has been surveyed already.' },
            { code: 'already-answered' },
          );
        await audit({
          action: 'reporting.survey.answer',
          targetType: 'reporting_survey',
          targetId: s.id,
          details: {},
          scope: { agencyId: d.agency_id },
        });
      });
      return reply.code(201).send({ recorded: true });
    },
  );
}
