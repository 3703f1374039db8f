import { and, desc, eq, getTableColumns, inArray, lt, or, sql, type SQL } from 'drizzle-orm';
import { Type } from 'typebox';
import type { App } from '../http/app.js';
import { errorResponses } from '../http/schemas.js';
import { requireCoverage, requirePermission } from '../auth/principal.js';
import { PROVINCE } from '../auth/authorize.js';
import { auditChain, auditLog } from './schema.js';
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
  agencyId: Type.Union([Type.String(), Type.Null()]),
  unitId: Type.Union([Type.String(), Type.Null()]),
  targetName: Type.Union([Type.String(), Type.Object({ vi: Type.String(), en: Type.String() }), Type.Null()], {
    description:
      'What the object is called now (a dossier by its code, an agency by its name); null when its module does not name it or it is gone',
  }),
  /** The row's link in the hash chain; null for a row committed while this page was read, not linked yet. */
  hash: Type.Union([Type.String(), Type.Null()]),
});

const VerifyAnswer = Type.Object({
  ok: Type.Boolean(),
  checked: Type.Integer({ description: 'Links checked, in chain order' }),
  brokenAt: Type.Optional(
    Type.Object({ seq: Type.Integer(), pos: Type.Optional(Type.Integer()), reason: Type.String() }),
  ),
  pending: Type.Object(
    { count: Type.Integer(), oldestAgeMs: Type.Union([Type.Integer(), Type.Null()]) },
    { description: 'Rows waiting to be linked' },
  ),
});

export async function auditRoutes(app: App) {
  // An account by its username, as the actor column shows it (a citizen's full name is not the auditor's business).
  app.ctx.auditNames.name('account', (ids) => sql`SELECT id, username AS name FROM accounts WHERE id IN ${ids}`);

  app.get(
    '/api/audit',
    {
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
    },
    async (req) => {
      // Rows of the agencies and units the reader's grants reach; rows of neither (logins, the province's
      // settings) only at the province level, where the auditor and the province's administrators read them all.
      const { coverage } = await requireCoverage(req, 'audit.read');
      // The rows committed so far are linked first, so that the page shows their hashes.
      await app.ctx.audit.chainNow();
      const q = req.query;
      const where: SQL[] = [];
      if (q.before) where.push(lt(auditLog.seq, q.before));
      if (q.targetType) where.push(eq(auditLog.targetType, q.targetType));
      if (q.targetId) where.push(eq(auditLog.targetId, q.targetId));
      if (!coverage.province) {
        const reach = [
          coverage.agencyIds.length ? inArray(auditLog.agencyId, coverage.agencyIds) : undefined,
          coverage.unitIds.length ? inArray(auditLog.unitId, coverage.unitIds) : undefined,
        ].filter((c) => c !== undefined);
        where.push(reach.length ? or(...reach)! : sql`FALSE`);
      }
      const rows = await app.ctx.db
        .select({ ...getTableColumns(auditLog), hash: auditChain.hash })
        .from(auditLog)
        .leftJoin(auditChain, eq(auditChain.seq, auditLog.seq))
        .where(and(...where))
        .orderBy(desc(auditLog.seq))
        .limit(q.limit);
      const names = await app.ctx.auditNames.resolve(app.ctx.db, rows);
      return {
        items: rows.map((r) => ({
          ...r,
          at: r.at.toISOString(),
          targetName: (r.targetId && names.get(r.targetType)?.get(r.targetId)) || null,
        })),
      };
    },
  );

  app.get(
    '/api/audit/verify',
    {
      schema: {
        tags: ['audit'],
        summary: 'Kiểm tra chuỗi băm — verify the hash chain',
        description:
          'Walks the chain and names the first broken link; rows waiting to be linked are counted, and one waiting longer than AUDIT_MAX_UNLINKED_MS is a failure.',
        response: { 200: VerifyAnswer, ...errorResponses(401, 403) },
      },
    },
    async (req) => {
      // The chain is one for the whole province: verifying it reads every row.
      await requirePermission(req, 'audit.verify', PROVINCE);
      return verifyAuditChain(app.ctx.db, { maxUnlinkedMs: app.ctx.config.audit.maxUnlinkedMs });
    },
  );
}
