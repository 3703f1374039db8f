import { eq } from 'drizzle-orm';
import { Type } from 'typebox';
import {
  errorResponses,
  Problem,
  problems,
  requirePermission,
  transact,
  unchanged,
  type App,
} from '../../platform/index.js';
import { renderOfficialForm } from '../../platform/pdf/index.js';
import { dossiers } from '../dossiers/schema.js';
import { procedures } from '../catalog/schema.js';
import { paymentEvents, paymentRequests } from './schema.js';
import { applyGatewayCallback, confirmTransfer, feeAccount, insertPayment, openPayment } from './service.js';
import { createGatewayPayment, verifyCallback } from './gateway.js';
import { vietQrPayload } from './vietqr.js';
import { paymentUrl } from './vnpay.js';
import { AccountView, accountView, Id, PaymentView, paymentView, Provider, readableDossier } from './views.js';
import { deskRoutes } from './desk.js';
import { vnpayRoutes } from './vnpay-routes.js';
import { agencies } from '../../directory/index.js';

const tags = ['payments'];

/** How a receipt names the way it was paid. */
const METHOD_LABEL: Record<string, string> = {
  gateway: 'Thanh toán trực tuyến',
  vnpay: 'Thanh toán trực tuyến qua VNPAY',
  vietqr: 'Chuyển khoản (VietQR)',
  cash: 'Tiền mặt tại bộ phận một cửa',
  card: 'Thẻ tại bộ phận một cửa',
};

