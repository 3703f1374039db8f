import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { extractText, getDocumentProxy } from 'unpdf';
import { testServer, type Client, type TestServer } from '../../platform/testing/index.js';
import { act, agencyId, makeProcedure, submitDossier, type TestProcedure } from '../dossiers/test-fixtures.js';
import { SandboxGateway } from './testing/sandbox-gateway.js';
import { parseEmv } from './vietqr.js';
import { paymentEvents, paymentRequests } from './schema.js';

const gateway = new SandboxGateway('HUE-DVC', 'sandbox-secret-0123456789');
let s: TestServer;
let citizen: Client;
let officer: Client;
/** Handled by the Department of Construction, so the Justice leader `lanhdao` is a stranger to its dossiers. */
let proc: TestProcedure;
let centre: { id: string };
const FEES = [50_000, 20_000];

/** A dossier of the citizen `congdan` for a procedure with fees, submitted online and received at the centre. */
async function newDossier(): Promise<{ id: string; code: string; total: number }> {
  const d = await submitDossier(citizen, proc, { receivingAgencyId: centre.id, applicant: { name: 'Công Dân Mẫu' } });
  await act(officer, d.id, 'receive');
  return { id: d.id, code: d.code, total: FEES[0]! + FEES[1]! };
}

beforeAll(async () => {
  await gateway.start();
  s = await testServer({
    config: {
      publicUrl: 'http://dichvucong.test',
      payments: {
        gateway: { url: gateway.url, merchant: gateway.merchant, secret: gateway.secret },
        vietqr: { bin: '970415', account: '113000006100', accountName: 'TRUNG TAM PHUC VU HANH CHINH CONG (DEMO)' },
      },
    },
  });
  citizen = await s.login('congdan');
  officer = await s.login('motcua');
  proc = await makeProcedure(s.ctx.db, { agencyCode: '000.00.05.H57', fees: FEES });
  centre = await agencyId(s.ctx.db, 'TTHCC');
});
afterAll(async () => {
  await s?.close();
  await gateway.stop();
});

const callback = (n: { raw: string; signature: string }) =>
  s.anonymous.request({
    method: 'POST',
    url: '/api/payments/callback/gateway',
    payload: n.raw,
    headers: { 'content-type': 'application/json', 'x-signature': n.signature },
  });

describe('paying a dossier’s fees through the gateway', () => {
  it('creates the payment at the gateway for the procedure’s fees; a signed callback marks it paid with a receipt number', async () => {
    const d = await newDossier();
    const r = await citizen.post(`/api/dossiers/${d.id}/payments`, { provider: 'gateway' });
    expect(r.statusCode, r.body).toBe(201);
    const pay = r.json();
    expect(pay).toMatchObject({ amount: d.total, status: 'pending', provider: 'gateway' });
    expect(pay.payUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/pay\/SBX/);
    // A second click finds the same open request.
    expect((await citizen.post(`/api/dossiers/${d.id}/payments`, { provider: 'gateway' })).json().id).toBe(pay.id);

    const ref = [...gateway.payments.values()].find((p) => p.orderRef === pay.id)!.paymentRef;
    expect(gateway.payments.get(ref)!.callbackUrl).toBe('http://dichvucong.test/api/payments/callback/gateway');
    const note = gateway.notification(ref, 'paid');
    const cb = await callback(note);
    expect(cb.statusCode, cb.body).toBe(200);
    expect(cb.json()).toEqual({ ok: true, duplicate: false, status: 'paid' });
    const paid = (await citizen.get(`/api/payments/${pay.id}`)).json();
    expect(paid.status).toBe('paid');
    expect(paid.receiptNo).toMatch(/^[\d.A-Z]+\/BL\d{2}-\d{7}$/);

    // The same notification again (a gateway retry or a replay) changes nothing.
    const again = await callback(note);
    expect(again.json()).toEqual({ ok: true, duplicate: true, status: 'paid' });
    expect(await s.database.db.select().from(paymentEvents).where(eq(paymentEvents.paymentId, pay.id))).toHaveLength(2);

    // The receipt is a Vietnamese PDF.
    const pdf = await citizen.get(`/api/payments/${pay.id}/receipt.pdf`);
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    const { text } = await extractText(await getDocumentProxy(new Uint8Array(pdf.rawPayload)), { mergePages: true });
    expect(text).toContain('BIÊN LAI THU PHÍ, LỆ PHÍ');
    expect(text.replace(/\s+/g, '')).toContain(paid.receiptNo);
    // Paid: no new request.
    expect((await citizen.post(`/api/dossiers/${d.id}/payments`, { provider: 'gateway' })).json().code).toBe(
      'already-paid',
    );
  });

  it('refuses forged, stale, altered and wrong-amount callbacks and changes nothing', async () => {
    const d = await newDossier();
    const pay = (await citizen.post(`/api/dossiers/${d.id}/payments`, { provider: 'gateway' })).json();
    const ref = [...gateway.payments.values()].find((p) => p.orderRef === pay.id)!.paymentRef;

    const forged = gateway.notification(ref, 'paid', { secret: 'not-the-secret' });
    expect((await callback(forged)).statusCode).toBe(401);
    const stale = gateway.notification(ref, 'paid', { t: Math.floor(Date.now() / 1000) - 3600 });
    expect((await callback(stale)).json().code).toBe('callback-stale');
    const good = gateway.notification(ref, 'paid');
    expect(
      (await callback({ raw: good.raw.replace(`"amount":${d.total}`, '"amount":1'), signature: good.signature }))
        .statusCode,
    ).toBe(401);
    const wrongAmount = gateway.notification(ref, 'paid', { amount: d.total + 1000 });
    const wa = await callback(wrongAmount);
    expect(wa.statusCode).toBe(400);
    expect(wa.json().code).toBe('amount-mismatch');
    expect(
      (await callback({ raw: '{not json', signature: gateway.notification(ref, 'paid').signature })).statusCode,
    ).toBe(401);

    const [row] = await s.database.db.select().from(paymentRequests).where(eq(paymentRequests.id, pay.id));
    expect(row!.status).toBe('pending');
    expect(await s.database.db.select().from(paymentEvents).where(eq(paymentEvents.paymentId, pay.id))).toHaveLength(1);
  });

  it('a gateway that is down gives a 502 and leaves no open request behind', async () => {
    const d = await newDossier();
    gateway.failCreate = 503;
    try {
      const r = await citizen.post(`/api/dossiers/${d.id}/payments`, { provider: 'gateway' });
      expect(r.statusCode).toBe(502);
      expect(r.json().code).toBe('gateway-unavailable');
    } finally {
      gateway.failCreate = null;
    }
    const retry = await citizen.post(`/api/dossiers/${d.id}/payments`, { provider: 'gateway' });
    expect(retry.statusCode).toBe(201);
  });

  it('someone else’s dossier is not found', async () => {
    const d = await newDossier();
    const other = await s.login('lanhdao');
    expect((await other.post(`/api/dossiers/${d.id}/payments`, { provider: 'gateway' })).statusCode).toBe(404);
    expect((await s.anonymous.post(`/api/dossiers/${d.id}/payments`, { provider: 'gateway' })).statusCode).toBe(401);
  });
});

