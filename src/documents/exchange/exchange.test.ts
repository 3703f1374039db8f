/**
 * Two deployments on two databases, each listening on a real port with the other as its peer, exchange documents
 * both ways; the sender sees every receipt; a receiver that fails the first three tries (the third after applying,
 * the acknowledgement lost) gets the envelope applied exactly once. An update (thay thế) replaces the document the
 * receiver got, and is refused for one it never got; a recipient no one serves is refused before anything is written.
 */
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, asc, eq, sql } from 'drizzle-orm';
import { testServer, type TestServer } from '../../platform/testing/index.js';
import { agencyByCode } from '../../directory/index.js';
import { staffWith } from '../../directory/test-fixtures.js';
import { act, approvedDraft, office, type Office } from '../test-fixtures.js';
import { documentActions, documents } from '../schema.js';
import { documentExchangeMessages } from './schema.js';
import { emitReceipts } from './service.js';
import { signTransport } from './transport.js';
import { buildEdoc, buildStatus } from './edxml.js';

let A: TestServer, B: TestServer, oa: Office, ob: Office, proxy: Server;
let proxyHits = 0;
const CONSTRUCTION = '000.00.05.H57';
const POLICE = '000.00.90.H57';
let justiceCode: string;

async function listen(s: TestServer): Promise<string> {
  await s.app.listen({ port: 0, host: '127.0.0.1' });
  return `http://127.0.0.1:${(s.app.server.address() as AddressInfo).port}`;
}

/** In front of B: the 1st and 2nd posts fail; the 3rd reaches B but its answer is lost; then all pass. */
function faultyProxy(target: string): Promise<string> {
  proxy = createServer((req, res) => {
    const n = ++proxyHits;
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (n <= 2) {
        res.writeHead(503).end('down');
        return;
      }
      const url = new URL(req.url!, target);
      const fwd = httpRequest(url, { method: req.method, headers: req.headers }, (r) => {
        const back: Buffer[] = [];
        r.on('data', (c: Buffer) => back.push(c));
        r.on('end', () => {
          if (n === 3) res.writeHead(502).end('lost');
          else
            res
              .writeHead(r.statusCode!, { 'content-type': r.headers['content-type'] ?? 'application/json' })
              .end(Buffer.concat(back));
        });
      });
      fwd.end(Buffer.concat(chunks));
    });
  });
  return new Promise((r) =>
    proxy.listen(0, '127.0.0.1', () => r(`http://127.0.0.1:${(proxy.address() as AddressInfo).port}`)),
  );
}

async function drain(s: TestServer) {
  // Retries wait for their backoff: move them due (time passing) and run what is due.
  for (let i = 0; i < 4; i++) {
    await s.ctx.db.execute(
      sql`UPDATE jobs SET run_at = now() WHERE status = 'pending' AND kind LIKE 'documents.exchange.%'`,
    );
    await s.ctx.jobs.drain();
  }
}

async function identity(s: TestServer) {
  return (await s.anonymous.get('/api/documents/exchange/identity')).json() as {
    keyId: string;
    publicJwk: Record<string, string>;
  };
}

/** Issues and sends a document to one agency; `replacesId`: as the update (thay thế) of that earlier document. */
/** An edXML envelope from A's justice department, with what a test changes. */
function envelope(fields: { to: string; business?: 'new' | 'update'; replaces?: string | null; subject?: string }) {
  return buildEdoc({
    from: { organId: justiceCode, organName: 'Sở Tư pháp' },
    to: [{ organId: fields.to, organName: fields.to }],
    code: { number: '999', notation: 'STP-VP' },
    promulgation: { place: 'Huế', date: '2026-01-02' },
    documentType: { type: '0', typeName: 'Công văn', typeDetail: 'CV' },
    subject: fields.subject ?? 'V/v thử nghiệm',
    toPlaces: [fields.to],
    priority: 0,
    steeringType: 1,
    documentId: `${justiceCode},2026/01/02,999/STP-VP`,
    business: fields.business ?? 'new',
    replaces: fields.replaces ?? null,
    traceTimestamp: new Date(),
    attachments: [],
  });
}

