import path from 'node:path';
import type { Readable } from 'node:stream';
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { FastifyReply } from 'fastify';
import type { Logger } from 'pino';
import type { Config } from '../config.js';
import type { Db, Executor } from '../db/client.js';
import { Problem, problems } from '../http/problem.js';
import { DiskFileStore } from './disk-store.js';
import { S3FileStore } from './s3-store.js';
import { FileReferences, holdExpiry } from './references.js';
import { fileUploads, files } from './schema.js';
import { SHA256_HEX, type FileStore, type PutOptions, type StoredBlob } from './store.js';

/** A recorded file: its metadata row. */
export interface FileRecord {
  sha256: string;
  size: number;
  contentType: string;
  createdAt: Date;
  createdBy: string | null;
}

/** A recorded file with its verified bytes. */
export interface FileContent extends FileRecord {
  data: Buffer;
}

const fileNotFound = () => problems.notFound({ vi: 'tệp', en: 'File' }, { code: 'file-not-found' });

/** A name fit for a header and a disk: no directories, no control characters, at most 200 characters. */
export function cleanFilename(name: string | undefined | null): string | null {
  if (!name) return null;
  const base = path.posix.basename(name.replace(/\\/g, '/'));
  const cleaned = base
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f"]/g, '')
    .trim()
    .slice(0, 200);
  return cleaned && cleaned !== '.' && cleaned !== '..' ? cleaned : null;
}

/**
 * The file service other modules use: store bytes, record them, read them back verified.
 * Access is the caller's business: a module that links a file to its own record (a dossier's
 * paper, a report's photo) checks its own rules and then calls `readFile`.
 */
export class Files {
  /** The tables that name files (each module registers its own): what they name never expires. */
  readonly references = new FileReferences();

  constructor(
    readonly store: FileStore,
    private readonly db: Db,
    private readonly log: Logger,
  ) {}

  /** Stores the bytes (size and type checked while they arrive); records nothing. */
  put(input: Readable | Buffer, opts?: PutOptions): Promise<StoredBlob> {
    return this.store.put(input, opts);
  }

  /**
   * Records a stored blob and who sent it, inside the caller's transaction. Sending the same bytes
   * again renews the upload (its expiry counts from now). The bytes were stored before the
   * transaction: should an expiry have removed them meanwhile, the sender is asked to send again.
   */
  async record(
    ex: Executor,
    blob: StoredBlob,
    by: { accountId: string | null; filename?: string | null },
  ): Promise<void> {
    await holdExpiry(ex);
    if (!(await this.store.has(blob.sha256))) {
      throw problems.conflict(
        {
          vi: 'Tệp vừa hết hạn lưu trong lúc tải lên; vui lòng gửi lại.',
          en: 'The file expired while it was being uploaded; please send it again.',
        },
        { code: 'upload-expired' },
      );
    }
    await ex
      .insert(files)
      .values({ sha256: blob.sha256, size: blob.size, contentType: blob.contentType, createdBy: by.accountId })
      .onConflictDoNothing();
    if (by.accountId) {
      const filename = by.filename ?? null;
      await ex
        .insert(fileUploads)
        .values({ sha256: blob.sha256, accountId: by.accountId, filename })
        .onConflictDoUpdate({
          target: [fileUploads.sha256, fileUploads.accountId],
          set: { uploadedAt: sql`now()`, filename },
        });
    }
  }

  /**
   * Who uploaded each of these files: one query for many (a batch of submissions checks its papers at
   * once). A record may name only files its author uploaded, so that a known address is no key to
   * someone else's file; an unknown file and another's look the same to the caller.
   */
  async uploaders(ex: Executor, shas: string[]): Promise<Map<string, Set<string>>> {
    const valid = [...new Set(shas)].filter((s) => SHA256_HEX.test(s));
    const out = new Map<string, Set<string>>();
    if (!valid.length) return out;
    // The caller is about to name these files in a record: their expiry waits for its transaction.
    await holdExpiry(ex);
    const rows = await ex
      .select({ sha256: fileUploads.sha256, accountId: fileUploads.accountId })
      .from(fileUploads)
      .where(inArray(fileUploads.sha256, valid));
    for (const r of rows) out.set(r.sha256, (out.get(r.sha256) ?? new Set()).add(r.accountId));
    return out;
  }

