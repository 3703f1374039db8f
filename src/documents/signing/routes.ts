/**
 * Signing routes: start a signature (a platform key signs at once: 201; a remote one waits for the phone: 202 and
 * the page polls the request), the keys a signer may use, the verification report kept with the document, and the
 * registration of keys (a PKCS#12 sealed at rest, or a CSC credential).
 */
import { and, desc, eq } from 'drizzle-orm';
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import {
  appendAudit,
  errorResponses,
  PROVINCE,
  problems,
  requireAuth,
  requirePermission,
  requireRoleFor,
  type App,
  type Executor,
} from '../../platform/index.js';
import { illegal, visibleDocument } from '../service.js';
import {
  addCscKey,
  addPlatformKey,
  checkAndKeep,
  startSigning,
  usableKeys,
  type SigningKey,
  type SigningRequest,
} from './service.js';
import { documentSignatureChecks, documentSigningRequests } from './schema.js';
import { trustedRootsPem } from './trust.js';
import { verifyPdf } from './verify.js';

const tags = ['documents'];
const Id = Type.Object({ id: Type.String() });

const RequestSchema = Type.Object({
  id: Type.String(),
  documentId: Type.String(),
  kind: Type.String(),
  method: Type.String(),
  status: Type.String(),
  signedPdfSha256: Type.Union([Type.String(), Type.Null()]),
  timestampTime: Type.Union([Type.String(), Type.Null()]),
  error: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String(),
});
const KeySchema = Type.Object({
  id: Type.String(),
  kind: Type.String(),
  method: Type.String(),
  label: Type.String(),
  subject: Type.String(),
  notAfter: Type.String(),
});
const Report = Type.Object({}, { additionalProperties: true });

const requestOut = (r: SigningRequest) => ({
  id: r.id,
  documentId: r.documentId,
  kind: r.kind,
  method: r.method,
  status: r.status,
  signedPdfSha256: r.signedPdfSha256,
  timestampTime: r.timestampTime?.toISOString() ?? null,
  error: r.error,
  createdAt: r.createdAt.toISOString(),
});
const keyOut = (k: SigningKey) => ({
  id: k.id,
  kind: k.kind,
  method: k.method,
  label: k.label,
  subject: k.subject,
  notAfter: k.notAfter.toISOString(),
});

function auditIn(
  req: FastifyRequest,
  action: string,
  targetId: string,
  agencyId: string | null,
  details: Record<string, unknown>,
) {
  const p = requireAuth(req);
  return async (tx: Executor) => {
    await appendAudit(tx, {
      actorId: p.accountId,
      actorLabel: p.username,
      action,
      targetType: 'document',
      targetId,
      requestId: req.id,
      details,
      scope: { agencyId },
    });
    req.audited = true;
  };
}

