/**
 * Monitoring for the provider's staff, the gateway's operator and the operations centre: statistics per service,
 * consumer and hour (the published view gateway_service_stats), alerts, the exchange log's metadata (never its
 * bodies), and the log's verification.
 */
import { sql } from 'drizzle-orm';
import { Type } from 'typebox';
import {
  coverageReaches,
  errorResponses,
  queryRows,
  requireCoverage,
  requirePermission,
  type App,
  PROVINCE,
} from '../../platform/index.js';
import type { Gateway } from '../context.js';
import { linkAll } from '../log/chain.js';
import { rfc3161Verifier, verifyExchangeLog } from '../log/verify.js';
import { Id, tags } from './views.js';

const Range = Type.Object({
  serviceId: Type.Optional(Id),
  consumerId: Type.Optional(Id),
  from: Type.Optional(Type.String({ format: 'date-time' })),
  to: Type.Optional(Type.String({ format: 'date-time' })),
});

export async function monitorRoutes(app: App, gw: Gateway) {
  const db = app.ctx.db;
  const day = 86_400_000;

  app.get(
    '/api/gateway/stats',
    {
      schema: {
        tags,
        summary: 'Thống kê theo dịch vụ, hệ thống khai thác và giờ — calls, errors, bytes, latency p50/p95',
        querystring: Range,
        response: {
          200: Type.Array(
            Type.Object({
              serviceId: Type.String(),
              serviceCode: Type.String(),
              consumerId: Type.Union([Type.String(), Type.Null()]),
              hour: Type.String(),
              calls: Type.Integer(),
              errors: Type.Integer(),
              bytesIn: Type.Number(),
              bytesOut: Type.Number(),
              latencyMsP50: Type.Number(),
              latencyMsP95: Type.Number(),
            }),
          ),
          ...errorResponses(400, 401, 403),
        },
      },
    },
    async (req) => {
      const { coverage } = await requireCoverage(req, 'gateway.monitor');
      const to = req.query.to ? new Date(req.query.to) : new Date();
      const from = req.query.from ? new Date(req.query.from) : new Date(to.getTime() - 7 * day);
      const rows = await queryRows<{
        service_id: string;
        service_code: string;
        provider_agency_id: string | null;
        consumer_id: string | null;
        hour: Date | string;
        calls: number;
        errors: number;
        bytes_in: string;
        bytes_out: string;
        latency_ms_p50: number;
        latency_ms_p95: number;
      }>(
        db,
        sql`SELECT * FROM gateway_service_stats WHERE hour >= date_trunc('hour', ${from.toISOString()}::timestamptz) AND hour <= ${to.toISOString()}::timestamptz
              ${req.query.serviceId ? sql`AND service_id = ${req.query.serviceId}` : sql``} ${req.query.consumerId ? sql`AND consumer_id = ${req.query.consumerId}` : sql``}
            ORDER BY hour DESC, service_code LIMIT 5000`,
      );
      return rows
        .filter((r) =>
          r.provider_agency_id ? coverageReaches(coverage, { agencyId: r.provider_agency_id }) : coverage.province,
        )
        .map((r) => ({
          serviceId: r.service_id,
          serviceCode: r.service_code,
          consumerId: r.consumer_id,
          hour: new Date(r.hour).toISOString(),
          calls: Number(r.calls),
          errors: Number(r.errors),
          bytesIn: Number(r.bytes_in),
          bytesOut: Number(r.bytes_out),
          latencyMsP50: Number(r.latency_ms_p50),
          latencyMsP95: Number(r.latency_ms_p95),
        }));
    },
  );

  app.get(
    '/api/gateway/alerts',
    {
      schema: {
        tags,
        summary: 'Cảnh báo vận hành — providers that crossed their error-rate or latency threshold',
        response: {
          200: Type.Array(
            Type.Object({
              id: Type.Integer(),
              serviceId: Type.String(),
              serviceCode: Type.String(),
              kind: Type.String(),
              value: Type.Number(),
              threshold: Type.Number(),
              calls: Type.Integer(),
              windowStart: Type.String(),
              at: Type.String(),
            }),
          ),
          ...errorResponses(401, 403),
        },
      },
    },
    async (req) => {
      const { coverage } = await requireCoverage(req, 'gateway.monitor');
      const rows = await queryRows<{
        id: number;
        service_id: string;
        code: string;
        owner: string | null;
        kind: string;
        value: number;
        threshold: number;
        calls: number;
        window_start: Date | string;
        at: Date | string;
      }>(
        db,
        sql`SELECT a.id, a.service_id, s.code, s.owner_agency_id AS owner, a.kind, a.value, a.threshold, a.calls, a.window_start, a.at
              FROM gateway_alerts a JOIN gateway_services s ON s.id = a.service_id ORDER BY a.at DESC LIMIT 500`,
      );
      return rows
        .filter((r) => (r.owner ? coverageReaches(coverage, { agencyId: r.owner }) : coverage.province))
        .map((r) => ({
          id: Number(r.id),
          serviceId: r.service_id,
          serviceCode: r.code,
          kind: r.kind,
          value: Number(r.value),
          threshold: Number(r.threshold),
          calls: Number(r.calls),
          windowStart: new Date(r.window_start).toISOString(),
          at: new Date(r.at).toISOString(),
        }));
    },
  );

  app.get(
    '/api/gateway/log',
    {
      schema: {
        tags,
        summary: 'Nhật ký trao đổi (siêu dữ liệu) — the exchange log’s metadata, newest first',
        querystring: Type.Object({
          ...Range.properties,
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
        }),
        response: {
          200: Type.Array(
            Type.Object({
              seq: Type.Integer(),
              requestId: Type.String(),
              at: Type.String(),
              consumerId: Type.Union([Type.String(), Type.Null()]),
              serviceId: Type.Union([Type.String(), Type.Null()]),
              memberCode: Type.String(),
              serviceCode: Type.String(),
              method: Type.String(),
              path: Type.String(),
              status: Type.Integer(),
              outcome: Type.String(),
              refusal: Type.Union([Type.String(), Type.Null()]),
              bytesIn: Type.Number(),
              bytesOut: Type.Number(),
              latencyMs: Type.Number(),
              requestSha256: Type.String(),
              responseSha256: Type.String(),
              traceId: Type.String(),
            }),
          ),
          ...errorResponses(400, 401, 403),
        },
      },
    },
    async (req) => {
      // The log names consumers of every agency: the province's operator and auditors read it.
      await requirePermission(req, 'gateway.monitor', PROVINCE);
      const q = req.query;
      const rows = await queryRows<Record<string, unknown>>(
        db,
        sql`SELECT seq, request_id, at, consumer_id, service_id, member_code, service_code, method, path, status, outcome, refusal, bytes_in, bytes_out, latency_ms, request_sha256, response_sha256, trace_id
              FROM gateway_exchange_log WHERE true
              ${q.serviceId ? sql`AND service_id = ${q.serviceId}` : sql``} ${q.consumerId ? sql`AND consumer_id = ${q.consumerId}` : sql``}
              ${q.from ? sql`AND at >= ${q.from}::timestamptz` : sql``} ${q.to ? sql`AND at <= ${q.to}::timestamptz` : sql``}
             ORDER BY seq DESC LIMIT ${q.limit ?? 100}`,
      );
      return rows.map((r) => ({
        seq: Number(r.seq),
        requestId: r.request_id as string,
        at: new Date(r.at as string).toISOString(),
        consumerId: r.consumer_id as string | null,
        serviceId: r.service_id as string | null,
        memberCode: r.member_code as string,
        serviceCode: r.service_code as string,
        method: r.method as string,
        path: r.path as string,
        status: Number(r.status),
        outcome: r.outcome as string,
        refusal: r.refusal as string | null,
        bytesIn: Number(r.bytes_in),
        bytesOut: Number(r.bytes_out),
        latencyMs: Number(r.latency_ms),
        requestSha256: r.request_sha256 as string,
        responseSha256: r.response_sha256 as string,
        traceId: r.trace_id as string,
      }));
    },
  );

  app.get(
    '/api/gateway/log/verification',
    {
      schema: {
        tags,
        summary: 'Kiểm tra chuỗi băm và niêm phong của nhật ký — verify the log’s chain and seals',
        response: {
          200: Type.Object({
            valid: Type.Boolean(),
            links: Type.Integer(),
            rows: Type.Integer(),
            seals: Type.Integer(),
            problems: Type.Array(
              Type.Object({
                pos: Type.Optional(Type.Integer()),
                seq: Type.Optional(Type.Integer()),
                sealId: Type.Optional(Type.Integer()),
                reason: Type.String(),
              }),
            ),
          }),
          ...errorResponses(401, 403),
        },
      },
    },
    async (req) => {
      await requirePermission(req, 'audit.verify', PROVINCE);
      await linkAll(app.ctx.database);
      return verifyExchangeLog(app.ctx.database, { timestamps: rfc3161Verifier() });
    },
  );
  void gw;
}
