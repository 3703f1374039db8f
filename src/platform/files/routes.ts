import multipart from '@fastify/multipart';
import { Type } from 'typebox';
import type { App } from '../http/app.js';
import { problems } from '../http/problem.js';
import { errorResponses } from '../http/schemas.js';
import { transact } from '../http/transact.js';
import { requireAuth, requireRoleFor } from '../auth/principal.js';
import { expireUnattached, FILE_EXPIRY_JOB, purgeUploadUsage } from './expiry.js';
import { cleanFilename, sendFile } from './files.js';
import { allowanceOf, checkQuota, countUpload } from './quota.js';

const Sha256 = Type.String({
  pattern: '^[0-9a-f]{64}$',
  description: 'SHA-256 của nội dung, 64 ký tự hex — the content address',
});

export const UploadedFile = Type.Object({
  sha256: Sha256,
  size: Type.Integer({ minimum: 0 }),
  contentType: Type.String({ description: 'Xác định theo nội dung tệp — sniffed from the bytes' }),
  filename: Type.Union([Type.String(), Type.Null()]),
});

/**
 * A multipart body with one file part, for the API document only: the part is streamed (`req.file()`) and checked
 * by the handler, never parsed into `req.body`, so the route compiles no validator for it (`multipartRoute`).
 */
export const MultipartFile = {
  content: {
    'multipart/form-data': {
      schema: {
        type: 'object',
        properties: { file: { type: 'string', format: 'binary', description: 'the file (one part)' } },
        required: ['file'],
      },
    },
  },
};

/** Route options of an upload: its only schema part is the documented multipart body, which no validator reads. */
export const multipartRoute = { validatorCompiler: () => () => true };

export async function filesRoutes(app: App) {
  const { upload, uploadExpiry } = app.ctx.config;
  app.ctx.jobs
    .register(FILE_EXPIRY_JOB, async (job) => {
      await expireUnattached(job.db, app.ctx.files.store, app.ctx.files.references, {
        ttlMs: uploadExpiry.unattachedTtlMs,
        log: job.log,
      });
      await purgeUploadUsage(job.db);
    })
    .schedule(FILE_EXPIRY_JOB, uploadExpiry.everyMs);
  // Busboy stops one byte past the limit, so the store's own counter sees the excess and answers 413.
  await app.register(multipart, {
    limits: { fileSize: upload.maxBytes + 1, files: 1, fields: 10, fieldSize: 1024, parts: 11, headerPairs: 100 },
  });

  app.post(
    '/api/files',
    {
      ...multipartRoute,
      schema: {
        tags: ['files'],
        summary: 'Tải tệp lên — upload a file',
        description:
          'multipart/form-data with one file part. The type is decided from the content (PDF, JPEG, PNG, WebP, Word/Excel, ZIP, XML), not from the name or the declared type. ' +
          'Same content, same address: uploading it again stores nothing new. SVG, HTML and XML that carries script are refused. ' +
          'Each account has a daily allowance of files and bytes (429 upload-quota when used up); an upload that no dossier, report or document names expires after a while.',
        consumes: ['multipart/form-data'],
        body: MultipartFile,
        response: { 201: UploadedFile, ...errorResponses(400, 401, 403, 409, 413, 415, 429) },
      },
    },
    async (req, reply) => {
      // An upload is the uploader's own until a record names it; the record's scope governs it from then on.
      const p = requireRoleFor(req, 'files.upload');
      const allowance = allowanceOf(p, app.ctx.config.uploadQuota);
      // An account over today's allowance is refused before a byte is read.
      await checkQuota(app.ctx.db, reply, p.accountId, allowance);
      const part = await req.file();
      if (!part)
        throw problems.badRequest(
          { vi: 'Cần gửi kèm một tệp.', en: 'A file part is required.' },
          { code: 'file-required' },
        );
      const files = app.ctx.files;
      // The bytes are stored before the transaction opens: a slow upload must not hold a database
      // connection (PGlite has only one). A blob whose transaction then fails is unrecorded garbage.
      const blob = await files.put(part.file, { declaredType: part.mimetype, filename: part.filename });
      const filename = cleanFilename(part.filename);
      if (part.mimetype && part.mimetype !== blob.contentType)
        req.log.info({ declared: part.mimetype, sniffed: blob.contentType }, 'declared file type differs from content');
      await transact(req, async (tx, audit) => {
        await countUpload(tx, reply, p.accountId, blob.size, allowance);
        await files.record(tx, blob, { accountId: p.accountId, filename });
        await audit({
          action: 'file.upload',
          targetType: 'file',
          targetId: blob.sha256,
          details: { size: blob.size, contentType: blob.contentType, filename },
        });
      });
      return reply
        .code(201)
        .header('location', `/api/files/${blob.sha256}`)
        .send({ ...blob, filename });
    },
  );

  app.get(
    '/api/files/:sha256',
    {
      schema: {
        tags: ['files'],
        summary: 'Tải tệp đã tải lên — download a file one uploaded oneself',
        description:
          'Only the account that uploaded the file gets it here. A file that belongs to a record is read through that record, under its rules ' +
          '(GET /api/dossiers/{id}/files/{sha256}, a field report’s photos). The bytes are verified against the address before they are sent; ' +
          'damaged content is never served (500 file-integrity).',
        params: Type.Object({ sha256: Sha256 }),
        response: {
          200: Type.Unsafe<Buffer>({ type: 'string', format: 'binary' }),
          304: Type.Null({ description: 'Not modified' }),
          ...errorResponses(400, 401, 404, 500),
        },
      },
    },
    async (req, reply) => {
      const p = requireAuth(req);
      const { sha256 } = req.params;
      const files = app.ctx.files;
      const own = await files.uploadOf(sha256, p.accountId);
      // Someone else's file is answered as a missing one: an address must not reveal whether some
      // content is in the system, and staff read files through the records that hold them.
      if (!own) {
        throw problems.notFound({ vi: 'tệp', en: 'File' }, { code: 'file-not-found' });
      }
      const inm = req.headers['if-none-match'];
      if (typeof inm === 'string' && inm.split(',').some((t) => t.trim().replace(/^W\//, '') === `"${sha256}"`)) {
        return reply.code(304).header('etag', `"${sha256}"`).send(null);
      }
      return sendFile(reply, await files.readFile(sha256), { filename: own?.filename });
    },
  );
}
