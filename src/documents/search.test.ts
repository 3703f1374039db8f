/**
 * The search at a register's scale (search.ts): whole words through the full-text index, typos through the vocabulary
 * the documents hold, newest first, and a count that stops at SEARCH_COUNT_CAP. The documents are written straight
 * into the table, as the benchmark does, so that there are more of them than the count's cap.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { queryRows } from '../platform/index.js';
import { testServer, type TestServer } from '../platform/testing/index.js';
import { SEARCH_COUNT_CAP } from './queries.js';
import { office, type Office } from './test-fixtures.js';

let s: TestServer;
let o: Office;
const MANY = SEARCH_COUNT_CAP + 150;

beforeAll(async () => {
  s = await testServer();
  o = await office(s);
  // Every document says "chuyển đổi số"; one in ten also "an toàn thông tin"; the newest is number MANY.
  await s.ctx.db.execute(sql`
    INSERT INTO documents (direction, agency_id, type_code, status, summary, content, registered_at, sender_name, text_state)
    SELECT 'incoming', ${o.justice}, 'CV', 'completed',
      'Về việc chuyển đổi số ' || CASE WHEN i % 10 = 0 THEN 'và an toàn thông tin ' ELSE '' END || 'lần ' || i,
      'Nội dung hướng dẫn triển khai số ' || i, timestamptz '2026-01-01 08:00+07' + (i || ' minutes')::interval,
      'Sở Thông tin và Truyền thông', 'text'
    FROM generate_series(1, ${MANY}::int) AS i`);
}, 180_000);
afterAll(async () => s?.close());

interface Found {
  items: { summary: string; registeredAt: string; rank?: number }[];
  total: number;
  totalCapped: boolean;
}
const search = async (q: string, extra = ''): Promise<Found> => {
  const res = await o.clerk.get(`/api/documents?q=${encodeURIComponent(q)}&agencyId=${o.justice}${extra}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as Found;
};

describe('document search at scale (tìm kiếm văn bản)', { timeout: 180_000 }, () => {
  it('matches every word whole, without diacritics, newest first, and counts up to the cap', async () => {
    const all = await search('chuyen doi so', '&limit=5');
    expect(all).toMatchObject({ total: SEARCH_COUNT_CAP, totalCapped: true });
    expect(all.items.map((i) => i.summary)).toEqual(
      [MANY, MANY - 1, MANY - 2, MANY - 3, MANY - 4].map(
        (i) => `Về việc chuyển đổi số ${i % 10 === 0 ? 'và an toàn thông tin ' : ''}lần ${i}`,
      ),
    );
    const dates = all.items.map((i) => Date.parse(i.registeredAt));
    expect(dates).toEqual([...dates].sort((a, b) => b - a));
    for (const i of all.items) expect(i.rank).toBeGreaterThan(0);

    // Every word must be there: one document in ten speaks of information security.
    const security = await search('Chuyển đổi số AN TOÀN thông tin');
    expect(security).toMatchObject({ total: Math.floor(MANY / 10), totalCapped: false });
    expect(security.items.every((i) => i.summary.includes('an toàn thông tin'))).toBe(true);
    // The last word as it is being typed.
    expect((await search('an toan thong ti')).total).toBe(Math.floor(MANY / 10));
    // A word no document holds, and no near word either: nothing, rather than the matches of the other words.
    expect(await search('chuyen doi so xyzzyq kkkkkk')).toMatchObject({ total: 0, items: [] });
  });

  it('corrects mistyped words to the words documents hold', async () => {
    // "thong tim", "chuyen doj": typos with no document holding them as typed.
    const typo = await search('an toan thong tim', '&limit=3');
    expect(typo.total).toBe(Math.floor(MANY / 10));
    expect(typo.items[0]!.summary).toContain('an toàn thông tin');
    expect((await search('chuyen doj so an toan')).total).toBe(Math.floor(MANY / 10));
    // Paging on: no second guess past the first page.
    expect((await search('an toan thong tim', '&offset=10')).total).toBe(0);
  });

  it('keeps the vocabulary with the documents: a new or edited text adds its words', async () => {
    const has = async (w: string) =>
      (
        await queryRows<{ n: number }>(
          s.ctx.db,
          sql`SELECT count(*)::int AS n FROM document_search_words WHERE word = ${w}`,
        )
      )[0]!.n;
    expect(await has('chuyen')).toBe(1);
    expect(await has('truyen')).toBe(1);
    // Numbers are not words to correct to.
    expect(await has(String(MANY))).toBe(0);
    expect(await has('khinhkhi')).toBe(0);
    expect((await search('khinhkhí cầu')).total).toBe(0);
    await s.ctx.db.execute(
      sql`UPDATE documents SET content = 'Báo cáo về khinhkhí cầu' WHERE agency_id = ${o.justice} AND summary LIKE '%lần 1'`,
    );
    expect(await has('khinhkhi')).toBe(1);
    expect((await search('khinhkhí cầu')).total).toBe(1);
    expect((await search('khinhkhy cau')).total).toBe(1);
  });

  it('matches a number and symbol literally', async () => {
    await s.ctx.db.execute(
      sql`UPDATE documents SET original_number_symbol = '77/STTTT-CĐS' WHERE agency_id = ${o.justice} AND summary LIKE '%lần 2'`,
    );
    const found = await search('77/STTTT-CĐS');
    expect(found.items.map((i) => i.summary)).toEqual(['Về việc chuyển đổi số lần 2']);
  });
});