async function sendOut(o: Office, s: TestServer, toAgencyId: string, summary: string, replacesId?: string) {
  const id = await approvedDraft(o, { summary });
  // The draft form sets neither the replaced document nor (in these tests) the recipients' agencies.
  await s.ctx.db
    .update(documents)
    .set({ recipients: [{ name: 'Nơi nhận', agencyId: toAgencyId }], ...(replacesId ? { replacesId } : {}) })
    .where(eq(documents.id, id));
  await act(o.clerk, id, 'number');
  await s.ctx.db.update(documents).set({ status: 'signed' }).where(eq(documents.id, id)); // signatures are tested in src/documents/signing
  await act(o.clerk, id, 'issue');
  await act(o.clerk, id, 'send');
  return id;
}

beforeAll(async () => {
  A = await testServer();
  B = await testServer();
  oa = await office(A);
  ob = await office(B);
  const urlA = await listen(A);
  const urlB = await listen(B);
  const viaProxy = await faultyProxy(urlB);
  justiceCode = (
    await A.ctx.db
      .select({ code: sql<string>`code` })
      .from(sql`agencies`)
      .where(sql`id = ${oa.justice}`)
  )[0]!.code;
  const justiceCodeB = (
    await B.ctx.db
      .select({ code: sql<string>`code` })
      .from(sql`agencies`)
      .where(sql`id = ${ob.justice}`)
  )[0]!.code;
  const [ia, ib] = [await identity(A), await identity(B)];
  // Both deployments load the same demo directory: each names, for the other, the agencies whose mail goes there
  // (A's justice department sends from A, and B's justice department's receipts go to B).
  const adminA = await A.login('admin');
  const adminB = await B.login('admin');
  expect(
    (
      await adminA.post('/api/documents/exchange/peers', {
        name: 'Tỉnh B',
        baseUrl: viaProxy,
        publicJwk: ib.publicJwk,
        organIds: [CONSTRUCTION, justiceCodeB],
      })
    ).statusCode,
  ).toBe(201);
  expect(
    (
      await adminB.post('/api/documents/exchange/peers', {
        name: 'Tỉnh A',
        baseUrl: urlA,
        publicJwk: ia.publicJwk,
        organIds: [justiceCode, POLICE],
      })
    ).statusCode,
  ).toBe(201);
}, 120_000);
afterAll(async () => {
  proxy?.close();
  await A?.close();
  await B?.close();
});

