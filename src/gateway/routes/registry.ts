/**
 * The registry (danh bạ thành viên và dịch vụ): members and the services they provide. Anyone may read the catalog
 * (it names services, never data); members and services are kept by the administrator of their agency (the
 * platform's and national members by the province's).
 */
import { and, asc, eq } from 'drizzle-orm';
import { Type } from 'typebox';
import {
  errorResponses,
  problems,
  requirePermission,
  transact,
  type App,
  type Db,
  PROVINCE,
  type Target,
} from '../../platform/index.js';
import type { Gateway } from '../context.js';
import { gatewayMembers, gatewayServices, type Service } from '../schema.js';
import { Id, MemberBody, MemberView, ServiceBody, ServiceDetail, ServicePatch, ServiceView, tags } from './views.js';
import { agencies } from '../../directory/index.js';

export const targetOf = (agencyId: string | null | undefined): Target => (agencyId ? { agencyId } : PROVINCE);

export function serviceView(s: Service, m: { code: string; name: string }, prefix: string) {
  return {
    id: s.id,
    memberId: s.memberId,
    memberCode: m.code,
    memberName: m.name,
    code: s.code,
    name: s.name,
    description: s.description,
    path: `${prefix}/${encodeURIComponent(m.code)}/${encodeURIComponent(s.code)}`,
    version: s.version,
    ownerAgencyId: s.ownerAgencyId,
    classification: s.classification,
    personalData: s.personalData,
    bodyLimit: s.bodyLimit,
    timeoutMs: s.timeoutMs,
    logBodies: s.logBodies,
    retentionDays: s.retentionDays,
    alertErrorRate: s.alertErrorRate,
    alertP95Ms: s.alertP95Ms,
    active: s.active,
    hasOpenapi: s.openapi !== null,
  };
}

export async function loadService(db: Db, id: string) {
  const [r] = await db
    .select({ s: gatewayServices, m: gatewayMembers })
    .from(gatewayServices)
    .innerJoin(gatewayMembers, eq(gatewayMembers.id, gatewayServices.memberId))
    .where(eq(gatewayServices.id, id));
  if (!r) throw problems.notFound({ vi: 'dịch vụ', en: 'Service' });
  return r;
}

export async function loadMember(db: Db, id: string) {
  const [m] = await db.select().from(gatewayMembers).where(eq(gatewayMembers.id, id));
  if (!m) throw problems.notFound({ vi: 'thành viên', en: 'Member' });
  return m;
}

function checkOpenapi(doc: Record<string, unknown> | null | undefined) {
  if (doc && typeof doc.openapi !== 'string' && typeof doc.swagger !== 'string')
    throw problems.invalidField('/body/openapi', {
      vi: 'Mô tả OpenAPI phải có trường "openapi" (3.x) hoặc "swagger" (2.0).',
      en: 'An OpenAPI description needs an "openapi" (3.x) or "swagger" (2.0) field.',
    });
}

