import crypto from 'node:crypto';
import fs from 'node:fs';
import { Readable, Transform, type TransformCallback } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { pipeline } from 'node:stream/promises';
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

const toWeb = (r: Readable) => Readable.toWeb(r) as unknown as ReadableStream<Uint8Array>;
const fromWeb = (r: ReadableStream<Uint8Array>) => Readable.fromWeb(r as unknown as WebReadableStream<Uint8Array>);

export class ArchiveWriter {
  readonly entries: ManifestEntry[] = [];
  private readonly pack = tar.pack();
  private readonly counter = new Counter();
  private written!: Promise<void>;

  private constructor(readonly path: string) {}

  /** Starts writing to `path` (created, never overwritten). */
  static async create(path: string, key?: ArchiveKey): Promise<ArchiveWriter> {
    const w = new ArchiveWriter(path);
    // tar-stream's streams are streamx streams: Node sees them through their async iterators.
    const plain = Readable.from(w.pack);
    let source: Readable = plain;
    if (key) {
      const enc = new Encrypter();
      enc.setPassphrase(key.passphrase);
      if (key.workFactor) enc.setScryptWorkFactor(key.workFactor);
      source = fromWeb(await enc.encrypt(toWeb(plain)));
    }
    // `flush` fsyncs before close: an archive reported written survives a power cut.
    w.written = pipeline(source, w.counter, fs.createWriteStream(path, { flags: 'wx', mode: 0o600, flush: true }));
    // A failure of the output (a full disk) must reach whoever waits on an entry, not hang it.
    w.written.catch((err: unknown) => w.pack.destroy(err as Error));
    return w;
  }

  async addBuffer(name: string, data: Buffer): Promise<ManifestEntry> {
    await new Promise<void>((resolve, reject) => this.pack.entry({ name, size: data.length, mode: 0o600, mtime: new Date(0) }, data, (err) => (err ? reject(err) : resolve())));
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
      entry = this.pack.entry({ name, size, mode: 0o600, mtime: new Date(0) }, (err) => (err ? reject(err) : resolve()));
    });
    done.catch(() => {});
    for await (const chunk of source.pipe(counter)) {
      if (!entry.write(chunk as Buffer)) await new Promise<void>((r) => entry.once('drain', () => r()));
    }
    (entry as unknown as { end(): void }).end();
    await done;
    if (counter.size !== size) throw new BackupError('corrupt-file', { vi: `Tệp ${name} có ${counter.size} byte thay vì ${size}.`, en: `${name} has ${counter.size} bytes instead of ${size}.` });
    const e = { name, size, sha256: counter.hash.digest('hex') };
    this.entries.push(e);
    return e;
  }

  /** Writes the manifest as the last entry and closes the archive; answers its size and digest. */
  async finish(manifest: Manifest): Promise<{ size: number; sha256: string; manifestSha256: string }> {
    const body = Buffer.from(JSON.stringify(manifest));
    await new Promise<void>((resolve, reject) => this.pack.entry({ name: MANIFEST_ENTRY, size: body.length, mode: 0o600, mtime: new Date(0) }, body, (err) => (err ? reject(err) : resolve())));
    this.pack.finalize();
    await this.written;
    return { size: this.counter.size, sha256: this.counter.hash.digest('hex'), manifestSha256: crypto.createHash('sha256').update(body).digest('hex') };
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
export async function readArchive(path: string, key: ArchiveKey | undefined, onEntry?: EntryHandler): Promise<{ manifest: Manifest; manifestSha256: string }> {
  const name = path.split('/').pop();
  if (!fs.existsSync(path)) throw new BackupError('not-an-archive', { vi: `Không tìm thấy tệp sao lưu ${path}.`, en: `No backup archive at ${path}.` });
  const encrypted = await startsWithAgeMagic(path);
  let source: Readable = fs.createReadStream(path);
  if (encrypted) {
    if (!key) throw new BackupError('encrypted', { vi: `Bản sao lưu ${name} đã được mã hoá: cần khoá (BACKUP_KEY).`, en: `The archive ${name} is encrypted: a key (BACKUP_KEY) is needed.` });
    const dec = new Decrypter();
    dec.addPassphrase(key.passphrase);
    try {
      source = fromWeb(await dec.decrypt(toWeb(source)));
    } catch (err) {
      throw new BackupError('wrong-key', { vi: `Không giải mã được ${name}: sai khoá hoặc tệp hỏng.`, en: `Could not decrypt ${name}: wrong key or a damaged file.` }, { cause: err });
    }
  }
  const seen: ManifestEntry[] = [];
  let manifestBody: Buffer | null = null;
  const extract = tar.extract();
  source.once('error', (err) => extract.destroy(err));
  source.pipe(extract as unknown as NodeJS.WritableStream);
  try {
    for await (const entry of extract) {
      const { name: entryName, size = 0 } = entry.header;
      if (manifestBody) throw tampered(name, `có mục sau bảng kê (${entryName})`, `an entry after the manifest (${entryName})`);
      const counter = new Counter();
      const passing = Readable.from(entry).pipe(counter);
      if (entryName === MANIFEST_ENTRY) {
        const parts: Buffer[] = [];
        for await (const c of passing) parts.push(c as Buffer);
        manifestBody = Buffer.concat(parts);
        continue;
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
    }
  } catch (err) {
    if (err instanceof HandlerFailed) throw err.cause;
    if (err instanceof BackupError) throw err;
    const msg = (err as Error).message ?? String(err);
    if (encrypted && /authenticat|decrypt|chunk|tag|invalid/i.test(msg))
      throw new BackupError('tampered', { vi: `Bản sao lưu ${name} đã bị thay đổi hoặc cắt cụt (kiểm tra mã hoá thất bại).`, en: `The archive ${name} was changed or truncated (authenticated decryption failed).` }, { cause: err });
    throw new BackupError('truncated', { vi: `Bản sao lưu ${name} bị cắt cụt hoặc hỏng: ${msg}`, en: `The archive ${name} is truncated or damaged: ${msg}` }, { cause: err });
  }
  if (!manifestBody) throw new BackupError('truncated', { vi: `Bản sao lưu ${name} thiếu bảng kê (manifest): tệp bị cắt cụt.`, en: `The archive ${name} has no manifest: it is truncated.` });
  let manifest: Manifest;
  try {
    manifest = JSON.parse(manifestBody.toString('utf8')) as Manifest;
  } catch {
    throw tampered(name, 'bảng kê không đọc được', 'an unreadable manifest');
  }
  const listed = new Map(manifest.entries.map((e) => [e.name, e]));
  if (listed.size !== seen.length) throw tampered(name, `${seen.length} mục trong khi bảng kê liệt kê ${listed.size}`, `${seen.length} entries where the manifest lists ${listed.size}`);
  for (const e of seen) {
    const m = listed.get(e.name);
    if (!m) throw tampered(name, `có mục không có trong bảng kê (${e.name})`, `an entry the manifest does not list (${e.name})`);
    if (m.sha256 !== e.sha256 || m.size !== e.size) throw tampered(name, `${e.name} không khớp mã kiểm tra`, `${e.name} does not match its checksum`);
  }
  return { manifest, manifestSha256: crypto.createHash('sha256').update(manifestBody).digest('hex') };
}

const tampered = (archive: string | undefined, vi: string, en: string) =>
  new BackupError('tampered', { vi: `Bản sao lưu ${archive} không toàn vẹn: ${vi}. Không khôi phục từ tệp này.`, en: `The archive ${archive} is not intact: ${en}. Nothing is restored from it.` });
