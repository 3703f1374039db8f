import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import pino from 'pino';
import { sql } from 'drizzle-orm';
import { expect } from 'vitest';
import { openDatabase, queryRows, type Database } from '../db/client.js';
import { DiskFileStore } from '../files/disk-store.js';
import type { FileStore } from '../files/store.js';
import { withDatabase } from '../testing/templates.js';
import { verifyAuditChain } from '../audit/verify.js';
import type { TestServer } from '../testing/index.js';
import { citizenAccount } from '../../directory/test-fixtures.js';
import { makeProcedure, submitDossier } from '../../procedures/dossiers/test-fixtures.js';
import { reportBody, uploadPhoto } from '../../feedback/test-fixtures.js';
import { agencyByKey } from '../../directory/index.js';

export const quietLog = pino({ level: 'silent' });
export const tmpDir = (prefix: string) => fs.mkdtempSync(path.join(os.tmpdir(), `tinhso-${prefix}-`));
export const diskStore = async (root: string): Promise<FileStore> => {
  const s = new DiskFileStore(root, { maxBytes: 1 << 30, allowedTypes: [] }, quietLog);
  await s.init();
  return s;
};

/** An empty database on the test PostgreSQL server, dropped by `drop`. */
export async function emptyPostgres(): Promise<{ url: string; drop(): Promise<void> }> {
  const server = postgresForTests()!;
  const name = `tinhso_t_restore_${process.pid}_${crypto.randomBytes(3).toString('hex')}`;
  const admin = async (q: string) => {
    const c = new pg.Client({ connectionString: server });
    await c.connect();
    try {
      await c.query(q);
    } finally {
      await c.end();
    }
  };
  await admin(`CREATE DATABASE "${name}"`);
  return { url: withDatabase(server, name), drop: () => admin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`) };
}

export interface Acknowledged {
  dossiers: { id: string; code: string; at: number }[];
  reports: { id: string; at: number }[];
}

/**
 * Citizens submitting dossiers with attachments and reports with photos until `stop()`; each write is recorded with
 * the instant its answer arrived.
 */
export async function busyCitizens(s: TestServer) {
  const citizen = await citizenAccount(s, 'Nguyễn Văn Sao Lưu');
  const p = await makeProcedure(s.database.db);
  const desk = (await agencyByKey(s.database.db, 'TTHCC'))!;
  const acked: Acknowledged = { dossiers: [], reports: [] };
  let stopped = false;
  const loop = (async () => {
    while (!stopped) {
      const d = await submitDossier(citizen, p, { receivingAgencyId: desk.id });
      acked.dossiers.push({ id: d.id, code: d.code, at: Date.now() });
      const photo = await uploadPhoto(citizen);
      const r = await citizen.post('/api/feedback/reports', reportBody({ photos: [photo.sha256] }));
      expect(r.statusCode, r.body).toBe(201);
      acked.reports.push({ id: String((r.json() as { report: { id: string } }).report.id), at: Date.now() });
    }
  })();
  return {
    acked,
    async until(n: number) {
      while (acked.dossiers.length < n) await new Promise((r) => setTimeout(r, 20));
    },
    async stop() {
      stopped = true;
      await loop;
    },
  };
}

/**
 * What a drill checks on the restored side: every write acknowledged before the snapshot is there, every file the
 * database names is byte-identical to the source's, and the audit chain verifies.
 */
export async function expectRestored(
  restored: Database,
  store: FileStore,
  source: FileStore,
  acked: Acknowledged,
  snapshotAt: Date,
) {
  const before = (x: { at: number }) => x.at < snapshotAt.getTime();
  const dossierIds = acked.dossiers.filter(before).map((d) => d.id);
  const reportIds = acked.reports.filter(before).map((r) => r.id);
  expect(dossierIds.length).toBeGreaterThan(0);
  const dossiers = await queryRows<{ id: string; code: string }>(
    restored.db,
    sql`SELECT id::text, code FROM dossiers WHERE id::text IN ${dossierIds}`,
  );
  expect(new Map(dossiers.map((d) => [d.id, d.code]))).toEqual(
    new Map(acked.dossiers.filter(before).map((d) => [d.id, d.code])),
  );
  const reports = await queryRows<{ id: string }>(
    restored.db,
    sql`SELECT id::text FROM feedback_reports WHERE id::text IN ${reportIds}`,
  );
  expect(reports.length).toBe(reportIds.length);
  const files = await queryRows<{ sha256: string }>(restored.db, sql`SELECT sha256 FROM files`);
  expect(files.length).toBeGreaterThan(dossierIds.length);
  for (const { sha256 } of files) {
    const [a, b] = [await store.get(sha256), await source.get(sha256)];
    expect(a, sha256).not.toBeNull();
    expect(Buffer.compare(a!, b!), sha256).toBe(0);
  }
  const audit = await verifyAuditChain(restored.db, { maxUnlinkedMs: Number.MAX_SAFE_INTEGER });
  expect(audit.ok, JSON.stringify(audit.brokenAt)).toBe(true);
  expect(audit.checked).toBeGreaterThan(0);
}

export const openPgliteDir = (dataDir: string) => openDatabase({ dataDir: path.join(dataDir, 'pglite') });

/** The PostgreSQL server a test may restore onto: the suite's own, or the one CI names for the PGlite run too. */
export const postgresForTests = (): string | undefined =>
  process.env.TEST_DATABASE_URL || process.env.TEST_PG_URL || undefined;
