/** Criteria sets: the tree with its data-quality warnings, the ranking, an agency's detail, answers and their review. */
import { and, eq } from 'drizzle-orm';
import { Type } from 'typebox';
import {
  errorResponses,
  problems,
  PROVINCE,
  requireCoverage,
  requirePermission,
  transact,
  type App,
} from '../../platform/index.js';
import { getAgency } from '../../directory/index.js';
import { reportingCriteria, reportingCriterionAnswers } from '../schema.js';
import {
  describeSet,
  getSet,
  listSets,
  rankWithLiveShare,
  rankAgencies,
  seedCriteriaSet,
} from '../criteria/service.js';
import { RuleError, score, validateRule } from '../criteria/rules.js';
import { periodOf } from '../indicators/periods.js';
import { sendTable } from '../exports.js';
import { checkEvidence, Evidence } from './evidence.js';
import { Format, Id, Key, Loose, tags, Year } from './common.js';
import type { SeedSet } from '../seed/types.js';
import { OWNER_AGENCY_CODE } from '../seed/constants.js';
import { agencyByCode } from '../../directory/index.js';

const SetParams = Type.Object({ key: Key });
const NodeIn = Type.Object(
  {
    code: Type.String({ pattern: '^[A-Za-z0-9.]{1,20}$' }),
    printedCode: Type.Optional(Type.String({ maxLength: 20 })),
    parent: Type.Optional(Type.Union([Type.String({ maxLength: 20 }), Type.Null()])),
    kind: Type.Union([Type.Literal('group'), Type.Literal('criterion')]),
    title: Type.String({ minLength: 1, maxLength: 2000 }),
    ruleText: Type.Optional(Type.String({ maxLength: 4000 })),
    note: Type.Optional(Type.String({ maxLength: 4000 })),
    printedMax: Type.Union([Type.Number({ minimum: 0, maximum: 10_000 }), Type.Null()]),
    rule: Type.Optional(Loose),
    subject: Type.Optional(Type.Union([Type.Literal('agency'), Type.Literal('unit'), Type.Literal('province')])),
    source: Type.Optional(Loose),
  },
  { additionalProperties: false },
);
const SetIn = Type.Object(
  {
    key: Key,
    nameVi: Type.String({ minLength: 1, maxLength: 500 }),
    nameEn: Type.String({ minLength: 1, maxLength: 500 }),
    targetComputedShare: Type.Optional(Type.Number({ minimum: 0, maximum: 1 })),
    nodes: Type.Array(NodeIn, { minItems: 1, maxItems: 2000 }),
  },
  { additionalProperties: false },
);

