import crypto from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { Readable, Transform, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Logger } from 'pino';
import { Problem, problems } from '../http/problem.js';
import { ACTIVE_XML_TYPES, SNIFF_BYTES, TYPES, allowedAs, refineType, sniffHead } from './sniff.js';

/** A blob as stored: its content address, size and the type sniffed from its bytes. */
export interface StoredBlob {
  sha256: string;
  size: number;
  contentType: string;
}

export interface PutOptions {
  /** What the client said the type was; recorded in logs only, never trusted. */
  declaredType?: string;
  filename?: string;
  /** Overrides of the store's limits for this call. */
  maxBytes?: number;
  allowedTypes?: readonly string[];
}

export interface FileLimits {
  maxBytes: number;
  allowedTypes: readonly string[];
}

/**
 * Content-addressed blob storage. `put` checks size and type while the bytes arrive and stores
 * nothing when it refuses; `get` returns the bytes only after their sha-256 matched.
 * Deleting is for maintenance (garbage collection), never a user action.
 */
export interface FileStore {
  readonly driver: 'disk' | 's3';
  put(input: Readable | Buffer, opts?: PutOptions): Promise<StoredBlob>;
  /** The verified bytes, or null when no such blob is stored; throws FileIntegrityError on mismatch. */
  get(sha256: string): Promise<Buffer | null>;
  /**
   * The bytes as a stream that errors with FileIntegrityError at its end on mismatch, or null.
   * A consumer must discard what it read when the stream errors; HTTP serving uses `get`, so
   * corrupted bytes never reach a client.
   */
  open(sha256: string): Promise<Readable | null>;
  has(sha256: string): Promise<boolean>;
  delete(sha256: string): Promise<void>;
  /**
   * Stores bytes already accepted once, under the address they must hash to (a restore from backup): no type or
   * size rule applies again, but bytes that do not match `sha256` are refused and nothing is stored.
   */
  putExact(sha256: string, input: Readable): Promise<void>;
}

export const SHA256_HEX = /^[0-9a-f]{64}$/;

export function assertSha256(s: string): void {
  if (!SHA256_HEX.test(s)) throw new Error(`not a sha-256 hex digest: ${s.slice(0, 80)}`);
}

/** `ab/cd/abcd…`: two levels of 256 directories keep every directory small. */
export const blobKey = (sha256: string) => `${sha256.slice(0, 2)}/${sha256.slice(2, 4)}/${sha256}`;

/** The stored bytes no longer match their address: never serve them. */
export class FileIntegrityError extends Problem {
  constructor(
    readonly sha256: string,
    readonly actual: string,
  ) {
    super({
      status: 500,
      code: 'file-integrity',
      title: { vi: 'Tệp bị hỏng', en: 'File integrity error' },
      detail: {
        vi: 'Nội dung tệp đã lưu không khớp với mã băm SHA-256 của nó nên không được trả về. Quản trị hệ thống đã được ghi nhận.',
        en: 'The stored file does not match its SHA-256 digest, so it was not served. The error has been logged for the administrators.',
      },
      extra: { sha256 },
    });
  }
}

export const tooLarge = (maxBytes: number) =>
  problems.tooLarge(
    {
      vi: `Tệp vượt quá dung lượng cho phép (${maxBytes} byte).`,
      en: `The file exceeds the allowed size (${maxBytes} bytes).`,
    },
    { code: 'file-too-large', extra: { maxBytes } },
  );

export const unsupportedType = (allowed: readonly string[]) =>
  problems.unsupported(
    {
      vi: 'Loại tệp không được chấp nhận (xác định theo nội dung tệp, không theo tên hay kiểu khai báo).',
      en: 'This type of file is not accepted (judged from its content, not its name or declared type).',
    },
    { code: 'file-type', extra: { allowed } },
  );

/** SVG, XHTML, XML with script, a stylesheet or entity declarations: content a browser runs. */
export const activeContent = (type: string) =>
  problems.unsupported(
    {
      vi: 'Tệp SVG, HTML hoặc XML có mã lệnh (script, stylesheet, khai báo entity) không được chấp nhận.',
      en: 'SVG, HTML and XML carrying script, a stylesheet or entity declarations are not accepted.',
    },
    { code: 'file-active-content', extra: { detected: type } },
  );

/** Hashes, counts and sniffs bytes as they pass; refuses as soon as a limit is crossed. */
class Intake extends Transform {
  readonly hash = crypto.createHash('sha256');
  size = 0;
  family: string | null = null;
  private head: Buffer[] = [];
  private headLen = 0;

  constructor(private readonly limits: FileLimits) {
    super();
  }

