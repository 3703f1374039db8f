/** The document API: register incoming, start a draft, act, read one, search and queues, PDFs. */
import { and, eq } from 'drizzle-orm';
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import {
  can,
  errorResponses,
  problems,
  requireAuth,
  requirePermission,
  sendFile,
  soleAgencyFor,
  transact,
  unchanged,
  type App,
  type Permission,
  StringEnum,
} from '../../platform/index.js';
import { agencies, assignableFor, directoryScopes } from '../../directory/index.js';
import { ACTIONS } from '../actions/index.js';
import { checkAssignee } from '../actions/assignees.js';
import { clock } from '../clock.js';
import { createDraft } from '../drafts.js';
import { DraftFieldsSchema } from '../draft-fields.js';
import { checkUploadedPdf } from '../files.js';
import { registerIncoming } from '../incoming.js';
import { renderIssuedPdf } from '../layout.js';
import { formatNumberSymbol, issuerInfo } from '../numbering.js';
import { detailView, listDocuments, actionView, QUEUES, type DocumentQuery } from '../queries.js';
import { documentFiles, documents, documentVersions } from '../schema.js';
import { findDocument, performAction, pgErrorCode, visibleDocument } from '../service.js';
import { CONFIDENTIALITIES, DIRECTIONS, URGENCIES } from '../statuses.js';
import { ActionResult, DocumentDetail, DocumentSummary, VersionView } from '../views.js';

const tags = ['documents'];
const Id = Type.String({ format: 'uuid' });
const Sha = Type.String({ pattern: '^[0-9a-f]{64}$' });
const ClientTx = Type.Optional(
  Type.String({
    minLength: 1,
    maxLength: 100,
    description: 'Mã giao dịch phía client: gửi lại cùng mã thì không làm gì thêm — retry key',
  }),
);
const IsoDate = Type.String({ format: 'date' });

const NewIncoming = Type.Object(
  {
    agencyId: Type.Optional(Id),
    typeCode: Type.String({ minLength: 1, maxLength: 10 }),
    summary: Type.String({ minLength: 1, maxLength: 1000, description: 'Trích yếu' }),
    senderName: Type.String({ minLength: 1, maxLength: 300, description: 'Nơi gửi (cơ quan ban hành)' }),
    senderAgencyId: Type.Optional(Type.Union([Id, Type.Null()])),
    originalNumberSymbol: Type.Optional(Type.String({ maxLength: 100, description: 'Số, ký hiệu của văn bản đến' })),
    originalDate: Type.Optional(IsoDate),
    urgency: Type.Optional(StringEnum(URGENCIES)),
    confidentiality: Type.Optional(StringEnum(CONFIDENTIALITIES)),
    receivedVia: Type.Optional(StringEnum(['paper', 'email', 'system'] as const)),
    pdfSha256: Sha,
    note: Type.Optional(Type.String({ maxLength: 2000 })),
    clientTransactionId: ClientTx,
  },
  { additionalProperties: false },
);

const NewDraftBody = Type.Object(
  {
    ...DraftFieldsSchema.properties,
    agencyId: Type.Optional(Id),
    draftingUnitId: Type.Optional(Type.Union([Id, Type.Null()])),
    typeCode: Type.String({ minLength: 1, maxLength: 10 }),
    summary: Type.String({ minLength: 1, maxLength: 1000 }),
    inReplyToId: Type.Optional(Type.Union([Id, Type.Null()])),
    clientTransactionId: ClientTx,
  },
  { additionalProperties: false },
);

