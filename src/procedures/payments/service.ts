/** Payment requests for dossier fees: created, confirmed by the provider (or an officer), receipted. */
import { and, eq, sql } from 'drizzle-orm';
import { problems, queryRows, type Executor, VIETNAM_UTC_OFFSET_MS } from '../../platform/index.js';
import { dossiers } from '../dossiers/schema.js';
import { paymentEvents, paymentRequests, receiptBooks } from './schema.js';
import type { GatewayCallback } from './gateway.js';
import { IPN, paidPer, type IpnAnswer } from './vnpay.js';
import { agencies } from '../../directory/index.js';

export type PaymentRow = typeof paymentRequests.$inferSelect;

/** What a dossier owes (còn phải nộp), what was paid and what is to be paid back: src/procedures/payments/account.ts. */
export { feeAccount, type FeeAccount } from './account.js';

export async function openPayment(ex: Executor, dossierId: string): Promise<PaymentRow | undefined> {
  const [row] = await ex
    .select()
    .from(paymentRequests)
    .where(and(eq(paymentRequests.dossierId, dossierId), eq(paymentRequests.status, 'pending')));
  return row;
}

export async function insertPayment(
  tx: Executor,
  p: {
    dossierId: string;
    amount: number;
    description: string;
    provider: 'gateway' | 'vnpay' | 'vietqr';
    createdBy: string | null;
  },
): Promise<PaymentRow> {
  const [row] = await tx.insert(paymentRequests).values(p).returning();
  await tx
    .insert(paymentEvents)
    .values({
      paymentId: row!.id,
      kind: 'created',
      provider: p.provider,
      actorId: p.createdBy,
      details: { amount: p.amount },
    });
  return row!;
}

export interface Receipt {
  receiptNo: string;
  receiptBookId: string;
  receiptSeq: number;
}

/**
 * The next number of the agency's receipt book of the year (Vietnam time), allocated in the caller's
 * transaction: the book's row stays locked until commit, so numbers have no gap and none is given twice;
 * `000.00.05.H57/BL26-0000001`.
 */
export async function nextReceipt(tx: Executor, agencyId: string, at: Date): Promise<Receipt> {
  const year = new Date(at.getTime() + VIETNAM_UTC_OFFSET_MS).getUTCFullYear();
  const [r] = await queryRows<{ id: string; symbol: string; last: number }>(
    tx,
    sql`INSERT INTO ${receiptBooks} (agency_id, year, symbol, last)
        SELECT a.id, ${year}, a.code || '/BL' || right(${String(year)}, 2), 1 FROM ${agencies} a WHERE a.id = ${agencyId}
        ON CONFLICT (agency_id, year) DO UPDATE SET last = ${receiptBooks}.last + 1 RETURNING id, symbol, last`,
  );
  if (!r) throw new Error(`no agency ${agencyId} for a receipt book`);
  return { receiptNo: `${r.symbol}-${String(r.last).padStart(7, '0')}`, receiptBookId: r.id, receiptSeq: r.last };
}

/** Receipts are given by the book of the desk that received the dossier. */
async function markPaid(tx: Executor, p: PaymentRow, at: Date): Promise<PaymentRow> {
  const [d] = await tx
    .select({ agencyId: dossiers.receivingAgencyId })
    .from(dossiers)
    .where(eq(dossiers.id, p.dossierId));
  const receipt = await nextReceipt(tx, d!.agencyId, at);
  const [row] = await tx
    .update(paymentRequests)
    .set({ status: 'paid', paidAt: at, ...receipt })
    .where(eq(paymentRequests.id, p.id))
    .returning();
  return row!;
}

export type CallbackOutcome = { payment: PaymentRow; duplicate: boolean };

/**
 * Applies a verified gateway callback. The same event twice changes nothing (the unique event id);
 * a callback about an amount or payment we did not ask for is refused before anything is written.
 */
