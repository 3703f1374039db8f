import { asc, eq } from 'drizzle-orm';
import { Type } from 'typebox';
import {
  errorResponses,
  problems,
  PROVINCE,
  requireCoverage,
  requirePermission,
  requireRoleFor,
  transact,
  type App,
  type Executor,
  StringEnum,
} from '../../platform/index.js';
import type { FastifyRequest } from 'fastify';
import { getAgency, getUnit } from '../../directory/index.js';
import {
  DEADLINE_UNITS,
  feedbackCategories,
  feedbackRoutingRules,
  type Category,
  type RoutingRule,
} from '../schema.js';
import { readSettings, writeSettings } from '../settings.js';
import { Nullable, tags } from './schemas.js';

const Id = Type.String({ format: 'uuid' });
const IdParams = Type.Object({ id: Id });

const CategoryFields = {
  code: Type.String({
    pattern: '^[a-z0-9][a-z0-9_-]{1,40}$',
    description: 'Stable code; also the Open311 service_code',
  }),
  nameVi: Type.String({ minLength: 1, maxLength: 200 }),
  nameEn: Type.String({ minLength: 1, maxLength: 200 }),
  descriptionVi: Nullable(Type.String({ maxLength: 2000 })),
  descriptionEn: Nullable(Type.String({ maxLength: 2000 })),
  groupName: Nullable(Type.String({ maxLength: 100 })),
  deadlineAmount: Type.Integer({ minimum: 1, maximum: 10_000 }),
  deadlineUnit: StringEnum(DEADLINE_UNITS),
  active: Type.Boolean(),
  demo: Type.Boolean(),
};
export const CategoryView = Type.Object({ id: Type.String(), ...CategoryFields });
const CategoryCreate = Type.Object(
  {
    ...CategoryFields,
    descriptionVi: Type.Optional(CategoryFields.descriptionVi),
    descriptionEn: Type.Optional(CategoryFields.descriptionEn),
    groupName: Type.Optional(CategoryFields.groupName),
    active: Type.Optional(Type.Boolean()),
    demo: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
const CategoryPatch = Type.Partial(Type.Object({ ...CategoryFields }), {
  additionalProperties: false,
  minProperties: 1,
});

const RuleFields = {
  categoryId: Id,
  unitId: Nullable(Id),
  agencyId: Id,
  priority: Type.Integer({ minimum: -1000, maximum: 1000 }),
  active: Type.Boolean(),
  demo: Type.Boolean(),
};
export const RuleView = Type.Object({ id: Type.String(), ...RuleFields });
const RuleCreate = Type.Object(
  {
    ...RuleFields,
    unitId: Type.Optional(RuleFields.unitId),
    priority: Type.Optional(RuleFields.priority),
    active: Type.Optional(Type.Boolean()),
    demo: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
const RulePatch = Type.Partial(Type.Object({ ...RuleFields }), { additionalProperties: false, minProperties: 1 });

const SettingsView = Type.Object({
  fallbackAgencyId: Nullable(Id),
  duplicateRadiusM: Type.Number({ minimum: 0, maximum: 5000 }),
  reopenDays: Type.Integer({ minimum: 0, maximum: 365 }),
  dueSoonWorkingHours: Type.Number({ minimum: 0, maximum: 200 }),
});

export const categoryView = (c: Category) => ({
  id: c.id,
  code: c.code,
  nameVi: c.nameVi,
  nameEn: c.nameEn,
  descriptionVi: c.descriptionVi,
  descriptionEn: c.descriptionEn,
  groupName: c.groupName,
  deadlineAmount: c.deadlineAmount,
  deadlineUnit: c.deadlineUnit,
  active: c.active,
  demo: c.demo,
});
const ruleView = (r: RoutingRule) => ({
  id: r.id,
  categoryId: r.categoryId,
  unitId: r.unitId,
  agencyId: r.agencyId,
  priority: r.priority,
  active: r.active,
  demo: r.demo,
});

async function checkRuleRefs(tx: Executor, r: { categoryId?: string; unitId?: string | null; agencyId?: string }) {
  if (r.categoryId) {
    const [c] = await tx
      .select({ id: feedbackCategories.id })
      .from(feedbackCategories)
      .where(eq(feedbackCategories.id, r.categoryId));
    if (!c)
      throw problems.invalidField(
        '/body/categoryId',
        { vi: 'Không có lĩnh vực này.', en: 'No such category.' },
        'unknown-category',
      );
  }
  if (r.unitId && !(await getUnit(tx, r.unitId)))
    throw problems.invalidField(
      '/body/unitId',
      { vi: 'Không có đơn vị hành chính này.', en: 'No such administrative unit.' },
      'unknown-unit',
    );
  if (r.agencyId && !(await getAgency(tx, r.agencyId)))
    throw problems.invalidField(
      '/body/agencyId',
      { vi: 'Không có cơ quan này.', en: 'No such agency.' },
      'unknown-agency',
    );
}

/**
 * A routing rule is judged where it applies (its unit; a rule for any unit is the province's) and
 * where it sends reports (its agency): a ward's administrator routes his ward's reports to agencies
 * he administers, not the province's reports to his ward.
 */
async function requireRuleScope(req: FastifyRequest, r: { unitId?: string | null; agencyId?: string }) {
  await requirePermission(req, 'feedback.manage', r.unitId ? { unitId: r.unitId } : PROVINCE);
  if (r.agencyId) await requirePermission(req, 'feedback.manage', { agencyId: r.agencyId });
}

const duplicateCode = (err: unknown) => {
  const msg = String(
    (err as { message?: string; cause?: { message?: string } })?.cause?.message ?? (err as Error)?.message ?? '',
  );
  if (/feedback_categories_code_uq|duplicate key/.test(msg))
    throw problems.conflict(
      { vi: 'Mã lĩnh vực đã tồn tại.', en: 'The category code is taken.' },
      { code: 'duplicate-code' },
    );
  throw err;
};

/** Categories, routing rules and settings: read by anyone (categories) or staff; changed by feedback.manage. */
export async function adminRoutes(app: App) {
  const db = app.ctx.db;
  const categoryWord = { vi: 'lĩnh vực', en: 'Category' };

  app.get(
    '/api/feedback/categories',
    {
      schema: {
        tags,
        summary: 'Lĩnh vực phản ánh — report categories (active ones unless all=true)',
        querystring: Type.Object({ all: Type.Boolean({ default: false }) }),
        response: { 200: Type.Array(CategoryView) },
      },
    },
    async (req) => {
      const rows = await db.select().from(feedbackCategories).orderBy(asc(feedbackCategories.code));
      return rows.filter((c) => req.query.all || c.active).map(categoryView);
    },
  );

  app.post(
    '/api/feedback/categories',
    {
      schema: {
        tags,
        summary: 'Thêm lĩnh vực — add a category',
        body: CategoryCreate,
        response: { 201: CategoryView, ...errorResponses(400, 401, 403, 409) },
      },
    },
    async (req, reply) => {
      // Categories and their deadlines hold for the whole province.
      await requirePermission(req, 'feedback.manage', PROVINCE);
      const row = await transact(req, async (tx, audit) => {
        const [c] = await tx.insert(feedbackCategories).values(req.body).returning().catch(duplicateCode);
        await audit({
          action: 'feedback.category.create',
          targetType: 'feedback_category',
          targetId: c!.id,
          details: { code: c!.code },
        });
        return c!;
      });
      return reply.code(201).send(categoryView(row));
    },
  );

  app.patch(
    '/api/feedback/categories/:id',
    {
      schema: {
        tags,
        summary: 'Sửa lĩnh vực — change a category',
        params: IdParams,
        body: CategoryPatch,
        response: { 200: CategoryView, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (req) => {
      await requirePermission(req, 'feedback.manage', PROVINCE);
      const row = await transact(req, async (tx, audit) => {
        const [c] = await tx
          .update(feedbackCategories)
          .set({ ...req.body, updatedAt: new Date() })
          .where(eq(feedbackCategories.id, req.params.id))
          .returning()
          .catch(duplicateCode);
        if (!c) throw problems.notFound(categoryWord);
        await audit({
          action: 'feedback.category.update',
          targetType: 'feedback_category',
          targetId: c.id,
          details: { changed: Object.keys(req.body) },
        });
        return c;
      });
      return categoryView(row);
    },
  );

  app.get(
    '/api/feedback/routing-rules',
    {
      schema: {
        tags,
        summary: 'Quy tắc chuyển xử lý — routing rules',
        querystring: Type.Object({ categoryId: Type.Optional(Id) }),
        response: { 200: Type.Array(RuleView), ...errorResponses(401, 403) },
      },
    },
    async (req) => {
      // An administrator sees the rules of the units his grants reach; the province's, every rule.
      const { coverage } = await requireCoverage(req, 'feedback.manage');
      const rows = await db
        .select()
        .from(feedbackRoutingRules)
        .where(req.query.categoryId ? eq(feedbackRoutingRules.categoryId, req.query.categoryId) : undefined)
        .orderBy(asc(feedbackRoutingRules.createdAt));
      return rows
        .filter((r) => coverage.province || (r.unitId !== null && coverage.unitIds.includes(r.unitId)))
        .map(ruleView);
    },
  );

  app.post(
    '/api/feedback/routing-rules',
    {
      schema: {
        tags,
        summary: 'Thêm quy tắc — add a routing rule (unit null = any unit)',
        body: RuleCreate,
        response: { 201: RuleView, ...errorResponses(400, 401, 403) },
      },
    },
    async (req, reply) => {
      requireRoleFor(req, 'feedback.manage');
      await checkRuleRefs(db, req.body);
      await requireRuleScope(req, req.body);
      const row = await transact(req, async (tx, audit) => {
        const [r] = await tx.insert(feedbackRoutingRules).values(req.body).returning();
        await audit({
          action: 'feedback.rule.create',
          targetType: 'feedback_rule',
          targetId: r!.id,
          details: ruleView(r!),
        });
        return r!;
      });
      return reply.code(201).send(ruleView(row));
    },
  );

  app.patch(
    '/api/feedback/routing-rules/:id',
    {
      schema: {
        tags,
        summary: 'Sửa quy tắc — change a routing rule',
        params: IdParams,
        body: RulePatch,
        response: { 200: RuleView, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (req) => {
      requireRoleFor(req, 'feedback.manage');
      const [current] = await db.select().from(feedbackRoutingRules).where(eq(feedbackRoutingRules.id, req.params.id));
      if (!current) throw problems.notFound({ vi: 'quy tắc', en: 'Rule' });
      await checkRuleRefs(db, req.body);
      // Judged as it is and as it will be: a rule cannot be moved out of one's scope or into it.
      await requireRuleScope(req, current);
      await requireRuleScope(req, {
        unitId: req.body.unitId === undefined ? current.unitId : req.body.unitId,
        agencyId: req.body.agencyId ?? current.agencyId,
      });
      return transact(req, async (tx, audit) => {
        const [r] = await tx
          .update(feedbackRoutingRules)
          .set({ ...req.body, updatedAt: new Date() })
          .where(eq(feedbackRoutingRules.id, req.params.id))
          .returning();
        if (!r) throw problems.notFound({ vi: 'quy tắc', en: 'Rule' });
        await audit({
          action: 'feedback.rule.update',
          targetType: 'feedback_rule',
          targetId: r.id,
          details: ruleView(r),
        });
        return ruleView(r);
      });
    },
  );

  app.delete(
    '/api/feedback/routing-rules/:id',
    {
      schema: {
        tags,
        summary: 'Xoá quy tắc — delete a routing rule',
        params: IdParams,
        response: { 204: Type.Null(), ...errorResponses(401, 403, 404) },
      },
    },
    async (req, reply) => {
      requireRoleFor(req, 'feedback.manage');
      const [current] = await db.select().from(feedbackRoutingRules).where(eq(feedbackRoutingRules.id, req.params.id));
      if (!current) throw problems.notFound({ vi: 'quy tắc', en: 'Rule' });
      await requireRuleScope(req, current);
      await transact(req, async (tx, audit) => {
        const [r] = await tx.delete(feedbackRoutingRules).where(eq(feedbackRoutingRules.id, req.params.id)).returning();
        if (!r) throw problems.notFound({ vi: 'quy tắc', en: 'Rule' });
        await audit({
          action: 'feedback.rule.delete',
          targetType: 'feedback_rule',
          targetId: r.id,
          details: ruleView(r),
        });
      });
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/api/feedback/settings',
    {
      schema: {
        tags,
        summary: 'Cấu hình phản ánh — settings',
        response: { 200: SettingsView, ...errorResponses(401, 403) },
      },
    },
    async (req) => {
      await requirePermission(req, 'feedback.manage', PROVINCE);
      return readSettings(db);
    },
  );

  app.put(
    '/api/feedback/settings',
    {
      schema: {
        tags,
        summary: 'Sửa cấu hình — change settings (fallback agency, duplicate radius, reopen period, due-soon)',
        body: Type.Partial(SettingsView, { additionalProperties: false }),
        response: { 200: SettingsView, ...errorResponses(400, 401, 403) },
      },
    },
    async (req) => {
      // The fallback agency, duplicate radius and reopening period hold for the whole province.
      await requirePermission(req, 'feedback.manage', PROVINCE);
      return transact(req, async (tx, audit) => {
        if (req.body.fallbackAgencyId && !(await getAgency(tx, req.body.fallbackAgencyId)))
          throw problems.invalidField(
            '/body/fallbackAgencyId',
            { vi: 'Không có cơ quan này.', en: 'No such agency.' },
            'unknown-agency',
          );
        const s = await writeSettings(tx, req.body);
        await audit({
          action: 'feedback.settings.update',
          targetType: 'feedback_settings',
          targetId: 'feedback',
          details: { ...req.body },
        });
        return s;
      });
    },
  );
}
