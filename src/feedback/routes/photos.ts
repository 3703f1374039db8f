import multipart from '@fastify/multipart';
import { and, eq, or } from 'drizzle-orm';
import { Type } from 'typebox';
import {
  can,
  errorResponses,
  MultipartFile,
  multipartRoute,
  problems,
  requireAuth,
  sendFile,
  transact,
  type App,
} from '../../platform/index.js';
import { feedbackPhotos, feedbackUploads } from '../schema.js';
import { PHOTO_TYPES, publicCopy } from '../photos.js';
import { ticketPhone } from '../reporter.js';
import { findReport, photoUrl } from '../load.js';
import { Sha256, tags } from './schemas.js';

export const UploadedPhoto = Type.Object({
  sha256: Type.String({ description: 'The private original: refer to it in a report or an action' }),
  publicSha256: Type.String(),
  publicUrl: Type.String(),
  contentType: Type.String(),
  size: Type.Integer(),
  width: Type.Integer(),
  height: Type.Integer(),
});

/** Photos for reports: the original stays private; the public copy is resized and has no metadata. */
export async function photoRoutes(app: App) {
  const { upload } = app.ctx.config;
  const files = app.ctx.files;
  await app.register(multipart, {
    limits: { fileSize: upload.maxBytes + 1, files: 1, fields: 5, fieldSize: 1024, parts: 6, headerPairs: 100 },
  });

  app.post(
    '/api/feedback/photos',
    {
      ...multipartRoute,
      schema: {
        tags,
        summary: 'Tải ảnh phản ánh — upload a photo (JPEG, PNG, WebP)',
        description:
          'multipart/form-data with one file part; logged in, or with X-Reporter-Ticket. The type is decided from the bytes. The public copy is at most 1600 px and carries no EXIF (no GPS, no camera serial).',
        consumes: ['multipart/form-data'],
        body: MultipartFile,
        response: { 201: UploadedPhoto, ...errorResponses(400, 401, 413, 415) },
      },
    },
    async (req, reply) => {
      const phone = await ticketPhone(app.ctx.db, req);
      const accountId = req.principal?.accountId ?? null;
      if (!accountId && !phone)
        throw problems.unauthorized(
          { vi: 'Vui lòng đăng nhập hoặc xác thực số điện thoại.', en: 'Please log in or confirm your phone number.' },
          { code: 'reporter-required' },
        );
      const part = await req.file();
      if (!part)
        throw problems.badRequest(
          { vi: 'Cần gửi kèm một ảnh.', en: 'A photo part is required.' },
          { code: 'file-required' },
        );
      // Stored before the transaction (a slow upload must not hold the connection); refused bytes are not kept.
      const original = await files.put(part.file, {
        declaredType: part.mimetype,
        filename: part.filename,
        allowedTypes: PHOTO_TYPES,
      });
      const bytes = await files.store.get(original.sha256);
      if (!bytes) throw problems.internal();
      const copy = await publicCopy(bytes);
      const pub = await files.put(copy.data, { allowedTypes: ['image/jpeg'] });
      await transact(req, async (tx, audit) => {
        await files.record(tx, original, { accountId, filename: part.filename });
        await files.record(tx, pub, { accountId: null });
        await tx
          .insert(feedbackUploads)
          .values({
            originalSha256: original.sha256,
            publicSha256: pub.sha256,
            accountId,
            phone: accountId ? null : phone,
            width: copy.width,
            height: copy.height,
          });
        await audit({
          action: 'feedback.photo-upload',
          targetType: 'file',
          targetId: original.sha256,
          details: { publicSha256: pub.sha256, size: original.size, contentType: original.contentType },
        });
      });
      return reply
        .code(201)
        .send({
          sha256: original.sha256,
          publicSha256: pub.sha256,
          publicUrl: photoUrl(pub.sha256),
          contentType: original.contentType,
          size: original.size,
          width: copy.width,
          height: copy.height,
        });
    },
  );

  app.get(
    '/api/feedback/photos/:sha256',
    {
      schema: {
        tags,
        summary: 'Ảnh công khai của phản ánh — a public photo copy',
        params: Type.Object({ sha256: Sha256 }),
        response: { 200: Type.Unsafe<Buffer>({ type: 'string', format: 'binary' }), ...errorResponses(400, 404) },
      },
    },
    async (req, reply) => {
      const { sha256 } = req.params;
      const db = app.ctx.db;
      const [attached] = await db
        .select({ r: feedbackPhotos.reportId })
        .from(feedbackPhotos)
        .where(eq(feedbackPhotos.publicSha256, sha256))
        .limit(1);
      let mine = false;
      if (!attached && req.principal) {
        const [own] = await db
          .select({ id: feedbackUploads.id })
          .from(feedbackUploads)
          .where(
            and(eq(feedbackUploads.publicSha256, sha256), or(eq(feedbackUploads.accountId, req.principal.accountId))),
          )
          .limit(1);
        mine = Boolean(own);
      }
      // Only public copies are served here; an original's address answers 404 like an unknown one.
      if (!attached && !mine) throw problems.notFound({ vi: 'ảnh', en: 'Photo' }, { code: 'photo-not-found' });
      return sendFile(reply, await files.readFile(sha256));
    },
  );

  // The private original (with its camera and location metadata) is evidence for those who handle the
  // report, read through the report under its rules; the file store serves it to no one else.
  app.get(
    '/api/feedback/reports/:id/photos/:sha256/original',
    {
      schema: {
        tags,
        summary: 'Ảnh gốc của phản ánh (cán bộ xử lý) — a report photo’s private original, for its handlers',
        params: Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }), sha256: Sha256 }),
        response: { 200: Type.Unsafe<Buffer>({ type: 'string', format: 'binary' }), ...errorResponses(400, 401, 404) },
      },
    },
    async (req, reply) => {
      requireAuth(req);
      const db = app.ctx.db;
      const report = await findReport(db, req.params.id);
      const photo = report
        ? (
            await db
              .select({ sha: feedbackPhotos.originalSha256 })
              .from(feedbackPhotos)
              .where(and(eq(feedbackPhotos.reportId, report.id), eq(feedbackPhotos.originalSha256, req.params.sha256)))
              .limit(1)
          )[0]
        : undefined;
      // Someone who may not read the reporter's side of this report learns nothing about its photos.
      if (
        !report ||
        !photo ||
        !(await can(req.principal, 'feedback.read-private', { agencyId: report.agencyId }, app.ctx.scopes))
      ) {
        throw problems.notFound({ vi: 'ảnh', en: 'Photo' }, { code: 'photo-not-found' });
      }
      return sendFile(reply, await files.readFile(photo.sha));
    },
  );
}
