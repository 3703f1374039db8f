import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PGlite } from '@electric-sql/pglite';
import { testServer, type TestServer } from '../testing/index.js';
import { citizenAccount } from '../../directory/test-fixtures.js';
import { uploadPdf } from '../../procedures/dossiers/test-fixtures.js';
import { ArchiveWriter, readArchive } from './archive.js';
import { listArchives, takeBackup, type BackupResult } from './backup.js';
import { BackupError, type BackupErrorCode } from './errors.js';
import { restoreBackup } from './restore.js';
import { snapshotOf } from './snapshot.js';
import { listenControl, requestSnapshotCopy } from './control.js';
import { ARCHIVE_FORMAT, type Manifest } from './manifest.js';
import { diskStore, emptyPostgres, postgresForTests, quietLog, tmpDir } from './test-fixtures.js';

/** Bad archives and faults: each refused with its reason, nothing restored, nothing partial left, earlier archives kept. */
describe('backup and restore faults', () => {
  let s: TestServer;
  let dataDir: string;
  let out: string;
  let good: BackupResult;
  const KEY = { passphrase: 'mật khẩu sao lưu thử nghiệm', workFactor: 10 };

  beforeAll(async () => {
    dataDir = tmpDir('faults-data');
    s = await testServer({ config: { dataDir } });
    const citizen = await citizenAccount(s);
    for (let i = 0; i < 3; i++) await uploadPdf(citizen);
    out = tmpDir('faults-out');
    good = await takeBackup(await snapshotOf(s.database), s.ctx.files.store, { outDir: out, appVersion: 'test' });
  }, 240_000);
  afterAll(async () => {
    await s?.close();
  });

  async function refusedWith(code: BackupErrorCode, p: Promise<unknown>) {
    const err = await p.then(
      () => null,
      (e: unknown) => e,
    );
    expect(err, `expected ${code}`).toBeInstanceOf(BackupError);
    expect((err as BackupError).code, (err as Error).message).toBe(code);
    // Both languages, for the console and the administrator.
    expect((err as BackupError).text.vi.length).toBeGreaterThan(10);
    expect((err as BackupError).text.en.length).toBeGreaterThan(10);
  }

  /** A copy of the good archive, changed by `edit`, under a new name in its own directory. */
  function copyOf(edit: (b: Buffer) => Buffer, from = good.path): string {
    const dir = tmpDir('faults-copy');
    const p = path.join(dir, path.basename(from));
    fs.writeFileSync(p, edit(fs.readFileSync(from)));
    return p;
  }

  async function restoreIntoEmptyPglite(archive: string, key?: typeof KEY) {
    const target = tmpDir('faults-target');
    const attempt = restoreBackup({
      archive,
      target: { kind: 'pglite', dataDir: target },
      store: await diskStore(path.join(target, 'files')),
      key,
    });
    return { attempt, target };
  }

  it('writes a manifest naming the schema, the counts, the audit head and a checksum per entry', async () => {
    const { manifest } = await readArchive(good.path, undefined);
    expect(manifest.format).toBe(ARCHIVE_FORMAT);
    expect(manifest.schema.tag).toMatch(/^\d{4}_/);
    expect(manifest.tables.find((t) => t.name === 'dossiers')).toBeTruthy();
    expect(manifest.files.length).toBeGreaterThanOrEqual(3);
    expect(manifest.entries.every((e) => /^[0-9a-f]{64}$/.test(e.sha256))).toBe(true);
    expect((await listArchives(out)).map((a) => a.archive)).toEqual([good.archive]);
  });

  it('refuses a tampered archive and restores nothing', async () => {
    const tampered = copyOf((b) => {
      // A character of a row inside a database chunk: the tar structure stays valid, the checksum does not.
      const at = b.indexOf(Buffer.from('"created_at":"'));
      b[at + 20] = b[at + 20] === 0x31 ? 0x32 : 0x31;
      return b;
    });
    const { attempt, target } = await restoreIntoEmptyPglite(tampered);
    await refusedWith('tampered', attempt);
    expect(fs.existsSync(path.join(target, 'pglite'))).toBe(false);
  });

  it('refuses a truncated archive', async () => {
    const { attempt, target } = await restoreIntoEmptyPglite(copyOf((b) => b.subarray(0, Math.floor(b.length * 0.6))));
    await refusedWith('truncated', attempt);
    expect(fs.existsSync(path.join(target, 'pglite'))).toBe(false);
  });

  it('encrypts with the configured key: no key, a wrong key and a changed byte are refused; the right key reads it', async () => {
    const encDir = tmpDir('faults-enc');
    const enc = await takeBackup(await snapshotOf(s.database), s.ctx.files.store, {
      outDir: encDir,
      appVersion: 'test',
      key: KEY,
    });
    expect(enc.archive).toMatch(/\.tar\.age$/);
    expect(fs.readFileSync(enc.path).subarray(0, 21).toString()).toBe('age-encryption.org/v1');
    expect(fs.readFileSync(enc.path).includes(Buffer.from('"created_at"'))).toBe(false);
    await refusedWith('encrypted', readArchive(enc.path, undefined));
    await refusedWith('wrong-key', readArchive(enc.path, { passphrase: 'sai khoá' }));
    const changed = copyOf((b) => ((b[b.length - 1000] = b[b.length - 1000]! ^ 0x01), b), enc.path);
    await refusedWith('tampered', readArchive(changed, KEY));
    const { manifest } = await readArchive(enc.path, KEY);
    expect(manifest.encrypted).toBe(true);
    expect(manifest.tables.length).toBe(good.manifest.tables.length);
  });

  it('refuses an archive from a newer schema than this version knows', async () => {
    const dir = tmpDir('faults-newer');
    const p = path.join(dir, 'tinhso-newer.tar');
    const w = await ArchiveWriter.create(p);
    const manifest: Manifest = {
      ...good.manifest,
      archive: 'tinhso-newer.tar',
      schema: { ...good.manifest.schema, idx: 9999, tag: '9999_future', folderMillis: 9_999_999_999_999 },
      tables: [],
      files: [],
      sequences: [],
      entries: [],
    };
    await w.finish({ ...manifest, entries: w.entries });
    const { attempt } = await restoreIntoEmptyPglite(p);
    await refusedWith('newer-schema', attempt);
  });

  it('refuses to overwrite a database that is not empty, on PGlite and on PostgreSQL', async () => {
    const target = tmpDir('faults-full');
    fs.mkdirSync(path.join(target, 'pglite'));
    fs.writeFileSync(path.join(target, 'pglite', 'PG_VERSION'), '18');
    await refusedWith(
      'not-empty',
      restoreBackup({
        archive: good.path,
        target: { kind: 'pglite', dataDir: target },
        store: await diskStore(path.join(target, 'files')),
      }),
    );
    expect(fs.readFileSync(path.join(target, 'pglite', 'PG_VERSION'), 'utf8')).toBe('18');
    if (s.database.pool) {
      const url = s.database.pool.options.connectionString!;
      await refusedWith(
        'not-empty',
        restoreBackup({
          archive: good.path,
          target: { kind: 'postgres', url },
          store: await diskStore(path.join(target, 'files')),
        }),
      );
    }
  });

  it('a full disk fails the backup cleanly: no partial archive, the earlier one kept and readable', async () => {
    await refusedWith(
      'write-failed',
      takeBackup(await snapshotOf(s.database), s.ctx.files.store, {
        outDir: out,
        appVersion: 'test',
        output: () => fs.promises.open('/dev/full', 'w'),
      }),
    );
    expect(fs.readdirSync(out).filter((n) => n.endsWith('.partial'))).toEqual([]);
    expect((await listArchives(out)).map((a) => a.archive)).toEqual([good.archive]);
    await readArchive(good.path, undefined);
  });

  it('a file missing from the store fails the backup, naming it; the earlier archive is kept', async () => {
    const victim = good.manifest.files[0]!.sha256;
    const blob = path.join(dataDir, 'files', victim.slice(0, 2), victim.slice(2, 4), victim);
    const bytes = fs.readFileSync(blob);
    // A record must name it, or it would count as an upload expiring during the backup.
    await s.database.db.execute(`UPDATE files SET kept_at = now() WHERE sha256 = '${victim}'` as never);
    fs.rmSync(blob);
    try {
      await refusedWith(
        'missing-file',
        takeBackup(await snapshotOf(s.database), s.ctx.files.store, { outDir: out, appVersion: 'test' }),
      );
      expect(fs.readdirSync(out).filter((n) => n.endsWith('.partial'))).toEqual([]);
      expect((await listArchives(out)).length).toBe(1);
    } finally {
      fs.writeFileSync(blob, bytes);
    }
  });

  it('an incremental backup copies only new files and needs its base to restore', async () => {
    const incDir = tmpDir('faults-inc');
    const full = await takeBackup(await snapshotOf(s.database), s.ctx.files.store, {
      outDir: incDir,
      appVersion: 'test',
    });
    await uploadPdf(await citizenAccount(s, 'Người Gia Tăng'));
    const inc = await takeBackup(await snapshotOf(s.database), s.ctx.files.store, {
      outDir: incDir,
      appVersion: 'test',
      base: 'latest',
    });
    expect(inc.manifest.base?.archive).toBe(full.archive);
    const copied = inc.manifest.files.filter((f) => f.archive === inc.archive);
    expect(copied.length).toBe(inc.manifest.files.length - full.manifest.files.length);
    expect(copied.length).toBeGreaterThan(0);
    expect(inc.size).toBeLessThan(full.size + copied.length * 4096);
    // Alone, it is refused before anything is touched.
    const alone = tmpDir('faults-alone');
    fs.copyFileSync(inc.path, path.join(alone, inc.archive));
    const { attempt, target } = await restoreIntoEmptyPglite(path.join(alone, inc.archive));
    await refusedWith('missing-base', attempt);
    expect(fs.existsSync(path.join(target, 'pglite'))).toBe(false);
    // With its base beside it, on PostgreSQL where there is one (faster), else PGlite: every file back, checked.
    const pg = postgresForTests() ? await emptyPostgres() : null;
    const dir = tmpDir('faults-inc-target');
    try {
      const report = await restoreBackup({
        archive: inc.path,
        target: pg ? { kind: 'postgres', url: pg.url } : { kind: 'pglite', dataDir: dir },
        store: await diskStore(path.join(dir, 'files')),
      });
      expect(report.files.fromBases).toBe(full.manifest.files.length);
      expect(report.files.checked).toBe(inc.manifest.files.length);
    } finally {
      await pg?.drop();
    }
  }, 240_000);

  it('a running server hands a consistent copy of its PGlite database to `npm run backup` over its socket', async () => {
    const dir = tmpDir('faults-sock');
    const db = await PGlite.create();
    await db.exec(`CREATE TABLE t (n int); INSERT INTO t SELECT generate_series(1, 100)`);
    const control = await listenControl(dir, db, quietLog);
    try {
      expect(fs.statSync(path.join(dir, 'control.sock')).mode & 0o777).toBe(0o600);
      const copy = await requestSnapshotCopy(dir);
      const opened = await PGlite.create({ loadDataDir: copy!.dump });
      expect((await opened.query<{ n: number }>('SELECT count(*)::int AS n FROM t')).rows[0]!.n).toBe(100);
      await opened.close();
    } finally {
      await control?.close();
      await db.close();
    }
    expect(await requestSnapshotCopy(dir)).toBeNull();
  });
});
