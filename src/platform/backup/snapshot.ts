import { PGlite } from '@electric-sql/pglite';
import { PGLITE_EXTENSIONS } from '../db/client.js';
import { pgliteSession, postgresSession, type SqlSession } from './session.js';

/** Runs `fn` the first time only. */
const once = (fn: () => Promise<void>) => {
  let done: Promise<void> | null = null;
  return () => (done ??= fn());
};

/**
 * A consistent, read-only view of the whole database at one instant, held open while the archive is written.
 * - PostgreSQL: one REPEATABLE READ READ ONLY transaction; the server keeps serving writes beside it.
 * - PGlite: its data directory copied in one step (between transactions, so no transaction is half in it) and
 *   opened in memory; the embedded database is held only for the copy, not for the export.
 */
export interface Snapshot {
  session: SqlSession;
  engine: 'pglite' | 'postgres';
  /** Every transaction acknowledged before this instant is in the snapshot. */
  takenAt: Date;
  release(): Promise<void>;
}

export async function postgresSnapshot(url: string): Promise<Snapshot> {
  const session = await postgresSession(url);
  try {
    await session.exec('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    // The snapshot is taken when the transaction's first statement starts, after this instant: whatever was
    // acknowledged before it had committed before the snapshot.
    const takenAt = new Date();
    await session.query(`SELECT 1`);
    return {
      session,
      engine: 'postgres',
      takenAt,
      release: once(async () => {
        await session.exec('COMMIT').catch(() => {});
        await session.close();
      }),
    };
  } catch (err) {
    await session.close().catch(() => {});
    throw err;
  }
}

/** The bytes of a PGlite data directory, copied while no transaction is open on it. */
export async function dumpPglite(db: PGlite): Promise<{ dump: Blob; takenAt: Date }> {
  // Drizzle's transactions hold PGlite's transaction lock: waiting on it means no transaction is half done.
  return db._runExclusiveTransaction(async () => {
    const takenAt = new Date();
    return { dump: await db.dumpDataDir('none'), takenAt };
  });
}

/** Opens a copied PGlite data directory in memory as a snapshot. */
export async function snapshotFromDump(dump: Blob, takenAt: Date): Promise<Snapshot> {
  const copy = await PGlite.create({ loadDataDir: dump, extensions: PGLITE_EXTENSIONS });
  const session = pgliteSession(copy, { closeWith: true });
  await session.exec('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
  return {
    session,
    engine: 'pglite',
    takenAt,
    release: once(async () => {
      await session.exec('COMMIT').catch(() => {});
      await session.close();
    }),
  };
}

export async function pgliteSnapshot(db: PGlite): Promise<Snapshot> {
  const { dump, takenAt } = await dumpPglite(db);
  return snapshotFromDump(dump, takenAt);
}

/** A snapshot of an open database: the running server's own, or one a command opened. */
export async function snapshotOf(database: {
  pglite?: PGlite;
  pool?: { options: { connectionString?: string } };
}): Promise<Snapshot> {
  if (database.pglite) return pgliteSnapshot(database.pglite);
  const url = database.pool?.options.connectionString;
  if (!url) throw new Error('a PostgreSQL database opened without a connection string cannot be snapshotted');
  return postgresSnapshot(url);
}
