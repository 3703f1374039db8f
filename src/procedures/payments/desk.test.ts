/**
 * Fees by rule end to end: the judicial-record certificate's rules set through the procedure admin API,
 * quoted before submitting, recorded on the dossier, recomputed by a supplement; paid in cash at the desk
 * with a receipt from the agency's book; the result held back while a fee is owed; refunds after a refusal.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { extractText, getDocumentProxy } from 'unpdf';
import { testServer, type Client, type TestServer } from '../../platform/testing/index.js';
import {
  act,
  agencyId,
  at,
  makeProcedure,
  receiveDossier,
  restoreClock,
  uploadPdf,
  type TestDossier,
  type TestProcedure,
} from '../dossiers/test-fixtures.js';
import { paymentEvents, paymentRequests, receiptBooks } from './schema.js';

let s: TestServer;
let admin: Client;
let officer: Client;
let specialist: Client;
let leader: Client;
let proc: TestProcedure;
let centre: { id: string; code: string };

/** Thông tư 244/2016/TT-BTC: 200.000 đ; students 50%; poor households exempt; from the third copy 5.000 đ each. */
const JUDICIAL_FEES = [
  {
    name: 'Phí cung cấp thông tin lý lịch tư pháp',
    amount: 200_000,
    refundable: true,
    legalBasis: 'Thông tư 244/2016/TT-BTC',
    reductions: [
      {
        category: 'student',
        label: { vi: 'Học sinh, sinh viên', en: 'Student' },
        percent: 50,
        evidence: { vi: 'Thẻ học sinh, sinh viên', en: 'Student card' },
      },
      {
        category: 'poor-household',
        label: { vi: 'Hộ nghèo', en: 'Poor household' },
        percent: 100,
        evidence: { vi: 'Giấy chứng nhận hộ nghèo', en: 'Poor-household certificate' },
      },
    ],
  },
  {
    name: 'Phí cấp thêm Phiếu (từ Phiếu thứ 3)',
    amount: 5_000,
    kind: 'per_copy',
    quantityField: 'copies',
    fromCopy: 3,
    legalBasis: 'Thông tư 244/2016/TT-BTC',
  },
];
const COPIES = {
  key: 'copies',
  type: 'number',
  label: { vi: 'Số lượng Phiếu', en: 'Copies' },
  required: false,
  min: 1,
  max: 20,
  integer: true,
};

beforeAll(async () => {
  s = await testServer();
  admin = await s.login('admin');
  officer = await s.login('motcua');
  specialist = await s.login('chuyenvien');
  leader = await s.login('lanhdao');
  proc = await makeProcedure(s.ctx.db);
  centre = await agencyId(s.ctx.db, 'TTHCC');
  const r = await admin.patch(`/api/procedures/${proc.id}`, { fees: JUDICIAL_FEES, formFields: [COPIES] });
  expect(r.statusCode, r.body).toBe(200);
  expect(r.json().fees[1]).toMatchObject({ kind: 'per_copy', fromCopy: 3, quantityField: 'copies', amount: 5_000 });
});
afterAll(async () => s?.close());
afterEach(() => restoreClock());

const counter = (copies: number, more: Record<string, unknown> = {}) =>
  receiveDossier(officer, proc, {
    receivingAgencyId: centre.id,
    applicant: { name: 'Nguyễn Văn Nộp' },
    body: { formData: { copies }, ...more },
  });

/** Through the workflow to the result, ready to be returned. */
async function toResult(d: TestDossier) {
  await act(officer, d.id, 'assign', { handlerId: specialist.accountId });
  await act(specialist, d.id, 'process-step');
  await act(specialist, d.id, 'process-step');
  await act(leader, d.id, 'approve');
  await act(specialist, d.id, 'attach-result', { sha256: await uploadPdf(specialist, 'Phiếu lý lịch tư pháp') });
}
const account = async (id: string) => (await officer.get(`/api/dossiers/${id}/payments`)).json().account;

describe('the fee quote (wizard, before submitting)', () => {
  it('is 200.000 đ for one copy and 205.000 đ for three', async () => {
    const q = async (copies: number) => {
      const r = await s.anonymous.post(`/api/procedures/${proc.id}/fee-quote`, { formData: { copies } });
      expect(r.statusCode, r.body).toBe(200);
      return r.json();
    };
    expect((await q(1)).quote.total).toBe(200_000);
    const three = await q(3);
    expect(three.quote).toMatchObject({ total: 205_000, items: [{ amount: 200_000 }, { amount: 5_000, quantity: 1 }] });
    expect(three.categories.map((c: { category: string }) => c.category)).toEqual(['student', 'poor-household']);
  });

  it('refuses an exemption claimed without evidence, naming the paper needed', async () => {
    const r = await s.anonymous.post(`/api/procedures/${proc.id}/fee-quote`, {
      formData: { copies: 1 },
      fee: { category: 'poor-household' },
    });
    expect(r.statusCode).toBe(400);
    expect(r.headers['content-type']).toMatch(/problem\+json/);
    expect(r.json().errors[0]).toMatchObject({ field: '/body/fee/evidence', code: 'evidence-required' });
    expect(r.json().errors[0].message.vi).toContain('hộ nghèo');
  });

  it('refuses a fee rule that cannot count (a per-copy rule without its field)', async () => {
    const r = await admin.patch(`/api/procedures/${proc.id}`, { fees: [{ name: 'x', amount: 1, kind: 'per_copy' }] });
    expect(r.statusCode).toBe(400);
    expect(r.json().errors[0].field).toBe('/body/fees/0/quantityField');
    expect(
      (await s.anonymous.post(`/api/procedures/${proc.id}/fee-quote`, { formData: { copies: 3 } })).json().quote.total,
    ).toBe(205_000);
  });
});

