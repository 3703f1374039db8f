/**
 * The citizen's repository (kho dữ liệu điện tử): list and read one's documents, add a digitised paper,
 * an officer's check of one named in a dossier at his desk, and what the plans ask to measure.
 */
import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import { Type } from 'typebox';
import {
  errorResponses,
  holdsPermission,
  queryRows,
  problems,
  requireAuth,
  requireCoverage,
  requirePermission,
  transact,
  type App,
} from '../../platform/index.js';
import { dossiers } from '../dossiers/schema.js';
import { paperKinds } from '../papers/schema.js';
import { verifiedIdNumbers } from '../papers/intake.js';
import { repositoryDocuments, type RepositoryDocument } from './schema.js';
import { agencies } from '../../directory/index.js';

const tags = ['repository'];
const Id = Type.String({ format: 'uuid' });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const IsoDate = Type.String({ format: 'date', description: 'YYYY-MM-DD' });
const documentWord = { vi: 'giấy tờ trong kho dữ liệu', en: 'Repository document' };

export const DocumentView = Type.Object({
  id: Id,
  kindCode: Nullable(Type.String()),
  kindName: Nullable(Type.String()),
  title: Type.String(),
  sha256: Type.String(),
  number: Nullable(Type.String()),
  issuerAgencyId: Nullable(Type.String()),
  issuerName: Nullable(Type.String()),
  issuedOn: Nullable(Type.String()),
  validUntil: Nullable(Type.String()),
  origin: Type.String({ description: 'result: kết quả giải quyết TTHC; citizen: công dân tự số hoá' }),
  dossierId: Nullable(Type.String()),
  verified: Type.Boolean(),
  verifiedAt: Nullable(Type.String({ format: 'date-time' })),
  createdAt: Type.String({ format: 'date-time' }),
});

type Row = RepositoryDocument & { kindName: string | null; agencyName: string | null };

export const documentView = (d: Row) => ({
  id: d.id,
  kindCode: d.kindCode,
  kindName: d.kindName,
  title: d.title,
  sha256: d.sha256,
  number: d.number,
  issuerAgencyId: d.issuerAgencyId,
  issuerName: d.issuerName ?? d.agencyName,
  issuedOn: d.issuedOn,
  validUntil: d.validUntil,
  origin: d.origin,
  dossierId: d.dossierId,
  verified: d.verifiedAt !== null,
  verifiedAt: d.verifiedAt?.toISOString() ?? null,
  createdAt: d.createdAt.toISOString(),
});

