/**
 * Backup and restore of a generated province on PostgreSQL (issue #17): N dossiers (default 200,000) and M MiB of
 * stored files (default 1,024, in 1 MiB files), backed up with `takeBackup` while nothing else runs, restored into an
 * empty database with `restoreBackup` (schema, rows, files, forward migration, audit chain and file checks), beside
 * `pg_dump -Fc` of the same database in the same run. Prints times, rates per GiB and per million rows, and the time
 * these rates give for 2 million dossiers and 10 GB of files.
 * Usage: npm run bench:backup [dossiers] [MiB]   (BENCH_PG: the server, default postgres://postgres@127.0.0.1:5432/test)
 */
import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import pino from 'pino';
import { openDatabase, migrateDatabase } from '../src/platform/index.js';
import { DiskFileStore } from '../src/platform/files/index.js';
import { postgresSnapshot, restoreBackup, takeBackup } from '../src/platform/backup/index.js';
import { seedDatabase } from '../src/seed.js';
import { freshDatabase } from './support/run.js';

const dossiers = Number(process.argv[2] ?? 200_000);
const mib = Number(process.argv[3] ?? 1024);
const log = pino({ level: 'silent' });
const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const GiB = 1 << 30;

const url = await freshDatabase('tinhso_bench_backup');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'tinhso-bench-backup-'));
const store = new DiskFileStore(path.join(work, 'files'), { maxBytes: GiB, allowedTypes: [] }, log);
await store.init();
const db = await openDatabase({ databaseUrl: url, poolSize: 4 });
await migrateDatabase(db);
await seedDatabase(db, { demo: true });

let t = Date.now();
await db.pool!.query(`
  INSERT INTO dossiers (code, procedure_id, agency_id, receiving_agency_id, current_agency_id, applicant_name, channel, status,
                        submitted_at, received_at, due_at, completed_at, rating)
  SELECT 'BENCH-' || g, p.id, p.agency_id, p.agency_id, p.agency_id, 'Người nộp ' || g,
         CASE WHEN g % 3 = 0 THEN 'counter' ELSE 'online' END,
         (ARRAY['received','processing','returned','returned','returned','refused','result_ready'])[1 + g % 7],
         t, t, t + interval '5 days', CASE WHEN g % 7 IN (2,3,4,6) THEN t + (g % 9) * interval '1 day' END,
         CASE WHEN g % 7 IN (2,3,4) AND g % 2 = 0 THEN 1 + g % 5 END
  FROM generate_series(1, ${dossiers}) g,
       LATERAL (SELECT timestamptz '2024-01-01' + (g % 1000) * interval '1 day' AS t) tt,
       LATERAL (SELECT id, coalesce(agency_id, (SELECT id FROM agencies LIMIT 1)) AS agency_id FROM procedures ORDER BY code OFFSET g % 30 LIMIT 1) p`);
console.log(`generated ${dossiers.toLocaleString('en')} dossiers in ${s(Date.now() - t)}`);
t = Date.now();
const shas: string[] = [];
for (let i = 0; i < mib; i++) {
  const bytes = crypto.randomBytes(1 << 20);
  const sha = crypto.createHash('sha256').update(bytes).digest('hex');
  await store.putExact(sha, Readable.from([bytes]));
  shas.push(sha);
}
for (let i = 0; i < shas.length; i += 1000)
  await db.pool!.query(
    `INSERT INTO files (sha256, size, content_type, kept_at) SELECT unnest($1::text[]), ${1 << 20}, 'application/pdf', now()`,
    [shas.slice(i, i + 1000)],
  );
console.log(`generated ${mib.toLocaleString('en')} files of 1 MiB in ${s(Date.now() - t)}`);
const [{ rows, bytes }] = (
  await db.pool!.query<{ rows: string; bytes: string }>(
    `SELECT (SELECT sum(n_live_tup) FROM pg_stat_user_tables)::text AS rows, pg_database_size(current_database())::text AS bytes`,
  )
).rows as [{ rows: string; bytes: string }];
await db.close();
console.log(
  `database: ${Number(rows).toLocaleString('en')} rows, ${(Number(bytes) / GiB).toFixed(2)} GiB on disk; files: ${(mib / 1024).toFixed(2)} GiB\n`,
);

const out = path.join(work, 'backups');
t = Date.now();
const backup = await takeBackup(await postgresSnapshot(url), store, { outDir: out, appVersion: 'bench' });
const backupMs = Date.now() - t;
const totalGiB = backup.size / GiB;
console.log(
  `backup  ${s(backupMs)}   archive ${totalGiB.toFixed(2)} GiB   ${(totalGiB / (backupMs / 1000)).toFixed(2) === '0.00' ? '<0.01' : (totalGiB / (backupMs / 1000)).toFixed(2)} GiB/s   (${backup.archive})`,
);

let dumpMs: number | null = null;
try {
  t = Date.now();
  execFileSync('pg_dump', ['-Fc', '-f', path.join(work, 'baseline.dump'), url], { stdio: 'ignore' });
  dumpMs = Date.now() - t;
  console.log(
    `pg_dump -Fc of the same database (no files): ${s(dumpMs)}, ${(fs.statSync(path.join(work, 'baseline.dump')).size / GiB).toFixed(2)} GiB`,
  );
} catch {
  console.log('pg_dump: not available here (or older than the server): no baseline');
}

const target = await freshDatabase('tinhso_bench_restore');
const targetStore = new DiskFileStore(path.join(work, 'restored-files'), { maxBytes: GiB, allowedTypes: [] }, log);
await targetStore.init();
t = Date.now();
const report = await restoreBackup({
  archive: backup.path,
  target: { kind: 'postgres', url: target },
  store: targetStore,
});
const restoreMs = Date.now() - t;
console.log(
  `restore ${s(restoreMs)}   ${report.rows.toLocaleString('en')} rows, ${report.files.checked} files checked, ${report.audit.message}`,
);

// What these rates give for the size: 2 million dossiers and 10 GB of files (linear in rows and bytes).
const dbShare = backup.manifest.tables.reduce((n, x) => n + x.rows, 0);
const perGiB = { backup: backupMs / totalGiB, restore: restoreMs / totalGiB };
const scale = (10e9 / GiB + (totalGiB - mib / 1024) * (2_000_000 / Math.max(dossiers, 1))) / totalGiB;
console.log(
  `\nper GiB of archive: backup ${s(perGiB.backup)}, restore ${s(perGiB.restore)}; ${dbShare.toLocaleString('en')} rows in all` +
    `\nestimated for 2,000,000 dossiers and 10 GB of files on this machine: backup ${s(backupMs * scale)}, restore ${s(restoreMs * scale)}`,
);
fs.rmSync(work, { recursive: true, force: true });