describe('paying at the desk', () => {
  it('records the fee on the dossier, refuses the return while it is owed, takes cash once with a numbered receipt, then returns', async () => {
    const d = await counter(3);
    expect(await account(d.id)).toMatchObject({ total: 205_000, owed: 205_000, paid: 0, exempt: false });
    await toResult(d);

    const held = await officer.post(`/api/dossiers/${d.id}/actions/return`, {});
    expect(held.statusCode).toBe(409);
    expect(held.headers['content-type']).toMatch(/problem\+json/);
    expect(held.json()).toMatchObject({ code: 'fee-unpaid', owed: 205_000 });

    const wrong = await officer.post(`/api/dossiers/${d.id}/payments/desk`, { method: 'cash', amount: 200_000 });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json()).toMatchObject({ code: 'amount-mismatch', owed: 205_000 });
    expect(
      (
        await (
          await s.login('congdan')
        ).post(`/api/dossiers/${d.id}/payments/desk`, { method: 'cash', amount: 205_000 })
      ).statusCode,
    ).toBe(403);

    const paid = await officer.post(`/api/dossiers/${d.id}/payments/desk`, { method: 'cash', amount: 205_000 });
    expect(paid.statusCode, paid.body).toBe(201);
    const year = new Date().getFullYear() % 100;
    expect(paid.json()).toMatchObject({
      provider: 'desk',
      method: 'cash',
      status: 'paid',
      amount: 205_000,
      receiptNo: expect.stringMatching(new RegExp(`^${centre.code.replace(/\./g, '\\.')}/BL${year}-\\d{7}$`)),
    });

    // Recorded twice: refused, nothing added.
    const twice = await officer.post(`/api/dossiers/${d.id}/payments/desk`, { method: 'cash', amount: 205_000 });
    expect(twice.statusCode).toBe(409);
    expect(twice.json().code).toBe('nothing-owed');
    expect(await s.ctx.db.select().from(paymentRequests).where(eq(paymentRequests.dossierId, d.id))).toHaveLength(1);

    expect(await account(d.id)).toMatchObject({ owed: 0, paid: 205_000 });
    const pdf = await officer.get(`/api/payments/${paid.json().id}/receipt.pdf`);
    expect(pdf.statusCode).toBe(200);
    const { text } = await extractText(await getDocumentProxy(new Uint8Array(pdf.rawPayload)), { mergePages: true });
    expect(text.replace(/\s+/g, '')).toContain(paid.json().receiptNo);
    expect(text).toContain('Tiền mặt');
    expect(text).toContain('205.000');

    expect((await act(officer, d.id, 'return')).dossier.status).toBe('returned');
  });

  it('a payment sent again with the same Idempotency-Key answers the first receipt and records nothing more', async () => {
    const d = await counter(1);
    const key = { 'idempotency-key': `desk-${d.id}` };
    const first = await officer.post(`/api/dossiers/${d.id}/payments/desk`, { method: 'cash', amount: 200_000 }, key);
    const again = await officer.post(`/api/dossiers/${d.id}/payments/desk`, { method: 'cash', amount: 200_000 }, key);
    expect(first.statusCode, first.body).toBe(201);
    expect(again.statusCode).toBe(201);
    expect(again.json()).toEqual(first.json());
    expect(await s.ctx.db.select().from(paymentRequests).where(eq(paymentRequests.dossierId, d.id))).toHaveLength(1);
  });

  it('numbers receipts one after another in the agency’s book, and a number cannot be given twice', async () => {
    const a = await counter(1);
    const b = await counter(1);
    const [ra, rb] = await Promise.all([
      officer.post(`/api/dossiers/${a.id}/payments/desk`, { method: 'card', amount: 200_000, cardRef: 'POS-000123' }),
      officer.post(`/api/dossiers/${b.id}/payments/desk`, { method: 'cash', amount: 200_000 }),
    ]);
    expect([ra.statusCode, rb.statusCode]).toEqual([201, 201]);
    const seq = (no: string) => Number(no.split('-').at(-1));
    expect(Math.abs(seq(ra.json().receiptNo) - seq(rb.json().receiptNo))).toBe(1);
    const [book] = await s.ctx.db.select().from(receiptBooks).where(eq(receiptBooks.agencyId, centre.id));
    expect(book!.last).toBe(Math.max(seq(ra.json().receiptNo), seq(rb.json().receiptNo)));
    // The same number again, whatever writes it, is refused by the database.
    const [row] = await s.ctx.db.select().from(paymentRequests).where(eq(paymentRequests.id, ra.json().id));
    await expect(
      s.ctx.db.execute(
        sql`UPDATE payment_requests SET receipt_seq = ${row!.receiptSeq! + (seq(rb.json().receiptNo) - seq(ra.json().receiptNo))} WHERE id = ${row!.id}`,
      ),
    ).rejects.toThrow();
    // A card without its POS reference is refused.
    const c = await counter(1);
    expect(
      (await officer.post(`/api/dossiers/${c.id}/payments/desk`, { method: 'card', amount: 200_000 })).statusCode,
    ).toBe(400);
  });

  it('an exempt applicant (poor household, with evidence attached) owes nothing and gets the result without paying', async () => {
    const evidence = await uploadPdf(officer, 'Giấy chứng nhận hộ nghèo');
    const missing = await officer.post('/api/dossiers/counter', {
      procedureId: proc.id,
      receivingAgencyId: centre.id,
      applicant: { name: 'Hộ Nghèo' },
      formData: { copies: 1 },
      attachments: [{ paperId: proc.papers.form, files: [await uploadPdf(officer)] }],
      fee: { category: 'poor-household', evidence: [evidence] },
    });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().errors[0].code).toBe('evidence-not-attached');
    const d = await counter(1, {
      fee: { category: 'poor-household', evidence: [evidence] },
      attachments: [
        { paperId: proc.papers.form, files: [await uploadPdf(officer)] },
        { paperId: null, name: 'Giấy chứng nhận hộ nghèo', files: [evidence] },
      ],
    });
    expect(await account(d.id)).toMatchObject({ total: 0, owed: 0, exempt: true });
    expect((await officer.post(`/api/dossiers/${d.id}/payments/desk`, { method: 'cash', amount: 1 })).json().code).toBe(
      'nothing-owed',
    );
    await toResult(d);
    expect((await act(officer, d.id, 'return')).dossier.status).toBe('returned');
  });

  it('recomputes the fee when a supplement changes the number of copies', async () => {
    at('2026-03-04T09:00:00');
    const d = await counter(1);
    await act(officer, d.id, 'assign', { handlerId: specialist.accountId });
    await act(specialist, d.id, 'request-supplement', { reason: 'Ghi rõ số lượng Phiếu', papers: [] });
    const r = await act(officer, d.id, 'supplement', { formData: { copies: 4 } });
    expect(r.dossier.status).toBe('processing');
    expect(await account(d.id)).toMatchObject({ total: 210_000, owed: 210_000 });
  });

  it('refunds the refundable fee of a dossier refused after payment, once', async () => {
    const d = await counter(3);
    const paid = (
      await officer.post(`/api/dossiers/${d.id}/payments/desk`, { method: 'cash', amount: 205_000 })
    ).json();
    expect((await officer.post(`/api/payments/${paid.id}/refund`, {})).json().code).toBe('not-refundable');
    await act(officer, d.id, 'refuse', { reasons: ['Không thuộc thẩm quyền'] });
    expect(await account(d.id)).toMatchObject({ owed: 0, refundDue: 200_000 });
    const r = await officer.post(`/api/payments/${paid.id}/refund`, { note: 'Trả lại tiền mặt' });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toMatchObject({ refundedAmount: 200_000, status: 'paid' });
    expect((await officer.post(`/api/payments/${paid.id}/refund`, {})).json().code).toBe('already-refunded');
    expect(await account(d.id)).toMatchObject({ refunded: 200_000, refundDue: 0 });
    const events = await s.ctx.db.select().from(paymentEvents).where(eq(paymentEvents.paymentId, paid.id));
    expect(events.map((e) => e.kind)).toEqual(['paid', 'refunded']);
  });
});

