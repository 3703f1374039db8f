import { afterAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import type { Database } from '../platform/index.js';
import { testDatabase } from '../platform/testing/index.js';
import { seedDocumentsDemo } from './demo.js';
import { documents } from './schema.js';
import { agencyByKey } from '../directory/index.js';

let d: Database | undefined;
afterAll(async () => d?.close());

describe('demo documents', () => {
  it('gives the demo department a few registered documents and a draft', async () => {
    d = await testDatabase('demo');
    const justice = (await agencyByKey(d.db, 'STP'))!;
    const before = await d.db.select().from(documents).where(eq(documents.agencyId, justice.id));
    if (!before.length) await seedDocumentsDemo(d);
    const rows = await d.db.select().from(documents).where(eq(documents.agencyId, justice.id));
    expect(
      rows
        .filter((r) => r.direction === 'incoming')
        .map((r) => r.numberSymbol)
        .sort(),
    ).toEqual(['01', '02', '03']);
    expect(rows.filter((r) => r.status === 'assigned')).toHaveLength(1);
    expect(rows.filter((r) => r.direction === 'outgoing')).toHaveLength(1);
  }, 120_000);
});