describe('paying by bank transfer (VietQR)', () => {
  it('gives a VietQR code with the bank, account, amount and the dossier code; the one-stop officer confirms the transfer once', async () => {
    const d = await newDossier();
    const r = await citizen.post(`/api/dossiers/${d.id}/payments`, { provider: 'vietqr' });
    expect(r.statusCode, r.body).toBe(201);
    const pay = r.json();
    const f = parseEmv(pay.qrPayload);
    expect(f.get('00')).toBe('01');
    expect(f.get('53')).toBe('704');
    expect(f.get('54')).toBe(String(d.total));
    expect(f.get('58')).toBe('VN');
    const merchant = parseEmv(f.get('38')!);
    expect(merchant.get('00')).toBe('A000000727');
    expect(parseEmv(merchant.get('01')!)).toEqual(
      new Map([
        ['00', '970415'],
        ['01', '113000006100'],
      ]),
    );
    expect(parseEmv(f.get('62')!).get('08')).toBe(d.code.replace(/\./g, '').slice(0, 25));

    expect((await citizen.post(`/api/payments/${pay.id}/confirm`, { bankRef: 'FT26327000001' })).statusCode).toBe(403);
    const c = await officer.post(`/api/payments/${pay.id}/confirm`, { bankRef: 'FT26327000001' });
    expect(c.statusCode, c.body).toBe(200);
    expect(c.json()).toMatchObject({ status: 'paid', receiptNo: expect.stringMatching(/\/BL\d{2}-\d{7}$/) });
    expect((await officer.post(`/api/payments/${pay.id}/confirm`, { bankRef: 'FT26327000001' })).json().code).toBe(
      'not-pending',
    );
  });

  it('one bank reference confirms one payment only', async () => {
    const a = (await citizen.post(`/api/dossiers/${(await newDossier()).id}/payments`, { provider: 'vietqr' })).json();
    const b = (await citizen.post(`/api/dossiers/${(await newDossier()).id}/payments`, { provider: 'vietqr' })).json();
    expect((await officer.post(`/api/payments/${a.id}/confirm`, { bankRef: 'FT26327000099' })).statusCode).toBe(200);
    const dup = await officer.post(`/api/payments/${b.id}/confirm`, { bankRef: 'FT26327000099' });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().code).toBe('bank-ref-used');
  });
});
