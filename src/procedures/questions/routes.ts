/**
 * Questions and answers on procedures (hỏi đáp): anyone asks (a citizen, or anonymously with a contact);
 * the question goes to the agency competent for the procedure (or the dossier's), due in working time;
 * that agency's staff answer and may publish the answer on the procedure's page, where the catalog
 * search finds it. The asker's identity is never published.
 */
import { and, asc, desc, eq, inArray, isNull, or, sql, type SQL } from 'drizzle-orm';
import { Type } from 'typebox';
import {
  coverageReaches,
  errorResponses,
  problems,
  queryRows,
  requireAuth,
  requireCoverage,
  requirePermission,
  transact,
  type App,
  type Executor,
  StringEnum,
  perClientLimit,
} from '../../platform/index.js';
import { agencyBriefs } from '../../directory/index.js';
import { cachedProcedure } from '../catalog/cache.js';
import { procedureWord } from '../catalog/service.js';
import { clock } from '../dossiers/clock.js';
import { findDossier } from '../dossiers/service.js';
import { questionRules, questions, type Question } from './schema.js';

const tags = ['questions'];
const Id = Type.String({ format: 'uuid' });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const Time = Nullable(Type.String({ format: 'date-time' }));
const questionWord = { vi: 'câu hỏi', en: 'Question' };
const ASK_RATE = { max: 20, timeWindowMs: 3_600_000 };

const QuestionView = Type.Object({
  id: Id,
  procedureId: Id,
  dossierId: Nullable(Type.String()),
  agencyId: Id,
  askerName: Type.String(),
  askerContact: Nullable(Type.String()),
  body: Type.String(),
  status: StringEnum(['open', 'answered'] as const),
  askedAt: Type.String({ format: 'date-time' }),
  dueAt: Type.String({ format: 'date-time' }),
  answer: Nullable(Type.String()),
  answeredAt: Time,
  onTime: Nullable(Type.Boolean({ description: 'trả lời đúng hạn (null: chưa trả lời)' })),
  overdue: Type.Boolean({ description: 'chưa trả lời và đã quá hạn' }),
  published: Type.Boolean(),
});

const PublishedView = Type.Object({
  id: Id,
  body: Type.String(),
  answer: Type.String(),
  answeredAt: Type.String({ format: 'date-time' }),
  agencyId: Id,
});

const view = (q: Question, now: Date) => ({
  id: q.id,
  procedureId: q.procedureId,
  dossierId: q.dossierId,
  agencyId: q.agencyId,
  askerName: q.askerName,
  askerContact: q.askerContact,
  body: q.body,
  status: q.status,
  askedAt: q.askedAt.toISOString(),
  dueAt: q.dueAt.toISOString(),
  answer: q.answer,
  answeredAt: q.answeredAt?.toISOString() ?? null,
  onTime: q.answeredAt ? q.answeredAt <= q.dueAt : null,
  overdue: q.status === 'open' && now > q.dueAt,
  published: q.published,
});

/** Working days to answer: the agency's own rule, else the default row. */
async function answerDays(ex: Executor, agencyId: string): Promise<number> {
  const rows = await ex
    .select()
    .from(questionRules)
    .where(or(eq(questionRules.agencyId, agencyId), isNull(questionRules.agencyId)));
  return (rows.find((r) => r.agencyId === agencyId) ?? rows.find((r) => r.agencyId === null))?.answerWorkingDays ?? 5;
}

