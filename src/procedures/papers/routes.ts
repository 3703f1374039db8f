/**
 * The papers' public catalog (kinds of paper), where each paper of a dossier came from (for the officer
 * and the applicant), and which agencies are competent for a procedure (what the wizard offers).
 */
import { and, asc, eq, inArray } from 'drizzle-orm';
import { Type } from 'typebox';
import { errorResponses, problems, type App, StringEnum } from '../../platform/index.js';
import { getProcedure, procedureWord } from '../catalog/service.js';
import { visibleDossier } from '../dossiers/service.js';
import { repositoryDocuments } from '../repository/schema.js';
import { nationalLookups, paperKinds } from './schema.js';
import { NATIONAL_SOURCES, PAPER_SOURCES } from './sources.js';
import { agencies } from '../../directory/index.js';

const tags = ['procedures'];
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

const PaperKindView = Type.Object({
  code: Type.String(),
  name: Type.String(),
  nameEn: Nullable(Type.String()),
  nationalSource: Nullable(StringEnum(NATIONAL_SOURCES)),
});

const ProvenanceView = Type.Object({
  paperId: Nullable(Type.String()),
  name: Type.String(),
  source: StringEnum(PAPER_SOURCES, {
    description:
      'upload: tải lên; repository: kho dữ liệu; desk: xuất trình tại quầy; national: CSDL quốc gia (có đồng ý); identity: định danh điện tử',
  }),
  files: Type.Array(Type.String()),
  verified: Type.Boolean({
    description: 'đã được xác thực: kết quả do cơ quan cấp, giấy tờ đã được cán bộ đối chiếu, hoặc dữ liệu quốc gia',
  }),
  document: Nullable(
    Type.Object({
      id: Type.String(),
      kindCode: Nullable(Type.String()),
      title: Type.String(),
      number: Nullable(Type.String()),
      issuerName: Nullable(Type.String()),
      issuedOn: Nullable(Type.String()),
      validUntil: Nullable(Type.String()),
      origin: Type.String(),
    }),
  ),
  lookup: Nullable(
    Type.Object({
      id: Type.String(),
      source: StringEnum(NATIONAL_SOURCES),
      consentedAt: Type.String({ format: 'date-time' }),
      outcome: Type.String(),
    }),
  ),
});

export async function paperRoutes(app: App) {
  const db = app.ctx.db;

  app.get(
    '/api/paper-kinds',
    {
      schema: {
        tags,
        summary: 'Danh mục loại giấy tờ — kinds of paper (shared by procedures and the citizens’ repository)',
        response: { 200: Type.Array(PaperKindView) },
      },
    },
    async () =>
      db
        .select({
          code: paperKinds.code,
          name: paperKinds.name,
          nameEn: paperKinds.nameEn,
          nationalSource: paperKinds.nationalSource,
        })
        .from(paperKinds)
        .orderBy(asc(paperKinds.name)),
  );

  app.get(
    '/api/dossiers/:id/papers',
    {
      schema: {
        tags: ['dossiers'],
        summary: 'Nguồn gốc từng thành phần hồ sơ — where each paper of a dossier came from',
        params: Type.Object({ id: Type.String({ format: 'uuid' }) }),
        response: { 200: Type.Object({ items: Type.Array(ProvenanceView) }), ...errorResponses(401, 403, 404) },
      },
    },
    async (req) => {
      const d = await visibleDossier(req, req.params.id);
      const procedure = await getProcedure(db, d.procedureId);
      const names = new Map((procedure?.papers ?? []).map((p) => [p.id, p.name]));
      const docIds = d.attachments.flatMap((a) => (a.documentId ? [a.documentId] : []));
      const lookupIds = d.attachments.flatMap((a) => (a.lookupId ? [a.lookupId] : []));
      const docs = new Map(
        (docIds.length
          ? await db.select().from(repositoryDocuments).where(inArray(repositoryDocuments.id, docIds))
          : []
        ).map((x) => [x.id, x]),
      );
      const lookups = new Map(
        (lookupIds.length
          ? await db.select().from(nationalLookups).where(inArray(nationalLookups.id, lookupIds))
          : []
        ).map((x) => [x.id, x]),
      );
      const items = d.attachments.map((a) => {
        const source = a.source ?? 'upload';
        const doc = a.documentId ? docs.get(a.documentId) : undefined;
        const lookup = a.lookupId ? lookups.get(a.lookupId) : undefined;
        const verified =
          source === 'repository'
            ? Boolean(doc?.verifiedAt)
            : source === 'national'
              ? lookup?.outcome === 'found'
              : source === 'identity';
        return {
          paperId: a.paperId,
          name: (a.paperId ? names.get(a.paperId) : undefined) ?? a.name ?? '',
          source,
          files: a.files,
          verified,
          document: doc
            ? {
                id: doc.id,
                kindCode: doc.kindCode,
                title: doc.title,
                number: doc.number,
                issuerName: doc.issuerName,
                issuedOn: doc.issuedOn,
                validUntil: doc.validUntil,
                origin: doc.origin,
              }
            : null,
          lookup: lookup
            ? {
                id: lookup.id,
                source: lookup.source,
                consentedAt: lookup.consentedAt.toISOString(),
                outcome: lookup.outcome,
              }
            : null,
        };
      });
      return { items };
    },
  );

  app.get(
    '/api/procedures/:idOrCode/agencies',
    {
      schema: {
        tags,
        summary:
          'Cơ quan có thẩm quyền giải quyết thủ tục — the agencies competent for a procedure (what the wizard offers)',
        description:
          'Thủ tục có cơ quan giải quyết xác định: cơ quan đó. Thủ tục “UBND cấp … nơi tiếp nhận”: Ủy ban nhân dân các cấp của thủ tục; người nộp chọn xã, phường bất kỳ (Nghị định 118/2025/NĐ-CP).',
        params: Type.Object({ idOrCode: Type.String({ minLength: 1, maxLength: 64 }) }),
        response: {
          200: Type.Object({
            items: Type.Array(
              Type.Object({ id: Type.String(), code: Type.String(), name: Type.String(), level: Type.String() }),
            ),
          }),
          ...errorResponses(404),
        },
      },
    },
    async (req) => {
      const p = await getProcedure(db, req.params.idOrCode);
      if (!p || !p.active) throw problems.notFound(procedureWord);
      // The same rule as the intake's (dossiers/create.ts, `competent`): the named agency, or the levels' committees.
      const where = p.agencyId
        ? and(eq(agencies.id, p.agencyId), eq(agencies.active, true))
        : and(inArray(agencies.level, p.levels), eq(agencies.active, true));
      const items = await db
        .select({ id: agencies.id, code: agencies.code, name: agencies.name, level: agencies.level })
        .from(agencies)
        .where(where)
        .orderBy(asc(agencies.name))
        .limit(500);
      return { items };
    },
  );
}