export async function paymentRoutes(app: App) {
  const { config } = app.ctx;
  const view = paymentView(app);

  app.get(
    '/api/payments/providers',
    {
      schema: {
        tags,
        summary: 'Các cách thanh toán trực tuyến đang mở — the online payment providers configured',
        response: { 200: Type.Object({ gateway: Type.Boolean(), vnpay: Type.Boolean(), vietqr: Type.Boolean() }) },
      },
    },
    async () => ({
      gateway: !!config.payments.gateway,
      vnpay: !!config.payments.vnpay,
      vietqr: !!config.payments.vietqr,
    }),
  );

  app.get(
    '/api/dossiers/:id/payments',
    {
      schema: {
        tags,
        summary: 'Phí, lệ phí và các khoản thanh toán của hồ sơ — a dossier’s fee account and payments',
        description:
          '`account.owed`: còn phải nộp (bộ phận một cửa thấy trước khi trả kết quả); `account.refundDue`: phải hoàn trả.',
        params: Type.Object({ id: Id }),
        response: {
          200: Type.Object({
            fees: Type.Array(Type.Object({ name: Type.String(), amount: Type.Integer() })),
            total: Type.Integer(),
            account: AccountView,
            items: Type.Array(PaymentView),
          }),
          ...errorResponses(401, 404),
        },
      },
    },
    async (req) => {
      const d = await readableDossier(app, req, req.params.id);
      const account = await feeAccount(app.ctx.db, d);
      const items = await app.ctx.db
        .select()
        .from(paymentRequests)
        .where(eq(paymentRequests.dossierId, d.id))
        .orderBy(paymentRequests.createdAt);
      return {
        fees: (account.fee?.items ?? []).map((f) => ({ name: f.name, amount: f.amount })),
        total: account.total,
        account: accountView(account),
        items: items.map(view),
      };
    },
  );

  app.post(
    '/api/dossiers/:id/payments',
    {
      schema: {
        tags,
        summary: 'Tạo yêu cầu nộp phí, lệ phí — request payment of the fees',
        description:
          'Số tiền là phần phí, lệ phí hồ sơ còn phải nộp (tính theo quy tắc phí từ tờ khai). Một hồ sơ chỉ có một yêu cầu đang chờ; gọi lại trả về yêu cầu đó.',
        params: Type.Object({ id: Id }),
        body: Type.Object(
          { provider: Provider, returnUrl: Type.Optional(Type.String({ maxLength: 500 })) },
          { additionalProperties: false },
        ),
        response: { 200: PaymentView, 201: PaymentView, ...errorResponses(400, 401, 404, 409, 502) },
      },
    },
    async (req, reply) => {
      const d = await readableDossier(app, req, req.params.id);
      const provider = req.body.provider;
      if (provider === 'gateway' && !config.payments.gateway)
        throw problems.conflict(
          { vi: 'Cổng thanh toán chưa được cấu hình.', en: 'The payment gateway is not configured.' },
          { code: 'provider-unavailable' },
        );
      if (provider === 'vnpay' && !config.payments.vnpay)
        throw problems.conflict(
          { vi: 'Cổng VNPAY chưa được cấu hình.', en: 'VNPAY is not configured.' },
          { code: 'provider-unavailable' },
        );
      if (provider === 'vietqr' && !config.payments.vietqr)
        throw problems.conflict(
          { vi: 'Tài khoản nhận chuyển khoản chưa được cấu hình.', en: 'No bank account is configured for transfers.' },
          { code: 'provider-unavailable' },
        );
      if (['withdrawn', 'refused'].includes(d.status))
        throw problems.conflict(
          {
            vi: 'Hồ sơ đã rút hoặc bị từ chối, không thu phí.',
            en: 'The dossier was withdrawn or refused; no fee is due.',
          },
          { code: 'dossier-closed' },
        );
      const existing = await openPayment(app.ctx.db, d.id);
      if (existing) {
        unchanged(req);
        return reply.code(200).send(view(existing));
      }
      const account = await feeAccount(app.ctx.db, d);
      if (account.total <= 0)
        throw problems.conflict(
          { vi: 'Hồ sơ này không phải nộp phí, lệ phí.', en: 'This dossier has no fee to pay.' },
          { code: 'no-fee' },
        );
      if (account.owed <= 0)
        throw problems.conflict(
          { vi: 'Hồ sơ đã nộp đủ phí, lệ phí.', en: 'The fees of this dossier are already paid.' },
          { code: 'already-paid' },
        );
      const [proc] = await app.ctx.db
        .select({ name: procedures.name })
        .from(procedures)
        .where(eq(procedures.id, d.procedureId));
      const description = `Phí, lệ phí hồ sơ ${d.code}: ${proc?.name ?? ''}`.slice(0, 300);

      let row = await transact(req, async (tx, audit) => {
        const r = await insertPayment(tx, {
          dossierId: d.id,
          amount: account.owed,
          description,
          provider,
          createdBy: req.principal!.accountId,
        });
        await audit({
          action: 'payment.request',
          targetType: 'payment',
          targetId: r.id,
          details: { dossierId: d.id, amount: r.amount, provider },
          scope: { agencyId: d.agencyId },
        });
        if (provider === 'vnpay') {
          // No call to make: the signed URL is the request. The order reference is the payment's id without dashes.
          const v = config.payments.vnpay!;
          const txnRef = r.id.replace(/-/g, '');
          const payUrl = paymentUrl(v, {
            txnRef,
            amount: r.amount,
            orderInfo: description,
            returnUrl: `${config.publicUrl}/api/payments/vnpay/return`,
            ipAddr: req.ip,
            createdAt: r.createdAt,
          });
          const [u] = await tx
            .update(paymentRequests)
            .set({ providerRef: txnRef, payUrl })
            .where(eq(paymentRequests.id, r.id))
            .returning();
          return u!;
        }
        if (provider !== 'vietqr') return r;
        const q = config.payments.vietqr!;
        const qrPayload = vietQrPayload({
          bin: q.bin,
          account: q.account,
          amount: r.amount,
          note: d.code.replace(/[^0-9A-Za-z-]/g, '').slice(0, 25),
        });
        const [u] = await tx
          .update(paymentRequests)
          .set({ providerRef: r.id, qrPayload })
          .where(eq(paymentRequests.id, r.id))
          .returning();
        return u!;
      });
      if (provider === 'gateway') {
        // The network call happens outside any transaction; its answer is recorded, and audited, in a second one.
        const g = config.payments.gateway!;
        const id = row.id;
        let out: Awaited<ReturnType<typeof createGatewayPayment>> | null = null;
        try {
          out = await createGatewayPayment(g, {
            orderRef: id,
            amount: row.amount,
            description,
            callbackUrl: `${config.publicUrl}/api/payments/callback/gateway`,
            returnUrl: req.body.returnUrl ?? `${config.publicUrl}/lookup?code=${encodeURIComponent(d.code)}`,
          });
        } catch (err) {
          req.log.warn({ err }, 'payment gateway refused to create a payment');
        }
        row = await transact(req, async (tx, audit) => {
          const set = out ? { providerRef: out.paymentRef, payUrl: out.payUrl } : { status: 'failed' as const };
          const [u] = await tx.update(paymentRequests).set(set).where(eq(paymentRequests.id, id)).returning();
          if (!out)
            await tx
              .insert(paymentEvents)
              .values({
                paymentId: id,
                kind: 'failed',
                provider: 'gateway',
                actorId: req.principal!.accountId,
                details: { reason: 'gateway-unavailable' },
              });
          await audit({
            action: out ? 'payment.gateway-created' : 'payment.gateway-failed',
            targetType: 'payment',
            targetId: id,
            details: out ? { paymentRef: out.paymentRef } : {},
            scope: { agencyId: d.agencyId },
          });
          return u!;
        });
        if (!out) {
          throw new Problem({
            status: 502,
            code: 'gateway-unavailable',
            title: { vi: 'Cổng thanh toán không phản hồi', en: 'Payment gateway unavailable' },
            detail: {
              vi: 'Không tạo được giao dịch tại cổng thanh toán, vui lòng thử lại.',
              en: 'The gateway could not create the payment; please try again.',
            },
          });
        }
      }
      return reply.code(201).send(view(row));
    },
  );

  app.get(
    '/api/payments/:id',
    {
      schema: {
        tags,
        summary: 'Một yêu cầu thanh toán — one payment',
        params: Type.Object({ id: Id }),
        response: { 200: PaymentView, ...errorResponses(401, 404) },
      },
    },
    async (req) => {
      const [p] = await app.ctx.db.select().from(paymentRequests).where(eq(paymentRequests.id, req.params.id));
      if (!p) throw problems.notFound({ vi: 'yêu cầu thanh toán', en: 'Payment request' });
      await readableDossier(app, req, p.dossierId);
      return view(p);
    },
  );

  app.post(
    '/api/payments/:id/confirm',
    {
      schema: {
        tags,
        summary: 'Xác nhận đã nhận chuyển khoản — confirm a bank transfer',
        params: Type.Object({ id: Id }),
        body: Type.Object(
          { bankRef: Type.String({ minLength: 3, maxLength: 100, description: 'Mã giao dịch trên sao kê ngân hàng' }) },
          { additionalProperties: false },
        ),
        response: { 200: PaymentView, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (req) => {
      const [p] = await app.ctx.db.select().from(paymentRequests).where(eq(paymentRequests.id, req.params.id));
      if (!p) throw problems.notFound({ vi: 'yêu cầu thanh toán', en: 'Payment request' });
      const [d] = await app.ctx.db.select().from(dossiers).where(eq(dossiers.id, p.dossierId));
      await requirePermission(req, 'payments.confirm', { agencyId: d!.receivingAgencyId });
      if (p.provider !== 'vietqr')
        throw problems.conflict(
          { vi: 'Chỉ xác nhận thủ công được khoản chuyển khoản.', en: 'Only bank transfers are confirmed by hand.' },
          { code: 'not-a-transfer' },
        );
      if (p.status !== 'pending')
        throw problems.conflict(
          { vi: 'Khoản thanh toán không còn chờ xác nhận.', en: 'The payment is not pending.' },
          { code: 'not-pending', extra: { paymentStatus: p.status } },
        );
      const row = await transact(req, async (tx, audit) => {
        const r = await confirmTransfer(tx, p, req.body.bankRef, req.principal!.accountId);
        await audit({
          action: 'payment.confirm',
          targetType: 'payment',
          targetId: p.id,
          details: { bankRef: req.body.bankRef, receiptNo: r.receiptNo },
        });
        return r;
      });
      return view(row);
    },
  );

  app.get(
    '/api/payments/:id/receipt.pdf',
    {
      schema: {
        tags,
        summary: 'Biên lai thu phí, lệ phí (PDF) — fee receipt',
        params: Type.Object({ id: Id }),
        produces: ['application/pdf'],
        response: {
          200: Type.Unsafe<Buffer>({ type: 'string', format: 'binary', description: 'PDF' }),
          ...errorResponses(401, 404, 409),
        },
      },
    },
    async (req, reply) => {
      const [p] = await app.ctx.db.select().from(paymentRequests).where(eq(paymentRequests.id, req.params.id));
      if (!p) throw problems.notFound({ vi: 'yêu cầu thanh toán', en: 'Payment request' });
      const d = await readableDossier(app, req, p.dossierId);
      if (p.status !== 'paid')
        throw problems.conflict(
          { vi: 'Khoản này chưa được thanh toán.', en: 'This payment is not paid yet.' },
          { code: 'not-paid' },
        );
      const [agency] = await app.ctx.db.select().from(agencies).where(eq(agencies.id, d.receivingAgencyId));
      const account = await feeAccount(app.ctx.db, d);
      // The fee's lines when this payment settled all of it; otherwise the one amount paid.
      const lines =
        account.fee && account.fee.total === p.amount
          ? account.fee.items.filter((f) => f.amount > 0).map((f) => [f.name, f.amount] as const)
          : [['Phí, lệ phí', p.amount] as const];
      const pdf = await renderOfficialForm({
        agency: { name: agency?.name ?? '' },
        number: `Số biên lai: ${p.receiptNo}`,
        place: 'Huế',
        date: p.paidAt!,
        title: 'Biên lai thu phí, lệ phí',
        subtitle: '(Biên lai điện tử)',
        blocks: [
          {
            kind: 'fields',
            rows: [
              ['Người nộp', d.applicantName],
              ['Mã hồ sơ', d.code],
              ['Hình thức', METHOD_LABEL[p.method ?? p.provider] ?? p.provider],
              ...(p.refundedAmount
                ? [['Đã hoàn trả', `${p.refundedAmount.toLocaleString('vi-VN')} đồng`] as [string, string]]
                : []),
            ],
          },
          {
            kind: 'table',
            columns: ['TT', 'Khoản thu', 'Số tiền (đồng)'],
            widths: [6, 64, 24],
            rows: [
              ...lines.map(([name, amount], i) => [String(i + 1), name, amount.toLocaleString('vi-VN')]),
              ['', 'Tổng cộng', p.amount.toLocaleString('vi-VN')],
            ],
          },
        ],
        signature: { role: 'Đơn vị thu', note: '(Biên lai điện tử, không cần chữ ký)' },
      });
      return reply
        .type('application/pdf')
        .header('content-disposition', `inline; filename="bien-lai-${p.receiptNo}.pdf"`)
        .send(pdf);
    },
  );

  // The gateway's callback: public, authenticated by its signature over the raw body.
  await app.register(async (scoped) => {
    scoped.addContentTypeParser('application/json', { parseAs: 'string', bodyLimit: 16 * 1024 }, (_req, body, done) =>
      done(null, body),
    );
    scoped.post(
      '/api/payments/callback/gateway',
      {
        schema: {
          tags,
          summary: 'Cổng thanh toán báo kết quả (ký HMAC) — gateway callback',
          response: {
            200: Type.Object({ ok: Type.Boolean(), duplicate: Type.Boolean(), status: Type.String() }),
            ...errorResponses(400, 401, 404, 409),
          },
        },
      },
      async (req) => {
        const g = config.payments.gateway;
        if (!g) throw problems.notFound({ vi: 'cổng thanh toán', en: 'Payment gateway' });
        const v = verifyCallback(g, req.headers['x-signature'] as string | undefined, String(req.body ?? ''));
        if (!v.ok) {
          req.log.warn({ reason: v.reason }, 'payment callback refused');
          if (v.reason === 'malformed')
            throw problems.badRequest(
              { vi: 'Nội dung báo kết quả không đúng định dạng.', en: 'Malformed callback.' },
              { code: 'callback-malformed' },
            );
          throw problems.unauthorized(
            {
              vi: 'Chữ ký của cổng thanh toán không hợp lệ hoặc đã quá hạn.',
              en: 'Invalid or expired gateway signature.',
            },
            { code: `callback-${v.reason}` },
          );
        }
        const out = await transact(req, async (tx, audit) => {
          const r = await applyGatewayCallback(tx, v.event);
          if (!r.duplicate)
            await audit({
              action: `payment.${v.event.status}`,
              targetType: 'payment',
              targetId: r.payment.id,
              details: { eventId: v.event.eventId, paymentRef: v.event.paymentRef, receiptNo: r.payment.receiptNo },
              actor: { id: null, label: 'payment-gateway' },
            });
          return r;
        });
        if (out.duplicate) unchanged(req); // a replay changes nothing and writes nothing
        return { ok: true, duplicate: out.duplicate, status: out.payment.status };
      },
    );
  });

  await app.register(deskRoutes);
  await app.register(vnpayRoutes);
}