export async function criteriaRoutes(app: App) {
  const db = app.ctx.db;

  app.get(
    '/api/reporting/criteria-sets',
    {
      schema: {
        tags,
        summary: 'Bộ tiêu chí — criteria sets with their share computed from data and warning count',
        response: { 200: Type.Any(), ...errorResponses(401, 403) },
      },
    },
    async (req) => {
      await requireCoverage(req, 'reporting.read');
      const out = [];
      for (const s of await listSets(db)) {
        const d = await describeSet(db, s);
        out.push({
          key: s.key,
          version: s.version,
          nameVi: s.nameVi,
          nameEn: s.nameEn,
          source: s.source,
          target: s.targetComputedShare,
          share: d.share,
          warnings: d.warnings.length,
        });
      }
      return out;
    },
  );

  app.get(
    '/api/reporting/criteria-sets/:key',
    {
      schema: {
        tags,
        summary: 'Cây tiêu chí — the tree as printed, rules, sources and data-quality warnings',
        params: SetParams,
        querystring: Type.Object({ format: Type.Optional(Format) }),
        response: { 200: Type.Any(), ...errorResponses(401, 403, 404) },
      },
    },
    async (req, reply) => {
      await requireCoverage(req, 'reporting.read');
      const s = await getSet(db, req.params.key);
      if (!s) throw problems.notFound({ vi: 'bộ tiêu chí', en: 'Criteria set' });
      const d = await describeSet(db, s);
      if (req.query.format)
        return sendTable(
          reply,
          req.query.format,
          s.key,
          s.nameVi,
          [
            { key: 'printedCode', label: 'STT', width: 8 },
            { key: 'title', label: 'Tiêu chí', width: 50 },
            { key: 'ruleText', label: 'Cách tính điểm', width: 50 },
            { key: 'printedMax', label: 'Điểm tối đa', width: 10 },
            { key: 'sourceText', label: 'Nguồn', width: 20 },
          ],
          d.rows.map((r) => ({
            ...r,
            sourceText: r.source?.kind === 'answer' ? 'Tự đánh giá + minh chứng' : r.source ? 'Dữ liệu' : '',
          })) as never,
        );
      return { ...d.set, rows: d.rows, warnings: d.warnings, share: d.share };
    },
  );

  app.get(
    '/api/reporting/criteria-sets/:key/ranking',
    {
      schema: {
        tags,
        summary: 'Xếp hạng — scores, ranks and year-on-year change of every assessed agency',
        params: SetParams,
        querystring: Type.Object({ year: Type.Optional(Year), format: Type.Optional(Format) }),
        response: { 200: Type.Any(), ...errorResponses(401, 403, 404) },
      },
    },
    async (req, reply) => {
      await requireCoverage(req, 'reporting.read');
      const s = await getSet(db, req.params.key);
      if (!s) throw problems.notFound({ vi: 'bộ tiêu chí', en: 'Criteria set' });
      const year = req.query.year ?? Number(periodOf('year').key);
      const { ranked, live } = await rankWithLiveShare(db, s, year);
      const d = await describeSet(db, s);
      if (req.query.format)
        return sendTable(
          reply,
          req.query.format,
          `xep-hang-${s.key}-${year}`,
          `Xếp hạng ${s.nameVi} năm ${year}`,
          [
            { key: 'rank', label: 'Hạng', width: 7 },
            { key: 'name', label: 'Cơ quan', width: 45 },
            { key: 'score', label: 'Điểm', width: 10 },
            { key: 'max', label: 'Tối đa', width: 10 },
            { key: 'previousYearRank', label: `Hạng ${year - 1}`, width: 10 },
            { key: 'computed', label: 'Tiêu chí từ dữ liệu', width: 12 },
          ],
          ranked as never,
          {
            subtitle: `Tỷ lệ tiêu chí tính từ dữ liệu: ${live.computedCriteria}/${live.criteria} (có nguồn dữ liệu: ${d.share.computedCriteria})`,
          },
        );
      return {
        set: { key: s.key, nameVi: s.nameVi, nameEn: s.nameEn, target: s.targetComputedShare },
        year,
        share: d.share,
        live,
        warnings: d.warnings.length,
        items: ranked,
      };
    },
  );

  app.get(
    '/api/reporting/criteria-sets/:key/agencies/:agencyId',
    {
      schema: {
        tags,
        summary: 'Điểm chi tiết của một cơ quan — one agency’s score per criterion',
        params: Type.Object({ key: Key, agencyId: Id }),
        querystring: Type.Object({ year: Type.Optional(Year) }),
        response: { 200: Type.Any(), ...errorResponses(401, 403, 404) },
      },
    },
    async (req) => {
      await requirePermission(req, 'reporting.read', { agencyId: req.params.agencyId });
      const s = await getSet(db, req.params.key);
      if (!s) throw problems.notFound({ vi: 'bộ tiêu chí', en: 'Criteria set' });
      const year = req.query.year ?? Number(periodOf('year').key);
      const ranked = await rankAgencies(db, s, year, { withDetail: true });
      const mine = ranked.find((r) => r.agencyId === req.params.agencyId);
      if (!mine) throw problems.notFound({ vi: 'cơ quan được đánh giá', en: 'Assessed agency' });
      const answers = await db
        .select()
        .from(reportingCriterionAnswers)
        .where(
          and(
            eq(reportingCriterionAnswers.setId, s.id),
            eq(reportingCriterionAnswers.agencyId, req.params.agencyId),
            eq(reportingCriterionAnswers.year, year),
          ),
        );
      return { ...mine, year, answers };
    },
  );

  app.post(
    '/api/reporting/criteria-sets',
    {
      schema: {
        tags,
        summary: 'Thêm bộ tiêu chí — add a criteria set (rules checked; an unknown rule kind is refused)',
        body: SetIn,
        response: {
          201: Type.Object({ key: Type.String(), nodes: Type.Integer() }),
          ...errorResponses(400, 401, 403, 409),
        },
      },
    },
    async (req, reply) => {
      await requirePermission(req, 'reporting.manage', PROVINCE);
      const b = req.body;
      const codes = new Set<string>();
      b.nodes.forEach((n, i) => {
        if (codes.has(n.code))
          throw problems.invalidField(`/body/nodes/${i}/code`, {
            vi: `Mã "${n.code}" bị trùng.`,
            en: `Code "${n.code}" is repeated.`,
          });
        codes.add(n.code);
        if (n.kind === 'criterion') {
          try {
            validateRule(n.rule, `/body/nodes/${i}/rule`);
          } catch (e) {
            if (e instanceof RuleError)
              throw problems.invalidField(
                e.path,
                {
                  vi: `Quy tắc chấm điểm của tiêu chí ${n.code} không hợp lệ: ${e.message}.`,
                  en: `The scoring rule of criterion ${n.code} is not valid: ${e.message}.`,
                },
                'rule',
              );
            throw e;
          }
        }
      });
      // A top-level node has no parent: null, left out, or "" (the validator coerces a JSON null to "" for this union).
      for (const n of b.nodes) n.parent = n.parent || null;
      b.nodes.forEach((n, i) => {
        if (n.parent != null && !codes.has(n.parent))
          throw problems.invalidField(`/body/nodes/${i}/parent`, {
            vi: `Không có nhóm "${n.parent}".`,
            en: `No group "${n.parent}".`,
          });
      });
      if (await getSet(db, b.key))
        throw problems.conflict(
          { vi: 'Mã bộ tiêu chí đã tồn tại.', en: 'The set key is taken.' },
          { code: 'duplicate-key' },
        );
      const set: SeedSet = {
        key: b.key,
        version: 1,
        nameVi: b.nameVi,
        nameEn: b.nameEn,
        source: 'admin',
        target: { computedShare: b.targetComputedShare ?? 0.8, textVi: '' },
        nodes: b.nodes.map((n, i) => ({
          code: n.code,
          printedCode: n.printedCode ?? n.code,
          parent: n.parent ?? null,
          kind: n.kind,
          title: n.title,
          ruleText: n.ruleText ?? '',
          note: n.note ?? '',
          printedMax: n.printedMax,
          line: i + 1,
          rule: n.rule as never,
          subject: n.subject ?? 'agency',
          source: (n.source as never) ?? (n.kind === 'criterion' ? { kind: 'answer', reviewer: 'owner' } : undefined),
        })),
      };
      await transact(req, async (tx, audit) => {
        await seedCriteriaSet(tx, set);
        await audit({
          action: 'reporting.criteria-set.create',
          targetType: 'reporting_criteria_set',
          targetId: null,
          details: { key: b.key, nodes: b.nodes.length },
        });
      });
      return reply.code(201).send({ key: b.key, nodes: b.nodes.length });
    },
  );

  app.put(
    '/api/reporting/criteria-sets/:key/answers/:code',
    {
      schema: {
        tags,
        summary:
          'Tự đánh giá — an agency answers a criterion for a year, with evidence (reviewed by the owning department)',
        params: Type.Object({ key: Key, code: Type.String({ pattern: '^[A-Za-z0-9.]{1,20}$' }) }),
        body: Type.Object(
          {
            agencyId: Id,
            year: Year,
            input: Type.Unknown({
              description: 'true/false, an option key, a count or ratio, or named counts, as the rule asks',
            }),
            evidence: Evidence,
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Any(), ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (req) => {
      await requirePermission(req, 'reporting.report', { agencyId: req.body.agencyId });
      const s = await getSet(db, req.params.key);
      if (!s) throw problems.notFound({ vi: 'bộ tiêu chí', en: 'Criteria set' });
      const [c] = await db
        .select()
        .from(reportingCriteria)
        .where(and(eq(reportingCriteria.setId, s.id), eq(reportingCriteria.code, req.params.code)));
      if (!c || c.kind !== 'criterion') throw problems.notFound({ vi: 'tiêu chí', en: 'Criterion' });
      if (c.source?.kind !== 'answer')
        throw problems.conflict(
          {
            vi: 'Tiêu chí này được tính từ dữ liệu, không tự đánh giá.',
            en: 'This criterion is computed from data, not answered.',
          },
          { code: 'computed-criterion' },
        );
      // The body is not coerced (a union of scalars would be): the shape is checked here, then against the rule.
      const input = req.body.input;
      const shapeOk =
        typeof input === 'boolean' ||
        (typeof input === 'string' && input.length <= 100) ||
        (typeof input === 'number' && Number.isFinite(input)) ||
        (!!input &&
          typeof input === 'object' &&
          !Array.isArray(input) &&
          Object.keys(input).length <= 40 &&
          Object.values(input).every((v) => typeof v === 'number' && Number.isFinite(v)));
      if (!shapeOk || score(c.rule!, c.printedMax ?? 0, input as never) === null)
        throw problems.invalidField('/body/input', {
          vi: `Câu trả lời không phù hợp quy tắc "${c.rule!.kind}" của tiêu chí.`,
          en: `The answer does not fit the criterion's "${c.rule!.kind}" rule.`,
        });
      const ev = await checkEvidence(app, req.body.evidence);
      return transact(req, async (tx, audit) => {
        const [prev] = await tx
          .select()
          .from(reportingCriterionAnswers)
          .where(
            and(
              eq(reportingCriterionAnswers.setId, s.id),
              eq(reportingCriterionAnswers.code, c.code),
              eq(reportingCriterionAnswers.agencyId, req.body.agencyId),
              eq(reportingCriterionAnswers.year, req.body.year),
            ),
          );
        if (prev?.status === 'approved')
          throw problems.conflict(
            { vi: 'Câu trả lời đã được duyệt.', en: 'The answer is already approved.' },
            { code: 'illegal-transition' },
          );
        const values = {
          input: req.body.input,
          evidenceSha256: ev.sha256,
          evidenceUrl: ev.url,
          status: 'submitted' as const,
          answeredBy: req.principal!.accountId,
          reason: null,
          updatedAt: new Date(),
        };
        const [row] = await tx
          .insert(reportingCriterionAnswers)
          .values({ setId: s.id, code: c.code, agencyId: req.body.agencyId, year: req.body.year, ...values })
          .onConflictDoUpdate({
            target: [
              reportingCriterionAnswers.setId,
              reportingCriterionAnswers.code,
              reportingCriterionAnswers.agencyId,
              reportingCriterionAnswers.year,
            ],
            set: values,
          })
          .returning();
        await audit({
          action: 'reporting.answer.submit',
          targetType: 'reporting_criterion_answer',
          targetId: row!.id,
          details: { set: s.key, code: c.code, year: req.body.year },
        });
        return row;
      });
    },
  );

  app.post(
    '/api/reporting/criterion-answers/:id/:decision',
    {
      schema: {
        tags,
        summary: 'Duyệt tự đánh giá — the owning department approves or returns an answer',
        params: Type.Object({ id: Id, decision: Type.Union([Type.Literal('approve'), Type.Literal('return')]) }),
        body: Type.Object({ reason: Type.Optional(Type.String({ maxLength: 2000 })) }, { additionalProperties: false }),
        response: { 200: Type.Any(), ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (req) => {
      const owner = await agencyByCode(db, OWNER_AGENCY_CODE);
      if (!owner)
        throw problems.conflict({
          vi: 'Chưa có cơ quan chủ quản duyệt tiêu chí.',
          en: 'No owning department is set up.',
        });
      await requirePermission(req, 'reporting.approve', { agencyId: owner.id });
      const [a] = await db
        .select()
        .from(reportingCriterionAnswers)
        .where(eq(reportingCriterionAnswers.id, req.params.id));
      if (!a) throw problems.notFound({ vi: 'câu trả lời', en: 'Answer' });
      if (a.status !== 'submitted')
        throw problems.conflict(
          { vi: `Câu trả lời đang ở trạng thái "${a.status}".`, en: `The answer is "${a.status}".` },
          { code: 'illegal-transition' },
        );
      if (req.params.decision === 'return' && !req.body.reason?.trim())
        throw problems.invalidField('/body/reason', { vi: 'Cần nêu lý do trả lại.', en: 'A reason is required.' });
      return transact(req, async (tx, audit) => {
        const [row] = await tx
          .update(reportingCriterionAnswers)
          .set({
            status: req.params.decision === 'approve' ? 'approved' : 'returned',
            reviewedBy: req.principal!.accountId,
            reason: req.body.reason ?? null,
            updatedAt: new Date(),
          })
          .where(and(eq(reportingCriterionAnswers.id, a.id), eq(reportingCriterionAnswers.status, 'submitted')))
          .returning();
        if (!row) throw problems.conflict({ vi: 'Câu trả lời vừa thay đổi.', en: 'The answer changed meanwhile.' });
        await audit({
          action: `reporting.answer.${req.params.decision}`,
          targetType: 'reporting_criterion_answer',
          targetId: a.id,
          scope: { agencyId: a.agencyId },
        });
        return row;
      });
    },
  );
  void getAgency;
}
