import { Type } from 'typebox';
import {
  errorResponses,
  problems,
  requireCoverage,
  requirePermission,
  requireRoleFor,
  transact,
  type App,
  type Grant,
} from '../../platform/index.js';
import {
  addPersonGrant,
  checkGrant,
  createPerson,
  getPerson,
  listPeople,
  personGrant,
  removePersonGrant,
  updatePerson,
} from '../people.js';
import { getAgency } from '../agencies.js';
import {
  agencyTarget,
  conflictOnUnique,
  GrantInput,
  grantTarget,
  Id,
  invalidateScopes,
  Nullable,
  PersonView,
} from './views.js';

const tags = ['directory'];
const personWord = { vi: 'cán bộ', en: 'Person' };

const CreatePersonBody = Type.Object(
  {
    username: Type.String({
      pattern: '^[A-Za-z0-9][A-Za-z0-9._-]{2,49}$',
      description: 'Tên đăng nhập — 3–50 letters, digits, . _ -',
    }),
    displayName: Type.String({ minLength: 1, maxLength: 200 }),
    password: Type.String({ minLength: 1, maxLength: 200, description: 'Mật khẩu ban đầu — initial password' }),
    email: Type.Optional(Nullable(Type.String({ format: 'email', maxLength: 200 }))),
    phone: Type.Optional(Nullable(Type.String({ pattern: '^[0-9+ ().-]{6,20}$' }))),
    agencyId: Type.Optional(Nullable(Id)),
    position: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
    grants: Type.Optional(Type.Array(GrantInput, { maxItems: 20 })),
  },
  { additionalProperties: false },
);

const PatchPersonBody = Type.Object(
  {
    displayName: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    email: Type.Optional(Nullable(Type.String({ format: 'email', maxLength: 200 }))),
    phone: Type.Optional(Nullable(Type.String({ pattern: '^[0-9+ ().-]{6,20}$' }))),
    agencyId: Type.Optional(Nullable(Id)),
    position: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
    disabled: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false, minProperties: 1 },
);

const asGrant = (g: { role: Grant['role']; scopeKind: Grant['scopeKind']; scopeId?: string | null }): Grant => ({
  role: g.role,
  scopeKind: g.scopeKind,
  scopeId: g.scopeId ?? null,
});