export async function applyGatewayCallback(tx: Executor, e: GatewayCallback): Promise<CallbackOutcome> {
  const [p] = await tx
    .select()
    .from(paymentRequests)
    .where(and(eq(paymentRequests.provider, 'gateway'), eq(paymentRequests.providerRef, e.paymentRef)))
    .for('update');
  if (!p || p.id !== e.orderRef)
    throw problems.notFound({ vi: 'yêu cầu thanh toán', en: 'Payment request' }, { code: 'payment-not-found' });
  if (p.amount !== e.amount)
    throw problems.badRequest(
      { vi: 'Số tiền không khớp với yêu cầu thanh toán.', en: 'The amount does not match the payment request.' },
      { code: 'amount-mismatch' },
    );
  const inserted = await tx
    .insert(paymentEvents)
    .values({
      paymentId: p.id,
      kind: e.status,
      provider: 'gateway',
      providerEventId: e.eventId,
      details: { paymentRef: e.paymentRef, amount: e.amount },
    })
    .onConflictDoNothing()
    .returning({ id: paymentEvents.id });
  if (!inserted.length) return { payment: p, duplicate: true };
  if (p.status !== 'pending') return { payment: p, duplicate: false }; // a late "failed" after "paid" is recorded, not applied
  if (e.status === 'paid') return { payment: await markPaid(tx, p, new Date()), duplicate: false };
  const [failed] = await tx
    .update(paymentRequests)
    .set({ status: 'failed' })
    .where(eq(paymentRequests.id, p.id))
    .returning();
  return { payment: failed!, duplicate: false };
}

/** An officer confirms a bank transfer seen on the account statement (VietQR). */
export async function confirmTransfer(
  tx: Executor,
  p: PaymentRow,
  bankRef: string,
  actorId: string,
): Promise<PaymentRow> {
  const inserted = await tx
    .insert(paymentEvents)
    .values({
      paymentId: p.id,
      kind: 'confirmed',
      provider: p.provider,
      providerEventId: `bank:${bankRef}`,
      actorId,
      details: { bankRef },
    })
    .onConflictDoNothing()
    .returning({ id: paymentEvents.id });
  if (!inserted.length)
    throw problems.conflict(
      {
        vi: 'Mã giao dịch ngân hàng này đã được dùng để xác nhận một khoản khác.',
        en: 'This bank reference already confirmed a payment.',
      },
      { code: 'bank-ref-used' },
    );
  return markPaid(tx, p, new Date());
}

export async function paymentEventsOf(ex: Executor, paymentId: string) {
  return ex.select().from(paymentEvents).where(eq(paymentEvents.paymentId, paymentId)).orderBy(paymentEvents.id);
}

export type VnpayOutcome = { answer: IpnAnswer; payment?: PaymentRow; applied: boolean };

/**
 * Applies a VNPAY IPN whose signature was checked, answering as VNPAY expects: the order (vnp_TxnRef)
 * must be ours, the amount (× 100) ours; an order no longer pending is "already confirmed" (02), so a
 * repeated IPN, or a "failed" arriving after "paid", changes nothing (it is kept as an event).
 */
export async function applyVnpayIpn(tx: Executor, params: Record<string, string>): Promise<VnpayOutcome> {
  const [p] = await tx
    .select()
    .from(paymentRequests)
    .where(and(eq(paymentRequests.provider, 'vnpay'), eq(paymentRequests.providerRef, params.vnp_TxnRef ?? '')))
    .for('update');
  if (!p) return { answer: IPN.notFound, applied: false };
  if (params.vnp_Amount !== String(p.amount * 100)) return { answer: IPN.invalidAmount, payment: p, applied: false };
  const paid = paidPer(params);
  await tx
    .insert(paymentEvents)
    .values({
      paymentId: p.id,
      kind: paid ? 'paid' : 'failed',
      provider: 'vnpay',
      providerEventId: `${params.vnp_TransactionNo ?? ''}:${params.vnp_ResponseCode ?? ''}:${params.vnp_TransactionStatus ?? ''}`,
      details: {
        transactionNo: params.vnp_TransactionNo,
        responseCode: params.vnp_ResponseCode,
        transactionStatus: params.vnp_TransactionStatus,
        bankCode: params.vnp_BankCode,
        payDate: params.vnp_PayDate,
      },
    })
    .onConflictDoNothing();
  if (p.status !== 'pending') return { answer: IPN.alreadyConfirmed, payment: p, applied: false };
  if (paid) return { answer: IPN.confirmed, payment: await markPaid(tx, p, new Date()), applied: true };
  const [failed] = await tx
    .update(paymentRequests)
    .set({ status: 'failed' })
    .where(eq(paymentRequests.id, p.id))
    .returning();
  return { answer: IPN.confirmed, payment: failed!, applied: true };
}
