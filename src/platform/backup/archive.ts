import crypto from 'node:crypto';
import fs from 'node:fs';
import { Readable, Transform, type TransformCallback } from 'node:stream';
import { Decrypter, Encrypter } from 'age-encryption';
import tar from 'tar-stream';
import { BackupError } from './errors.js';
import { MANIFEST_ENTRY, type Manifest, type ManifestEntry } from './manifest.js';

/**
 * The archive: a tar stream of entries (database chunks, files, the manifest last), encrypted as a whole with age
 * (age-encryption.org/v1, passphrase recipient) when a key is configured, so the `age` command line tool can open it
 * too. age authenticates every 64 KiB chunk: with a key, a changed or truncated archive cannot be read at all.
 * Without one, the manifest's sha-256 of every entry catches damage.
 */
const AGE_MAGIC = Buffer.from('age-encryption.org/v1\n');

export interface ArchiveKey {
  passphrase: string;
  /** scrypt's work factor (log2 N) when encrypting; age's default is 18. */
  workFactor?: number;
}

class Counter extends Transform {
  readonly hash = crypto.createHash('sha256');
  size = 0;
  override _transform(chunk: Buffer, _enc: BufferEncoding, cb: TransformCallback) {
    this.hash.update(chunk);
    this.size += chunk.length;
    cb(null, chunk);
  }
}

/**
 * age works on web streams; they are bridged to async iterators by hand, pulling, so that every failure (a chunk that
 * does not authenticate, a full disk) is the rejection of the one loop that reads it, and nothing is left unheard.
 */
function webFrom(source: AsyncIterable<Uint8Array>): ReadableStream<Uint8Array> {
  const it = source[Symbol.asyncIterator]();
  return new ReadableStream<Uint8Array>({
    async pull(c) {
      const { done, value } = await it.next();
      if (done) c.close();
      else c.enqueue(value);
    },
    async cancel(reason) {
      await it.return?.(reason);
    },
  });
}

async function* chunksOf(stream: ReadableStream<Uint8Array>): AsyncGenerator<Uint8Array> {
  const reader = stream.getReader();
  let ok = false;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return void (ok = true);
      yield value;
    }
  } finally {
    if (!ok) await reader.cancel().catch(() => {});
  }
}

async function* fileChunks(path: string): AsyncGenerator<Uint8Array> {
  const fh = await fs.promises.open(path, 'r');
  try {
    for (;;) {
      const buf = Buffer.allocUnsafe(1 << 20);
      const { bytesRead } = await fh.read(buf, 0, buf.length, null);
      if (!bytesRead) return;
      yield buf.subarray(0, bytesRead);
    }
  } finally {
    await fh.close();
  }
}

/** Where an archive's bytes go: a file handle by default. */
export interface ArchiveOutput {
  write(data: Uint8Array): Promise<unknown>;
  sync(): Promise<void>;
  close(): Promise<void>;
}

export class ArchiveWriter {
  readonly entries: ManifestEntry[] = [];
  private readonly pack = tar.pack();
  private readonly hash = crypto.createHash('sha256');
  private size = 0;
  private written!: Promise<void>;

  private constructor(readonly path: string) {}

  /** Starts writing to `path` (created, never overwritten); `output` replaces the file (tests: a full disk). */
  static async create(path: string, key?: ArchiveKey, output?: () => Promise<ArchiveOutput>): Promise<ArchiveWriter> {
    const w = new ArchiveWriter(path);
    // tar-stream's streams are streamx streams: read through their async iterators.
    let chunks: AsyncIterable<Uint8Array> = w.pack as unknown as AsyncIterable<Uint8Array>;
    if (key) {
      const enc = new Encrypter();
      enc.setPassphrase(key.passphrase);
      if (key.workFactor) enc.setScryptWorkFactor(key.workFactor);
      chunks = chunksOf(await enc.encrypt(webFrom(chunks)));
    }
    const out = output ? await output() : await fs.promises.open(path, 'wx', 0o600);
    w.written = (async () => {
      try {
        for await (const c of chunks) {
          w.hash.update(c);
          w.size += c.length;
          await out.write(c);
        }
        // Flushed to the disk before the archive is reported written: it survives a power cut.
        await out.sync();
      } finally {
        await out.close();
      }
    })();
    // A failure of the output (a full disk) must reach whoever waits on an entry, not hang it; the pack's own error
    // event is the same failure, reported through `written`.
    w.pack.on('error', () => {});
    w.failed = new Promise<never>((_, reject) => void w.written.catch(reject));
    w.failed.catch(() => {});
    w.written.catch((err: unknown) => w.pack.destroy(err as Error));
    return w;
  }

  private failed!: Promise<never>;

  /** Waits for `op`, or fails as soon as the output has failed. */
  private guard<T>(op: Promise<T>): Promise<T> {
    return Promise.race([op, this.failed]);
  }

