/**
 * VNPAY end to end against the test server: the payment URL it accepts (its own check of our
 * signature over the query as sent), the payer's page, the IPN answers VNPAY expects, a failed
 * payment, a "failed" after "paid", and every IPN applied once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { testServer, type Client, type TestServer } from '../../platform/testing/index.js';
import { act, agencyId, makeProcedure, submitDossier, type TestProcedure } from '../dossiers/test-fixtures.js';
import { VnpayTestServer } from './testing/vnpay-server.js';
import { paymentEvents, paymentRequests } from './schema.js';

const vnpay = new VnpayTestServer('TINHSO01', 'TINHSOSECRETKEY0123456789ABCDEF');
let s: TestServer;
let citizen: Client;
let officer: Client;
let proc: TestProcedure;
let centre: { id: string };

beforeAll(async () => {
  await vnpay.start();
  s = await testServer({
    config: {
      publicUrl: 'http://dichvucong.test',
      payments: { vnpay: { tmnCode: vnpay.tmnCode, hashSecret: vnpay.hashSecret, url: vnpay.payUrl } },
    },
  });
  citizen = await s.login('congdan');
  officer = await s.login('motcua');
  proc = await makeProcedure(s.ctx.db, { fees: [50_000] });
  centre = await agencyId(s.ctx.db, 'TTHCC');
});
afterAll(async () => {
  await s?.close();
  await vnpay.stop();
});

/** A received dossier with a VNPAY payment opened, and the payer's page loaded at the test server. */
async function opened() {
  const d = await submitDossier(citizen, proc, { receivingAgencyId: centre.id, applicant: { name: 'Công Dân Mẫu' } });
  await act(officer, d.id, 'receive');
  const r = await citizen.post(`/api/dossiers/${d.id}/payments`, { provider: 'vnpay' });
  expect(r.statusCode, r.body).toBe(201);
  const pay = r.json();
  expect(pay.payUrl.startsWith(`${vnpay.payUrl}?`)).toBe(true);
  const page = await fetch(pay.payUrl);
  const html = await page.text();
  expect(page.status, html).toBe(200);
  const txnRef = new URL(pay.payUrl).searchParams.get('vnp_TxnRef')!;
  return { d, pay, txnRef, html };
}
const ipn = async (params: Record<string, string>) => {
  const r = await s.anonymous.get(`/api/payments/vnpay/ipn?${new URLSearchParams(params).toString()}`);
  expect(r.statusCode).toBe(200);
  return r.json() as { RspCode: string; Message: string };
};
const status = async (id: string) =>
  (await s.ctx.db.select().from(paymentRequests).where(eq(paymentRequests.id, id)))[0]!;
const events = async (id: string) => s.ctx.db.select().from(paymentEvents).where(eq(paymentEvents.paymentId, id));

