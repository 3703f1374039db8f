/**
 * Consumers (hệ thống khai thác): a member's client systems, kept by that member's agency. The client secret is shown
 * once, when created or rotated; the database holds its hash. A client certificate (PEM) is held by its SHA-256 for
 * mutual TLS. Usage comes from the published statistics view.
 */
import crypto from 'node:crypto';
import { asc, eq, sql } from 'drizzle-orm';
import { Type } from 'typebox';
import {
  coverageReaches,
  errorResponses,
  problems,
  queryRows,
  requireCoverage,
  requirePermission,
  transact,
  type App,
} from '../../platform/index.js';
import type { Gateway } from '../context.js';
import { gatewayConsumers, gatewayMembers, type Consumer } from '../schema.js';
import { hashSecret, newSecret } from '../tokens.js';
import { loadMember, targetOf } from './registry.js';
import { ConsumerBody, ConsumerPatch, ConsumerView, Id, tags } from './views.js';

const view = (c: Consumer, memberCode: string) => ({
  id: c.id,
  memberId: c.memberId,
  memberCode,
  name: c.name,
  clientId: c.clientId,
  hasSecret: c.secretHash !== null,
  certSha256: c.certSha256,
  rateMax: c.rateMax,
  rateWindowMs: c.rateWindowMs,
  dailyQuota: c.dailyQuota,
  active: c.active,
  createdAt: c.createdAt.toISOString(),
});

function certFingerprint(pem: string): string {
  try {
    return crypto.createHash('sha256').update(new crypto.X509Certificate(pem).raw).digest('hex');
  } catch {
    throw problems.invalidField(
      '/body/certificatePem',
      { vi: 'Chứng thư số (PEM) không đọc được.', en: 'The certificate (PEM) could not be read.' },
      'invalid-certificate',
    );
  }
}

const WithSecret = Type.Intersect([
  ConsumerView,
  Type.Object({ clientSecret: Type.String({ description: 'Chỉ hiện một lần — shown once' }) }),
]);

