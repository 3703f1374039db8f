/**
 * Work records (hồ sơ công việc): opened by whoever handles a matter, closed when it ends, handed over
 * to the agency's archive (nộp lưu) by the clerk once closed. A work record is "handled online" when it
 * is kept in the system; the statistics count them by level.
 */
import { and, asc, desc, eq, sql } from 'drizzle-orm';
import { Type } from 'typebox';
import {
  accounts,
  coverageOf,
  errorResponses,
  problems,
  requireAuth,
  requirePermission,
  transact,
  type App,
  StringEnum,
} from '../../platform/index.js';
import { clock } from '../clock.js';
import { vietnamYear } from '../numbering.js';
import { documents, workRecords, type WorkRecord } from '../schema.js';
import { pgErrorCode } from '../service.js';
import { WORK_RECORD_STATUSES } from '../statuses.js';
import { WorkRecordView } from '../views.js';

const tags = ['documents'];
const Id = Type.String({ format: 'uuid' });

export async function workRecordRoutes(app: App) {
  const db = app.ctx.db;
  const count = sql<number>`(SELECT count(*)::int FROM documents d WHERE d.work_record_id = ${workRecords.id})`;
  const view = (r: WorkRecord, ownerName: string, documentCount: number) => ({
    ...r,
    openedAt: r.openedAt.toISOString(),
    closedAt: r.closedAt?.toISOString() ?? null,
    archivedAt: r.archivedAt?.toISOString() ?? null,
    ownerName,
    documentCount: Number(documentCount),
  });
  const load = async (id: string) => {
    const [r] = await db
      .select({ r: workRecords, ownerName: accounts.displayName, n: count })
      .from(workRecords)
      .innerJoin(accounts, eq(accounts.id, workRecords.ownerId))
      .where(eq(workRecords.id, id));
    if (!r) throw problems.notFound({ vi: 'hồ sơ công việc', en: 'Work record' }, { code: 'work-record-not-found' });
    return r;
  };

  app.get(
    '/api/documents/work-records',
    {
      schema: {
        tags,
        summary: 'Hồ sơ công việc — work records of the caller’s agencies',
        querystring: Type.Object({
          agencyId: Type.Optional(Id),
          status: Type.Optional(StringEnum(WORK_RECORD_STATUSES)),
          year: Type.Optional(Type.Integer({ minimum: 2000, maximum: 2200 })),
          mine: Type.Optional(Type.Boolean()),
        }),
        response: { 200: Type.Array(WorkRecordView), ...errorResponses(400, 401, 403) },
      },
    },
    async (req) => {
      const p = requireAuth(req);
      const cov = await coverageOf(p, 'documents.read', app.ctx.scopes);
      const q = req.query;
      const where = [
        q.agencyId ? eq(workRecords.agencyId, q.agencyId) : undefined,
        q.status ? eq(workRecords.status, q.status) : undefined,
        q.year ? eq(workRecords.year, q.year) : undefined,
        q.mine ? eq(workRecords.ownerId, p.accountId) : undefined,
        cov.province
          ? undefined
          : sql`(${workRecords.ownerId} = ${p.accountId} OR ${workRecords.agencyId} IN (SELECT jsonb_array_elements_text(${JSON.stringify(cov.agencyIds)}::jsonb)::uuid))`,
      ].filter(Boolean);
      const rows = await db
        .select({ r: workRecords, ownerName: accounts.displayName, n: count })
        .from(workRecords)
        .innerJoin(accounts, eq(accounts.id, workRecords.ownerId))
        .where(and(...where))
        .orderBy(desc(workRecords.openedAt), asc(workRecords.code))
        .limit(500);
      return rows.map((x) => view(x.r, x.ownerName, x.n));
    },
  );

  app.get(
    '/api/documents/work-records/:id',
    {
      schema: {
        tags,
        summary: 'Một hồ sơ công việc — one work record',
        params: Type.Object({ id: Id }),
        response: { 200: WorkRecordView, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (req) => {
      const p = requireAuth(req);
      const r = await load(req.params.id);
      if (r.r.ownerId !== p.accountId) await requirePermission(req, 'documents.read', { agencyId: r.r.agencyId });
      return view(r.r, r.ownerName, r.n);
    },
  );

  app.post(
    '/api/documents/work-records',
    {
      schema: {
        tags,
        summary: 'Lập hồ sơ công việc — open a work record (the caller owns it)',
        body: Type.Object(
          {
            agencyId: Id,
            code: Type.String({
              minLength: 1,
              maxLength: 50,
              description: 'Ký hiệu hồ sơ theo danh mục hồ sơ của cơ quan',
            }),
            title: Type.String({ minLength: 1, maxLength: 500 }),
            retentionYears: Type.Optional(
              Type.Union([Type.Integer({ minimum: 1, maximum: 100 }), Type.Null()], {
                description: 'Thời hạn bảo quản (năm); null: vĩnh viễn',
              }),
            ),
            handledOnline: Type.Optional(Type.Boolean()),
            note: Type.Optional(Type.String({ maxLength: 2000 })),
          },
          { additionalProperties: false },
        ),
        response: { 201: WorkRecordView, ...errorResponses(400, 401, 403, 409) },
      },
    },
    async (req, reply) => {
      const b = req.body;
      const p = await requirePermission(req, 'documents.work-records', { agencyId: b.agencyId });
      const now = clock.now();
      try {
        const id = await transact(req, async (tx, audit) => {
          const [r] = await tx
            .insert(workRecords)
            .values({
              agencyId: b.agencyId,
              code: b.code,
              title: b.title,
              ownerId: p.accountId,
              year: vietnamYear(now),
              retentionYears: b.retentionYears ?? null,
              handledOnline: b.handledOnline ?? true,
              note: b.note ?? null,
              openedAt: now,
            })
            .returning();
          await audit({
            action: 'work-record.open',
            targetType: 'work_record',
            targetId: r!.id,
            details: { code: b.code },
            scope: { agencyId: b.agencyId },
          });
          return r!.id;
        });
        const r = await load(id);
        return reply.code(201).send(view(r.r, r.ownerName, r.n));
      } catch (e) {
        if (pgErrorCode(e).code === '23505')
          throw problems.conflict(
            { vi: 'Cơ quan đã có hồ sơ mang ký hiệu này.', en: 'The agency has a work record with this code already.' },
            { code: 'work-record-code-taken' },
          );
        throw e;
      }
    },
  );

  const transition = (name: 'close' | 'reopen' | 'archive', from: WorkRecord['status'], to: WorkRecord['status']) =>
    app.post(
      `/api/documents/work-records/:id/${name}`,
      {
        schema: {
          tags,
          summary:
            name === 'close'
              ? 'Kết thúc hồ sơ công việc — close a work record (its owner or a leader)'
              : name === 'reopen'
                ? 'Mở lại hồ sơ công việc — reopen a closed work record'
                : 'Nộp lưu hồ sơ vào lưu trữ cơ quan — hand a closed work record over to the archive (clerk)',
          params: Type.Object({ id: Id }),
          body: Type.Optional(
            Type.Object({ note: Type.Optional(Type.String({ maxLength: 2000 })) }, { additionalProperties: false }),
          ),
          response: { 200: WorkRecordView, ...errorResponses(400, 401, 403, 404, 409) },
        },
      },
      async (req) => {
        const p = requireAuth(req);
        const r0 = await load(req.params.id);
        if (name === 'archive') await requirePermission(req, 'documents.registers.manage', { agencyId: r0.r.agencyId });
        else if (r0.r.ownerId !== p.accountId)
          await requirePermission(req, 'documents.assign', { agencyId: r0.r.agencyId });
        else await requirePermission(req, 'documents.work-records', { agencyId: r0.r.agencyId });
        const now = clock.now();
        await transact(req, async (tx, audit) => {
          const [r] = await tx.select().from(workRecords).where(eq(workRecords.id, req.params.id)).for('update');
          if (r!.status !== from)
            throw problems.conflict(
              { vi: `Hồ sơ công việc đang ở trạng thái ${r!.status}.`, en: `The work record is ${r!.status}.` },
              { code: 'illegal-transition', extra: { currentStatus: r!.status } },
            );
          if (name === 'close') {
            const [open] = await tx
              .select({ n: sql<number>`count(*)::int` })
              .from(documents)
              .where(
                and(
                  eq(documents.workRecordId, r!.id),
                  sql`${documents.status} IN ('registered','assigned','in_progress','draft','in_review','in_approval','approved','numbered','signed')`,
                ),
              );
            if (Number(open?.n) > 0)
              throw problems.conflict(
                { vi: 'Hồ sơ còn văn bản chưa xử lý xong.', en: 'Some documents in the record are not finished.' },
                { code: 'work-record-unfinished', extra: { open: Number(open?.n) } },
              );
          }
          const set =
            name === 'close'
              ? { status: to, closedAt: now }
              : name === 'reopen'
                ? { status: to, closedAt: null }
                : { status: to, archivedAt: now, archivedBy: p.accountId };
          await tx.update(workRecords).set(set).where(eq(workRecords.id, r!.id));
          await audit({
            action: `work-record.${name}`,
            targetType: 'work_record',
            targetId: r!.id,
            details: { from, to, ...(req.body?.note ? { note: req.body.note } : {}) },
            scope: { agencyId: r!.agencyId },
          });
        });
        const r = await load(req.params.id);
        return view(r.r, r.ownerName, r.n);
      },
    );
  transition('close', 'open', 'closed');
  transition('reopen', 'closed', 'open');
  transition('archive', 'closed', 'archived');
}
