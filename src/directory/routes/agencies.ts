import { Type } from 'typebox';
import {
  errorResponses,
  problems,
  PROVINCE,
  requirePermission,
  requireRoleFor,
  transact,
  type App,
  type Target,
} from '../../platform/index.js';
import { changedFields, checkRefs, createAgency, getAgency, listAgencies, updateAgency } from '../agencies.js';
import {
  agencyView,
  AgencyLevelSchema,
  AgencyView,
  conflictOnUnique,
  Id,
  IdParams,
  invalidateScopes,
  Nullable,
} from './views.js';

const tags = ['directory'];
const agencyWord = { vi: 'cơ quan', en: 'Agency' };

const Code = Type.String({
  minLength: 1,
  maxLength: 40,
  description: 'Mã định danh điện tử, dạng 000.00.00.H57 (QĐ 20/2020/QĐ-TTg)',
});
const Key = Type.String({ minLength: 2, maxLength: 32, description: 'Mã viết tắt, e.g. STP' });

const CreateAgencyBody = Type.Object(
  {
    code: Code,
    key: Type.Optional(Nullable(Key)),
    name: Type.String({ minLength: 1, maxLength: 300 }),
    shortName: Type.Optional(Nullable(Type.String({ maxLength: 150 }))),
    level: AgencyLevelSchema,
    parentId: Type.Optional(Nullable(Id)),
    unitId: Type.Optional(Nullable(Id)),
    demo: Type.Optional(Type.Boolean()),
    active: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);

const PatchAgencyBody = Type.Object(
  {
    code: Type.Optional(Code),
    key: Type.Optional(Nullable(Key)),
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 300 })),
    shortName: Type.Optional(Nullable(Type.String({ maxLength: 150 }))),
    level: Type.Optional(AgencyLevelSchema),
    parentId: Type.Optional(Nullable(Id)),
    unitId: Type.Optional(Nullable(Id)),
    demo: Type.Optional(Type.Boolean()),
    active: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false, minProperties: 1 },
);

const FIELDS = ['code', 'key', 'name', 'shortName', 'level', 'parentId', 'unitId', 'demo', 'active'] as const;

/** Where a new or moved agency sits: under its parent agency and in its unit; each must be within the caller's scope. */
/** Where a new agency is placed, each judged: under an agency, in a unit; neither makes it one of the province's own. */
function placement(parentId: string | null | undefined, unitId: string | null | undefined): Target[] {
  const out: Target[] = [];
  if (parentId) out.push({ agencyId: parentId });
  if (unitId) out.push({ unitId });
  return out.length ? out : [PROVINCE];
}

/** Where an agency moves: a new parent or unit is judged; detaching one (null) is the province's act. */
function moves(
  current: { parentId: string | null; unitId: string | null },
  b: { parentId?: string | null; unitId?: string | null },
): Target[] {
  const out: Target[] = [];
  if (b.parentId !== undefined && b.parentId !== current.parentId)
    out.push(b.parentId ? { agencyId: b.parentId } : PROVINCE);
  if (b.unitId !== undefined && b.unitId !== current.unitId) out.push(b.unitId ? { unitId: b.unitId } : PROVINCE);
  return out;
}

export async function agencyRoutes(app: App) {
  const db = app.ctx.db;

  app.get(
    '/api/directory/agencies',
    {
      schema: {
        tags,
        summary: 'Danh sách cơ quan — agencies (search, by unit, parent, level)',
        querystring: Type.Object({
          q: Type.Optional(Type.String({ maxLength: 100 })),
          unitId: Type.Optional(Id),
          parentId: Type.Optional(Id),
          level: Type.Optional(AgencyLevelSchema),
          active: Type.Optional(Type.Boolean()),
          limit: Type.Integer({ minimum: 1, maximum: 500, default: 50 }),
          offset: Type.Integer({ minimum: 0, default: 0 }),
        }),
        response: {
          200: Type.Object({ items: Type.Array(AgencyView), total: Type.Integer() }),
          ...errorResponses(400),
        },
      },
    },
    async (req) => {
      const { items, total } = await listAgencies(db, req.query);
      return { items: items.map(agencyView), total };
    },
  );

  app.get(
    '/api/directory/agencies/:id',
    {
      schema: {
        tags,
        summary: 'Một cơ quan — one agency',
        params: IdParams,
        response: { 200: AgencyView, ...errorResponses(400, 404) },
      },
    },
    async (req) => {
      const a = await getAgency(db, req.params.id);
      if (!a) throw problems.notFound(agencyWord);
      return agencyView(a);
    },
  );

  app.post(
    '/api/directory/agencies',
    {
      schema: {
        tags,
        summary: 'Thêm cơ quan — create an agency',
        body: CreateAgencyBody,
        response: { 201: AgencyView, ...errorResponses(400, 401, 403, 409) },
      },
    },
    async (req, reply) => {
      requireRoleFor(req, 'directory.agency.manage');
      const b = req.body;
      // An unknown parent or unit is a 400 before it is a question of scope.
      await checkRefs(db, b.parentId, b.unitId);
      for (const t of placement(b.parentId, b.unitId)) await requirePermission(req, 'directory.agency.manage', t);
      const agency = await transact(req, async (tx, audit) => {
        const a = await createAgency(tx, b);
        await audit({
          action: 'directory.agency.create',
          targetType: 'agency',
          targetId: a.id,
          details: { code: a.code, name: a.name, level: a.level, parentId: a.parentId, unitId: a.unitId },
        });
        return a;
      }).catch(conflictOnUnique);
      invalidateScopes(req);
      return reply.code(201).send(agencyView(agency));
    },
  );

  app.patch(
    '/api/directory/agencies/:id',
    {
      schema: {
        tags,
        summary: 'Sửa cơ quan — update an agency',
        params: IdParams,
        body: PatchAgencyBody,
        response: { 200: AgencyView, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (req) => {
      requireRoleFor(req, 'directory.agency.manage');
      const current = await getAgency(db, req.params.id);
      if (!current) throw problems.notFound(agencyWord);
      await requirePermission(req, 'directory.agency.manage', { agencyId: current.id });
      const b = req.body;
      await checkRefs(db, b.parentId, b.unitId);
      for (const t of moves(current, b)) await requirePermission(req, 'directory.agency.manage', t);
      const after = await transact(req, async (tx, audit) => {
        const { before, after } = await updateAgency(tx, current.id, b);
        await audit({
          action: 'directory.agency.update',
          targetType: 'agency',
          targetId: after.id,
          details: { changes: changedFields(before, after, FIELDS) },
        });
        return after;
      }).catch(conflictOnUnique);
      invalidateScopes(req);
      return agencyView(after);
    },
  );
}
