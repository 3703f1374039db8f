import multipart from '@fastify/multipart';
import { Type } from 'typebox';
import type { App } from '../http/app.js';
import { problems } from '../http/problem.js';
import { errorResponses } from '../http/schemas.js';
import { transact } from '../http/transact.js';
import { requireAuth, requirePermission } from '../auth/principal.js';
import { can } from '../auth/authorize.js';
import { cleanFilename, sendFile } from './files.js';

const Sha256 = Type.String({ pattern: '^[0-9a-f]{64}$', description: 'SHA-256 của nội dung, 64 ký tự hex — the content address' });

export const UploadedFile = Type.Object({
  sha256: Sha256,
  size: Type.Integer({ minimum: 0 }),
  contentType: Type.String({ description: 'Xác định theo nội dung tệp — sniffed from the bytes' }),
  filename: Type.Union([Type.String(), Type.Null()]),
});

export async function filesRoutes(app: App) {
  const { upload } = app.ctx.config;
  // Busboy stops one byte past the limit, so the store's own counter sees the excess and answers 413.
  await app.register(multipart, { limits: { fileSize: upload.maxBytes + 1, files: 1, fields: 10, fieldSize: 1024, parts: 11, headerPairs: 100 } });

  app.post('/api/files', {
    schema: {
      tags: ['files'],
      summary: 'Tải tệp lên — upload a file',
      description:
        'multipart/form-data with one file part. The type is decided from the content (PDF, JPEG, PNG, WebP, Word/Excel, ZIP, XML), not from the name or the declared type. ' +
        'Same content, same address: uploading it again stores nothing new.',
      consumes: ['multipart/form-data'],
      response: { 201: UploadedFile, ...errorResponses(400, 401, 403, 413, 415) },
    },
  }, async (req, reply) => {
    const p = await requirePermission(req, 'files.upload');
    const part = await req.file();
    if (!part) throw problems.badRequest({ vi: 'Cần gửi kèm một tệp.', en: 'A file part is required.' }, { code: 'file-required' });
    const files = app.ctx.files;
    // The bytes are stored before the transaction opens: a slow upload must not hold a database
    // connection (PGlite has only one). A blob whose transaction then fails is unrecorded garbage.
    const blob = await files.put(part.file, { declaredType: part.mimetype, filename: part.filename });
    const filename = cleanFilename(part.filename);
    if (part.mimetype && part.mimetype !== blob.contentType) req.log.info({ declared: part.mimetype, sniffed: blob.contentType }, 'declared file type differs from content');
    await transact(req, async (tx, audit) => {
      await files.record(tx, blob, { accountId: p.accountId, filename });
      await audit({ action: 'file.upload', targetType: 'file', targetId: blob.sha256, details: { size: blob.size, contentType: blob.contentType, filename } });
    });
    return reply.code(201).header('location', `/api/files/${blob.sha256}`).send({ ...blob, filename });
  });

  app.get('/api/files/:sha256', {
    schema: {
      tags: ['files'],
      summary: 'Tải tệp về — download a file (its uploader and staff)',
      description: 'The bytes are verified against the address before they are sent; damaged content is never served (500 file-integrity).',
      params: Type.Object({ sha256: Sha256 }),
      response: { 200: Type.Unsafe<Buffer>({ type: 'string', format: 'binary' }), 304: Type.Null({ description: 'Not modified' }), ...errorResponses(400, 401, 404, 500) },
    },
  }, async (req, reply) => {
    const p = requireAuth(req);
    const { sha256 } = req.params;
    const files = app.ctx.files;
    const meta = await files.metadata(sha256);
    const own = meta ? await files.uploadOf(sha256, p.accountId) : null;
    // Someone who may not read a file is told it does not exist: an address must not reveal
    // whether some content is in the system.
    if (!meta || (!own && !(await can(p, 'files.read-any', {}, app.ctx.scopes)))) {
      throw problems.notFound({ vi: 'tệp', en: 'File' }, { code: 'file-not-found' });
    }
    const inm = req.headers['if-none-match'];
    if (typeof inm === 'string' && inm.split(',').some((t) => t.trim().replace(/^W\//, '') === `"${sha256}"`)) {
      return reply.code(304).header('etag', `"${sha256}"`).send(null);
    }
    return sendFile(reply, await files.readFile(sha256), { filename: own?.filename });
  });
}
