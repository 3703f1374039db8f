import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import type { Logger } from 'pino';
import {
  FileIntegrityError,
  assertSha256,
  blobKey,
  receive,
  receiveExact,
  sha256Of,
  sweepTemp,
  verifying,
  type FileLimits,
  type FileStore,
  type PutOptions,
  type StoredBlob,
} from './store.js';

const isNotFound = (err: unknown) => (err as NodeJS.ErrnoException).code === 'ENOENT';

/**
 * Blobs on local disk at `<root>/ab/cd/<sha256>`. Each upload is written to `<root>/tmp/` and
 * renamed into place, so a reader never sees half a file and the same content lands on the same
 * path however often it is sent. `root` and `root/tmp` must be on one filesystem (rename).
 */
export class DiskFileStore implements FileStore {
  readonly driver = 'disk' as const;
  readonly tmpDir: string;

  constructor(
    readonly root: string,
    private readonly limits: FileLimits,
    private readonly log: Logger,
  ) {
    this.tmpDir = path.join(root, 'tmp');
  }

  /** Creates the directories and removes temp files a crash left behind. */
  async init(): Promise<void> {
    await fsp.mkdir(this.tmpDir, { recursive: true });
    await sweepTemp(this.tmpDir, 60 * 60_000, this.log);
  }

  pathOf(sha256: string): string {
    assertSha256(sha256);
    return path.join(this.root, blobKey(sha256));
  }

  async put(input: Readable | Buffer, opts: PutOptions = {}): Promise<StoredBlob> {
    const limits = {
      maxBytes: opts.maxBytes ?? this.limits.maxBytes,
      allowedTypes: opts.allowedTypes ?? this.limits.allowedTypes,
    };
    const { tmpPath, ...blob } = await receive(input, this.tmpDir, limits);
    try {
      const target = this.pathOf(blob.sha256);
      await fsp.mkdir(path.dirname(target), { recursive: true });
      // Renaming over an existing copy is atomic and also heals a copy that had been damaged.
      await fsp.rename(tmpPath, target);
    } catch (err) {
      await fsp.rm(tmpPath, { force: true });
      throw err;
    }
    return blob;
  }

  async putExact(sha256: string, input: Readable): Promise<void> {
    const { tmpPath } = await receiveExact(input, this.tmpDir, sha256);
    try {
      const target = this.pathOf(sha256);
      await fsp.mkdir(path.dirname(target), { recursive: true });
      await fsp.rename(tmpPath, target);
    } catch (err) {
      await fsp.rm(tmpPath, { force: true });
      throw err;
    }
  }

  private integrity(sha256: string, actual: string): FileIntegrityError {
    this.log.error(
      { sha256, actual, driver: 'disk', path: this.pathOf(sha256) },
      'file integrity check failed: stored bytes do not match their sha-256',
    );
    return new FileIntegrityError(sha256, actual);
  }

  async get(sha256: string): Promise<Buffer | null> {
    let data: Buffer;
    try {
      data = await fsp.readFile(this.pathOf(sha256));
    } catch (err) {
      if (isNotFound(err)) return null;
      throw err;
    }
    const actual = sha256Of(data);
    if (actual !== sha256) throw this.integrity(sha256, actual);
    return data;
  }

  async open(sha256: string): Promise<Readable | null> {
    const p = this.pathOf(sha256);
    let fh: fsp.FileHandle;
    try {
      fh = await fsp.open(p, 'r');
    } catch (err) {
      if (isNotFound(err)) return null;
      throw err;
    }
    const v = verifying(sha256, (actual) => this.integrity(sha256, actual));
    const src = fh.createReadStream();
    src.on('error', (err) => v.destroy(err));
    return src.pipe(v);
  }

  async has(sha256: string): Promise<boolean> {
    try {
      await fsp.access(this.pathOf(sha256), fs.constants.F_OK);
      return true;
    } catch {
      return false;
    }
  }

  async delete(sha256: string): Promise<void> {
    await fsp.rm(this.pathOf(sha256), { force: true });
  }
}