const SearchQuery = Type.Object({
  q: Type.Optional(
    Type.String({
      maxLength: 200,
      description: 'Tìm theo số, ký hiệu, trích yếu, nơi gửi và nội dung PDF — không dấu, chịu lỗi gõ',
    }),
  ),
  direction: Type.Optional(StringEnum(DIRECTIONS)),
  registerId: Type.Optional(Id),
  typeCode: Type.Optional(Type.String({ maxLength: 10 })),
  status: Type.Optional(Type.String({ maxLength: 300, description: 'Một hoặc nhiều trạng thái, cách nhau dấu phẩy' })),
  agencyId: Type.Optional(Id),
  handlerId: Type.Optional(Id),
  workRecordId: Type.Optional(Id),
  from: Type.Optional(IsoDate),
  to: Type.Optional(IsoDate),
  queue: Type.Optional(
    StringEnum(QUEUES, {
      description:
        'mine, to-assign, due-soon (2 ngày làm việc), overdue, to-review, to-approve, to-number, to-sign, to-issue, to-send',
    }),
  ),
  limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
  offset: Type.Integer({ minimum: 0, maximum: 100_000, default: 0 }),
});

/** The agency a creation is for: the one named, or the caller's only one for that permission. */
function agencyFor(req: FastifyRequest, named: string | undefined, permission: Permission): string {
  const p = requireAuth(req);
  const id = named ?? soleAgencyFor(p, permission);
  if (!id)
    throw problems.invalidField(
      '/body/agencyId',
      { vi: 'Cần chọn cơ quan.', en: 'Choose the agency.' },
      'agency-required',
    );
  return id;
}

async function replayCreation(req: FastifyRequest, clientTransactionId: string | undefined) {
  if (!clientTransactionId) return undefined;
  const p = requireAuth(req);
  const [d] = await req.server.ctx.db
    .select()
    .from(documents)
    .where(and(eq(documents.createdBy, p.accountId), eq(documents.createTransactionId, clientTransactionId)));
  return d;
}