export async function repositoryRoutes(app: App) {
  const db = app.ctx.db;
  const rows = (where: ReturnType<typeof and>) =>
    db
      .select({ d: repositoryDocuments, kindName: paperKinds.name, agencyName: agencies.name })
      .from(repositoryDocuments)
      .leftJoin(paperKinds, eq(paperKinds.code, repositoryDocuments.kindCode))
      .leftJoin(agencies, eq(agencies.id, repositoryDocuments.issuerAgencyId))
      .where(where)
      .orderBy(desc(repositoryDocuments.createdAt))
      .then((r) => r.map((x) => ({ ...x.d, kindName: x.kindName, agencyName: x.agencyName })));

  /** The caller's documents: their own, and results kept under an identity number they proved. */
  const ownership = async (accountId: string) => {
    const numbers = await verifiedIdNumbers(db, accountId);
    return numbers.length
      ? sql`(${repositoryDocuments.ownerAccountId} = ${accountId} OR ${inArray(repositoryDocuments.ownerIdNumber, numbers)})`
      : eq(repositoryDocuments.ownerAccountId, accountId);
  };

  app.get(
    '/api/repository/documents',
    {
      schema: {
        tags,
        summary: 'Kho dữ liệu của tôi — my repository of electronic documents',
        querystring: Type.Object({ kindCode: Type.Optional(Type.String({ maxLength: 64 })) }),
        response: { 200: Type.Object({ items: Type.Array(DocumentView) }), ...errorResponses(401) },
      },
    },
    async (req) => {
      const p = requireAuth(req);
      const where = and(
        await ownership(p.accountId),
        req.query.kindCode ? eq(repositoryDocuments.kindCode, req.query.kindCode) : undefined,
      );
      return { items: (await rows(where)).map(documentView) };
    },
  );

  app.get(
    '/api/repository/documents/:id',
    {
      schema: {
        tags,
        summary: 'Một giấy tờ trong kho dữ liệu của tôi — one of my documents',
        params: Type.Object({ id: Id }),
        response: { 200: DocumentView, ...errorResponses(401, 404) },
      },
    },
    async (req) => {
      const p = requireAuth(req);
      const [d] = await rows(and(eq(repositoryDocuments.id, req.params.id), await ownership(p.accountId)));
      // Another citizen's document does not exist for the caller.
      if (!d) throw problems.notFound(documentWord, { code: 'document-not-found' });
      return documentView(d);
    },
  );

  app.post(
    '/api/repository/documents',
    {
      schema: {
        tags,
        summary: 'Thêm giấy tờ tự số hoá vào kho — add a digitised paper (unverified until an officer checks it)',
        body: Type.Object(
          {
            kindCode: Type.String({ minLength: 1, maxLength: 64, description: 'Loại giấy tờ (GET /api/paper-kinds)' }),
            title: Type.Optional(Type.String({ minLength: 1, maxLength: 300 })),
            sha256: Type.String({
              pattern: '^[0-9a-f]{64}$',
              description: 'Tệp bản quét đã tải lên (POST /api/files)',
            }),
            number: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
            issuerName: Type.Optional(Type.String({ minLength: 1, maxLength: 300 })),
            issuedOn: Type.Optional(IsoDate),
            validUntil: Type.Optional(IsoDate),
          },
          { additionalProperties: false },
        ),
        response: { 201: DocumentView, ...errorResponses(400, 401, 403) },
      },
    },
    async (req, reply) => {
      const p = requireAuth(req);
      if (!holdsPermission(p, 'dossiers.submit'))
        throw problems.forbidden(undefined, { extra: { action: 'dossiers.submit' } });
      const b = req.body;
      const [kind] = await db.select().from(paperKinds).where(eq(paperKinds.code, b.kindCode));
      if (!kind)
        throw problems.invalidField(
          '/body/kindCode',
          { vi: 'Không có loại giấy tờ này.', en: 'No such kind of paper.' },
          'unknown-kind',
        );
      if (b.issuedOn && b.validUntil && b.validUntil < b.issuedOn)
        throw problems.invalidField(
          '/body/validUntil',
          { vi: 'Ngày hết hiệu lực phải sau ngày cấp.', en: 'The expiry must follow the issue date.' },
          'invalid-range',
        );
      const row = await transact(req, async (tx, audit) => {
        // Only a file the citizen uploaded: an address known from elsewhere is no key to its content.
        if (!(await app.ctx.files.uploaders(tx, [b.sha256])).get(b.sha256)?.has(p.accountId))
          throw problems.invalidField(
            '/body/sha256',
            { vi: 'Tệp chưa được tải lên.', en: 'The file has not been uploaded.' },
            'file-not-found',
          );
        const [d] = await tx
          .insert(repositoryDocuments)
          .values({
            ownerAccountId: p.accountId,
            kindCode: kind.code,
            title: b.title ?? kind.name,
            sha256: b.sha256,
            number: b.number ?? null,
            issuerName: b.issuerName ?? null,
            issuedOn: b.issuedOn ?? null,
            validUntil: b.validUntil ?? null,
            origin: 'citizen',
          })
          .returning();
        await audit({
          action: 'repository.add',
          targetType: 'repository_document',
          targetId: d!.id,
          details: { kindCode: kind.code },
        });
        return d!;
      });
      return reply.code(201).send(documentView({ ...row, kindName: kind.name, agencyName: null }));
    },
  );

  app.post(
    '/api/repository/documents/:id/verify',
    {
      schema: {
        tags,
        summary:
          'Cán bộ một cửa xác nhận giấy tờ tự số hoá khớp bản chính — an officer verifies a digitised paper named in a dossier at his desk',
        params: Type.Object({ id: Id }),
        body: Type.Object(
          { dossierId: Id, note: Type.Optional(Type.String({ maxLength: 1000 })) },
          { additionalProperties: false },
        ),
        response: { 200: DocumentView, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (req) => {
      requireAuth(req);
      const [d] = await db.select().from(dossiers).where(eq(dossiers.id, req.body.dossierId));
      if (!d) throw problems.notFound({ vi: 'hồ sơ', en: 'Dossier' }, { code: 'dossier-not-found' });
      await requirePermission(req, 'repository.verify', { agencyId: d.receivingAgencyId });
      // Only a document the dossier names: an officer does not browse citizens' repositories.
      if (!d.attachments.some((a) => a.source === 'repository' && a.documentId === req.params.id))
        throw problems.notFound(documentWord, { code: 'document-not-found' });
      const row = await transact(req, async (tx, audit) => {
        const [doc] = await tx
          .select()
          .from(repositoryDocuments)
          .where(eq(repositoryDocuments.id, req.params.id))
          .for('update');
        if (!doc) throw problems.notFound(documentWord, { code: 'document-not-found' });
        if (doc.verifiedAt)
          throw problems.conflict(
            { vi: 'Giấy tờ này đã được xác nhận.', en: 'This document is already verified.' },
            { code: 'already-verified' },
          );
        const [u] = await tx
          .update(repositoryDocuments)
          .set({ verifiedAt: new Date(), verifiedBy: req.principal!.accountId })
          .where(eq(repositoryDocuments.id, doc.id))
          .returning();
        await audit({
          action: 'repository.verify',
          targetType: 'repository_document',
          targetId: doc.id,
          details: { dossierId: d.id, code: d.code, ...(req.body.note ? { note: req.body.note } : {}) },
          scope: { agencyId: d.receivingAgencyId },
        });
        return u!;
      });
      const [kind] = row.kindCode
        ? await db.select({ name: paperKinds.name }).from(paperKinds).where(eq(paperKinds.code, row.kindCode))
        : [];
      return documentView({ ...row, kindName: kind?.name ?? null, agencyName: null });
    },
  );

  app.get(
    '/api/repository/stats',
    {
      schema: {
        tags,
        summary: 'Số hoá kết quả và tái sử dụng giấy tờ — results digitised and papers reused, per handling agency',
        response: {
          200: Type.Object({
            rows: Type.Array(
              Type.Object({
                agencyId: Type.String(),
                results: Type.Integer({ description: 'hồ sơ có kết quả' }),
                resultsDigitised: Type.Integer({ description: 'kết quả đã lưu vào kho dữ liệu của người nộp' }),
                papers: Type.Integer({ description: 'thành phần hồ sơ đã nhận' }),
                papersReused: Type.Integer({ description: 'lấy từ kho dữ liệu' }),
                papersFromNational: Type.Integer({ description: 'khai thác từ CSDL quốc gia hoặc định danh điện tử' }),
              }),
            ),
          }),
          ...errorResponses(401, 403),
        },
      },
    },
    async (req) => {
      const { coverage } = await requireCoverage(req, 'dossiers.stats');
      const within = coverage.province
        ? sql`TRUE`
        : coverage.agencyIds.length
          ? sql`d.agency_id IN (${sql.join(
              coverage.agencyIds.map((id) => sql`${id}::uuid`),
              sql`, `,
            )})`
          : sql`FALSE`;
      const out = await queryRows<{
        agency_id: string;
        results: number;
        digitised: number;
        papers: number;
        reused: number;
        national: number;
      }>(
        db,
        sql`
      SELECT d.agency_id,
             count(*) FILTER (WHERE d.result_sha256 IS NOT NULL)::int AS results,
             count(*) FILTER (WHERE EXISTS (SELECT 1 FROM repository_documents r WHERE r.dossier_id = d.id AND r.origin = 'result'))::int AS digitised,
             coalesce(sum(jsonb_array_length(d.attachments)), 0)::int AS papers,
             coalesce(sum((SELECT count(*) FROM jsonb_array_elements(d.attachments) a WHERE a ->> 'source' = 'repository')), 0)::int AS reused,
             coalesce(sum((SELECT count(*) FROM jsonb_array_elements(d.attachments) a WHERE a ->> 'source' IN ('national', 'identity'))), 0)::int AS national
        FROM dossiers d
       WHERE ${within}
       GROUP BY d.agency_id
       ORDER BY d.agency_id`,
      );
      return {
        rows: out.map((r) => ({
          agencyId: r.agency_id,
          results: Number(r.results),
          resultsDigitised: Number(r.digitised),
          papers: Number(r.papers),
          papersReused: Number(r.reused),
          papersFromNational: Number(r.national),
        })),
      };
    },
  );
}