export async function signingRoutes(app: App) {
  const { ctx } = app;

  app.get(
    '/api/documents/:id/signing-keys',
    {
      schema: {
        tags,
        summary: 'Khóa ký dùng được — Keys the caller may sign this document with',
        params: Id,
        querystring: Type.Object({ kind: Type.Optional(Type.Union([Type.Literal('person'), Type.Literal('agency')])) }),
        response: { 200: Type.Object({ keys: Type.Array(KeySchema) }), ...errorResponses(401, 403, 404) },
      },
    },
    async (req) => {
      const d = await visibleDocument(req, req.params.id);
      const p = requireAuth(req);
      const kind = req.query.kind ?? 'person';
      return { keys: (await usableKeys(ctx.db, d, p.accountId, kind)).map(keyOut) };
    },
  );

  app.post(
    '/api/documents/:id/signing-requests',
    {
      schema: {
        tags,
        summary:
          'Bắt đầu ký số — Start a signature (201 signed with a platform key; 202 waiting for the remote signer’s phone)',
        params: Id,
        body: Type.Object(
          {
            kind: Type.Union([Type.Literal('person'), Type.Literal('agency')]),
            keyId: Type.Optional(Type.String({ format: 'uuid' })),
          },
          { additionalProperties: false },
        ),
        response: {
          201: Type.Object({ request: RequestSchema }),
          202: Type.Object({ request: RequestSchema }),
          ...errorResponses(400, 401, 403, 404, 409, 503),
        },
      },
    },
    async (req, reply) => {
      const d = await visibleDocument(req, req.params.id);
      const kind = req.body.kind;
      const p = await requirePermission(req, kind === 'person' ? 'documents.sign' : 'documents.issue', {
        agencyId: d.agencyId,
      });
      if (d.direction !== 'outgoing') throw illegal(d, 'sign');
      if (kind === 'person' && !['numbered', 'signed'].includes(d.status)) throw illegal(d, 'sign');
      if (kind === 'agency' && d.status !== 'signed') throw illegal(d, 'seal');
      if (kind === 'person' && d.signerId && d.signerId !== p.accountId) {
        throw problems.forbidden(
          {
            vi: 'Chỉ người ký được chỉ định mới ký văn bản này.',
            en: 'Only the designated signer may sign this document.',
          },
          { code: 'not-the-signer' },
        );
      }
      const keys = await usableKeys(ctx.db, d, p.accountId, kind);
      const key = req.body.keyId ? keys.find((k) => k.id === req.body.keyId) : keys[0];
      if (!key) {
        throw problems.conflict(
          req.body.keyId
            ? { vi: 'Khóa ký không dùng được cho văn bản này.', en: 'That key cannot sign this document.' }
            : { vi: 'Chưa có khóa ký số nào được đăng ký.', en: 'No signing key is registered.' },
          { code: 'no-signing-key' },
        );
      }
      const r = await startSigning(ctx, d, key, kind, p, (tx, row) =>
        auditIn(req, 'document.signing-request', d.id, d.agencyId, { requestId: row.id, method: key.method, kind })(tx),
      );
      reply.code(r.status === 'pending' ? 202 : 201);
      return { request: requestOut(r) };
    },
  );

  app.get(
    '/api/documents/:id/signing-requests/:requestId',
    {
      schema: {
        tags,
        summary: 'Trạng thái yêu cầu ký — A signing request (poll while the phone approves)',
        params: Type.Object({ id: Type.String(), requestId: Type.String() }),
        response: { 200: Type.Object({ request: RequestSchema }), ...errorResponses(401, 403, 404) },
      },
    },
    async (req) => {
      const d = await visibleDocument(req, req.params.id);
      const [r] = /^[0-9a-f-]{36}$/i.test(req.params.requestId)
        ? await ctx.db
            .select()
            .from(documentSigningRequests)
            .where(
              and(eq(documentSigningRequests.id, req.params.requestId), eq(documentSigningRequests.documentId, d.id)),
            )
        : [];
      if (!r)
        throw problems.notFound({ vi: 'yêu cầu ký', en: 'Signing request' }, { code: 'signing-request-not-found' });
      return { request: requestOut(r) };
    },
  );

  app.get(
    '/api/documents/:id/signatures',
    {
      schema: {
        tags,
        summary: 'Kết quả kiểm tra chữ ký — The verification report of the document’s PDF',
        params: Id,
        response: {
          200: Type.Object({
            pdfSha256: Type.Union([Type.String(), Type.Null()]),
            stored: Type.Boolean(),
            report: Type.Union([Report, Type.Null()]),
          }),
          ...errorResponses(401, 403, 404),
        },
      },
    },
    async (req) => {
      const d = await visibleDocument(req, req.params.id);
      if (!d.pdfSha256) return { pdfSha256: null, stored: false, report: null };
      const [c] = await ctx.db
        .select()
        .from(documentSignatureChecks)
        .where(and(eq(documentSignatureChecks.documentId, d.id), eq(documentSignatureChecks.pdfSha256, d.pdfSha256)))
        .orderBy(desc(documentSignatureChecks.verifiedAt));
      if (c) return { pdfSha256: d.pdfSha256, stored: true, report: c.report as Record<string, unknown> };
      const pdf = await ctx.files.readFile(d.pdfSha256);
      return {
        pdfSha256: d.pdfSha256,
        stored: false,
        report: (await verifyPdf(pdf.data, { trustedPem: trustedRootsPem() })) as unknown as Record<string, unknown>,
      };
    },
  );

  app.post(
    '/api/documents/:id/signatures/verify',
    {
      schema: {
        tags,
        summary: 'Kiểm tra chữ ký và lưu kết quả — Verify the PDF’s signatures and keep the report',
        params: Id,
        response: {
          200: Type.Object({ pdfSha256: Type.String(), report: Report }),
          ...errorResponses(401, 403, 404, 409),
        },
      },
    },
    async (req) => {
      const d = await visibleDocument(req, req.params.id);
      await requirePermission(req, 'documents.read', { agencyId: d.agencyId });
      if (!d.pdfSha256)
        throw problems.conflict({ vi: 'Văn bản chưa có tệp PDF.', en: 'The document has no PDF.' }, { code: 'no-pdf' });
      const pdf = await ctx.files.readFile(d.pdfSha256);
      const p = requireAuth(req);
      const report = await ctx.db.transaction(async (tx) => {
        const r = await checkAndKeep(tx, d.id, d.pdfSha256!, pdf.data, p.accountId);
        await auditIn(req, 'document.verify-signatures', d.id, d.agencyId, { indication: r.indication })(tx);
        return r;
      });
      return { pdfSha256: d.pdfSha256, report: report as unknown as Record<string, unknown> };
    },
  );

  const KeyBody = Type.Union([
    Type.Object(
      {
        method: Type.Literal('platform'),
        kind: Type.Union([Type.Literal('person'), Type.Literal('agency')]),
        accountId: Type.Optional(Type.String({ format: 'uuid' })),
        agencyId: Type.Optional(Type.String({ format: 'uuid' })),
        label: Type.String({ minLength: 1, maxLength: 200 }),
        p12: Type.String({ minLength: 16, maxLength: 200_000, description: 'PKCS#12, base64' }),
        password: Type.String({ maxLength: 200 }),
        imageSha256: Type.Optional(Type.String({ pattern: '^[0-9a-f]{64}$' })),
      },
      { additionalProperties: false },
    ),
    Type.Object(
      {
        method: Type.Literal('csc'),
        kind: Type.Union([Type.Literal('person'), Type.Literal('agency')]),
        accountId: Type.Optional(Type.String({ format: 'uuid' })),
        agencyId: Type.Optional(Type.String({ format: 'uuid' })),
        label: Type.String({ minLength: 1, maxLength: 200 }),
        cscUrl: Type.String({ pattern: '^https?://', maxLength: 500 }),
        username: Type.String({ minLength: 1, maxLength: 200 }),
        password: Type.String({ maxLength: 200 }),
        credentialId: Type.String({ minLength: 1, maxLength: 200 }),
        imageSha256: Type.Optional(Type.String({ pattern: '^[0-9a-f]{64}$' })),
      },
      { additionalProperties: false },
    ),
  ]);

  app.post(
    '/api/documents/signing-keys',
    {
      schema: {
        tags,
        summary: 'Đăng ký khóa ký số — Register a signing key (PKCS#12 sealed at rest, or a CSC credential)',
        body: KeyBody,
        response: { 201: Type.Object({ key: KeySchema }), ...errorResponses(400, 401, 403, 409) },
      },
    },
    async (req, reply) => {
      const b = req.body;
      const p = requireAuth(req);
      // One's own personal key (a leader registering their remote signing account), or an administrator for others.
      if (b.kind === 'person' && (!b.accountId || b.accountId === p.accountId)) requireRoleFor(req, 'documents.sign');
      else if (b.kind === 'agency') {
        if (!b.agencyId)
          throw problems.invalidField(
            '/body/agencyId',
            { vi: 'Cần chọn cơ quan.', en: 'agencyId is required.' },
            'required',
          );
        await requirePermission(req, 'documents.manage', { agencyId: b.agencyId });
      } else await requirePermission(req, 'documents.manage', PROVINCE);
      const owner = {
        kind: b.kind,
        accountId: b.kind === 'person' ? (b.accountId ?? p.accountId) : null,
        agencyId: b.kind === 'agency' ? b.agencyId! : null,
      };
      const key = await ctx.db.transaction(async (tx) => {
        const k =
          b.method === 'platform'
            ? await addPlatformKey(tx, {
                ...owner,
                label: b.label,
                p12: Buffer.from(b.p12, 'base64'),
                password: b.password,
                imageSha256: b.imageSha256 ?? null,
                createdBy: p.accountId,
              })
            : await addCscKey(tx, {
                ...owner,
                label: b.label,
                account: { baseUrl: b.cscUrl, username: b.username, password: b.password },
                credentialId: b.credentialId,
                imageSha256: b.imageSha256 ?? null,
                createdBy: p.accountId,
              });
        await appendAudit(tx, {
          actorId: p.accountId,
          actorLabel: p.username,
          action: 'document.signing-key.add',
          targetType: 'signing-key',
          targetId: k.id,
          requestId: req.id,
          details: { method: k.method, kind: k.kind, subject: k.subject },
          scope: { agencyId: owner.agencyId },
        });
        req.audited = true;
        return k;
      });
      reply.code(201);
      return { key: keyOut(key) };
    },
  );
}
