import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabase } from '../../platform/testing/index.js';
import type { Database } from '../../platform/index.js';
import { allocateCode, formatCode, localDay } from './codes.js';
import { dossierCounters } from './schema.js';

let d: Database;
beforeAll(async () => {
  d = await testDatabase('base');
});
afterAll(async () => d?.close());

describe('dossier codes (Thông tư 01/2018/TT-VPCP art. 19)', () => {
  it('uses the Vietnamese calendar day: 23:30 UTC on 21 Nov is already 22 Nov in Huế', () => {
    expect(localDay(new Date('2026-11-21T23:30:00Z'))).toBe('261122');
    expect(localDay(new Date('2026-11-22T16:59:59Z'))).toBe('261122');
    expect(localDay(new Date('2026-11-22T17:00:00Z'))).toBe('261123');
  });

  it('formats agency code, day and a four-digit sequence', () => {
    expect(formatCode('000.00.12.H12', '261122', 1)).toBe('000.00.12.H12-261122-0001');
    expect(formatCode('000.00.12.H12', '261122', 12345)).toBe('000.00.12.H12-261122-12345');
  });

  it('counts per agency and per day', async () => {
    const at = new Date('2026-03-02T02:00:00Z');
    const codes = await d.db.transaction(async (tx) => [
      (await allocateCode(tx, 'A', at)).code,
      (await allocateCode(tx, 'A', at)).code,
      (await allocateCode(tx, 'B', at)).code,
      (await allocateCode(tx, 'A', new Date('2026-03-03T02:00:00Z'))).code,
    ]);
    expect(codes).toEqual(['A-260302-0001', 'A-260302-0002', 'B-260302-0001', 'A-260303-0001']);
  });

  it('leaves no gap when the transaction that took a number rolls back', async () => {
    const at = new Date('2026-04-01T02:00:00Z');
    await d.db.transaction(async (tx) => void (await allocateCode(tx, 'C', at)));
    await expect(
      d.db.transaction(async (tx) => {
        await allocateCode(tx, 'C', at);
        throw new Error('crash between allocating and saving');
      }),
    ).rejects.toThrow(/crash/);
    const next = await d.db.transaction(async (tx) => allocateCode(tx, 'C', at));
    expect(next.code).toBe('C-260401-0002');
    const rows = await d.db.select().from(dossierCounters);
    expect(rows.find((r) => r.agencyCode === 'C')?.last).toBe(2);
  });

  it('gives distinct consecutive numbers to concurrent transactions', async () => {
    const at = new Date('2026-05-04T02:00:00Z');
    const seqs = await Promise.all(
      Array.from({ length: 50 }, () => d.db.transaction(async (tx) => (await allocateCode(tx, 'D', at)).seq)),
    );
    expect([...seqs].sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
  });
});