  async addBuffer(name: string, data: Buffer): Promise<ManifestEntry> {
    await this.guard(
      new Promise<void>((resolve, reject) =>
        this.pack.entry({ name, size: data.length, mode: 0o600, mtime: new Date(0) }, data, (err) =>
          err ? reject(err) : resolve(),
        ),
      ),
    );
    const e = { name, size: data.length, sha256: crypto.createHash('sha256').update(data).digest('hex') };
    this.entries.push(e);
    return e;
  }

  /** Copies `size` bytes from `source`; its sha-256 is computed on the way. */
  async addStream(name: string, size: number, source: Readable): Promise<ManifestEntry> {
    const counter = new Counter();
    let entry!: ReturnType<tar.Pack['entry']>;
    // The callback runs once the entry is complete in the tar stream, or failed.
    const done = new Promise<void>((resolve, reject) => {
      entry = this.pack.entry({ name, size, mode: 0o600, mtime: new Date(0) }, (err) =>
        err ? reject(err) : resolve(),
      );
    });
    done.catch(() => {});
    for await (const chunk of source.pipe(counter)) {
      if (!entry.write(chunk as Buffer)) await this.guard(new Promise<void>((r) => entry.once('drain', () => r())));
    }
    (entry as unknown as { end(): void }).end();
    await this.guard(done);
    if (counter.size !== size)
      throw new BackupError('corrupt-file', {
        vi: `Tệp ${name} có ${counter.size} byte thay vì ${size}.`,
        en: `${name} has ${counter.size} bytes instead of ${size}.`,
      });
    const e = { name, size, sha256: counter.hash.digest('hex') };
    this.entries.push(e);
    return e;
  }

  /** Writes the manifest as the last entry and closes the archive; answers its size and digest. */
  async finish(manifest: Manifest): Promise<{ size: number; sha256: string; manifestSha256: string }> {
    const body = Buffer.from(JSON.stringify(manifest));
    await this.guard(
      new Promise<void>((resolve, reject) =>
        this.pack.entry({ name: MANIFEST_ENTRY, size: body.length, mode: 0o600, mtime: new Date(0) }, body, (err) =>
          err ? reject(err) : resolve(),
        ),
      ),
    );
    this.pack.finalize();
    await this.written;
    return {
      size: this.size,
      sha256: this.hash.digest('hex'),
      manifestSha256: crypto.createHash('sha256').update(body).digest('hex'),
    };
  }

  /** Stops writing and removes what was written. */
  async abort(err: Error): Promise<void> {
    this.pack.destroy(err);
    await this.written.catch(() => {});
    await fs.promises.rm(this.path, { force: true });
  }
}

/** An error of the caller's handler, passed on as it is rather than taken for damage to the archive. */
class HandlerFailed extends Error {
  constructor(override readonly cause: unknown) {
    super('entry handler failed');
  }
}

/** Until a writable drains or closes, leaving no listener behind. */
function drained(w: {
  once(e: string, f: () => void): unknown;
  off(e: string, f: () => void): unknown;
}): Promise<void> {
  return new Promise<void>((resolve) => {
    const done = () => {
      w.off('drain', done);
      w.off('close', done);
      resolve();
    };
    w.once('drain', done);
    w.once('close', done);
  });
}

export type EntryHandler = (name: string, size: number, data: Readable) => Promise<void>;

async function startsWithAgeMagic(path: string): Promise<boolean> {
  const fh = await fs.promises.open(path, 'r');
  try {
    const buf = Buffer.alloc(AGE_MAGIC.length);
    const { bytesRead } = await fh.read(buf, 0, buf.length, 0);
    return bytesRead === buf.length && buf.equals(AGE_MAGIC);
  } finally {
    await fh.close();
  }
}

/**
 * Reads every entry of an archive in order, hashing each, handing it to `onEntry` (or discarding it), and checks them
 * against the manifest at the end: a missing, extra, changed or truncated entry, or a wrong key, is a BackupError.
 * `onEntry` must not keep anything it cannot undo until this resolves: a mismatch may only be known at the end.
 */
