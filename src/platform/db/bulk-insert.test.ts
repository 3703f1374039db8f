import crypto from 'node:crypto';
import { sql } from 'drizzle-orm';
import { bigserial, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabase } from '../testing/index.js';
import type { Database } from './client.js';
import { insertRows, insertStatement, insertTogether } from './bulk-insert.js';

const parts = pgTable('bulk_parts', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  thingId: uuid('thing_id').notNull(),
  label: text('label').notNull(),
  at: timestamp('at', { withTimezone: true }).notNull(),
  extra: jsonb('extra').$type<Record<string, unknown>>(),
});

const things = pgTable('bulk_things', {
  id: uuid('id').primaryKey().defaultRandom(),
  seq: bigserial('seq', { mode: 'number' }),
  name: text('name').notNull(),
  count: integer('count').notNull().default(7),
  data: jsonb('data')
    .$type<Record<string, unknown>>()
    .notNull()
    .default(sql`'{}'::jsonb`),
  tags: jsonb('tags').$type<string[]>(),
  at: timestamp('at', { withTimezone: true }),
  note: text('note'),
});

let database: Database;
beforeAll(async () => {
  database = await testDatabase('base');
  await database.db
    .execute(sql`CREATE TABLE bulk_things (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), seq bigserial, name text NOT NULL UNIQUE,
    count integer NOT NULL DEFAULT 7, data jsonb NOT NULL DEFAULT '{}'::jsonb, tags jsonb, at timestamptz, note text)`);
  await database.db
    .execute(sql`CREATE TABLE bulk_parts (id bigserial PRIMARY KEY, thing_id uuid NOT NULL REFERENCES bulk_things(id), label text NOT NULL,
    at timestamptz NOT NULL, extra jsonb)`);
});
afterAll(() => database?.close());

describe('insertRows', () => {
  it('writes and answers rows exactly as Drizzle’s own insert and select would', async () => {
    const at = new Date('2026-11-23T02:03:04.567Z');
    const rows = [
      {
        name: 'một',
        count: 1,
        data: { nested: { a: [1, 2] }, vi: 'Thừa Thiên Huế "trích dẫn"' },
        tags: ['x', 'y'],
        at,
        note: "O'Brien",
      },
      { name: 'hai', count: 2, data: {}, tags: null, at: null, note: null },
    ];
    const answered = [
      ...(await insertRows(database.db, things, rows)),
      ...(await insertRows(database.db, things, [{ name: 'ba' }])),
    ];
    const read = await database.db.select().from(things).orderBy(things.seq);
    expect(answered).toEqual(read);
    expect(read[0]).toMatchObject({
      name: 'một',
      count: 1,
      data: rows[0]!.data,
      tags: ['x', 'y'],
      at,
      note: "O'Brien",
    });
    expect(read[1]).toMatchObject({ name: 'hai', count: 2, data: {}, tags: null, at: null, note: null });
    // Columns the rows leave out take their defaults.
    expect(read[2]).toMatchObject({ name: 'ba', count: 7, data: {}, tags: null, at: null, note: null });
    expect(read[0]!.at).toBeInstanceOf(Date);
    expect(typeof read[0]!.seq).toBe('number');
  });

  it('skips conflicting rows when asked, and otherwise fails as a whole', async () => {
    await expect(insertRows(database.db, things, [{ name: 'bốn' }, { name: 'một' }])).rejects.toThrow();
    expect(
      await database.db
        .select()
        .from(things)
        .where(sql`name = 'bốn'`),
    ).toHaveLength(0);
    await insertRows(database.db, things, [{ name: 'bốn' }, { name: 'một' }], {
      onConflictDoNothing: true,
      returning: false,
    });
    expect((await database.db.select().from(things)).map((t) => t.name).sort()).toEqual(['ba', 'bốn', 'hai', 'một']);
  });

  it('computes the columns given as expressions in the statement, once per row (a number from a sequence)', async () => {
    await database.db.execute(sql`CREATE SEQUENCE bulk_note_seq START 41`);
    const out = await insertRows(database.db, things, [{ name: 'bảy' }, { name: 'tám' }], {
      expressions: { note: sql`'N-' || nextval('bulk_note_seq')` },
    });
    expect(out.map((t) => [t.name, t.note])).toEqual([
      ['bảy', 'N-41'],
      ['tám', 'N-42'],
    ]);
    await expect(
      insertRows(database.db, things, [{ name: 'chín' }], { expressions: { colour: sql`1` } as never }),
    ).rejects.toThrow(/no column colour/);
    await database.db.execute(sql`DELETE FROM bulk_things WHERE name IN ('bảy', 'tám')`);
  });

  it('refuses a field that is not a column, and rows that give different columns', async () => {
    await expect(insertRows(database.db, things, [{ name: 'năm', colour: 'đỏ' } as never])).rejects.toThrow(
      /no column colour/,
    );
    await expect(insertRows(database.db, things, [{ name: 'năm' }, { name: 'sáu', count: 6 }])).rejects.toThrow(
      /same columns/,
    );
  });
});

describe('insertTogether', () => {
  it('writes parents and their children in one statement and answers both as Drizzle would read them', async () => {
    const at = new Date('2026-11-23T09:08:07.654Z');
    const ids = [crypto.randomUUID(), crypto.randomUUID()];
    const out = await insertTogether(
      database.db,
      {
        things: insertStatement(things, [
          { id: ids[0]!, name: 'cha 1', data: { vi: 'Huế' }, at },
          { id: ids[1]!, name: 'cha 2', data: {}, at: null },
        ]),
        parts: insertStatement(parts, [
          { thingId: ids[0]!, label: 'con 1', at, extra: { n: [1, 2] } },
          { thingId: ids[1]!, label: 'con 2', at, extra: null },
        ]),
      },
      { answer: sql`SELECT 6 * 7` },
    );
    const things2 = await database.db
      .select()
      .from(things)
      .where(sql`${things.id} IN (${ids[0]}::uuid, ${ids[1]}::uuid)`)
      .orderBy(things.seq);
    const parts2 = await database.db.select().from(parts).orderBy(parts.id);
    expect(out.rows.things).toEqual(things2);
    expect(out.rows.parts).toEqual(parts2);
    expect(out.extras.answer).toBe(42);
    expect(out.rows.parts[0]).toMatchObject({ thingId: ids[0], label: 'con 1', at, extra: { n: [1, 2] } });
  });

  it('runs a part without RETURNING, and rolls back every part when one fails', async () => {
    const id = crypto.randomUUID();
    const before = await database.db.select().from(parts);
    await expect(
      insertTogether(database.db, {
        things: insertStatement(things, [{ id, name: 'cha lỗi' }], { returning: false }),
        // Its parent does not exist: the foreign key fails the statement, and the parent above goes too.
        parts: insertStatement(parts, [{ thingId: crypto.randomUUID(), label: 'mồ côi', at: new Date() }]),
      }),
    ).rejects.toThrow();
    expect(
      await database.db
        .select()
        .from(things)
        .where(sql`${things.id} = ${id}::uuid`),
    ).toEqual([]);
    expect(await database.db.select().from(parts)).toEqual(before);
    const ok = await insertTogether(database.db, {
      things: insertStatement(things, [{ id, name: 'cha đúng' }], { returning: false }),
    });
    expect(ok.rows.things).toEqual([]);
    expect(
      await database.db
        .select()
        .from(things)
        .where(sql`${things.id} = ${id}::uuid`),
    ).toHaveLength(1);
  });
});
