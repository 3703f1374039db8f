/**
 * The exchange boxes: a document sent from one agency to another of the same deployment shows in the receiver's
 * inbox (waiting until assigned) and in the sender's outbox with every receipt; neither agency sees the other's box.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { testServer, type TestServer } from '../../platform/testing/index.js';
import { agencyByCode } from '../../directory/index.js';
import { staffWith } from '../../directory/test-fixtures.js';
import { act, approvedDraft, office, type Office } from '../test-fixtures.js';
import { documents } from '../schema.js';
import { emitReceipts } from './service.js';

let s: TestServer, o: Office, construction: string;

interface ReceivedItem {
  id: string;
  summary: string;
  waiting: boolean;
  senderName: string | null;
  originalNumberSymbol: string | null;
  arrivalNumber: string | null;
}
interface SentItem {
  id: string;
  numberSymbol: string;
  recipients: {
    organId: string;
    organName: string;
    state: string;
    latest: string | null;
    receipts: { statusCode: string; label: { vi: string } | null }[];
  }[];
}

async function drain() {
  await s.ctx.db.execute(
    sql`UPDATE jobs SET run_at = now() WHERE status = 'pending' AND kind LIKE 'documents.exchange.%'`,
  );
  await s.ctx.jobs.drain();
}

beforeAll(async () => {
  s = await testServer();
  o = await office(s);
  construction = (await agencyByCode(s.ctx.db, '000.00.05.H57'))!.id;
});
afterAll(async () => {
  await s?.close();
});

describe('exchange inbox and outbox', () => {
  it(
    'the receiver sees the document waiting, the sender sees each receipt, and neither sees the other’s box',
    { timeout: 60_000 },
    async () => {
      const id = await approvedDraft(o, { summary: 'V/v phối hợp thẩm định hồ sơ' });
      await s.ctx.db
        .update(documents)
        .set({ recipients: [{ name: 'Sở Xây dựng', agencyId: construction }] })
        .where(eq(documents.id, id));
      const numbered = await act(o.clerk, id, 'number');
      await s.ctx.db.update(documents).set({ status: 'signed' }).where(eq(documents.id, id)); // signatures are tested in src/documents/signing
      await act(o.clerk, id, 'issue');
      await act(o.clerk, id, 'send');
      await drain();

      const inbox = (await o.otherClerk.get('/api/documents/exchange/received')).json() as { items: ReceivedItem[] };
      const got = inbox.items.find((x) => x.summary === 'V/v phối hợp thẩm định hồ sơ');
      expect(got).toMatchObject({ waiting: true, originalNumberSymbol: numbered.numberSymbol });
      expect(got!.arrivalNumber).toMatch(/^\d{2,}$/);
      // The sender's clerk has no such inbox entry; the receiver's clerk asking for the sender's agency gets nothing.
      expect(
        ((await o.clerk.get('/api/documents/exchange/received')).json() as { items: ReceivedItem[] }).items.map(
          (x) => x.id,
        ),
      ).not.toContain(got!.id);
      expect(
        ((await o.otherClerk.get(`/api/documents/exchange/sent?agencyId=${o.justice}`)).json() as { items: SentItem[] })
          .items,
      ).toEqual([]);

      const outbox = (await o.clerk.get('/api/documents/exchange/sent')).json() as { items: SentItem[] };
      const sent = outbox.items.find((x) => x.id === id)!;
      expect(sent.numberSymbol).toBe(numbered.numberSymbol);
      expect(sent.recipients).toHaveLength(1);
      expect(sent.recipients[0]).toMatchObject({ organId: '000.00.05.H57', state: 'delivered', latest: '03' });
      expect(sent.recipients[0]!.receipts.map((r) => r.statusCode)).toEqual(['01', '03']);
      // One document's own outbox entry (its page asks for it).
      const one = (await o.clerk.get(`/api/documents/exchange/sent?documentId=${id}`)).json() as { items: SentItem[] };
      expect(one.items.map((x) => x.id)).toEqual([id]);

      // The receiver assigns it: it leaves the waiting inbox, and the sender gets the receipt 05.
      const leader = await staffWith(s, [{ role: 'leader', scopeKind: 'agency', scopeId: construction }], {
        agencyId: construction,
      });
      const handler = await staffWith(s, [{ role: 'specialist', scopeKind: 'agency', scopeId: construction }], {
        agencyId: construction,
      });
      await act(leader, got!.id, 'assign', { leadId: handler.accountId, workingDays: 2 });
      await emitReceipts(s.ctx);
      await drain();
      const waiting = (await o.otherClerk.get('/api/documents/exchange/received')).json() as { items: ReceivedItem[] };
      expect(waiting.items.map((x) => x.id)).not.toContain(got!.id);
      const all = (await o.otherClerk.get('/api/documents/exchange/received?box=all')).json() as {
        items: ReceivedItem[];
      };
      expect(all.items.find((x) => x.id === got!.id)).toMatchObject({ waiting: false });
      const after = ((await o.clerk.get('/api/documents/exchange/sent')).json() as { items: SentItem[] }).items.find(
        (x) => x.id === id,
      )!;
      expect(after.recipients[0]!.latest).toBe('05');
      expect(after.recipients[0]!.receipts.at(-1)!.label!.vi).toBe('Đã phân công, đang xử lý');
    },
  );
});