export async function consumerRoutes(app: App, gw: Gateway) {
  const db = app.ctx.db;

  async function loadConsumer(id: string) {
    const [r] = await db
      .select({ c: gatewayConsumers, m: gatewayMembers })
      .from(gatewayConsumers)
      .innerJoin(gatewayMembers, eq(gatewayMembers.id, gatewayConsumers.memberId))
      .where(eq(gatewayConsumers.id, id));
    if (!r) throw problems.notFound({ vi: 'hệ thống khai thác', en: 'Consumer' });
    return r;
  }

  app.get(
    '/api/gateway/consumers',
    {
      schema: {
        tags,
        summary: 'Hệ thống khai thác của đơn vị mình — the consumers one’s agencies run',
        response: { 200: Type.Array(ConsumerView), ...errorResponses(401, 403) },
      },
    },
    async (req) => {
      const { coverage } = await requireCoverage(req, 'gateway.consume');
      const rows = await db
        .select({ c: gatewayConsumers, m: gatewayMembers })
        .from(gatewayConsumers)
        .innerJoin(gatewayMembers, eq(gatewayMembers.id, gatewayConsumers.memberId))
        .orderBy(asc(gatewayConsumers.name));
      return rows
        .filter((r) => coverageReaches(coverage, { agencyId: r.m.agencyId }) && (r.m.agencyId || coverage.province))
        .map((r) => view(r.c, r.m.code));
    },
  );

  app.post(
    '/api/gateway/consumers',
    {
      schema: {
        tags,
        summary: 'Tạo hệ thống khai thác (client id và khoá bí mật) — create a consumer with OAuth client credentials',
        body: ConsumerBody,
        response: { 201: WithSecret, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (req, reply) => {
      const m = await loadMember(db, req.body.memberId);
      await requirePermission(req, 'gateway.consume', targetOf(m.agencyId));
      const cert = req.body.certificatePem ? certFingerprint(req.body.certificatePem) : null;
      if (cert) {
        const [dup] = await db
          .select({ id: gatewayConsumers.id })
          .from(gatewayConsumers)
          .where(eq(gatewayConsumers.certSha256, cert));
        if (dup)
          throw problems.conflict(
            { vi: 'Chứng thư số này đã gắn với hệ thống khác.', en: 'This certificate belongs to another consumer.' },
            { code: 'certificate-taken' },
          );
      }
      const secret = newSecret();
      const clientId = `${m.code.replace(/[^A-Za-z0-9.]/g, '-').toLowerCase()}.${crypto.randomBytes(6).toString('hex')}`;
      const c = await transact(req, async (tx, audit) => {
        const [c] = await tx
          .insert(gatewayConsumers)
          .values({ memberId: m.id, name: req.body.name, clientId, secretHash: hashSecret(secret), certSha256: cert })
          .returning();
        await audit({
          action: 'gateway.consumer.create',
          targetType: 'gateway_consumer',
          targetId: c!.id,
          details: { member: m.code, clientId, certificate: cert },
        });
        return c!;
      });
      gw.registry.invalidate();
      return reply.code(201).send({ ...view(c, m.code), clientSecret: secret });
    },
  );

  app.patch(
    '/api/gateway/consumers/:id',
    {
      schema: {
        tags,
        summary: 'Sửa hệ thống khai thác: chứng thư, hạn mức, khoá — change a consumer (certificate, limits, enabled)',
        params: Type.Object({ id: Id }),
        body: ConsumerPatch,
        response: { 200: ConsumerView, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (req) => {
      const { c, m } = await loadConsumer(req.params.id);
      await requirePermission(req, 'gateway.consume', targetOf(m.agencyId));
      const { certificatePem, rateMax, rateWindowMs, dailyQuota, ...rest } = req.body;
      // Limits are the gateway operator's: the consumer's own staff may not raise them.
      if (rateMax !== undefined || rateWindowMs !== undefined || dailyQuota !== undefined)
        await requirePermission(req, 'gateway.manage', targetOf(m.agencyId));
      const cert =
        certificatePem === undefined ? undefined : certificatePem === null ? null : certFingerprint(certificatePem);
      const after = await transact(req, async (tx, audit) => {
        const [after] = await tx
          .update(gatewayConsumers)
          .set({
            ...rest,
            ...(rateMax !== undefined ? { rateMax } : {}),
            ...(rateWindowMs !== undefined ? { rateWindowMs } : {}),
            ...(dailyQuota !== undefined ? { dailyQuota } : {}),
            ...(cert !== undefined ? { certSha256: cert } : {}),
          })
          .where(eq(gatewayConsumers.id, c.id))
          .returning();
        await audit({
          action: 'gateway.consumer.update',
          targetType: 'gateway_consumer',
          targetId: c.id,
          details: { changed: Object.keys(req.body) },
        });
        return after!;
      }).catch((e: unknown) => {
        if (
          (e as { code?: string; cause?: { code?: string } }).code === '23505' ||
          (e as { cause?: { code?: string } }).cause?.code === '23505'
        )
          throw problems.conflict(
            { vi: 'Chứng thư số này đã gắn với hệ thống khác.', en: 'This certificate belongs to another consumer.' },
            { code: 'certificate-taken' },
          );
        throw e;
      });
      gw.registry.invalidate();
      return view(after, m.code);
    },
  );

  app.post(
    '/api/gateway/consumers/:id/secret',
    {
      schema: {
        tags,
        summary: 'Cấp lại khoá bí mật — rotate the client secret (the old one stops working)',
        params: Type.Object({ id: Id }),
        response: { 200: WithSecret, ...errorResponses(401, 403, 404) },
      },
    },
    async (req) => {
      const { c, m } = await loadConsumer(req.params.id);
      await requirePermission(req, 'gateway.consume', targetOf(m.agencyId));
      const secret = newSecret();
      const after = await transact(req, async (tx, audit) => {
        const [after] = await tx
          .update(gatewayConsumers)
          .set({ secretHash: hashSecret(secret) })
          .where(eq(gatewayConsumers.id, c.id))
          .returning();
        await audit({
          action: 'gateway.consumer.rotate-secret',
          targetType: 'gateway_consumer',
          targetId: c.id,
          details: { clientId: c.clientId },
        });
        return after!;
      });
      gw.registry.invalidate();
      return { ...view(after, m.code), clientSecret: secret };
    },
  );

  app.get(
    '/api/gateway/consumers/:id/usage',
    {
      schema: {
        tags,
        summary: 'Mức sử dụng theo giờ (30 ngày) — a consumer’s calls, errors and latency per service and hour',
        params: Type.Object({ id: Id }),
        response: {
          200: Type.Array(
            Type.Object({
              serviceCode: Type.String(),
              hour: Type.String(),
              calls: Type.Integer(),
              errors: Type.Integer(),
              latencyMsP50: Type.Number(),
              latencyMsP95: Type.Number(),
            }),
          ),
          ...errorResponses(401, 403, 404),
        },
      },
    },
    async (req) => {
      const { c, m } = await loadConsumer(req.params.id);
      await requirePermission(req, 'gateway.consume', targetOf(m.agencyId));
      const rows = await queryRows<{
        service_code: string;
        hour: Date | string;
        calls: number;
        errors: number;
        p50: number;
        p95: number;
      }>(
        db,
        sql`SELECT service_code, hour, calls, errors, latency_ms_p50 AS p50, latency_ms_p95 AS p95 FROM gateway_service_stats
             WHERE consumer_id = ${c.id} AND hour > now() - interval '30 days' ORDER BY hour DESC, service_code LIMIT 2000`,
      );
      return rows.map((r) => ({
        serviceCode: r.service_code,
        hour: new Date(r.hour).toISOString(),
        calls: Number(r.calls),
        errors: Number(r.errors),
        latencyMsP50: Number(r.p50),
        latencyMsP95: Number(r.p95),
      }));
    },
  );
}
