import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabase } from '../testing/index.js';
import { queryRows, type Database, type Tx } from './client.js';
import { GroupCommit } from './group-commit.js';

let database: Database;
beforeAll(async () => {
  database = await testDatabase('base');
  await database.db.execute(sql`CREATE TABLE gc_items (name text PRIMARY KEY, txid bigint NOT NULL)`);
});
afterAll(() => database?.close());

/** Writes each item's name with the id of the transaction that wrote it; a name taken twice fails. */
async function writeNames(tx: Tx, names: string[]): Promise<string[]> {
  const out: string[] = [];
  for (const name of names) {
    if (name.startsWith('bad')) throw new Error(`refused ${name}`);
    const [r] = await queryRows<{ txid: string }>(
      tx,
      sql`INSERT INTO gc_items (name, txid) VALUES (${name}, txid_current()) RETURNING txid::text`,
    );
    out.push(`${name}@${r!.txid}`);
  }
  return out;
}

const rows = () =>
  queryRows<{ name: string; txid: string }>(database.db, sql`SELECT name, txid::text FROM gc_items ORDER BY name`);

describe('group commit', () => {
  it('writes changes that arrive together in fewer transactions, answering each with its own result', async () => {
    const g = new GroupCommit(database.db, writeNames);
    const names = Array.from({ length: 30 }, (_, i) => `a${String(i).padStart(2, '0')}`);
    const answers = await Promise.all(names.map((n) => g.submit(n)));
    expect(answers.map((a) => a.split('@')[0])).toEqual(names);
    const stored = (await rows()).filter((r) => r.name.startsWith('a'));
    expect(stored.map((r) => r.name)).toEqual(names);
    // The first goes alone (nothing waits to fill a batch); the 29 that queued meanwhile share one.
    const transactions = new Set(stored.map((r) => r.txid));
    expect(transactions.size).toBeLessThan(names.length);
    expect(transactions.size).toBeGreaterThanOrEqual(2);
  });

  it('lets one bad change fail alone: the others of its batch are written, the bad one leaves nothing', async () => {
    const g = new GroupCommit(database.db, writeNames);
    const names = ['b1', 'b2', 'bad3', 'b4', 'a00' /* taken by the first test */, 'b5'];
    const settled = await Promise.allSettled(names.map((n) => g.submit(n)));
    expect(settled.map((s) => s.status)).toEqual([
      'fulfilled',
      'fulfilled',
      'rejected',
      'fulfilled',
      'rejected',
      'fulfilled',
    ]);
    expect(String((settled[2] as PromiseRejectedResult).reason)).toMatch(/refused bad3/);
    const taken = (settled[4] as PromiseRejectedResult).reason as Error & { cause?: { code?: string } };
    expect(taken.cause?.code ?? (taken as { code?: string }).code).toBe('23505');
    expect((await rows()).filter((r) => /^b/.test(r.name)).map((r) => r.name)).toEqual(['b1', 'b2', 'b4', 'b5']);
  });

  it('answers only after commit: a change seen by its caller is already visible to everyone', async () => {
    const g = new GroupCommit(database.db, writeNames);
    const seen = await Promise.all(
      ['c1', 'c2', 'c3'].map(
        async (n) => (
          await g.submit(n),
          (
            await queryRows<{ n: number }>(database.db, sql`SELECT count(*)::int AS n FROM gc_items WHERE name = ${n}`)
          )[0]!.n
        ),
      ),
    );
    expect(seen).toEqual([1, 1, 1]);
  });
});