export async function registryRoutes(app: App, gw: Gateway) {
  const db = app.ctx.db;
  const prefix = gw.config.prefix;

  app.get(
    '/api/gateway/members',
    {
      schema: {
        tags,
        summary: 'Thành viên của nền tảng tích hợp — members (agencies and their systems)',
        response: { 200: Type.Array(MemberView) },
      },
    },
    async () =>
      db
        .select({
          id: gatewayMembers.id,
          code: gatewayMembers.code,
          name: gatewayMembers.name,
          kind: gatewayMembers.kind,
          agencyId: gatewayMembers.agencyId,
          active: gatewayMembers.active,
        })
        .from(gatewayMembers)
        .orderBy(asc(gatewayMembers.code)),
  );

  app.post(
    '/api/gateway/members',
    {
      schema: {
        tags,
        summary: 'Đăng ký thành viên — register an agency or one of its information systems',
        body: MemberBody,
        response: { 201: MemberView, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (req, reply) => {
      const b = req.body;
      let code: string;
      let agencyId: string | null = null;
      if (b.kind === 'agency' || b.kind === 'system') {
        if (!b.agencyId)
          throw problems.invalidField(
            '/body/agencyId',
            { vi: 'Cần chọn cơ quan.', en: 'The agency is required.' },
            'required',
          );
        const [a] = await db
          .select({ id: agencies.id, code: agencies.code })
          .from(agencies)
          .where(eq(agencies.id, b.agencyId));
        if (!a) throw problems.notFound({ vi: 'cơ quan', en: 'Agency' });
        agencyId = a.id;
        if (b.kind === 'system' && !b.code)
          throw problems.invalidField(
            '/body/code',
            { vi: 'Cần mã hệ thống.', en: 'The system code is required.' },
            'required',
          );
        // Mã định danh điện tử of the agency as the directory holds it; a system is named under it.
        code = b.kind === 'agency' ? a.code : `${a.code}:${b.code}`;
      } else {
        if (!b.code)
          throw problems.invalidField(
            '/body/code',
            { vi: 'Cần mã thành viên.', en: 'The member code is required.' },
            'required',
          );
        code = b.code;
      }
      await requirePermission(req, 'gateway.manage', targetOf(agencyId));
      const [exists] = await db
        .select({ id: gatewayMembers.id })
        .from(gatewayMembers)
        .where(eq(gatewayMembers.code, code));
      if (exists)
        throw problems.conflict(
          { vi: `Thành viên ${code} đã có.`, en: `Member ${code} already exists.` },
          { code: 'member-exists' },
        );
      const m = await transact(req, async (tx, audit) => {
        const [m] = await tx.insert(gatewayMembers).values({ code, name: b.name, kind: b.kind, agencyId }).returning();
        await audit({
          action: 'gateway.member.create',
          targetType: 'gateway_member',
          targetId: m!.id,
          details: { code, kind: b.kind },
        });
        return m!;
      });
      gw.registry.invalidate();
      return reply
        .code(201)
        .send({ id: m.id, code: m.code, name: m.name, kind: m.kind, agencyId: m.agencyId, active: m.active });
    },
  );

  app.get(
    '/api/gateway/services',
    {
      schema: {
        tags,
        summary: 'Danh mục dịch vụ chia sẻ — the service catalog',
        querystring: Type.Object({ q: Type.Optional(Type.String({ maxLength: 200 })) }),
        response: { 200: Type.Array(ServiceView) },
      },
    },
    async (req) => {
      const rows = await db
        .select({ s: gatewayServices, m: gatewayMembers })
        .from(gatewayServices)
        .innerJoin(gatewayMembers, eq(gatewayMembers.id, gatewayServices.memberId))
        .where(and(eq(gatewayServices.active, true), eq(gatewayMembers.active, true)))
        .orderBy(asc(gatewayMembers.code), asc(gatewayServices.code));
      const q = req.query.q?.toLocaleLowerCase('vi');
      return rows
        .filter(
          (r) => !q || `${r.s.name} ${r.s.code} ${r.m.name} ${r.s.description}`.toLocaleLowerCase('vi').includes(q),
        )
        .map((r) => serviceView(r.s, r.m, prefix));
    },
  );

  app.get(
    '/api/gateway/services/:id',
    {
      schema: {
        tags,
        summary: 'Một dịch vụ và mô tả OpenAPI — one service with its OpenAPI description',
        params: Type.Object({ id: Id }),
        response: { 200: ServiceDetail, ...errorResponses(404) },
      },
    },
    async (req) => {
      const { s, m } = await loadService(db, req.params.id);
      return { ...serviceView(s, m, prefix), baseUrl: s.baseUrl, openapi: s.openapi };
    },
  );

  app.post(
    '/api/gateway/services',
    {
      schema: {
        tags,
        summary: 'Đăng ký dịch vụ — register a service a member provides',
        body: ServiceBody,
        response: { 201: ServiceView, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (req, reply) => {
      const b = req.body;
      const m = await loadMember(db, b.memberId);
      await requirePermission(req, 'gateway.manage', targetOf(m.agencyId));
      checkOpenapi(b.openapi as Record<string, unknown> | null | undefined);
      const [dup] = await db
        .select({ id: gatewayServices.id })
        .from(gatewayServices)
        .where(and(eq(gatewayServices.memberId, m.id), eq(gatewayServices.code, b.code)));
      if (dup)
        throw problems.conflict(
          { vi: `Dịch vụ ${b.code} đã có.`, en: `Service ${b.code} already exists.` },
          { code: 'service-exists' },
        );
      const s = await transact(req, async (tx, audit) => {
        const [s] = await tx
          .insert(gatewayServices)
          .values({ ...b, openapi: b.openapi as Record<string, unknown> | null | undefined, ownerAgencyId: m.agencyId })
          .returning();
        await audit({
          action: 'gateway.service.create',
          targetType: 'gateway_service',
          targetId: s!.id,
          details: { member: m.code, code: b.code, baseUrl: b.baseUrl, classification: s!.classification },
        });
        return s!;
      });
      gw.registry.invalidate();
      return reply.code(201).send(serviceView(s, m, prefix));
    },
  );

  app.patch(
    '/api/gateway/services/:id',
    {
      schema: {
        tags,
        summary: 'Sửa dịch vụ — change a service (URL, limits, classification, log policy, thresholds)',
        params: Type.Object({ id: Id }),
        body: ServicePatch,
        response: { 200: ServiceView, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (req) => {
      const { s, m } = await loadService(db, req.params.id);
      await requirePermission(req, 'gateway.manage', targetOf(s.ownerAgencyId ?? m.agencyId));
      checkOpenapi(req.body.openapi as Record<string, unknown> | null | undefined);
      const after = await transact(req, async (tx, audit) => {
        const [after] = await tx
          .update(gatewayServices)
          .set({
            ...req.body,
            openapi: req.body.openapi as Record<string, unknown> | null | undefined,
            updatedAt: new Date(),
          })
          .where(eq(gatewayServices.id, s.id))
          .returning();
        await audit({
          action: 'gateway.service.update',
          targetType: 'gateway_service',
          targetId: s.id,
          details: { changed: Object.keys(req.body) },
        });
        return after!;
      });
      gw.registry.invalidate();
      return serviceView(after, m, prefix);
    },
  );
}
