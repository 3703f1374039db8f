import fsp from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { AwsClient } from 'aws4fetch';
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

export interface S3Options {
  /** `https://s3.example.vn` (path-style requests: `<endpoint>/<bucket>/<key>`, as MinIO, Ceph and AWS accept). */
  endpoint: string;
  bucket: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** Key prefix inside the bucket, e.g. `files/`. */
  prefix?: string;
}

/**
 * Blobs in an S3-compatible bucket, signed with SigV4 by aws4fetch (no dependencies, uses the
 * platform's fetch). Uploads are received into a local temp file first: the key is the content's
 * hash, which is known only once every byte has arrived. The PUT carries that hash as
 * `x-amz-content-sha256`, so the storage server itself rejects bytes damaged on the way.
 */
export class S3FileStore implements FileStore {
  readonly driver = 's3' as const;
  private readonly client: AwsClient;
  private readonly base: string;

  constructor(
    private readonly opts: S3Options,
    private readonly limits: FileLimits,
    readonly tmpDir: string,
    private readonly log: Logger,
  ) {
    this.client = new AwsClient({
      accessKeyId: opts.accessKeyId,
      secretAccessKey: opts.secretAccessKey,
      service: 's3',
      region: opts.region,
      retries: 3,
    });
    this.base = `${opts.endpoint.replace(/\/+$/, '')}/${encodeURIComponent(opts.bucket)}/`;
  }

  async init(): Promise<void> {
    await fsp.mkdir(this.tmpDir, { recursive: true });
    await sweepTemp(this.tmpDir, 60 * 60_000, this.log);
  }

  private url(sha256: string): string {
    assertSha256(sha256);
    return `${this.base}${this.opts.prefix ?? ''}${blobKey(sha256)}`;
  }

  private async fail(what: string, res: Response): Promise<never> {
    const body = (await res.text().catch(() => '')).slice(0, 500);
    this.log.error({ status: res.status, body, bucket: this.opts.bucket }, `s3 ${what} failed`);
    throw new Error(`S3 ${what} failed with HTTP ${res.status}`);
  }

  async put(input: Readable | Buffer, opts: PutOptions = {}): Promise<StoredBlob> {
    const limits = {
      maxBytes: opts.maxBytes ?? this.limits.maxBytes,
      allowedTypes: opts.allowedTypes ?? this.limits.allowedTypes,
    };
    const { tmpPath, ...blob } = await receive(input, this.tmpDir, limits);
    try {
      // Bounded by maxBytes; a buffer (unlike a stream) lets the client retry a failed PUT.
      const body = await fsp.readFile(tmpPath);
      const res = await this.client.fetch(this.url(blob.sha256), {
        method: 'PUT',
        body,
        headers: {
          'content-type': blob.contentType,
          'content-length': String(blob.size),
          'x-amz-content-sha256': blob.sha256,
        },
      });
      if (!res.ok) await this.fail('PUT', res);
      await res.arrayBuffer();
    } finally {
      await fsp.rm(tmpPath, { force: true });
    }
    return blob;
  }

  async putExact(sha256: string, input: Readable): Promise<void> {
    const { tmpPath, size } = await receiveExact(input, this.tmpDir, sha256);
    try {
      const res = await this.client.fetch(this.url(sha256), {
        method: 'PUT',
        body: await fsp.readFile(tmpPath),
        headers: {
          'content-type': 'application/octet-stream',
          'content-length': String(size),
          'x-amz-content-sha256': sha256,
        },
      });
      if (!res.ok) await this.fail('PUT', res);
      await res.arrayBuffer();
    } finally {
      await fsp.rm(tmpPath, { force: true });
    }
  }

  private integrity(sha256: string, actual: string): FileIntegrityError {
    this.log.error(
      { sha256, actual, driver: 's3', bucket: this.opts.bucket },
      'file integrity check failed: stored bytes do not match their sha-256',
    );
    return new FileIntegrityError(sha256, actual);
  }

  async get(sha256: string): Promise<Buffer | null> {
    const res = await this.client.fetch(this.url(sha256));
    if (res.status === 404) {
      await res.arrayBuffer();
      return null;
    }
    if (!res.ok) await this.fail('GET', res);
    const data = Buffer.from(await res.arrayBuffer());
    const actual = sha256Of(data);
    if (actual !== sha256) throw this.integrity(sha256, actual);
    return data;
  }

  async open(sha256: string): Promise<Readable | null> {
    const res = await this.client.fetch(this.url(sha256));
    if (res.status === 404) {
      await res.arrayBuffer();
      return null;
    }
    if (!res.ok || !res.body) await this.fail('GET', res);
    const v = verifying(sha256, (actual) => this.integrity(sha256, actual));
    const src = Readable.fromWeb(res.body as WebReadableStream<Uint8Array>);
    src.on('error', (err) => v.destroy(err));
    return src.pipe(v);
  }

  async has(sha256: string): Promise<boolean> {
    const res = await this.client.fetch(this.url(sha256), { method: 'HEAD' });
    if (res.status === 404) return false;
    if (!res.ok) await this.fail('HEAD', res);
    return true;
  }

  async delete(sha256: string): Promise<void> {
    const res = await this.client.fetch(this.url(sha256), { method: 'DELETE' });
    if (!res.ok && res.status !== 404) await this.fail('DELETE', res);
    await res.arrayBuffer();
  }
}

export const s3TmpDir = (dataDir: string) => path.join(dataDir, 'files', 'tmp');
