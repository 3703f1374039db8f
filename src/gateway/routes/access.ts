/**
 * Access rights (quyền khai thác): a consumer's owner asks for an operation on a service, with a purpose and an
 * expiry; the provider's owner approves (the rule is created in the same transaction) or refuses with a reason. Both
 * are audited. A provider's owner may also grant or revoke a rule directly. A decided request is not decided again (409).
 */
import { and, desc, eq, isNull } from 'drizzle-orm';
import type { FastifyRequest } from 'fastify';
import { Type, type Static } from 'typebox';
import {
  coverageOf,
  coverageReaches,
  errorResponses,
  problems,
  requireAuth,
  requirePermission,
  transact,
  type App,
} from '../../platform/index.js';
import type { Gateway } from '../context.js';
import {
  gatewayAccessRequests,
  gatewayAccessRules,
  gatewayConsumers,
  gatewayMembers,
  gatewayServices,
} from '../schema.js';
import { loadService, targetOf } from './registry.js';
import { AccessRequestBody, AccessRequestView, DecisionBody, Id, RuleBody, RuleView, tags } from './views.js';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export async function accessRoutes(app: App, gw: Gateway) {
  const db = app.ctx.db;

  async function consumerWithMember(id: string) {
    const [r] = await db
      .select({ c: gatewayConsumers, m: gatewayMembers })
      .from(gatewayConsumers)
      .innerJoin(gatewayMembers, eq(gatewayMembers.id, gatewayConsumers.memberId))
      .where(eq(gatewayConsumers.id, id));
    if (!r) throw problems.notFound({ vi: 'hệ thống khai thác', en: 'Consumer' });
    return r;
  }

  function checkExpiry(expiresAt: string | null | undefined): Date | null {
    if (!expiresAt) return null;
    const d = new Date(expiresAt);
    if (Number.isNaN(d.getTime()) || d.getTime() <= Date.now())
      throw problems.invalidField('/body/expiresAt', {
        vi: 'Thời hạn phải ở tương lai.',
        en: 'The expiry must be in the future.',
      });
    return d;
  }

  app.post(
    '/api/gateway/access-requests',
    {
      schema: {
        tags,
        summary: 'Đề nghị cấp quyền khai thác — ask a provider for access',
        body: AccessRequestBody,
        response: { 201: AccessRequestView, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (req, reply) => {
      const b = req.body;
      const { c, m } = await consumerWithMember(b.consumerId);
      const { s } = await loadService(db, b.serviceId);
      await requirePermission(req, 'gateway.consume', targetOf(m.agencyId));
      const expiresAt = checkExpiry(b.expiresAt);
      const r = await transact(req, async (tx, audit) => {
        const [r] = await tx
          .insert(gatewayAccessRequests)
          .values({
            consumerId: c.id,
            serviceId: s.id,
            methods: b.methods,
            pathPattern: b.pathPattern,
            purpose: b.purpose,
            expiresAt,
            requestedBy: req.principal!.accountId,
          })
          .returning();
        await audit({
          action: 'gateway.access.request',
          targetType: 'gateway_access_request',
          targetId: r!.id,
          details: {
            consumer: c.clientId,
            service: s.code,
            methods: b.methods,
            path: b.pathPattern,
            purpose: b.purpose,
          },
        });
        return r!;
      });
      return reply.code(201).send({
        ...r,
        consumerName: c.name,
        serviceName: s.name,
        expiresAt: iso(r.expiresAt),
        createdAt: r.createdAt.toISOString(),
        decidedAt: null,
      });
    },
  );

  app.get(
    '/api/gateway/access-requests',
    {
      schema: {
        tags,
        summary: 'Đề nghị cấp quyền: của mình và chờ mình duyệt — requests one made and requests one decides',
        querystring: Type.Object({ status: Type.Optional(Type.String({ maxLength: 20 })) }),
        response: { 200: Type.Array(AccessRequestView), ...errorResponses(401) },
      },
    },
    async (req) => {
      const p = requireAuth(req);
      const [asker, decider] = await Promise.all([
        coverageOf(p, 'gateway.consume', app.ctx.scopes),
        coverageOf(p, 'gateway.approve', app.ctx.scopes),
      ]);
      const rows = await db
        .select({
          r: gatewayAccessRequests,
          consumerName: gatewayConsumers.name,
          consumerAgency: gatewayMembers.agencyId,
          serviceName: gatewayServices.name,
          serviceAgency: gatewayServices.ownerAgencyId,
        })
        .from(gatewayAccessRequests)
        .innerJoin(gatewayConsumers, eq(gatewayConsumers.id, gatewayAccessRequests.consumerId))
        .innerJoin(gatewayMembers, eq(gatewayMembers.id, gatewayConsumers.memberId))
        .innerJoin(gatewayServices, eq(gatewayServices.id, gatewayAccessRequests.serviceId))
        .where(req.query.status ? eq(gatewayAccessRequests.status, req.query.status as 'pending') : undefined)
        .orderBy(desc(gatewayAccessRequests.createdAt))
        .limit(500);
      const reach = (c: typeof asker, agencyId: string | null) =>
        agencyId ? coverageReaches(c, { agencyId }) : c.province;
      return rows
        .filter((x) => reach(asker, x.consumerAgency) || reach(decider, x.serviceAgency))
        .map(({ r, consumerName, serviceName }) => ({
          ...r,
          consumerName,
          serviceName,
          expiresAt: iso(r.expiresAt),
          createdAt: r.createdAt.toISOString(),
          decidedAt: iso(r.decidedAt),
        }));
    },
  );

  const decide =
    (approve: boolean) =>
    async (req: FastifyRequest<{ Params: { id: string }; Body: Static<typeof DecisionBody> | undefined }>) => {
      const [r] = await db.select().from(gatewayAccessRequests).where(eq(gatewayAccessRequests.id, req.params.id));
      if (!r) throw problems.notFound({ vi: 'đề nghị', en: 'Access request' });
      const { s, m } = await loadService(db, r.serviceId);
      await requirePermission(req, 'gateway.approve', targetOf(s.ownerAgencyId ?? m.agencyId));
      if (!approve && !req.body?.reason?.trim())
        throw problems.invalidField(
          '/body/reason',
          { vi: 'Cần nêu lý do từ chối.', en: 'A reason is required to refuse.' },
          'required',
        );
      const out = await transact(req, async (tx, audit) => {
        const [after] = await tx
          .update(gatewayAccessRequests)
          .set({
            status: approve ? 'approved' : 'refused',
            decidedBy: req.principal!.accountId,
            decidedAt: new Date(),
            reason: req.body?.reason ?? null,
          })
          .where(and(eq(gatewayAccessRequests.id, r.id), eq(gatewayAccessRequests.status, 'pending')))
          .returning();
        if (!after)
          throw problems.conflict(
            { vi: 'Đề nghị đã được xử lý.', en: 'The request has already been decided.' },
            { code: 'already-decided', extra: { status: r.status } },
          );
        let ruleId: string | null = null;
        if (approve) {
          const [rule] = await tx
            .insert(gatewayAccessRules)
            .values({
              consumerId: r.consumerId,
              serviceId: r.serviceId,
              methods: r.methods,
              pathPattern: r.pathPattern,
              purpose: r.purpose,
              expiresAt: r.expiresAt,
              requestId: r.id,
              grantedBy: req.principal!.accountId,
            })
            .returning();
          ruleId = rule!.id;
        }
        await audit({
          action: approve ? 'gateway.access.approve' : 'gateway.access.refuse',
          targetType: 'gateway_access_request',
          targetId: r.id,
          details: { service: s.code, consumerId: r.consumerId, ruleId, reason: req.body?.reason ?? null },
        });
        return after;
      });
      gw.registry.invalidate();
      return { id: out.id, status: out.status };
    };
  const DecisionView = Type.Object({ id: Type.String(), status: Type.String() });
  app.post(
    '/api/gateway/access-requests/:id/approve',
    {
      schema: {
        tags,
        summary: 'Duyệt đề nghị (tạo quyền) — approve: the rule is created',
        params: Type.Object({ id: Id }),
        body: Type.Optional(DecisionBody),
        response: { 200: DecisionView, ...errorResponses(401, 403, 404, 409) },
      },
    },
    decide(true),
  );
  app.post(
    '/api/gateway/access-requests/:id/refuse',
    {
      schema: {
        tags,
        summary: 'Từ chối đề nghị, có lý do — refuse with a reason',
        params: Type.Object({ id: Id }),
        body: Type.Optional(DecisionBody),
        response: { 200: DecisionView, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    decide(false),
  );

  app.get(
    '/api/gateway/rules',
    {
      schema: {
        tags,
        summary: 'Quyền khai thác đang có — access rules of a consumer or a service',
        querystring: Type.Object({ consumerId: Type.Optional(Id), serviceId: Type.Optional(Id) }),
        response: { 200: Type.Array(RuleView), ...errorResponses(401, 403) },
      },
    },
    async (req) => {
      const p = requireAuth(req);
      const [asker, decider] = await Promise.all([
        coverageOf(p, 'gateway.consume', app.ctx.scopes),
        coverageOf(p, 'gateway.approve', app.ctx.scopes),
      ]);
      const rows = await db
        .select({
          r: gatewayAccessRules,
          consumerAgency: gatewayMembers.agencyId,
          serviceAgency: gatewayServices.ownerAgencyId,
        })
        .from(gatewayAccessRules)
        .innerJoin(gatewayConsumers, eq(gatewayConsumers.id, gatewayAccessRules.consumerId))
        .innerJoin(gatewayMembers, eq(gatewayMembers.id, gatewayConsumers.memberId))
        .innerJoin(gatewayServices, eq(gatewayServices.id, gatewayAccessRules.serviceId))
        .where(
          and(
            req.query.consumerId ? eq(gatewayAccessRules.consumerId, req.query.consumerId) : undefined,
            req.query.serviceId ? eq(gatewayAccessRules.serviceId, req.query.serviceId) : undefined,
          ),
        )
        .orderBy(desc(gatewayAccessRules.createdAt))
        .limit(1000);
      const reach = (c: typeof asker, agencyId: string | null) =>
        agencyId ? coverageReaches(c, { agencyId }) : c.province;
      return rows
        .filter((x) => reach(asker, x.consumerAgency) || reach(decider, x.serviceAgency))
        .map(({ r }) => ({
          ...r,
          expiresAt: iso(r.expiresAt),
          createdAt: r.createdAt.toISOString(),
          revokedAt: iso(r.revokedAt),
        }));
    },
  );

  app.post(
    '/api/gateway/rules',
    {
      schema: {
        tags,
        summary: 'Cấp quyền trực tiếp (bên cung cấp) — a provider grants a rule directly',
        body: RuleBody,
        response: { 201: RuleView, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (req, reply) => {
      const b = req.body;
      await consumerWithMember(b.consumerId);
      const { s, m } = await loadService(db, b.serviceId);
      await requirePermission(req, 'gateway.approve', targetOf(s.ownerAgencyId ?? m.agencyId));
      const expiresAt = checkExpiry(b.expiresAt);
      const r = await transact(req, async (tx, audit) => {
        const [r] = await tx
          .insert(gatewayAccessRules)
          .values({
            consumerId: b.consumerId,
            serviceId: s.id,
            methods: b.methods,
            pathPattern: b.pathPattern,
            purpose: b.purpose,
            expiresAt,
            grantedBy: req.principal!.accountId,
          })
          .returning();
        await audit({
          action: 'gateway.rule.grant',
          targetType: 'gateway_access_rule',
          targetId: r!.id,
          details: {
            service: s.code,
            consumerId: b.consumerId,
            methods: b.methods,
            path: b.pathPattern,
            purpose: b.purpose,
          },
        });
        return r!;
      });
      gw.registry.invalidate();
      return reply
        .code(201)
        .send({ ...r, expiresAt: iso(r.expiresAt), createdAt: r.createdAt.toISOString(), revokedAt: null });
    },
  );

  app.delete(
    '/api/gateway/rules/:id',
    {
      schema: {
        tags,
        summary: 'Thu hồi quyền — revoke a rule',
        params: Type.Object({ id: Id }),
        response: { 204: Type.Null(), ...errorResponses(401, 403, 404, 409) },
      },
    },
    async (req, reply) => {
      const [r] = await db.select().from(gatewayAccessRules).where(eq(gatewayAccessRules.id, req.params.id));
      if (!r) throw problems.notFound({ vi: 'quyền khai thác', en: 'Access rule' });
      const { s, m } = await loadService(db, r.serviceId);
      await requirePermission(req, 'gateway.approve', targetOf(s.ownerAgencyId ?? m.agencyId));
      await transact(req, async (tx, audit) => {
        const [after] = await tx
          .update(gatewayAccessRules)
          .set({ revokedAt: new Date() })
          .where(and(eq(gatewayAccessRules.id, r.id), isNull(gatewayAccessRules.revokedAt)))
          .returning();
        if (!after)
          throw problems.conflict(
            { vi: 'Quyền đã bị thu hồi.', en: 'The rule is already revoked.' },
            { code: 'already-revoked' },
          );
        await audit({
          action: 'gateway.rule.revoke',
          targetType: 'gateway_access_rule',
          targetId: r.id,
          details: { service: s.code, consumerId: r.consumerId },
        });
      });
      gw.registry.invalidate();
      return reply.code(204).send(null);
    },
  );
}