describe('same-day processing on the procedure (admin API, receipt at the desk)', () => {
  it('refuses "immediately" on a procedure of several days, and dates a same-day dossier received after the cut-off to the end of the next working day', async () => {
    const p = await makeProcedure(s.ctx.db, { processingDays: 10 });
    const bad = await admin.patch(`/api/procedures/${p.id}`, { immediateMinutes: 30 });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0]).toMatchObject({ field: '/body/immediateMinutes', code: 'not-same-day' });
    const ok = await admin.patch(`/api/procedures/${p.id}`, { processingDays: 0, processingCutoff: '15:00' });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ processingDays: 0, processingCutoff: '15:00', immediateMinutes: null });
    at('2026-03-06T16:00:00'); // a Friday, after the cut-off
    const d = await receiveDossier(officer, p, { receivingAgencyId: centre.id, applicant: { name: 'Trần Thị Bình' } });
    expect(d).toMatchObject({ dueAt: '2026-03-09T10:00:00.000Z', late: false });
    at('2026-03-06T14:00:00');
    const early = await receiveDossier(officer, p, {
      receivingAgencyId: centre.id,
      applicant: { name: 'Trần Thị Bình' },
    });
    expect(early.dueAt).toBe('2026-03-06T10:00:00.000Z');
  });
});
