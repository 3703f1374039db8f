import { and, desc, eq, lt, type SQL } from 'drizzle-orm';
import { Type } from 'typebox';
import type { App } from '../http/app.js';
import { errorResponses } from '../http/schemas.js';
import { requirePermission } from '../auth/principal.js';
import { auditLog } from './schema.js';
import { verifyAuditChain } from './verify.js';

const AuditRow = Type.Object({
  seq: Type.Integer(),
  at: Type.String({ format: 'date-time' }),
  actorId: Type.Union([Type.String(), Type.Null()]),
  actorLabel: Type.String(),
  action: Type.String(),
  targetType: Type.String(),
  targetId: Type.Union([Type.String(), Type.Null()]),
  requestId: Type.Union([Type.String(), Type.Null()]),
  details: Type.Record(Type.String(), Type.Unknown()),
  hash: Type.String(),
});

export async function auditRoutes(app: App) {
  app.get('/api/audit', {
    schema: {
      tags: ['audit'],
      summary: 'Nhật ký kiểm toán — the audit log, newest first',
      querystring: Type.Object({
        limit: Type.Integer({ minimum: 1, maximum: 500, default: 50 }),
        before: Type.Optional(Type.Integer({ minimum: 1 })),
        targetType: Type.Optional(Type.String({ maxLength: 60 })),
        targetId: Type.Optional(Type.String({ maxLength: 100 })),
      }),
      response: { 200: Type.Object({ items: Type.Array(AuditRow) }), ...errorResponses(400, 401, 403) },
    },
  }, async (req) => {
    await requirePermission(req, 'audit.read');
    const q = req.query;
    const where: SQL[] = [];
    if (q.before) where.push(lt(auditLog.seq, q.before));
    if (q.targetType) where.push(eq(auditLog.targetType, q.targetType));
    if (q.targetId) where.push(eq(auditLog.targetId, q.targetId));
    const rows = await app.ctx.db.select().from(auditLog).where(and(...where)).orderBy(desc(auditLog.seq)).limit(q.limit);
    return { items: rows.map((r) => ({ ...r, at: r.at.toISOString() })) };
  });

  app.get('/api/audit/verify', {
    schema: {
      tags: ['audit'],
      summary: 'Kiểm tra chuỗi băm — verify the hash chain',
      response: { 200: Type.Object({ ok: Type.Boolean(), checked: Type.Integer(), brokenAt: Type.Optional(Type.Object({ seq: Type.Integer(), reason: Type.String() })) }), ...errorResponses(401, 403) },
    },
  }, async (req) => {
    await requirePermission(req, 'audit.verify');
    return verifyAuditChain(app.ctx.db);
  });
}