describe('exchange between two deployments (edXML over HTTP, signed)', () => {
  it(
    'A → B: delivered once despite three failed tries; B registers it, assigns and completes; A sees every receipt',
    { timeout: 180_000 },
    async () => {
      const constructionB = (await agencyByCode(B.ctx.db, CONSTRUCTION))!.id;
      const constructionA = (await agencyByCode(A.ctx.db, CONSTRUCTION))!.id;
      const id = await sendOut(oa, A, constructionA, 'V/v phối hợp kiểm tra công trình');
      await drain(A);
      const [out] = await A.ctx.db
        .select()
        .from(documentExchangeMessages)
        .where(and(eq(documentExchangeMessages.documentId, id), eq(documentExchangeMessages.kind, 'edoc')));
      expect(out).toMatchObject({ state: 'delivered', attempts: 4 });
      expect(proxyHits).toBe(4);
      const received = await B.ctx.db
        .select()
        .from(documents)
        .where(and(eq(documents.agencyId, constructionB), eq(documents.receivedVia, 'exchange')));
      expect(received).toHaveLength(1);
      const inc = received[0]!;
      expect(inc).toMatchObject({
        status: 'registered',
        summary: 'V/v phối hợp kiểm tra công trình',
        direction: 'incoming',
      });
      expect(inc.originalNumberSymbol).toMatch(/\/STP-HCTP$|\/STP/);
      expect(inc.pdfSha256).toBeTruthy();

      // B's people work on it; their actions become receipts for A.
      const leaderB = await staffWith(B, [{ role: 'leader', scopeKind: 'agency', scopeId: constructionB }], {
        agencyId: constructionB,
      });
      const specialistB = await staffWith(B, [{ role: 'specialist', scopeKind: 'agency', scopeId: constructionB }], {
        agencyId: constructionB,
      });
      await act(leaderB, inc.id, 'assign', {
        leadId: specialistB.accountId,
        workingDays: 3,
        instruction: 'Kiểm tra và báo cáo.',
      });
      await act(specialistB, inc.id, 'complete', { outcome: 'for_information' });
      await emitReceipts(B.ctx);
      await drain(B);
      await drain(A);
      const seen = (await oa.clerk.get(`/api/documents/${id}/exchange`)).json() as {
        messages: { kind: string; direction: string; statusCode: string | null; statusLabel: { vi: string } | null }[];
      };
      const codes = seen.messages.filter((m) => m.kind === 'status' && m.direction === 'in').map((m) => m.statusCode);
      expect(codes.sort()).toEqual(['01', '03', '05', '06']); // delivered in parallel: their order may vary
      expect(seen.messages.find((m) => m.statusCode === '06')!.statusLabel!.vi).toBe('Đã hoàn thành');
    },
  );

  it(
    'B → A the other way; then a recall (lấy lại) cancels it at A, who agrees (15)',
    { timeout: 180_000 },
    async () => {
      const policeB = (await agencyByCode(B.ctx.db, POLICE))!.id;
      const policeA = (await agencyByCode(A.ctx.db, POLICE))!.id;
      const id = await sendOut(ob, B, policeB, 'V/v cung cấp thông tin');
      await drain(B);
      const [got] = await A.ctx.db
        .select()
        .from(documents)
        .where(and(eq(documents.agencyId, policeA), eq(documents.receivedVia, 'exchange')));
      expect(got).toMatchObject({ summary: 'V/v cung cấp thông tin', status: 'registered' });
      await act(ob.clerk, id, 'recall', { reason: 'Ban hành nhầm' });
      await drain(B);
      const [after] = await A.ctx.db.select().from(documents).where(eq(documents.id, got!.id));
      expect(after!.status).toBe('withdrawn');
      await drain(A);
      const seen = (await ob.clerk.get(`/api/documents/${id}/exchange`)).json() as {
        messages: { kind: string; direction: string; statusCode: string | null }[];
      };
      expect(
        seen.messages
          .filter((m) => m.direction === 'in')
          .map((m) => m.statusCode)
          .sort(),
      ).toEqual(['01', '03', '15']);
    },
  );

  it('a wrong signature, an unknown recipient and a receipt for an unknown document are refused and change nothing', async () => {
    const before = await A.ctx.db.select({ n: sql<number>`count(*)::int` }).from(documentExchangeMessages);
    const body = buildStatus({
      responseFor: { organId: justiceCode, code: '1/X', promulgationDate: '2026-01-01', documentId: 'x' },
      from: { organId: CONSTRUCTION, organName: 'Sở Xây dựng' },
      statusCode: '06',
      description: 'x',
      timestamp: new Date(),
    });
    // Signed by B's key, but about an envelope A never sent.
    const jws = await signTransport(B.ctx.db, body, {
      mid: crypto.randomUUID(),
      kind: 'status',
      from: CONSTRUCTION,
      to: justiceCode,
      rel: crypto.randomUUID(),
    });
    const post = (b: string, sig: string) =>
      A.app.inject({
        method: 'POST',
        url: '/api/documents/exchange/inbox',
        headers: { 'content-type': 'application/xml', 'x-edxml-signature': sig },
        payload: b,
      });
    const unknown = await post(body, jws);
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json()).toMatchObject({ code: 'unknown-document' });
    const tampered = await post(body.replace('06', '05'), jws);
    expect(tampered.statusCode).toBe(401);
    expect(tampered.headers['content-type']).toMatch(/problem\+json/);
    const forged = await post(body, 'eyJhbGciOiJFUzI1NiIsImtpZCI6Im5vYm9keSJ9.e30.AAAA');
    expect(forged.statusCode).toBe(401);
    // An envelope, signed by B, for an organ that is neither on A nor served by a peer of A.
    const stray = envelope({ to: '999.99.99.H99' });
    const strayJws = await signTransport(B.ctx.db, stray, {
      mid: crypto.randomUUID(),
      kind: 'edoc',
      from: CONSTRUCTION,
      to: '999.99.99.H99',
    });
    const nowhere = await post(stray, strayJws);
    expect(nowhere.statusCode).toBe(400);
    expect(nowhere.headers['content-type']).toMatch(/problem\+json/);
    expect(nowhere.json()).toMatchObject({ errors: [{ code: 'unknown-recipient' }] });
    const after = await A.ctx.db.select({ n: sql<number>`count(*)::int` }).from(documentExchangeMessages);
    expect(after[0]!.n).toBe(before[0]!.n);
  });

  it(
    'an update (thay thế): B links the replacement to the document it got, which becomes replaced; A sees the receipts',
    { timeout: 180_000 },
    async () => {
      const constructionA = (await agencyByCode(A.ctx.db, CONSTRUCTION))!.id;
      const constructionB = (await agencyByCode(B.ctx.db, CONSTRUCTION))!.id;
      const receivedAs = async (summary: string) =>
        B.ctx.db
          .select()
          .from(documents)
          .where(and(eq(documents.agencyId, constructionB), eq(documents.summary, summary)));
      const first = await sendOut(oa, A, constructionA, 'V/v kế hoạch kiểm tra năm 2026');
      await drain(A);
      const [oldB] = await receivedAs('V/v kế hoạch kiểm tra năm 2026');
      expect(oldB).toMatchObject({ status: 'registered', replacesId: null });

      const second = await sendOut(oa, A, constructionA, 'V/v kế hoạch kiểm tra năm 2026 (thay thế)', first);
      const outOf = async (documentId: string) =>
        (
          await A.ctx.db
            .select()
            .from(documentExchangeMessages)
            .where(and(eq(documentExchangeMessages.documentId, documentId), eq(documentExchangeMessages.kind, 'edoc')))
        )[0]!;
      const [firstOut, secondOut] = [await outOf(first), await outOf(second)];
      expect(secondOut.business).toBe('replace');
      expect((secondOut.meta as { replaces?: string }).replaces).toBe(
        (firstOut.meta as { edxmlDocumentId: string }).edxmlDocumentId,
      );
      await drain(A);
      expect((await outOf(second)).state).toBe('delivered');

      const [newB] = await receivedAs('V/v kế hoạch kiểm tra năm 2026 (thay thế)');
      expect(newB).toMatchObject({ status: 'registered', direction: 'incoming', replacesId: oldB!.id });
      const [oldAfter] = await B.ctx.db.select().from(documents).where(eq(documents.id, oldB!.id));
      expect(oldAfter!.status).toBe('replaced');
      const history = await B.ctx.db
        .select()
        .from(documentActions)
        .where(eq(documentActions.documentId, oldB!.id))
        .orderBy(asc(documentActions.seq));
      expect(history.at(-1)).toMatchObject({
        action: 'replaced',
        fromStatus: 'registered',
        toStatus: 'replaced',
        details: { by: newB!.id },
      });
      expect(oldAfter!.lastSeq).toBe(history.at(-1)!.seq);

      // B answers the replacement: arrived (01) and update agreed (15); the original keeps its own receipts.
      await drain(B);
      const inCodes = async (id: string) =>
        (
          (await oa.clerk.get(`/api/documents/${id}/exchange`)).json() as {
            messages: { kind: string; direction: string; statusCode: string | null }[];
          }
        ).messages
          .filter((m) => m.kind === 'status' && m.direction === 'in')
          .map((m) => m.statusCode)
          .sort();
      expect(await inCodes(second)).toEqual(['01', '15']);
      expect(await inCodes(first)).toEqual(['01', '03']);
    },
  );

  it(
    'an update of a document B never got is refused (404 unknown-document) and changes nothing at B',
    { timeout: 180_000 },
    async () => {
      const constructionA = (await agencyByCode(A.ctx.db, CONSTRUCTION))!.id;
      const constructionB = (await agencyByCode(B.ctx.db, CONSTRUCTION))!.id;
      const stateOfB = async () => ({
        documents: (
          await B.ctx.db
            .select({ n: sql<number>`count(*)::int` })
            .from(documents)
            .where(eq(documents.agencyId, constructionB))
        )[0]!.n,
        replaced: (
          await B.ctx.db
            .select({ n: sql<number>`count(*)::int` })
            .from(documents)
            .where(eq(documents.status, 'replaced'))
        )[0]!.n,
        inbound: (
          await B.ctx.db
            .select({ n: sql<number>`count(*)::int` })
            .from(documentExchangeMessages)
            .where(eq(documentExchangeMessages.direction, 'in'))
        )[0]!.n,
        outbound: (
          await B.ctx.db
            .select({ n: sql<number>`count(*)::int` })
            .from(documentExchangeMessages)
            .where(eq(documentExchangeMessages.direction, 'out'))
        )[0]!.n,
      });
      const before = await stateOfB();

      // A issues a document and never sends it; then sends its replacement to B.
      const never = await approvedDraft(oa, { summary: 'V/v văn bản chưa từng gửi' });
      await act(oa.clerk, never, 'number');
      await A.ctx.db.update(documents).set({ status: 'signed' }).where(eq(documents.id, never));
      await act(oa.clerk, never, 'issue');
      const replacement = await sendOut(oa, A, constructionA, 'V/v thay thế văn bản chưa từng gửi', never);
      await drain(A);
      const [out] = await A.ctx.db
        .select()
        .from(documentExchangeMessages)
        .where(and(eq(documentExchangeMessages.documentId, replacement), eq(documentExchangeMessages.kind, 'edoc')));
      // Refused for good (not retried): the sender's outbox says why.
      expect(out).toMatchObject({ business: 'replace', state: 'failed', attempts: 1 });
      expect(out!.lastError).toContain('HTTP 404');
      expect(out!.lastError).toContain('unknown-document');

      // The same refusal for an update (business 2) posted to B's inbox directly.
      const body = envelope({
        to: CONSTRUCTION,
        business: 'update',
        replaces: `${justiceCode},2025/12/31,1/STP-VP`,
        subject: 'V/v cập nhật văn bản không có',
      });
      const jws = await signTransport(A.ctx.db, body, {
        mid: crypto.randomUUID(),
        kind: 'edoc',
        from: justiceCode,
        to: CONSTRUCTION,
      });
      const r = await B.app.inject({
        method: 'POST',
        url: '/api/documents/exchange/inbox',
        headers: { 'content-type': 'application/xml', 'x-edxml-signature': jws },
        payload: body,
      });
      expect(r.statusCode).toBe(404);
      expect(r.headers['content-type']).toMatch(/problem\+json/);
      expect(r.json()).toMatchObject({
        code: 'unknown-document',
        messages: { vi: { detail: 'Không có văn bản cần thay thế.' }, en: { detail: 'No such document to replace.' } },
      });
      expect(await stateOfB()).toEqual(before);
    },
  );

  it(
    'B returns a misaddressed document (thu hồi, gửi nhầm): A sees it refused (02) with the reason',
    { timeout: 180_000 },
    async () => {
      const constructionA = (await agencyByCode(A.ctx.db, CONSTRUCTION))!.id;
      const constructionB = (await agencyByCode(B.ctx.db, CONSTRUCTION))!.id;
      const id = await sendOut(oa, A, constructionA, 'V/v gửi nhầm cơ quan xây dựng');
      await drain(A);
      const [got] = await B.ctx.db
        .select()
        .from(documents)
        .where(and(eq(documents.agencyId, constructionB), eq(documents.summary, 'V/v gửi nhầm cơ quan xây dựng')));
      expect(got).toMatchObject({ status: 'registered', receivedVia: 'exchange' });
      const clerkB = await staffWith(B, [{ role: 'clerk', scopeKind: 'agency', scopeId: constructionB }], {
        agencyId: constructionB,
      });
      await act(clerkB, got!.id, 'withdraw', { reason: 'Không thuộc thẩm quyền của Sở Xây dựng' });
      await emitReceipts(B.ctx);
      await drain(B);
      await drain(A);
      // Emitting again sends nothing twice.
      expect(await emitReceipts(B.ctx)).toBe(0);
      const seen = (await oa.clerk.get(`/api/documents/${id}/exchange`)).json() as {
        messages: { kind: string; direction: string; statusCode: string | null; note?: string | null }[];
      };
      const statuses = seen.messages.filter((m) => m.kind === 'status' && m.direction === 'in');
      expect(statuses.map((m) => m.statusCode).sort()).toEqual(['01', '02', '03']);
      expect(JSON.stringify(statuses.find((m) => m.statusCode === '02'))).toContain(
        'Không thuộc thẩm quyền của Sở Xây dựng',
      );
    },
  );

  it('sending to an agency no one serves is refused with a clear problem, before anything is written', async () => {
    const id = await approvedDraft(oa, { summary: 'V/v gửi tới cơ quan không có' });
    // An agency neither in A's directory nor served by a peer (the draft form takes any agency id).
    await A.ctx.db
      .update(documents)
      .set({ recipients: [{ name: 'Sở Không Tồn Tại', agencyId: crypto.randomUUID() }] })
      .where(eq(documents.id, id));
    await act(oa.clerk, id, 'number');
    await A.ctx.db.update(documents).set({ status: 'signed' }).where(eq(documents.id, id));
    await act(oa.clerk, id, 'issue');
    const count = async (table: ReturnType<typeof sql>, where: ReturnType<typeof sql>) =>
      (
        await A.ctx.db
          .select({ n: sql<number>`count(*)::int` })
          .from(table)
          .where(where)
      )[0]!.n;
    const written = async () => ({
      messages: await count(sql`document_exchange_messages`, sql`document_id = ${id}`),
      deliveries: await count(sql`jobs`, sql`kind = 'documents.exchange.deliver'`),
      actions: await count(sql`document_actions`, sql`document_id = ${id}`),
      audit: await count(sql`audit_log`, sql`target_id = ${id}`),
    });
    const before = await written();
    const [issued] = await A.ctx.db.select().from(documents).where(eq(documents.id, id));

    const r = await oa.clerk.post(`/api/documents/${id}/actions/send`, {});
    expect(r.statusCode, r.body).toBe(400);
    expect(r.headers['content-type']).toMatch(/problem\+json/);
    const problem = r.json() as {
      errors: { code: string }[];
      messages: { vi: { detail: string }; en: { detail: string } };
    };
    expect(problem.errors[0]!.code).toBe('unknown-recipient');
    expect(problem.messages.vi.detail).toContain('Sở Không Tồn Tại');
    expect(problem.messages.vi.detail).toMatch(/Không có đường gửi/);
    expect(problem.messages.en.detail).toContain('Sở Không Tồn Tại');
    expect(problem.messages.en.detail).toMatch(/No route/);

    expect(await written()).toEqual(before);
    const [after] = await A.ctx.db.select().from(documents).where(eq(documents.id, id));
    expect(after).toMatchObject({
      status: 'issued',
      lastSeq: issued!.lastSeq,
      sentAt: null,
      sentElectronically: false,
    });
  });
});