describe('paying through VNPAY', () => {
  it('signs a URL the test server accepts and shows the payer the order and amount (× 100 in vnp_Amount)', async () => {
    const { pay, html } = await opened();
    const q = new URL(pay.payUrl).searchParams;
    expect(q.get('vnp_Amount')).toBe('5000000');
    expect(q.get('vnp_Version')).toBe('2.1.0');
    expect(q.get('vnp_ReturnUrl')).toBe('http://dichvucong.test/api/payments/vnpay/return');
    expect(html).toContain('50.000 VND');
    // One character changed, and VNPAY refuses the page (its code 70).
    const tampered = await fetch(pay.payUrl.replace('vnp_Amount=5000000', 'vnp_Amount=100'));
    expect(tampered.status).toBe(400);
  });

  it('confirms a paid IPN once (00, then 02), receipts it, and ignores a "failed" arriving after "paid"', async () => {
    const { pay, txnRef } = await opened();
    const paid = vnpay.result(txnRef, '00');
    expect(await ipn(paid)).toEqual({ RspCode: '00', Message: 'Confirm Success' });
    const row = await status(pay.id);
    expect(row).toMatchObject({ status: 'paid', receiptNo: expect.stringMatching(/\/BL\d{2}-\d{7}$/) });
    // The same IPN again: already confirmed, nothing changes.
    expect(await ipn(paid)).toEqual({ RspCode: '02', Message: 'Order already confirmed' });
    // "Failed after paid": recorded, not applied.
    expect(await ipn(vnpay.result(txnRef, '99', { transactionNo: '14389999' }))).toEqual({
      RspCode: '02',
      Message: 'Order already confirmed',
    });
    expect(await status(pay.id)).toMatchObject({ status: 'paid', receiptNo: row.receiptNo });
    expect((await events(pay.id)).map((e) => e.kind)).toEqual(['created', 'paid', 'failed']);
  });

  it('marks a payment the payer cancelled (vnp_ResponseCode 24) as failed, and a new request may follow', async () => {
    const { d, pay, txnRef } = await opened();
    expect(await ipn(vnpay.result(txnRef, '24'))).toEqual({ RspCode: '00', Message: 'Confirm Success' });
    expect((await status(pay.id)).status).toBe('failed');
    expect((await citizen.post(`/api/dossiers/${d.id}/payments`, { provider: 'vnpay' })).statusCode).toBe(201);
  });

  it('answers 97 to a bad signature, 01 to an unknown order, 04 to a wrong amount, and changes nothing', async () => {
    const { pay, txnRef } = await opened();
    expect(await ipn(vnpay.result(txnRef, '00', { secret: 'not-the-secret' }))).toMatchObject({ RspCode: '97' });
    expect(await ipn({ ...vnpay.result(txnRef, '00'), vnp_Amount: '1' })).toMatchObject({ RspCode: '97' });
    expect(await ipn({})).toMatchObject({ RspCode: '97' });
    vnpay.orders.set('0'.repeat(32), {
      txnRef: '0'.repeat(32),
      amount: '5000000',
      orderInfo: 'x',
      returnUrl: '',
      transactionNo: '1',
    });
    expect(await ipn(vnpay.result('0'.repeat(32), '00'))).toEqual({ RspCode: '01', Message: 'Order not found' });
    expect(await ipn(vnpay.result(txnRef, '00', { amount: '100' }))).toEqual({
      RspCode: '04',
      Message: 'Invalid amount',
    });
    expect(await status(pay.id)).toMatchObject({ status: 'pending', receiptNo: null });
    expect((await events(pay.id)).map((e) => e.kind)).toEqual(['created']);
  });

  it('the payer’s pages: pay on the test server, VNPAY calls the IPN and sends the browser back to the return URL', async () => {
    const { d, pay, txnRef } = await opened();
    // The test server reaches the app through this bridge (the app under test listens on no port).
    const bridge = await import('node:http').then(({ createServer }) =>
      createServer(async (req, res) => {
        const r = await s.anonymous.get(req.url ?? '/');
        res.writeHead(r.statusCode, { 'content-type': 'application/json' }).end(r.body);
      }),
    );
    await new Promise<void>((ok) => bridge.listen(0, '127.0.0.1', ok));
    vnpay.ipnUrl = `http://127.0.0.1:${(bridge.address() as { port: number }).port}/api/payments/vnpay/ipn`;
    try {
      const r = await fetch(`${vnpay.url}/paymentv2/pay/${txnRef}`, { method: 'POST', redirect: 'manual' });
      expect(r.status).toBe(302);
      const back = new URL(r.headers.get('location')!);
      expect(back.origin + back.pathname).toBe('http://dichvucong.test/api/payments/vnpay/return');
      expect(vnpay.ipnAnswers.at(-1)).toEqual({ txnRef, answer: { RspCode: '00', Message: 'Confirm Success' } });
      expect((await status(pay.id)).status).toBe('paid');
      const ret = await s.anonymous.get(back.pathname + back.search);
      expect(ret.statusCode).toBe(302);
      expect(ret.headers.location).toBe(
        `http://dichvucong.test/lookup?code=${encodeURIComponent(d.code)}&payment=paid`,
      );
      const forged = await s.anonymous.get(
        `${back.pathname}${back.search.replace('vnp_ResponseCode=00', 'vnp_ResponseCode=01')}`,
      );
      expect(forged.headers.location).toBe('http://dichvucong.test/lookup?payment=invalid');
    } finally {
      bridge.close();
      vnpay.ipnUrl = '';
    }
  });
});
