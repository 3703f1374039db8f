/**
 * Paying at the desk (nộp tại bộ phận một cửa): the one-stop officer takes cash or a card and records it;
 * the payment is receipted at once from the receiving agency's receipt book (biên lai điện tử). And the
 * way back: a refund after a refusal or withdrawal, where the fee rule says so.
 */
import { and, eq } from 'drizzle-orm';
import { Type } from 'typebox';
import { errorResponses, problems, requirePermission, transact, type App, StringEnum } from '../../platform/index.js';
import { dossiers } from '../dossiers/schema.js';
import { refundableShare } from '../fees/compute.js';
import { DESK_METHODS, paymentEvents, paymentRequests } from './schema.js';
import { feeAccount, nextReceipt } from './service.js';
import { Id, PaymentView, paymentView } from './views.js';

const tags = ['payments'];
const dossierWord = { vi: 'hồ sơ', en: 'Dossier' };

export async function deskRoutes(app: App) {
  const view = paymentView(app);

  app.post(
    '/api/dossiers/:id/payments/desk',
    {
      schema: {
        tags,
        summary: 'Thu phí, lệ phí tại bộ phận một cửa — record a payment at the desk',
        description:
          'Cán bộ một cửa ghi nhận tiền mặt hoặc thẻ; `amount` phải đúng số còn phải nộp. Biên lai điện tử được cấp số ngay theo quyển biên lai của cơ quan tiếp nhận trong năm. ' +
          'Ghi lần thứ hai (hồ sơ đã nộp đủ) bị từ chối 409; gửi lại cùng Idempotency-Key trả lại kết quả lần đầu.',
        params: Type.Object({ id: Id }),
        body: Type.Object(
          {
            method: StringEnum(DESK_METHODS, { description: 'cash: tiền mặt; card: thẻ (POS)' }),
            amount: Type.Integer({
              minimum: 1,
              maximum: 2_000_000_000,
              description: 'đồng; phải bằng số còn phải nộp',
            }),
            cardRef: Type.Optional(
              Type.String({ minLength: 3, maxLength: 100, description: 'Mã giao dịch trên hoá đơn POS (thẻ)' }),
            ),
          },
          { additionalProperties: false },
        ),
        response: { 201: PaymentView, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (req, reply) => {
      const [d0] = await app.ctx.db.select().from(dossiers).where(eq(dossiers.id, req.params.id));
      if (!d0) throw problems.notFound(dossierWord, { code: 'dossier-not-found' });
      await requirePermission(req, 'payments.confirm', { agencyId: d0.receivingAgencyId });
      const { method, amount, cardRef } = req.body;
      if (method === 'card' && !cardRef)
        throw problems.invalidField(
          '/body/cardRef',
          { vi: 'Cần mã giao dịch thẻ.', en: 'The card transaction reference is required.' },
          'required',
        );
      if (method === 'cash' && cardRef)
        throw problems.invalidField(
          '/body/cardRef',
          { vi: 'Tiền mặt không có mã giao dịch thẻ.', en: 'A cash payment has no card reference.' },
          'not-allowed',
        );
      const row = await transact(req, async (tx, audit) => {
        // The dossier's row is the lock: two officers recording the same payment at once are served one after the other.
        const [d] = await tx.select().from(dossiers).where(eq(dossiers.id, d0.id)).for('update');
        const account = await feeAccount(tx, d!);
        if (account.owed <= 0) {
          throw problems.conflict(
            {
              vi: 'Hồ sơ không còn phí, lệ phí phải nộp (đã nộp đủ, được miễn hoặc không thu).',
              en: 'Nothing is owed on this dossier (paid, exempt or no fee).',
            },
            { code: 'nothing-owed', extra: { paid: account.paid, total: account.total } },
          );
        }
        if (amount !== account.owed) {
          throw problems.badRequest(
            {
              vi: `Số tiền phải đúng số còn phải nộp: ${account.owed.toLocaleString('vi-VN')} đồng.`,
              en: `The amount must be what is owed: ${account.owed} VND.`,
            },
            { code: 'amount-mismatch', extra: { owed: account.owed } },
          );
        }
        const now = new Date();
        // A request left open online is cancelled: the fee is settled here.
        const open = await tx
          .update(paymentRequests)
          .set({ status: 'cancelled' })
          .where(and(eq(paymentRequests.dossierId, d!.id), eq(paymentRequests.status, 'pending')))
          .returning();
        for (const o of open)
          await tx
            .insert(paymentEvents)
            .values({
              paymentId: o.id,
              kind: 'cancelled',
              provider: o.provider,
              actorId: req.principal!.accountId,
              details: { reason: 'paid-at-desk' },
            });
        const receipt = await nextReceipt(tx, d!.receivingAgencyId, now);
        const [p] = await tx
          .insert(paymentRequests)
          .values({
            dossierId: d!.id,
            amount,
            description: `Phí, lệ phí hồ sơ ${d!.code}`,
            provider: 'desk',
            method,
            status: 'paid',
            providerRef: cardRef ? `card:${cardRef}` : null,
            createdBy: req.principal!.accountId,
            paidAt: now,
            ...receipt,
          })
          .returning();
        await tx.insert(paymentEvents).values({
          paymentId: p!.id,
          kind: 'paid',
          provider: 'desk',
          actorId: req.principal!.accountId,
          details: { method, amount, receiptNo: receipt.receiptNo, ...(cardRef ? { cardRef } : {}) },
        });
        await audit({
          action: 'payment.desk',
          targetType: 'payment',
          targetId: p!.id,
          details: { dossierId: d!.id, code: d!.code, method, amount, receiptNo: receipt.receiptNo },
          scope: { agencyId: d!.receivingAgencyId },
        });
        return p!;
      }).catch((e: unknown) => {
        const code = (e as { cause?: { code?: string } }).cause?.code ?? (e as { code?: string }).code;
        if (code === '23505')
          throw problems.conflict(
            {
              vi: 'Mã giao dịch thẻ hoặc số biên lai này đã được dùng.',
              en: 'This card reference or receipt number was already used.',
            },
            { code: 'duplicate-payment' },
          );
        throw e;
      });
      return reply.code(201).send(view(row));
    },
  );

  app.post(
    '/api/payments/:id/refund',
    {
      schema: {
        tags,
        summary: 'Hoàn trả phí, lệ phí — refund a payment',
        description: 'Chỉ khi hồ sơ bị từ chối hoặc đã rút sau khi nộp, và chỉ phần phí mà quy tắc phí cho hoàn trả.',
        params: Type.Object({ id: Id }),
        body: Type.Object({ note: Type.Optional(Type.String({ maxLength: 1000 })) }, { additionalProperties: false }),
        response: { 200: PaymentView, ...errorResponses(401, 403, 404, 409) },
      },
    },
    async (req) => {
      const [p0] = await app.ctx.db.select().from(paymentRequests).where(eq(paymentRequests.id, req.params.id));
      if (!p0) throw problems.notFound({ vi: 'khoản thanh toán', en: 'Payment' });
      const [d0] = await app.ctx.db.select().from(dossiers).where(eq(dossiers.id, p0.dossierId));
      await requirePermission(req, 'payments.confirm', { agencyId: d0!.receivingAgencyId });
      const row = await transact(req, async (tx, audit) => {
        const [d] = await tx.select().from(dossiers).where(eq(dossiers.id, d0!.id)).for('update');
        const [p] = await tx.select().from(paymentRequests).where(eq(paymentRequests.id, p0.id));
        if (!['refused', 'withdrawn'].includes(d!.status)) {
          throw problems.conflict(
            {
              vi: 'Chỉ hoàn trả khi hồ sơ bị từ chối hoặc đã rút.',
              en: 'Refunds are only for refused or withdrawn dossiers.',
            },
            { code: 'not-refundable', extra: { dossierStatus: d!.status } },
          );
        }
        if (p!.status !== 'paid')
          throw problems.conflict(
            { vi: 'Khoản này chưa được thanh toán.', en: 'This payment is not paid.' },
            { code: 'not-paid' },
          );
        if (p!.refundedAmount)
          throw problems.conflict(
            { vi: 'Khoản này đã được hoàn trả.', en: 'This payment was already refunded.' },
            { code: 'already-refunded' },
          );
        const account = await feeAccount(tx, d!);
        const amount = Math.min(refundableShare(account.fee, p!.amount), account.refundDue);
        if (amount <= 0)
          throw problems.conflict(
            {
              vi: 'Quy tắc phí của thủ tục không cho hoàn trả khoản này.',
              en: 'The fee rules do not refund this payment.',
            },
            { code: 'not-refundable' },
          );
        const now = new Date();
        const [u] = await tx
          .update(paymentRequests)
          .set({ refundedAmount: amount, refundedAt: now })
          .where(eq(paymentRequests.id, p!.id))
          .returning();
        await tx.insert(paymentEvents).values({
          paymentId: p!.id,
          kind: 'refunded',
          provider: p!.provider,
          actorId: req.principal!.accountId,
          details: { amount, ...(req.body.note ? { note: req.body.note } : {}) },
        });
        await audit({
          action: 'payment.refund',
          targetType: 'payment',
          targetId: p!.id,
          details: { dossierId: d!.id, code: d!.code, amount, receiptNo: p!.receiptNo },
          scope: { agencyId: d!.receivingAgencyId },
        });
        return u!;
      });
      return view(row);
    },
  );
}
