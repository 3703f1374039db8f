/**
 * Which records name a file. The file store does not know the modules' tables; each module tells it,
 * once at start, how to find the files its table names — one query per table — and the expiry of
 * unattached uploads (./expiry.ts) keeps whatever any of them names.
 */
import { sql, type SQL } from 'drizzle-orm';
import { queryRows, type Executor } from '../db/client.js';

/**
 * Given `candidates` (a subquery of file addresses, usable as `x IN ${candidates}`), the SQL selecting
 * those this table names, as a column `sha256`.
 */
export type KeepQuery = (candidates: SQL) => SQL;

/** Given expired addresses (a subquery), the SQL deleting rows that only waited for those uploads to be used. */
export type ReleaseQuery = (expired: SQL) => SQL;

/**
 * Recording a reference to an upload holds off its expiry: a transaction that checks an upload and
 * then names it takes this lock shared (`holdExpiry`); the expiry takes it exclusively while it
 * removes files, so it sees every reference committed before, and none is added meanwhile.
 */
export const EXPIRY_LOCK = 0x7473_6669; // "tsfi"

/** Call in a transaction that is about to name uploaded files in a record (cheap: no row is written). */
export async function holdExpiry(ex: Executor): Promise<void> {
  await ex.execute(sql`SELECT pg_advisory_xact_lock_shared(${EXPIRY_LOCK})`);
}

/** The addresses as a subquery, sent as one JSON parameter. */
export const addressSet = (shas: readonly string[]): SQL =>
  sql`(SELECT jsonb_array_elements_text(${JSON.stringify(shas)}::jsonb))`;

export class FileReferences {
  private readonly keeps = new Map<string, KeepQuery>();
  private readonly releases = new Map<string, ReleaseQuery>();

  /** A table whose rows name files: they are kept for as long as the platform runs. */
  keep(table: string, query: KeepQuery): this {
    this.keeps.set(table, query);
    return this;
  }

  /** A table of rows that wait for an upload to be used (a photo not yet in a report): removed with the upload. */
  release(table: string, query: ReleaseQuery): this {
    this.releases.set(table, query);
    return this;
  }

  get tables(): string[] {
    return [...this.keeps.keys()];
  }

  /** Which of these files some record names: one query per registered table. */
  async named(ex: Executor, shas: readonly string[]): Promise<Set<string>> {
    const out = new Set<string>();
    if (!shas.length) return out;
    const set = addressSet(shas);
    for (const query of this.keeps.values()) {
      for (const r of await queryRows<{ sha256: string }>(ex, query(set))) out.add(r.sha256);
    }
    return out;
  }

  /** Deletes the rows that waited for these (expired) uploads. */
  async releaseAll(ex: Executor, shas: readonly string[]): Promise<void> {
    if (!shas.length) return;
    const set = addressSet(shas);
    for (const query of this.releases.values()) await ex.execute(query(set));
  }
}