export async function readArchive(
  path: string,
  key: ArchiveKey | undefined,
  onEntry?: EntryHandler,
): Promise<{ manifest: Manifest; manifestSha256: string }> {
  const name = path.split('/').pop();
  if (!fs.existsSync(path))
    throw new BackupError('not-an-archive', {
      vi: `Không tìm thấy tệp sao lưu ${path}.`,
      en: `No backup archive at ${path}.`,
    });
  const encrypted = await startsWithAgeMagic(path);
  let source: AsyncIterable<Uint8Array> = fileChunks(path);
  if (encrypted) {
    if (!key)
      throw new BackupError('encrypted', {
        vi: `Bản sao lưu ${name} đã được mã hoá: cần khoá (BACKUP_KEY).`,
        en: `The archive ${name} is encrypted: a key (BACKUP_KEY) is needed.`,
      });
    const dec = new Decrypter();
    dec.addPassphrase(key.passphrase);
    try {
      source = chunksOf(await dec.decrypt(webFrom(source)));
    } catch (err) {
      throw new BackupError(
        'wrong-key',
        {
          vi: `Không giải mã được ${name}: sai khoá hoặc tệp hỏng.`,
          en: `Could not decrypt ${name}: wrong key or a damaged file.`,
        },
        { cause: err },
      );
    }
  }
  const seen: ManifestEntry[] = [];
  let manifestBody = null as Buffer | null;
  const extract = tar.extract();
  const onTarEntry = async (entryName: string, size: number, entry: Readable) => {
    if (manifestBody)
      throw tampered(name, `có mục sau bảng kê (${entryName})`, `an entry after the manifest (${entryName})`);
    const counter = new Counter();
    const from = Readable.from(entry);
    // The archive failing mid-entry reaches the reader of the entry (a pipe would leave it unheard).
    from.on('error', (err) => counter.destroy(err));
    const passing = from.pipe(counter);
    if (entryName === MANIFEST_ENTRY) {
      const parts: Buffer[] = [];
      for await (const c of passing) parts.push(c as Buffer);
      manifestBody = Buffer.concat(parts);
      return;
    }
    if (onEntry)
      try {
        await onEntry(entryName, size, passing);
      } catch (err) {
        throw new HandlerFailed(err);
      }
    // Whatever the handler left unread is still hashed.
    for await (const _ of passing);
    seen.push({ name: entryName, size: counter.size, sha256: counter.hash.digest('hex') });
  };
  try {
    // tar-stream's events rather than its iterator: a damaged or truncated stream must reject here, not hang.
    await new Promise<void>((resolve, reject) => {
      extract.on('entry', (header, entry, next) => {
        onTarEntry(header.name, header.size ?? 0, entry as unknown as Readable).then(
          () => next(),
          (err: unknown) => {
            reject(err as Error);
            extract.destroy(err as Error);
          },
        );
      });
      extract.on('finish', () => resolve());
      extract.on('error', reject);
      // Fed by hand, so that an error of the source (a failed decryption) is this loop's, and stops it.
      void (async () => {
        for await (const c of source) {
          if (extract.destroyed) return;
          if (!extract.write(c as Buffer)) await drained(extract);
        }
        (extract as unknown as { end(): void }).end();
      })().catch((err: unknown) => extract.destroy(err as Error));
    });
  } catch (err) {
    if (err instanceof HandlerFailed) throw err.cause;
    if (err instanceof BackupError) throw err;
    const msg = (err as Error).message ?? String(err);
    if (encrypted)
      throw new BackupError(
        'tampered',
        {
          vi: `Bản sao lưu ${name} đã bị thay đổi hoặc cắt cụt (kiểm tra mã hoá thất bại: ${msg}).`,
          en: `The archive ${name} was changed or truncated (authenticated decryption failed: ${msg}).`,
        },
        { cause: err },
      );
    throw new BackupError(
      'truncated',
      {
        vi: `Bản sao lưu ${name} bị cắt cụt hoặc hỏng: ${msg}`,
        en: `The archive ${name} is truncated or damaged: ${msg}`,
      },
      { cause: err },
    );
  }
  if (!manifestBody)
    throw new BackupError('truncated', {
      vi: `Bản sao lưu ${name} thiếu bảng kê (manifest): tệp bị cắt cụt.`,
      en: `The archive ${name} has no manifest: it is truncated.`,
    });
  let manifest: Manifest;
  try {
    manifest = JSON.parse(manifestBody.toString('utf8')) as Manifest;
  } catch {
    throw tampered(name, 'bảng kê không đọc được', 'an unreadable manifest');
  }
  const listed = new Map(manifest.entries.map((e) => [e.name, e]));
  if (listed.size !== seen.length)
    throw tampered(
      name,
      `${seen.length} mục trong khi bảng kê liệt kê ${listed.size}`,
      `${seen.length} entries where the manifest lists ${listed.size}`,
    );
  for (const e of seen) {
    const m = listed.get(e.name);
    if (!m)
      throw tampered(
        name,
        `có mục không có trong bảng kê (${e.name})`,
        `an entry the manifest does not list (${e.name})`,
      );
    if (m.sha256 !== e.sha256 || m.size !== e.size)
      throw tampered(name, `${e.name} không khớp mã kiểm tra`, `${e.name} does not match its checksum`);
  }
  return { manifest, manifestSha256: crypto.createHash('sha256').update(manifestBody).digest('hex') };
}

const tampered = (archive: string | undefined, vi: string, en: string) =>
  new BackupError('tampered', {
    vi: `Bản sao lưu ${archive} không toàn vẹn: ${vi}. Không khôi phục từ tệp này.`,
    en: `The archive ${archive} is not intact: ${en}. Nothing is restored from it.`,
  });