export async function questionRoutes(app: App) {
  const db = app.ctx.db;

  app.post(
    '/api/questions',
    {
      // Anyone may ask, without an account: bounded per client address, counted in the database.
      onRequest: perClientLimit('questions.ask', () => ASK_RATE, { vi: 'câu hỏi', en: 'questions' }),
      schema: {
        tags,
        summary:
          'Gửi câu hỏi về thủ tục hoặc hồ sơ — ask about a procedure or one’s dossier (anonymously with a contact)',
        body: Type.Object(
          {
            procedureId: Type.String({ minLength: 1, maxLength: 100, description: 'Thủ tục: id hoặc mã quốc gia' }),
            dossierId: Type.Optional(Id),
            agencyId: Type.Optional(
              Type.String({ format: 'uuid', description: 'Thủ tục của “UBND cấp xã”: xã, phường người hỏi chọn' }),
            ),
            body: Type.String({ minLength: 10, maxLength: 4000 }),
            name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
            contact: Type.Optional(
              Type.String({
                minLength: 5,
                maxLength: 254,
                description: 'Thư điện tử hoặc số điện thoại để nhận trả lời (bắt buộc khi không đăng nhập)',
              }),
            ),
          },
          { additionalProperties: false },
        ),
        response: { 201: QuestionView, ...errorResponses(400, 404, 409) },
      },
    },
    async (req, reply) => {
      const b = req.body;
      const p = req.principal;
      const procedure = await cachedProcedure(db, b.procedureId);
      if (!procedure)
        throw problems.invalidField(
          '/body/procedureId',
          { vi: 'Không có thủ tục hành chính này.', en: 'No such procedure.' },
          'unknown-procedure',
        );
      if (!procedure.active)
        throw problems.conflict(
          {
            vi: 'Thủ tục này không còn được áp dụng; không nhận câu hỏi về thủ tục này.',
            en: 'This procedure is no longer in force; questions about it are not taken.',
          },
          { code: 'procedure-inactive' },
        );
      if (!p && !b.contact)
        throw problems.invalidField(
          '/body/contact',
          {
            vi: 'Cần thư điện tử hoặc số điện thoại để nhận câu trả lời.',
            en: 'An e-mail address or a phone number is needed for the answer.',
          },
          'required',
        );
      if (!p && !b.name)
        throw problems.invalidField(
          '/body/name',
          { vi: 'Cần họ tên người hỏi.', en: 'Your name is needed.' },
          'required',
        );
      let agencyId: string | null = null;
      if (b.dossierId) {
        const d = await findDossier(db, b.dossierId);
        // Only one's own dossier: another's is not there.
        if (!d || !p || d.applicantAccountId !== p.accountId || d.procedureId !== procedure.id)
          throw problems.notFound({ vi: 'hồ sơ', en: 'Dossier' }, { code: 'dossier-not-found' });
        agencyId = d.agencyId;
      } else if (procedure.agencyId) agencyId = procedure.agencyId;
      else {
        // "The People's Committee of the level": the asker names which, as the wizard does (dossiers/create.ts, `competent`).
        if (!b.agencyId)
          throw problems.invalidField(
            '/body/agencyId',
            { vi: 'Cần chọn cơ quan (xã, phường) nhận câu hỏi.', en: 'Choose the agency (commune) to ask.' },
            'required',
          );
        const a = (await agencyBriefs(app.ctx.db, [b.agencyId])).get(b.agencyId);
        if (!a?.active || !(procedure.levels as string[]).includes(a.level))
          throw problems.invalidField(
            '/body/agencyId',
            {
              vi: 'Cơ quan này không có thẩm quyền giải quyết thủ tục này.',
              en: 'This agency is not competent for this procedure.',
            },
            'not-competent',
          );
        agencyId = a.id;
      }
      const now = clock.now();
      const calendar = await app.ctx.calendar.calendar();
      const dueAt = calendar.addWorkingDays(now, await answerDays(db, agencyId));
      const row = await transact(req, async (tx, audit) => {
        const [q] = await tx
          .insert(questions)
          .values({
            procedureId: procedure.id,
            dossierId: b.dossierId ?? null,
            agencyId: agencyId!,
            askerAccountId: p?.accountId ?? null,
            askerName: b.name ?? p!.displayName,
            askerContact: b.contact ?? null,
            body: b.body,
            askedAt: now,
            dueAt,
          })
          .returning();
        await audit({
          action: 'question.ask',
          targetType: 'question',
          targetId: q!.id,
          details: { procedureId: procedure.id, dueAt: dueAt.toISOString() },
          scope: { agencyId: agencyId! },
        });
        return q!;
      });
      return reply.code(201).send(view(row, now));
    },
  );

  app.get(
    '/api/questions',
    {
      schema: {
        tags,
        summary: 'Hàng đợi câu hỏi của cơ quan — the questions queue (the caller’s agencies)',
        querystring: Type.Object({
          status: Type.Optional(StringEnum(['open', 'answered'] as const)),
          overdue: Type.Optional(Type.Boolean()),
          limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
          offset: Type.Integer({ minimum: 0, default: 0 }),
        }),
        response: { 200: Type.Object({ items: Type.Array(QuestionView) }), ...errorResponses(401, 403) },
      },
    },
    async (req) => {
      const { coverage } = await requireCoverage(req, 'questions.answer');
      const now = clock.now();
      const where: SQL[] = [];
      if (!coverage.province)
        where.push(coverage.agencyIds.length ? inArray(questions.agencyId, coverage.agencyIds) : sql`FALSE`);
      if (req.query.status) where.push(eq(questions.status, req.query.status));
      if (req.query.overdue)
        where.push(and(eq(questions.status, 'open'), sql`${questions.dueAt} < ${now.toISOString()}`)!);
      const rows = await db
        .select()
        .from(questions)
        .where(and(...where))
        .orderBy(asc(questions.dueAt))
        .limit(req.query.limit)
        .offset(req.query.offset);
      return { items: rows.map((q) => view(q, now)) };
    },
  );

  app.get(
    '/api/questions/mine',
    {
      schema: {
        tags,
        summary: 'Câu hỏi của tôi — my questions',
        response: { 200: Type.Object({ items: Type.Array(QuestionView) }), ...errorResponses(401) },
      },
    },
    async (req) => {
      const p = requireAuth(req);
      const rows = await db
        .select()
        .from(questions)
        .where(eq(questions.askerAccountId, p.accountId))
        .orderBy(desc(questions.askedAt))
        .limit(200);
      const now = clock.now();
      return { items: rows.map((q) => view(q, now)) };
    },
  );

  app.get(
    '/api/questions/stats',
    {
      schema: {
        tags,
        summary: 'Trả lời đúng hạn — questions answered on time, per agency',
        response: {
          200: Type.Object({
            rows: Type.Array(
              Type.Object({
                agencyId: Type.String(),
                asked: Type.Integer(),
                answered: Type.Integer(),
                onTime: Type.Integer(),
                late: Type.Integer(),
                openOverdue: Type.Integer(),
                published: Type.Integer(),
              }),
            ),
          }),
          ...errorResponses(401, 403),
        },
      },
    },
    async (req) => {
      const { coverage } = await requireCoverage(req, 'dossiers.stats');
      const now = clock.now().toISOString();
      const within = coverage.province
        ? sql`TRUE`
        : coverage.agencyIds.length
          ? inArray(questions.agencyId, coverage.agencyIds)
          : sql`FALSE`;
      const rows = await queryRows<{
        agency_id: string;
        asked: number;
        answered: number;
        on_time: number;
        late: number;
        open_overdue: number;
        published: number;
      }>(
        db,
        sql`SELECT agency_id, count(*)::int AS asked,
                 count(*) FILTER (WHERE status = 'answered')::int AS answered,
                 count(*) FILTER (WHERE status = 'answered' AND answered_at <= due_at)::int AS on_time,
                 count(*) FILTER (WHERE status = 'answered' AND answered_at > due_at)::int AS late,
                 count(*) FILTER (WHERE status = 'open' AND due_at < ${now})::int AS open_overdue,
                 count(*) FILTER (WHERE published)::int AS published
            FROM questions WHERE ${within} GROUP BY agency_id ORDER BY agency_id`,
      );
      return {
        rows: rows.map((r) => ({
          agencyId: r.agency_id,
          asked: Number(r.asked),
          answered: Number(r.answered),
          onTime: Number(r.on_time),
          late: Number(r.late),
          openOverdue: Number(r.open_overdue),
          published: Number(r.published),
        })),
      };
    },
  );

  /** A question the caller may handle (its agency's staff) or asked: others are told it does not exist. */
  async function readable(req: Parameters<typeof requireAuth>[0], id: string): Promise<Question> {
    const p = requireAuth(req);
    const [q] = await db.select().from(questions).where(eq(questions.id, id));
    if (!q) throw problems.notFound(questionWord, { code: 'question-not-found' });
    if (q.askerAccountId === p.accountId) return q;
    const { coverage } = await requireCoverage(req, 'questions.answer').catch(() => ({ coverage: null }));
    if (!coverage || !coverageReaches(coverage, { agencyId: q.agencyId }))
      throw problems.notFound(questionWord, { code: 'question-not-found' });
    return q;
  }

  app.get(
    '/api/questions/:id',
    {
      schema: {
        tags,
        summary: 'Một câu hỏi — one question',
        params: Type.Object({ id: Id }),
        response: { 200: QuestionView, ...errorResponses(401, 404) },
      },
    },
    async (req) => view(await readable(req, req.params.id), clock.now()),
  );

  app.post(
    '/api/questions/:id/answer',
    {
      schema: {
        tags,
        summary:
          'Trả lời câu hỏi — answer (the competent agency’s staff), optionally publishing it as a frequent question',
        params: Type.Object({ id: Id }),
        body: Type.Object(
          { answer: Type.String({ minLength: 5, maxLength: 8000 }), publish: Type.Optional(Type.Boolean()) },
          { additionalProperties: false },
        ),
        response: { 200: QuestionView, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (req) => {
      const [q0] = await db.select().from(questions).where(eq(questions.id, req.params.id));
      if (!q0) throw problems.notFound(questionWord, { code: 'question-not-found' });
      const p = await requirePermission(req, 'questions.answer', { agencyId: q0.agencyId });
      const now = clock.now();
      const row = await transact(req, async (tx, audit) => {
        const [u] = await tx
          .update(questions)
          .set({
            status: 'answered',
            answer: req.body.answer,
            answeredBy: p.accountId,
            answeredAt: now,
            ...(req.body.publish ? { published: true, publishedAt: now } : {}),
          })
          .where(and(eq(questions.id, q0.id), eq(questions.status, 'open')))
          .returning();
        if (!u)
          throw problems.conflict(
            { vi: 'Câu hỏi đã được trả lời.', en: 'The question is already answered.' },
            { code: 'already-answered' },
          );
        await audit({
          action: 'question.answer',
          targetType: 'question',
          targetId: u.id,
          details: { onTime: now <= u.dueAt, published: u.published },
        });
        return u;
      });
      return view(row, now);
    },
  );

  app.post(
    '/api/questions/:id/publish',
    {
      schema: {
        tags,
        summary:
          'Công khai (hoặc thôi công khai) câu trả lời trên trang thủ tục — publish or withdraw an answer as a frequent question',
        params: Type.Object({ id: Id }),
        body: Type.Object({ published: Type.Boolean() }, { additionalProperties: false }),
        response: { 200: QuestionView, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (req) => {
      const [q0] = await db.select().from(questions).where(eq(questions.id, req.params.id));
      if (!q0) throw problems.notFound(questionWord, { code: 'question-not-found' });
      await requirePermission(req, 'questions.answer', { agencyId: q0.agencyId });
      if (q0.status !== 'answered')
        throw problems.conflict(
          { vi: 'Chỉ công khai được câu hỏi đã có câu trả lời.', en: 'Only an answered question can be published.' },
          { code: 'not-answered' },
        );
      const now = clock.now();
      const row = await transact(req, async (tx, audit) => {
        const [u] = await tx
          .update(questions)
          .set({ published: req.body.published, publishedAt: req.body.published ? now : null })
          .where(eq(questions.id, q0.id))
          .returning();
        await audit({
          action: req.body.published ? 'question.publish' : 'question.unpublish',
          targetType: 'question',
          targetId: q0.id,
          details: {},
        });
        return u!;
      });
      return view(row, now);
    },
  );

  app.get(
    '/api/procedures/:idOrCode/questions',
    {
      schema: {
        tags,
        summary: 'Câu hỏi thường gặp của thủ tục — published questions and answers of a procedure',
        params: Type.Object({ idOrCode: Type.String({ minLength: 1, maxLength: 64 }) }),
        response: { 200: Type.Object({ items: Type.Array(PublishedView) }), ...errorResponses(404) },
      },
    },
    async (req) => {
      const procedure = await cachedProcedure(db, req.params.idOrCode);
      if (!procedure) throw problems.notFound(procedureWord);
      const rows = await db
        .select()
        .from(questions)
        .where(and(eq(questions.procedureId, procedure.id), eq(questions.published, true)))
        .orderBy(desc(questions.answeredAt))
        .limit(100);
      return {
        items: rows.map((q) => ({
          id: q.id,
          body: q.body,
          answer: q.answer!,
          answeredAt: q.answeredAt!.toISOString(),
          agencyId: q.agencyId,
        })),
      };
    },
  );
}