export async function peopleRoutes(app: App) {
  const db = app.ctx.db;

  app.get(
    '/api/directory/people',
    {
      schema: {
        tags,
        summary: 'Danh sách cán bộ và quyền — people and their role grants',
        querystring: Type.Object({
          q: Type.Optional(Type.String({ maxLength: 100 })),
          agencyId: Type.Optional(Id),
          limit: Type.Integer({ minimum: 1, maximum: 500, default: 100 }),
          offset: Type.Integer({ minimum: 0, default: 0 }),
        }),
        response: {
          200: Type.Object({ items: Type.Array(PersonView), total: Type.Integer() }),
          ...errorResponses(400, 401, 403),
        },
      },
    },
    async (req) => {
      // Staff see the people of the agencies their grants reach; the province's staff see everyone.
      const { coverage } = await requireCoverage(req, 'directory.read-private');
      if (req.query.agencyId) await requirePermission(req, 'directory.read-private', { agencyId: req.query.agencyId });
      return listPeople(db, { ...req.query, withinAgencyIds: coverage.province ? undefined : coverage.agencyIds });
    },
  );

  app.get(
    '/api/directory/people/:id',
    {
      schema: {
        tags,
        summary: 'Một cán bộ — one person',
        params: Type.Object({ id: Id }),
        response: { 200: PersonView, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (req) => {
      requireRoleFor(req, 'directory.read-private');
      const p = await getPerson(db, req.params.id);
      if (!p) throw problems.notFound(personWord);
      await requirePermission(req, 'directory.read-private', agencyTarget(p.agencyId));
      return p;
    },
  );

  app.post(
    '/api/directory/people',
    {
      schema: {
        tags,
        summary: 'Thêm cán bộ — create an account with its profile and grants',
        body: CreatePersonBody,
        response: { 201: PersonView, ...errorResponses(400, 401, 403, 409) },
      },
    },
    async (req, reply) => {
      const me = requireRoleFor(req, 'directory.person.manage');
      const b = req.body;
      if (b.agencyId && !(await getAgency(db, b.agencyId)))
        throw problems.invalidField(
          '/body/agencyId',
          { vi: 'Không có cơ quan này.', en: 'There is no such agency.' },
          'unknown',
        );
      await requirePermission(req, 'directory.person.manage', agencyTarget(b.agencyId));
      const grants: Grant[] = [];
      for (const [i, g] of (b.grants ?? []).entries()) {
        const grant = await checkGrant(db, asGrant(g), `/body/grants/${i}`);
        await requirePermission(req, 'directory.grant.manage', grantTarget(grant, agencyTarget(b.agencyId)));
        grants.push(grant);
      }
      const person = await transact(req, async (tx, audit) => {
        const p = await createPerson(tx, { ...b, grants }, me.accountId);
        await audit({
          action: 'directory.person.create',
          targetType: 'person',
          targetId: p.id,
          details: {
            accountId: p.accountId,
            username: p.username,
            agencyId: p.agencyId,
            grants: p.grants.map(({ role, scopeKind, scopeId }) => ({ role, scopeKind, scopeId })),
          },
        });
        return p;
      }).catch(conflictOnUnique);
      return reply.code(201).send(person);
    },
  );

  app.patch(
    '/api/directory/people/:id',
    {
      schema: {
        tags,
        summary: 'Sửa hồ sơ cán bộ — update a person',
        params: Type.Object({ id: Id }),
        body: PatchPersonBody,
        response: { 200: PersonView, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (req) => {
      requireRoleFor(req, 'directory.person.manage');
      const current = await getPerson(db, req.params.id);
      if (!current) throw problems.notFound(personWord);
      await requirePermission(req, 'directory.person.manage', agencyTarget(current.agencyId));
      const b = req.body;
      // Moving a person is judged where they go as well (no agency at all is the province's).
      if (b.agencyId !== undefined && b.agencyId !== current.agencyId) {
        if (b.agencyId && !(await getAgency(db, b.agencyId)))
          throw problems.invalidField(
            '/body/agencyId',
            { vi: 'Không có cơ quan này.', en: 'There is no such agency.' },
            'unknown',
          );
        await requirePermission(req, 'directory.person.manage', agencyTarget(b.agencyId));
      }
      return transact(req, async (tx, audit) => {
        const { before, after } = await updatePerson(tx, current.id, b);
        const changes: Record<string, { from: unknown; to: unknown }> = {};
        for (const k of Object.keys(b) as (keyof typeof b)[])
          if (before[k] !== after[k]) changes[k] = { from: before[k], to: after[k] };
        await audit({
          action: 'directory.person.update',
          targetType: 'person',
          targetId: after.id,
          details: { accountId: after.accountId, changes },
        });
        return after;
      });
    },
  );

  app.post(
    '/api/directory/people/:id/grants',
    {
      schema: {
        tags,
        summary: 'Cấp quyền — grant a role within a scope (needs directory.grant.manage over that scope)',
        params: Type.Object({ id: Id }),
        body: GrantInput,
        response: { 201: PersonView, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (req, reply) => {
      const me = requireRoleFor(req, 'directory.grant.manage');
      const person = await getPerson(db, req.params.id);
      if (!person) throw problems.notFound(personWord);
      // Granting touches two scopes: the person's (whose account changes) and the grant's (what it opens).
      await requirePermission(req, 'directory.grant.manage', agencyTarget(person.agencyId));
      const grant = await checkGrant(db, asGrant(req.body));
      await requirePermission(req, 'directory.grant.manage', grantTarget(grant, agencyTarget(person.agencyId)));
      const after = await transact(req, async (tx, audit) => {
        const r = await addPersonGrant(tx, person.id, grant, me.accountId);
        await audit({
          action: 'directory.grant.add',
          targetType: 'role_grant',
          targetId: r.grant.id,
          details: {
            personId: person.id,
            accountId: person.accountId,
            role: grant.role,
            scopeKind: grant.scopeKind,
            scopeId: grant.scopeId,
          },
        });
        return r.person;
      });
      return reply.code(201).send(after);
    },
  );

  app.delete(
    '/api/directory/people/:id/grants/:grantId',
    {
      schema: {
        tags,
        summary: 'Thu hồi quyền — revoke a grant (kept as history)',
        params: Type.Object({ id: Id, grantId: Id }),
        response: { 204: Type.Null(), ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (req, reply) => {
      requireRoleFor(req, 'directory.grant.manage');
      const { person, grant } = await personGrant(db, req.params.id, req.params.grantId);
      await requirePermission(req, 'directory.grant.manage', agencyTarget(person.agencyId));
      await requirePermission(req, 'directory.grant.manage', grantTarget(grant, agencyTarget(person.agencyId)));
      await transact(req, async (tx, audit) => {
        const g = await removePersonGrant(tx, person.id, grant.id);
        await audit({
          action: 'directory.grant.revoke',
          targetType: 'role_grant',
          targetId: g.id,
          details: {
            personId: person.id,
            accountId: person.accountId,
            role: g.role,
            scopeKind: g.scopeKind,
            scopeId: g.scopeId,
          },
        });
      });
      invalidateScopes(req);
      return reply.code(204).send(null);
    },
  );
}
