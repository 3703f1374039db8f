import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { testServer, type TestServer } from '../platform/testing/index.js';
import { clock } from './clock.js';
import { formatNumberSymbol, vietnamYear } from './numbering.js';
import { documentNumbers, documentRegisters, documents } from './schema.js';
import { office, type Office } from './test-fixtures.js';

let s: TestServer;
let o: Office;

beforeAll(async () => {
  s = await testServer();
  o = await office(s);
}, 180_000);
afterAll(async () => s?.close());

/** Approved drafts straight in the table: the test is about the clerk's numbering, not the drafting. */
async function approved(n: number): Promise<string[]> {
  const rows = await s.ctx.db
    .insert(documents)
    .values(
      Array.from({ length: n }, (_, i) => ({
        direction: 'outgoing' as const,
        agencyId: o.justice,
        draftingUnitId: o.unit,
        typeCode: 'QĐ',
        status: 'approved' as const,
        summary: `Quyết định số ${i}`,
        body: 'Điều 1. …',
        registeredAt: new Date(),
        drafterId: o.specialist.accountId!,
        version: 1,
      })),
    )
    .returning({ id: documents.id });
  return rows.map((r) => r.id);
}

const number = (id: string) => o.clerk.post(`/api/documents/${id}/actions/number`, {});

describe('numbering (cấp số, Nghị định 30/2020 art. 15)', () => {
  it('forms number and symbol as the decree says', () => {
    expect(formatNumberSymbol(12, { typeCode: 'QĐ', letter: false, agencyAbbr: 'UBND' })).toBe('12/QĐ-UBND');
    expect(formatNumberSymbol(345, { typeCode: 'CV', letter: true, agencyAbbr: 'UBND', unitAbbr: 'VP' })).toBe(
      '345/UBND-VP',
    );
    expect(formatNumberSymbol(7, { typeCode: 'TTr', letter: false, agencyAbbr: 'STP' })).toBe('07/TTr-STP');
    // 31 December 23:30 in Huế is still that year; 1 January 00:30 is the next.
    expect(vietnamYear(new Date('2026-12-31T23:30:00+07:00'))).toBe(2026);
    expect(vietnamYear(new Date('2027-01-01T00:30:00+07:00'))).toBe(2027);
  });

  it('gives 100 concurrent numberings in one register 100 distinct consecutive numbers, and the next year starts at 01', async () => {
    clock.now = () => new Date('2026-12-31T16:00:00+07:00');
    const ids = await approved(100);
    const answers = await Promise.all(ids.map(number));
    for (const a of answers) expect(a.statusCode, a.body).toBe(200);
    const numbers = answers
      .map((a) => (a.json() as { document: { number: number } }).document.number)
      .sort((x, y) => x - y);
    expect(numbers).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
    const symbols = new Set(
      answers.map((a) => (a.json() as { document: { numberSymbol: string } }).document.numberSymbol),
    );
    expect(symbols.size).toBe(100);
    const [reg] = await s.ctx.db
      .select()
      .from(documentRegisters)
      .where(
        and(
          eq(documentRegisters.agencyId, o.justice),
          eq(documentRegisters.year, 2026),
          eq(documentRegisters.direction, 'outgoing'),
        ),
      );
    expect(reg!.lastNumber).toBe(100);
    const lines = await s.ctx.db.select().from(documentNumbers).where(eq(documentNumbers.registerId, reg!.id));
    expect(lines).toHaveLength(100);
    expect(lines.every((l) => l.documentId)).toBe(true);

    clock.now = () => new Date('2027-01-01T00:30:00+07:00');
    const [next] = await approved(1);
    const r = await number(next!);
    expect(r.statusCode, r.body).toBe(200);
    expect(
      (r.json() as { document: { number: number; numberSymbol: string; issueDate: string } }).document,
    ).toMatchObject({ number: 1, numberSymbol: '01/QĐ-STP', issueDate: '2027-01-01' });
  }, 300_000);

  it('a crash while numbering (the PDF cannot be stored) leaves the document approved and skips no number', async () => {
    clock.now = () => new Date('2027-01-02T09:00:00+07:00');
    const [a, b] = await approved(2);
    const put = s.ctx.files.put.bind(s.ctx.files);
    s.ctx.files.put = async () => {
      throw new Error('disk full');
    };
    try {
      const r = await number(a!);
      expect(r.statusCode).toBe(500);
    } finally {
      s.ctx.files.put = put;
    }
    const [d] = await s.ctx.db.select().from(documents).where(eq(documents.id, a!));
    expect(d).toMatchObject({ status: 'approved', number: null, numberSymbol: null, pdfSha256: null });
    const rb = await number(b!);
    expect((rb.json() as { document: { number: number } }).document.number).toBe(2);
    const ra = await number(a!);
    expect((ra.json() as { document: { number: number } }).document.number).toBe(3);
  }, 60_000);
});