  private decide(): Error | null {
    this.family = sniffHead(Buffer.concat(this.head));
    this.head = [];
    if (!this.family) return unsupportedType(this.limits.allowedTypes);
    // A ZIP may still turn out to be an allowed Word or Excel file; anything else is known now.
    if (this.family !== TYPES.zip && !allowedAs(this.family, this.limits.allowedTypes))
      return unsupportedType(this.limits.allowedTypes);
    return null;
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, cb: TransformCallback) {
    this.size += chunk.length;
    if (this.size > this.limits.maxBytes) return cb(tooLarge(this.limits.maxBytes));
    if (this.family === null) {
      this.head.push(chunk);
      this.headLen += chunk.length;
      if (this.headLen >= SNIFF_BYTES) {
        const err = this.decide();
        if (err) return cb(err);
      }
    }
    this.hash.update(chunk);
    cb(null, chunk);
  }

  override _flush(cb: TransformCallback) {
    if (this.family === null) return cb(this.decide());
    cb();
  }
}

/**
 * Receives bytes into a temporary file under `tmpDir`, checking size and type on the way.
 * On refusal or any failure the temporary file is removed before the error is rethrown.
 */
export async function receive(
  input: Readable | Buffer,
  tmpDir: string,
  limits: FileLimits,
): Promise<StoredBlob & { tmpPath: string }> {
  await fsp.mkdir(tmpDir, { recursive: true });
  const tmpPath = path.join(tmpDir, `${crypto.randomUUID()}.part`);
  const intake = new Intake(limits);
  const source = Buffer.isBuffer(input) ? Readable.from([input]) : input;
  try {
    // `flush` fsyncs before close, so a renamed blob survives a power cut.
    await pipeline(source, intake, fs.createWriteStream(tmpPath, { flags: 'wx', mode: 0o600, flush: true }));
    const sniffed = await refineType(intake.family!, tmpPath);
    const contentType = allowedAs(sniffed, limits.allowedTypes);
    if (!contentType)
      throw ACTIVE_XML_TYPES.includes(sniffed) ? activeContent(sniffed) : unsupportedType(limits.allowedTypes);
    return { tmpPath, sha256: intake.hash.digest('hex'), size: intake.size, contentType };
  } catch (err) {
    // A refused upload leaves the rest of the request unread; make sure the source stops too.
    if (!Buffer.isBuffer(input) && !input.destroyed) input.destroy();
    await fsp.rm(tmpPath, { force: true });
    throw err;
  }
}

/** Receives bytes into a temporary file and checks that they hash to `sha256`; removes it on any failure. */
export async function receiveExact(
  input: Readable,
  tmpDir: string,
  sha256: string,
): Promise<{ tmpPath: string; size: number }> {
  assertSha256(sha256);
  await fsp.mkdir(tmpDir, { recursive: true });
  const tmpPath = path.join(tmpDir, `${crypto.randomUUID()}.part`);
  let size = 0;
  const count = new Transform({
    transform(chunk: Buffer, _enc, cb) {
      size += chunk.length;
      cb(null, chunk);
    },
  });
  try {
    await pipeline(
      input,
      count,
      verifying(sha256, (actual) => new FileIntegrityError(sha256, actual)),
      fs.createWriteStream(tmpPath, { flags: 'wx', mode: 0o600, flush: true }),
    );
    return { tmpPath, size };
  } catch (err) {
    await fsp.rm(tmpPath, { force: true });
    throw err;
  }
}

/** Removes temporary files older than `olderThanMs`, left behind by a crash during an upload. */
export async function sweepTemp(tmpDir: string, olderThanMs: number, log?: Logger): Promise<number> {
  let removed = 0;
  let names: string[];
  try {
    names = await fsp.readdir(tmpDir);
  } catch {
    return 0;
  }
  const cutoff = Date.now() - olderThanMs;
  for (const n of names) {
    if (!n.endsWith('.part')) continue;
    const p = path.join(tmpDir, n);
    try {
      if ((await fsp.stat(p)).mtimeMs < cutoff) {
        await fsp.rm(p, { force: true });
        removed++;
      }
    } catch {
      // Another instance may have removed it first.
    }
  }
  if (removed) log?.info({ removed, tmpDir }, 'removed stale upload temp files');
  return removed;
}

/** A pass-through that errors at the end when the bytes do not hash to `expected`. */
export function verifying(expected: string, onMismatch: (actual: string) => Error): Transform {
  const hash = crypto.createHash('sha256');
  return new Transform({
    transform(chunk: Buffer, _enc, cb) {
      hash.update(chunk);
      cb(null, chunk);
    },
    flush(cb) {
      const actual = hash.digest('hex');
      cb(actual === expected ? null : onMismatch(actual));
    },
  });
}

export const sha256Of = (b: Buffer) => crypto.createHash('sha256').update(b).digest('hex');
