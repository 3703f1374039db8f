import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../db/client.js';
import type { FileStore } from '../files/store.js';
import { testServer, type TestServer } from '../testing/index.js';
import { takeBackup, type BackupResult } from './backup.js';
import { restoreBackup, type RestoreTarget } from './restore.js';
import { snapshotOf } from './snapshot.js';
import {
  busyCitizens,
  diskStore,
  emptyPostgres,
  expectRestored,
  openPgliteDir,
  postgresForTests,
  tmpDir,
  type Acknowledged,
} from './test-fixtures.js';

/**
 * The recovery drill: activity (dossiers with attachments, reports with photos), a backup taken while writes continue,
 * the data destroyed, a restore, and every record acknowledged before the snapshot found again with byte-identical
 * files and a verifying audit chain: onto the same engine, and onto the other one (PGlite → PostgreSQL is how a
 * province grows from the embedded default to a server; PostgreSQL → PGlite is a developer's copy).
 */
describe('recovery drill', () => {
  let s: TestServer;
  let backup: BackupResult;
  let acked: Acknowledged;
  beforeAll(async () => {
    s = await testServer();
    const citizens = await busyCitizens(s);
    await citizens.until(3);
    await s.ctx.audit.chainNow();
    backup = await takeBackup(await snapshotOf(s.database), s.ctx.files.store, {
      outDir: tmpDir('backup'),
      appVersion: 'test',
    });
    await citizens.until(citizens.acked.dossiers.length + 1);
    await citizens.stop();
    acked = citizens.acked;
  }, 240_000);
  afterAll(async () => {
    await s?.close();
  });

  /** Restores the drill's archive onto a new target of `engine` and checks it there. */
  async function restoreOnto(engine: 'pglite' | 'postgres') {
    const dir = tmpDir('restore');
    const store: FileStore = await diskStore(path.join(dir, 'files'));
    const pg = engine === 'postgres' ? await emptyPostgres() : null;
    const target: RestoreTarget = pg ? { kind: 'postgres', url: pg.url } : { kind: 'pglite', dataDir: dir };
    try {
      const report = await restoreBackup({ archive: backup.path, target, store });
      expect(report.audit.ok).toBe(true);
      expect(report.files.checked).toBe(backup.manifest.files.length);
      expect(report.rows).toBe(backup.manifest.tables.reduce((n, t) => n + t.rows, 0));
      const restored: Database = pg
        ? await openDatabase({ databaseUrl: pg.url, poolSize: 2 })
        : await openPgliteDir(dir);
      try {
        await expectRestored(restored, store, s.ctx.files.store, acked, new Date(backup.manifest.snapshotAt));
      } finally {
        await restored.close();
      }
    } finally {
      await pg?.drop();
    }
  }

  it('was taken while writes continued: some were acknowledged after its snapshot, and are not expected back', () => {
    const at = new Date(backup.manifest.snapshotAt).getTime();
    expect(acked.dossiers.some((d) => d.at < at)).toBe(true);
    expect(acked.dossiers.some((d) => d.at > at)).toBe(true);
    expect(backup.manifest.files.length).toBeGreaterThan(3);
    expect(backup.manifest.source.engine).toBe(s.database.kind);
  });

  it('restores onto the same engine', async () => {
    await restoreOnto(s.database.kind);
  }, 240_000);

  it.skipIf(pgliteRun() && !postgresForTests())(
    'restores onto the other engine',
    async () => {
      await restoreOnto(s.database.kind === 'pglite' ? 'postgres' : 'pglite');
    },
    240_000,
  );
});

/** Whether this run's databases are PGlite (decided before the server exists, for skipIf). */
function pgliteRun() {
  return !process.env.TEST_DATABASE_URL;
}
