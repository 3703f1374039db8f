/** Payment requests for dossier fees: created, confirmed by the provider (or an officer), receipted. */
import { and, eq, sql } from 'drizzle-orm';
import { problems, queryRows, type Executor } from '../../platform/index.js';
import { procedureFees } from '../catalog/schema.js';
import { paymentEvents, paymentReceiptCounters, paymentRequests } from './schema.js';
import { VIETNAM_UTC_OFFSET_MS } from '../../platform/calendar/index.js';
import type { GatewayCallback } from './gateway.js';

export type PaymentRow = typeof paymentRequests.$inferSelect;

/** The fees a procedure declares, in đồng. */
export async function feesOf(ex: Executor, procedureId: string) {
  const rows = await ex.select().from(procedureFees).where(eq(procedureFees.procedureId, procedureId)).orderBy(procedureFees.ordinal);
  return { items: rows.map((r) => ({ name: r.name, amount: r.amount })), total: rows.reduce((s, r) => s + r.amount, 0) };
}

export async function openPayment(ex: Executor, dossierId: string): Promise<PaymentRow | undefined> {
  const [row] = await ex.select().from(paymentRequests).where(and(eq(paymentRequests.dossierId, dossierId), eq(paymentRequests.status, 'pending')));
  return row;
}

export async function insertPayment(tx: Executor, p: { dossierId: string; amount: number; description: string; provider: 'gateway' | 'vietqr'; createdBy: string | null }): Promise<PaymentRow> {
  const [row] = await tx.insert(paymentRequests).values(p).returning();
  await tx.insert(paymentEvents).values({ paymentId: row!.id, kind: 'created', provider: p.provider, actorId: p.createdBy, details: { amount: p.amount } });
  return row!;
}

/** Next receipt number of the year (Vietnam time), allocated in the caller's transaction: BL-2026-000001. */
async function nextReceiptNo(tx: Executor, at: Date): Promise<string> {
  const year = new Date(at.getTime() + VIETNAM_UTC_OFFSET_MS).getUTCFullYear();
  const [r] = await queryRows<{ last: number }>(
    tx,
    sql`INSERT INTO ${paymentReceiptCounters} (year, last) VALUES (${year}, 1)
        ON CONFLICT (year) DO UPDATE SET last = ${paymentReceiptCounters}.last + 1 RETURNING last`,
  );
  return `BL-${year}-${String(r!.last).padStart(6, '0')}`;
}

async function markPaid(tx: Executor, p: PaymentRow, at: Date): Promise<PaymentRow> {
  const receiptNo = await nextReceiptNo(tx, at);
  const [row] = await tx.update(paymentRequests).set({ status: 'paid', paidAt: at, receiptNo }).where(eq(paymentRequests.id, p.id)).returning();
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
  if (!p || p.id !== e.orderRef) throw problems.notFound({ vi: 'yêu cầu thanh toán', en: 'Payment request' }, { code: 'payment-not-found' });
  if (p.amount !== e.amount) throw problems.badRequest({ vi: 'Số tiền không khớp với yêu cầu thanh toán.', en: 'The amount does not match the payment request.' }, { code: 'amount-mismatch' });
  const inserted = await tx
    .insert(paymentEvents)
    .values({ paymentId: p.id, kind: e.status, provider: 'gateway', providerEventId: e.eventId, details: { paymentRef: e.paymentRef, amount: e.amount } })
    .onConflictDoNothing()
    .returning({ id: paymentEvents.id });
  if (!inserted.length) return { payment: p, duplicate: true };
  if (p.status !== 'pending') return { payment: p, duplicate: false }; // a late "failed" after "paid" is recorded, not applied
  if (e.status === 'paid') return { payment: await markPaid(tx, p, new Date()), duplicate: false };
  const [failed] = await tx.update(paymentRequests).set({ status: 'failed' }).where(eq(paymentRequests.id, p.id)).returning();
  return { payment: failed!, duplicate: false };
}

/** An officer confirms a bank transfer seen on the account statement (VietQR). */
export async function confirmTransfer(tx: Executor, p: PaymentRow, bankRef: string, actorId: string): Promise<PaymentRow> {
  const inserted = await tx
    .insert(paymentEvents)
    .values({ paymentId: p.id, kind: 'confirmed', provider: p.provider, providerEventId: `bank:${bankRef}`, actorId, details: { bankRef } })
    .onConflictDoNothing()
    .returning({ id: paymentEvents.id });
  if (!inserted.length) throw problems.conflict({ vi: 'Mã giao dịch ngân hàng này đã được dùng để xác nhận một khoản khác.', en: 'This bank reference already confirmed a payment.' }, { code: 'bank-ref-used' });
  return markPaid(tx, p, new Date());
}

export async function paymentEventsOf(ex: Executor, paymentId: string) {
  return ex.select().from(paymentEvents).where(eq(paymentEvents.paymentId, paymentId)).orderBy(paymentEvents.id);
}