  async metadata(sha256: string, ex: Executor = this.db): Promise<FileRecord | null> {
    if (!SHA256_HEX.test(sha256)) return null;
    const [row] = await ex.select().from(files).where(eq(files.sha256, sha256));
    return row ?? null;
  }

  /** The upload of this blob by this account, if any (with the name it was sent under). */
  async uploadOf(
    sha256: string,
    accountId: string,
    ex: Executor = this.db,
  ): Promise<{ filename: string | null } | null> {
    const [row] = await ex
      .select({ filename: fileUploads.filename })
      .from(fileUploads)
      .where(and(eq(fileUploads.sha256, sha256), eq(fileUploads.accountId, accountId)));
    return row ?? null;
  }

  /**
   * A recorded file with its bytes, verified against the sha-256. Throws 404 `file-not-found` for an
   * unknown file, 500 `file-integrity` when the bytes are damaged, 500 `file-missing` when the
   * record exists but the store lost the bytes.
   */
  async readFile(sha256: string): Promise<FileContent> {
    const meta = await this.metadata(sha256);
    if (!meta) throw fileNotFound();
    const data = await this.store.get(sha256);
    if (!data) {
      this.log.error({ sha256, driver: this.store.driver }, 'file recorded but missing from the store');
      throw new Problem({
        status: 500,
        code: 'file-missing',
        title: { vi: 'Không đọc được tệp', en: 'File unavailable' },
        detail: {
          vi: 'Tệp đã được ghi nhận nhưng không còn trong kho lưu trữ.',
          en: 'The file is recorded but missing from storage.',
        },
      });
    }
    return { ...meta, data };
  }
}

const INLINE = new Set(['application/pdf', 'image/jpeg', 'image/png', 'image/webp']);
const EXTENSIONS: Record<string, string> = {
  'application/pdf': 'pdf',
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/webp': 'webp',
  'application/zip': 'zip',
  'application/xml': 'xml',
  'text/xml': 'xml',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'docx',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'xlsx',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation': 'pptx',
};

/**
 * Sends a file's verified bytes. PDF and images open in the browser; everything else (XML above
 * all, which a browser could run as a page) is sent as a download. The content never changes
 * under its address, so it is cached privately for a long time and the ETag is the address.
 */
export function sendFile(reply: FastifyReply, file: FileContent, opts: { filename?: string | null } = {}) {
  const name = cleanFilename(opts.filename) ?? `${file.sha256.slice(0, 16)}.${EXTENSIONS[file.contentType] ?? 'bin'}`;
  const ascii = name.replace(/[^\x20-\x7e]/g, '_');
  const disposition = INLINE.has(file.contentType) ? 'inline' : 'attachment';
  return reply
    .header('content-type', file.contentType)
    .header('content-length', String(file.data.length))
    .header('content-disposition', `${disposition}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`)
    .header('etag', `"${file.sha256}"`)
    .header('cache-control', 'private, max-age=31536000, immutable')
    .header('x-content-type-options', 'nosniff')
    .send(file.data);
}

/** The store the configuration names: a directory under DATA_DIR, or an S3-compatible bucket. */
export async function createFileStore(config: Config, log: Logger): Promise<FileStore> {
  const limits = { maxBytes: config.upload.maxBytes, allowedTypes: config.upload.allowedTypes };
  const root = path.join(config.dataDir, 'files');
  if (config.files.driver === 's3') {
    if (!config.files.s3?.endpoint)
      throw new Error('FILES_DRIVER=s3 needs S3_ENDPOINT (and S3_BUCKET, S3_ACCESS_KEY_ID, S3_SECRET_ACCESS_KEY)');
    const store = new S3FileStore(config.files.s3, limits, path.join(root, 'tmp'), log);
    await store.init();
    return store;
  }
  const store = new DiskFileStore(root, limits, log);
  await store.init();
  return store;
}

export async function createFiles(config: Config, db: Db, log: Logger): Promise<Files> {
  return new Files(await createFileStore(config, log), db, log);
}