export async function documentRoutes(app: App) {
  const db = app.ctx.db;

  app.post(
    '/api/documents/incoming',
    {
      schema: {
        tags,
        summary: 'Vào sổ văn bản đến — register an incoming document (clerk): upload the PDF first (POST /api/files)',
        description:
          'The arrival number is the next of the agency’s incoming register for the year. A file that is not a PDF answers 415, one over 20 MB 413, a damaged PDF 400. A PDF without a text layer is registered as a scan (textState "scanned").',
        body: NewIncoming,
        response: { 201: DocumentDetail, ...errorResponses(400, 401, 403, 409, 413, 415) },
      },
    },
    async (req, reply) => {
      const body = req.body;
      const agencyId = agencyFor(req, body.agencyId, 'documents.register');
      const p = await requirePermission(req, 'documents.register', { agencyId });
      const prior = await replayCreation(req, body.clientTransactionId);
      if (prior) {
        unchanged(req);
        return reply.code(201).send(await detailView(req, prior, clock.now()));
      }
      const pdf = await checkUploadedPdf(app.ctx.files, body.pdfSha256, p.accountId);
      const now = clock.now();
      try {
        const d = await transact(req, async (tx, audit) => {
          await app.ctx.files.record(
            tx,
            { sha256: body.pdfSha256, size: pdf.size, contentType: 'application/pdf' },
            { accountId: p.accountId, filename: pdf.filename },
          );
          const doc = await registerIncoming(
            tx,
            {
              agencyId,
              typeCode: body.typeCode,
              summary: body.summary,
              senderName: body.senderName,
              senderAgencyId: body.senderAgencyId ?? null,
              originalNumberSymbol: body.originalNumberSymbol ?? null,
              originalDate: body.originalDate ?? null,
              urgency: body.urgency,
              confidentiality: body.confidentiality,
              receivedVia: body.receivedVia ?? 'paper',
              pdf: {
                sha256: body.pdfSha256,
                name: pdf.filename,
                pages: pdf.pages,
                textState: pdf.textState,
                text: pdf.text,
              },
              note: body.note ?? null,
            },
            {
              accountId: p.accountId,
              label: p.displayName,
              at: now,
              clientTransactionId: body.clientTransactionId ?? null,
            },
          );
          await audit({
            action: 'document.register',
            targetType: 'document',
            targetId: doc.id,
            details: { arrivalNumber: doc.number, registerId: doc.registerId },
            scope: { agencyId },
          });
          return doc;
        });
        return reply.code(201).send(await detailView(req, d, now));
      } catch (e) {
        if (body.clientTransactionId && pgErrorCode(e).code === '23505') {
          const again = await replayCreation(req, body.clientTransactionId);
          if (again) {
            unchanged(req);
            return reply.code(201).send(await detailView(req, again, clock.now()));
          }
        }
        throw e;
      }
    },
  );

  app.post(
    '/api/documents/drafts',
    {
      schema: {
        tags,
        summary: 'Soạn dự thảo văn bản đi — start an outgoing draft (version 1)',
        body: NewDraftBody,
        response: { 201: DocumentDetail, ...errorResponses(400, 401, 403, 409) },
      },
    },
    async (req, reply) => {
      const { clientTransactionId, agencyId: named, draftingUnitId, ...fields } = req.body;
      const agencyId = agencyFor(req, named, 'documents.draft');
      const p = requireAuth(req);
      // A drafter of a unit (phòng) drafts for its agency: the grant must cover the unit, or the agency itself.
      const unit = draftingUnitId ?? null;
      if (unit) {
        const [u] = await db.select({ parentId: agencies.parentId }).from(agencies).where(eq(agencies.id, unit));
        if (!u || (unit !== agencyId && u.parentId !== agencyId))
          throw problems.invalidField(
            '/body/draftingUnitId',
            {
              vi: 'Đơn vị soạn thảo phải là cơ quan hoặc một đơn vị trực thuộc.',
              en: 'The drafting unit must be the agency or one of its units.',
            },
            'not-a-unit',
          );
        await requirePermission(req, 'documents.draft', { agencyId: unit });
      } else {
        await requirePermission(req, 'documents.draft', { agencyId });
      }
      const prior = await replayCreation(req, clientTransactionId);
      if (prior) {
        unchanged(req);
        return reply.code(201).send(await detailView(req, prior, clock.now()));
      }
      const now = clock.now();
      const d = await transact(req, async (tx, audit) => {
        if (fields.signerId)
          await checkAssignee(
            tx,
            directoryScopes(tx),
            fields.signerId,
            agencyId,
            'documents.approve',
            '/body/signerId',
          );
        const doc = await createDraft(
          tx,
          { ...fields, agencyId, draftingUnitId: unit },
          { accountId: p.accountId, label: p.displayName, at: now, clientTransactionId: clientTransactionId ?? null },
        );
        await audit({
          action: 'document.create-draft',
          targetType: 'document',
          targetId: doc.id,
          details: { typeCode: doc.typeCode },
          scope: { agencyId },
        });
        return doc;
      });
      return reply.code(201).send(await detailView(req, d, now));
    },
  );

  for (const def of ACTIONS) {
    app.post(
      `/api/documents/:id/actions/${def.name}`,
      {
        schema: {
          tags,
          summary: `${def.label.vi} — ${def.label.en.toLowerCase()}`,
          description: `${def.direction === 'both' ? 'Incoming or outgoing' : def.direction === 'incoming' ? 'Incoming documents' : 'Outgoing documents'}. Allowed from: ${def.from.join(', ')}. Any other state answers 409 with the allowed actions.`,
          params: Type.Object({ id: Id }),
          body: Type.Object(
            { ...(def.body as ReturnType<typeof Type.Object>).properties, clientTransactionId: ClientTx },
            { additionalProperties: false },
          ),
          response: { 200: ActionResult, ...errorResponses(400, 401, 403, 404, 409) },
        },
      },
      async (req) => {
        const { clientTransactionId, ...input } = (req.body ?? {}) as Record<string, unknown> & {
          clientTransactionId?: string;
        };
        const outcome = await performAction(req, req.params.id, def, input, clientTransactionId);
        if (outcome.replayed) unchanged(req);
        const d = (await findDocument(db, req.params.id))!;
        return {
          replayed: outcome.replayed,
          action: actionView(outcome.action),
          document: await detailView(req, d, clock.now()),
        };
      },
    );
  }

  app.post(
    '/api/documents/:id/actions/:action',
    {
      schema: { tags, hide: true, params: Type.Object({ id: Type.String(), action: Type.String() }) },
      config: { noAudit: 'refuses every request' },
    },
    async (req) => {
      throw problems.notFound(
        { vi: `thao tác "${req.params.action}"`, en: `Action "${req.params.action}"` },
        { code: 'unknown-action', extra: { actions: ACTIONS.map((a) => a.name) } },
      );
    },
  );

  app.get(
    '/api/documents',
    {
      schema: {
        tags,
        summary:
          'Tìm kiếm và hàng đợi văn bản — search documents (metadata and PDF text, without diacritics, typo-tolerant) and the work queues',
        querystring: SearchQuery,
        response: {
          200: Type.Object({
            items: Type.Array(DocumentSummary),
            total: Type.Integer({ description: 'Matches; for a text search, counted up to 1,000 (see totalCapped)' }),
            totalCapped: Type.Boolean({ description: 'A text search matched more than `total` documents' }),
          }),
          ...errorResponses(400, 401),
        },
      },
    },
    async (req) => {
      requireAuth(req);
      const now = clock.now();
      const cal = await app.ctx.calendar.calendar();
      return listDocuments(req, req.query as DocumentQuery, cal.addWorkingDays(now, 2), now);
    },
  );

  app.get(
    '/api/documents/:id',
    {
      schema: {
        tags,
        summary:
          'Một văn bản: thông tin, cây xử lý, phiên bản, tệp, nhật ký — one document with its handling tree, versions, files and log',
        params: Type.Object({ id: Id }),
        response: { 200: DocumentDetail, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (req) => detailView(req, await visibleDocument(req, req.params.id), clock.now()),
  );

  app.get(
    '/api/documents/:id/versions/:version',
    {
      schema: {
        tags,
        summary: 'Một phiên bản dự thảo — one draft version',
        params: Type.Object({ id: Id, version: Type.Integer({ minimum: 1 }) }),
        response: { 200: VersionView, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (req) => {
      const d = await visibleDocument(req, req.params.id);
      const [v] = await db
        .select()
        .from(documentVersions)
        .where(and(eq(documentVersions.documentId, d.id), eq(documentVersions.version, req.params.version)));
      if (!v) throw problems.notFound({ vi: 'phiên bản', en: 'Version' }, { code: 'version-not-found' });
      return {
        version: v.version,
        summary: v.summary,
        body: v.body,
        fields: v.fields,
        note: v.note,
        createdBy: v.createdBy,
        createdAt: v.createdAt.toISOString(),
      };
    },
  );

  app.get(
    '/api/documents/:id/pdf',
    {
      schema: {
        tags,
        summary:
          'Tệp PDF hiện hành của văn bản — the document’s current PDF (received original, or numbered and signed revision)',
        params: Type.Object({ id: Id }),
        response: {
          200: Type.Unsafe<Buffer>({ type: 'string', format: 'binary' }),
          ...errorResponses(400, 401, 403, 404),
        },
      },
    },
    async (req, reply) => {
      const d = await visibleDocument(req, req.params.id);
      if (!d.pdfSha256)
        throw problems.notFound({ vi: 'tệp PDF của văn bản', en: 'The document’s PDF' }, { code: 'no-pdf' });
      return sendFile(reply, await app.ctx.files.readFile(d.pdfSha256), {
        filename: `${(d.numberSymbol ?? d.id).replace(/\//g, '-')}.pdf`,
      });
    },
  );

  app.get(
    '/api/documents/:id/files/:sha256',
    {
      schema: {
        tags,
        summary: 'Một tệp của văn bản — one of the document’s files',
        params: Type.Object({ id: Id, sha256: Sha }),
        response: {
          200: Type.Unsafe<Buffer>({ type: 'string', format: 'binary' }),
          ...errorResponses(400, 401, 403, 404),
        },
      },
    },
    async (req, reply) => {
      const d = await visibleDocument(req, req.params.id);
      const [f] = await db
        .select()
        .from(documentFiles)
        .where(and(eq(documentFiles.documentId, d.id), eq(documentFiles.sha256, req.params.sha256)));
      if (!f) throw problems.notFound({ vi: 'tệp', en: 'File' }, { code: 'file-not-found' });
      return sendFile(reply, await app.ctx.files.readFile(f.sha256), { filename: f.name });
    },
  );

  app.get(
    '/api/documents/:id/preview.pdf',
    {
      schema: {
        tags,
        summary:
          'Xem trước bản dự thảo theo thể thức Nghị định 30 — preview of the draft laid out as issued, marked DỰ THẢO, without number or date',
        params: Type.Object({ id: Id }),
        response: {
          200: Type.Unsafe<Buffer>({ type: 'string', format: 'binary' }),
          ...errorResponses(400, 401, 403, 404),
        },
      },
    },
    async (req, reply) => {
      const d = await visibleDocument(req, req.params.id);
      if (d.direction !== 'outgoing')
        throw problems.notFound({ vi: 'bản xem trước', en: 'Preview' }, { code: 'no-preview' });
      const info = await db.transaction((tx) => issuerInfo(tx, d.agencyId, d.typeCode, d.draftingUnitId));
      const { pdf } = await renderIssuedPdf({
        agency: { parent: info.parentName, name: info.agencyName },
        numberSymbol:
          d.numberSymbol ??
          formatNumberSymbol(null, {
            typeCode: d.typeCode,
            letter: info.letter,
            agencyAbbr: info.abbreviation,
            unitAbbr: info.unitAbbr,
          }),
        place: info.place,
        date: d.numberedAt,
        typeName: info.letter ? null : info.typeName,
        summary: d.summary,
        body: d.body ?? '',
        recipients: d.recipients,
        keptBy: info.unitAbbr,
        signer: { capacity: d.signerCapacity, title: d.signerTitle, name: d.signerName },
        urgency: d.urgency,
        confidentiality: d.confidentiality,
        watermark: d.numberedAt ? undefined : 'DỰ THẢO',
      });
      return reply
        .header('content-type', 'application/pdf')
        .header('content-disposition', 'inline; filename="du-thao.pdf"')
        .send(pdf);
    },
  );

  app.get(
    '/api/documents/assignable',
    {
      schema: {
        tags,
        summary:
          'Người có thể được giao văn bản của cơ quan — who may be given an agency’s documents (handlers, readers, reviewers, signers)',
        querystring: Type.Object({
          agencyId: Id,
          as: Type.Optional(StringEnum(['handle', 'read', 'review', 'approve'] as const, { default: 'handle' })),
        }),
        response: {
          200: Type.Array(
            Type.Object({
              accountId: Id,
              displayName: Type.String(),
              position: Type.Union([Type.String(), Type.Null()]),
              agencyName: Type.Union([Type.String(), Type.Null()]),
              roles: Type.Array(Type.String()),
            }),
          ),
          ...errorResponses(400, 401, 403),
        },
      },
    },
    async (req) => {
      await requirePermission(req, 'documents.read', { agencyId: req.query.agencyId });
      const permission = `documents.${req.query.as ?? 'handle'}` as Permission;
      return assignableFor(
        db,
        permission,
        req.query.agencyId,
        app.ctx.scopes,
        async (accountId, grants, agencyId, scopes) =>
          can(
            { accountId, username: '', displayName: '', kind: 'person', grants, via: 'session' },
            permission,
            { agencyId },
            scopes,
          ),
      );
    },
  );
}
