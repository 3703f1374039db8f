import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import type { FileStore } from '../files/store.js';
import { ArchiveWriter, type ArchiveKey, type ArchiveOutput } from './archive.js';
import { BackupError } from './errors.js';
import { exportDatabase } from './export-db.js';
import { ARCHIVE_FORMAT, sidecarName, type FileManifest, type Manifest, type Sidecar } from './manifest.js';
import type { Snapshot } from './snapshot.js';

export interface BackupOptions {
  /** The directory the archive is written into (created if missing). */
  outDir: string;
  key?: ArchiveKey;
  /**
   * Incremental: files already in this earlier archive (a path, or 'latest' for the newest in `outDir`) are not
   * copied again; the new archive names where they are. Without it, a full backup.
   */
  base?: string;
  appVersion: string;
  now?: () => Date;
  /** Where the bytes go instead of the archive file (tests: `/dev/full`, a disk that fills up). */
  output?: () => Promise<ArchiveOutput>;
}

export interface BackupResult {
  archive: string;
  path: string;
  size: number;
  sha256: string;
  manifest: Manifest;
  durationMs: number;
}

const stamp = (d: Date) => d.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);

/** The sidecar manifests in a backup directory, newest first. */
export async function listArchives(dir: string): Promise<Sidecar[]> {
  let names: string[];
  try {
    names = await fsp.readdir(dir);
  } catch {
    return [];
  }
  const out: Sidecar[] = [];
  for (const n of names.filter((x) => x.endsWith('.manifest.json') && !x.startsWith('.'))) {
    try {
      const s = JSON.parse(await fsp.readFile(path.join(dir, n), 'utf8')) as Sidecar;
      if (s.format === ARCHIVE_FORMAT && fs.existsSync(path.join(dir, s.archive))) out.push(s);
    } catch {
      // An unreadable sidecar is not an archive we can build on; restore reads archives themselves.
    }
  }
  return out.sort((a, b) =>
    a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : a.archive < b.archive ? 1 : -1,
  );
}

/**
 * Writes one archive holding the snapshot's database and every stored file it names, then its sidecar. The archive
 * is written under a temporary name and renamed only when complete and flushed: a failure (a full disk, a file
 * missing from the store) removes the partial file and leaves every earlier backup as it was.
 */
export async function takeBackup(snapshot: Snapshot, store: FileStore, opts: BackupOptions): Promise<BackupResult> {
  const started = Date.now();
  const now = opts.now?.() ?? new Date();
  await fsp.mkdir(opts.outDir, { recursive: true });
  let base: Sidecar | null = null;
  if (opts.base) {
    const all = await listArchives(opts.outDir);
    base =
      opts.base === 'latest' ? (all[0] ?? null) : (all.find((a) => a.archive === path.basename(opts.base!)) ?? null);
    if (!base && opts.base !== 'latest')
      throw new BackupError('missing-base', {
        vi: `Không tìm thấy bản sao lưu gốc ${opts.base} trong ${opts.outDir}.`,
        en: `No base archive ${opts.base} in ${opts.outDir}.`,
      });
  }
  const kind = base ? 'incr' : 'full';
  // The final name is reserved by creating it (exclusively): two backups of the same second, from two instances or a
  // scheduled and a requested one, never share a name or a partial file.
  let archive = '';
  for (let i = 1; !archive; i++) {
    const name = `tinhso-${stamp(now)}-${kind}${i > 1 ? `-${i}` : ''}.tar${opts.key ? '.age' : ''}`;
    try {
      await (await fsp.open(path.join(opts.outDir, name), 'wx', 0o600)).close();
      archive = name;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
  }
  const reserved = path.join(opts.outDir, archive);
  const partial = path.join(opts.outDir, `.${archive}.partial`);
  let writer: ArchiveWriter;
  try {
    writer = await ArchiveWriter.create(partial, opts.key, opts.output);
  } catch (err) {
    await fsp.rm(reserved, { force: true });
    throw err;
  }
  try {
    const db = await exportDatabase(snapshot.session, writer);
    // Files are immutable and named by content: they need not be read inside the snapshot, which is let go now.
    await snapshot.release();
    const inBase = new Map((base?.files ?? []).map((f) => [f.sha256, f.archive]));
    const files: FileManifest[] = [];
    const expiredDuringBackup: string[] = [];
    for (const f of db.files) {
      const elsewhere = inBase.get(f.sha256);
      if (elsewhere) {
        files.push({ sha256: f.sha256, size: f.size, archive: elsewhere });
        continue;
      }
      const stream = await store.open(f.sha256);
      if (!stream) {
        // An upload no record named may expire between the snapshot and this copy; anything else missing is a fault.
        if (!f.kept) {
          expiredDuringBackup.push(f.sha256);
          continue;
        }
        throw new BackupError('missing-file', {
          vi: `Tệp ${f.sha256} có trong cơ sở dữ liệu nhưng không có trong kho tệp.`,
          en: `File ${f.sha256} is in the database but missing from the file store.`,
        });
      }
      try {
        await writer.addStream(`files/${f.sha256}`, f.size, stream);
      } catch (err) {
        if (err instanceof BackupError) throw err;
        if ((err as { code?: string }).code === 'file-integrity')
          throw new BackupError(
            'corrupt-file',
            {
              vi: `Tệp ${f.sha256} trong kho tệp đã bị hỏng (không khớp SHA-256).`,
              en: `File ${f.sha256} in the file store is damaged (its SHA-256 does not match).`,
            },
            { cause: err },
          );
        throw err;
      }
      files.push({ sha256: f.sha256, size: f.size, archive });
    }
    const manifest: Manifest = {
      format: ARCHIVE_FORMAT,
      archive,
      createdAt: now.toISOString(),
      snapshotAt: snapshot.takenAt.toISOString(),
      source: { engine: snapshot.engine, serverVersion: db.serverVersion, appVersion: opts.appVersion },
      schema: db.schema,
      tables: db.tables,
      sequences: db.sequences,
      files,
      expiredDuringBackup,
      audit: db.audit,
      base: base ? { archive: base.archive, manifestSha256: base.manifestSha256 } : null,
      encrypted: !!opts.key,
      entries: writer.entries,
    };
    const done = await writer.finish(manifest);
    const sidecar: Sidecar = {
      ...manifest,
      archiveSize: done.size,
      archiveSha256: done.sha256,
      manifestSha256: done.manifestSha256,
    };
    const finalPath = path.join(opts.outDir, archive);
    await fsp.rename(partial, finalPath);
    const sidePartial = path.join(opts.outDir, `.${sidecarName(archive)}.partial`);
    await fsp.writeFile(sidePartial, JSON.stringify(sidecar, null, 1), { mode: 0o600, flush: true });
    await fsp.rename(sidePartial, path.join(opts.outDir, sidecarName(archive)));
    return {
      archive,
      path: finalPath,
      size: done.size,
      sha256: done.sha256,
      manifest,
      durationMs: Date.now() - started,
    };
  } catch (err) {
    await writer.abort(err as Error);
    await fsp.rm(reserved, { force: true });
    await snapshot.release().catch(() => {});
    if (err instanceof BackupError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    throw new BackupError(
      'write-failed',
      {
        vi: `Sao lưu thất bại${code === 'ENOSPC' ? ' (hết dung lượng đĩa)' : ''}: ${(err as Error).message}. Các bản sao lưu trước vẫn còn nguyên.`,
        en: `The backup failed${code === 'ENOSPC' ? ' (disk full)' : ''}: ${(err as Error).message}. Earlier backups are untouched.`,
      },
      { cause: err },
    );
  }
}
