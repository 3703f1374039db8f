import { eq } from 'drizzle-orm';
import { Type } from 'typebox';
import { errorResponses, Problem, problems, requireAuth, requirePermission, transact, unchanged, type App } from '../../platform/index.js';
import { renderOfficialForm } from '../../platform/pdf/official-form.js';
import { agencies } from '../../directory/schema.js';
import { dossiers } from '../dossiers/schema.js';
import { mayRead } from '../dossiers/access.js';
import { procedures } from '../catalog/schema.js';
import { paymentEvents, paymentRequests } from './schema.js';
import { applyGatewayCallback, confirmTransfer, feesOf, insertPayment, openPayment, type PaymentRow } from './service.js';
import { createGatewayPayment, verifyCallback } from './gateway.js';
import { vietQrPayload } from './vietqr.js';

const tags = ['payments'];
const Provider = Type.Union([Type.Literal('gateway'), Type.Literal('vietqr')], { description: 'gateway: cổng thanh toán; vietqr: chuyển khoản ngân hàng' });
const Id = Type.String({ format: 'uuid' });
const PaymentView = Type.Object({
  id: Id,
  dossierId: Id,
  amount: Type.Integer({ description: 'đồng' }),
  description: Type.String(),
  provider: Provider,
  status: Type.String({ description: 'pending | paid | failed | cancelled' }),
  payUrl: Type.Union([Type.String(), Type.Null()]),
  qrPayload: Type.Union([Type.String(), Type.Null()], { description: 'Chuỗi VietQR (EMVCo) để ứng dụng ngân hàng quét' }),
  bankAccount: Type.Optional(Type.Object({ bin: Type.String(), account: Type.String(), accountName: Type.String() })),
  receiptNo: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String({ format: 'date-time' }),
  paidAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
});

export async function paymentRoutes(app: App) {
  const { config } = app.ctx;
  const view = (p: PaymentRow) => ({
    id: p.id,
    dossierId: p.dossierId,
    amount: p.amount,
    description: p.description,
    provider: p.provider,
    status: p.status,
    payUrl: p.payUrl,
    qrPayload: p.qrPayload,
    ...(p.provider === 'vietqr' && config.payments.vietqr ? { bankAccount: config.payments.vietqr } : {}),
    receiptNo: p.receiptNo,
    createdAt: p.createdAt.toISOString(),
    paidAt: p.paidAt?.toISOString() ?? null,
  });

  async function readableDossier(req: Parameters<typeof requireAuth>[0], id: string) {
    const p = requireAuth(req);
    const [d] = await app.ctx.db.select().from(dossiers).where(eq(dossiers.id, id));
    if (!d || !(await mayRead(d, p, app.ctx.scopes))) throw problems.notFound({ vi: 'hồ sơ', en: 'Dossier' });
    return d;
  }

  app.get('/api/dossiers/:id/payments', {
    schema: { tags, summary: 'Các khoản thanh toán của hồ sơ — a dossier’s payments', params: Type.Object({ id: Id }), response: { 200: Type.Object({ fees: Type.Array(Type.Object({ name: Type.String(), amount: Type.Integer() })), total: Type.Integer(), items: Type.Array(PaymentView) }), ...errorResponses(401, 404) } },
  }, async (req) => {
    const d = await readableDossier(req, req.params.id);
    const fees = await feesOf(app.ctx.db, d.procedureId);
    const items = await app.ctx.db.select().from(paymentRequests).where(eq(paymentRequests.dossierId, d.id)).orderBy(paymentRequests.createdAt);
    return { fees: fees.items, total: fees.total, items: items.map(view) };
  });

  app.post('/api/dossiers/:id/payments', {
    schema: {
      tags,
      summary: 'Tạo yêu cầu nộp phí, lệ phí — request payment of the fees',
      description: 'Số tiền là tổng phí, lệ phí của thủ tục. Một hồ sơ chỉ có một yêu cầu đang chờ; gọi lại trả về yêu cầu đó.',
      params: Type.Object({ id: Id }),
      body: Type.Object({ provider: Provider, returnUrl: Type.Optional(Type.String({ maxLength: 500 })) }, { additionalProperties: false }),
      response: { 200: PaymentView, 201: PaymentView, ...errorResponses(400, 401, 404, 409, 502) },
    },
  }, async (req, reply) => {
    const d = await readableDossier(req, req.params.id);
    const provider = req.body.provider;
    if (provider === 'gateway' && !config.payments.gateway) throw problems.conflict({ vi: 'Cổng thanh toán chưa được cấu hình.', en: 'The payment gateway is not configured.' }, { code: 'provider-unavailable' });
    if (provider === 'vietqr' && !config.payments.vietqr) throw problems.conflict({ vi: 'Tài khoản nhận chuyển khoản chưa được cấu hình.', en: 'No bank account is configured for transfers.' }, { code: 'provider-unavailable' });
    if (['withdrawn', 'refused'].includes(d.status)) throw problems.conflict({ vi: 'Hồ sơ đã rút hoặc bị từ chối, không thu phí.', en: 'The dossier was withdrawn or refused; no fee is due.' }, { code: 'dossier-closed' });
    const existing = await openPayment(app.ctx.db, d.id);
    if (existing) {
      unchanged(req);
      return reply.code(200).send(view(existing));
    }
    const paid = (await app.ctx.db.select().from(paymentRequests).where(eq(paymentRequests.dossierId, d.id))).some((p) => p.status === 'paid');
    if (paid) throw problems.conflict({ vi: 'Hồ sơ đã nộp đủ phí, lệ phí.', en: 'The fees of this dossier are already paid.' }, { code: 'already-paid' });
    const fees = await feesOf(app.ctx.db, d.procedureId);
    if (fees.total <= 0) throw problems.conflict({ vi: 'Thủ tục này không thu phí, lệ phí.', en: 'This procedure has no fee.' }, { code: 'no-fee' });
    const [proc] = await app.ctx.db.select({ name: procedures.name }).from(procedures).where(eq(procedures.id, d.procedureId));
    const description = `Phí, lệ phí hồ sơ ${d.code}: ${proc?.name ?? ''}`.slice(0, 300);

    let row = await transact(req, async (tx, audit) => {
      const r = await insertPayment(tx, { dossierId: d.id, amount: fees.total, description, provider, createdBy: req.principal!.accountId });
      await audit({ action: 'payment.request', targetType: 'payment', targetId: r.id, details: { dossierId: d.id, amount: r.amount, provider }, scope: { agencyId: d.agencyId } });
      if (provider !== 'vietqr') return r;
      const q = config.payments.vietqr!;
      const qrPayload = vietQrPayload({ bin: q.bin, account: q.account, amount: r.amount, note: d.code.replace(/[^0-9A-Za-z-]/g, '').slice(0, 25) });
      const [u] = await tx.update(paymentRequests).set({ providerRef: r.id, qrPayload }).where(eq(paymentRequests.id, r.id)).returning();
      return u!;
    });
    if (provider === 'gateway') {
      // The network call happens outside any transaction; its answer is recorded, and audited, in a second one.
      const g = config.payments.gateway!;
      const id = row.id;
      let out: Awaited<ReturnType<typeof createGatewayPayment>> | null = null;
      try {
        out = await createGatewayPayment(g, { orderRef: id, amount: row.amount, description, callbackUrl: `${config.publicUrl}/api/payments/callback/gateway`, returnUrl: req.body.returnUrl ?? `${config.publicUrl}/lookup?code=${encodeURIComponent(d.code)}` });
      } catch (err) {
        req.log.warn({ err }, 'payment gateway refused to create a payment');
      }
      row = await transact(req, async (tx, audit) => {
        const set = out ? { providerRef: out.paymentRef, payUrl: out.payUrl } : { status: 'failed' as const };
        const [u] = await tx.update(paymentRequests).set(set).where(eq(paymentRequests.id, id)).returning();
        if (!out) await tx.insert(paymentEvents).values({ paymentId: id, kind: 'failed', provider: 'gateway', actorId: req.principal!.accountId, details: { reason: 'gateway-unavailable' } });
        await audit({ action: out ? 'payment.gateway-created' : 'payment.gateway-failed', targetType: 'payment', targetId: id, details: out ? { paymentRef: out.paymentRef } : {}, scope: { agencyId: d.agencyId } });
        return u!;
      });
      if (!out) {
        throw new Problem({ status: 502, code: 'gateway-unavailable', title: { vi: 'Cổng thanh toán không phản hồi', en: 'Payment gateway unavailable' }, detail: { vi: 'Không tạo được giao dịch tại cổng thanh toán, vui lòng thử lại.', en: 'The gateway could not create the payment; please try again.' } });
      }
    }
    return reply.code(201).send(view(row));
  });

  app.get('/api/payments/:id', {
    schema: { tags, summary: 'Một yêu cầu thanh toán — one payment', params: Type.Object({ id: Id }), response: { 200: PaymentView, ...errorResponses(401, 404) } },
  }, async (req) => {
    const [p] = await app.ctx.db.select().from(paymentRequests).where(eq(paymentRequests.id, req.params.id));
    if (!p) throw problems.notFound({ vi: 'yêu cầu thanh toán', en: 'Payment request' });
    await readableDossier(req, p.dossierId);
    return view(p);
  });

  app.post('/api/payments/:id/confirm', {
    schema: {
      tags,
      summary: 'Xác nhận đã nhận chuyển khoản — confirm a bank transfer',
      params: Type.Object({ id: Id }),
      body: Type.Object({ bankRef: Type.String({ minLength: 3, maxLength: 100, description: 'Mã giao dịch trên sao kê ngân hàng' }) }, { additionalProperties: false }),
      response: { 200: PaymentView, ...errorResponses(400, 401, 403, 404, 409) },
    },
  }, async (req) => {
    const [p] = await app.ctx.db.select().from(paymentRequests).where(eq(paymentRequests.id, req.params.id));
    if (!p) throw problems.notFound({ vi: 'yêu cầu thanh toán', en: 'Payment request' });
    const [d] = await app.ctx.db.select().from(dossiers).where(eq(dossiers.id, p.dossierId));
    await requirePermission(req, 'payments.confirm', { agencyId: d!.receivingAgencyId });
    if (p.provider !== 'vietqr') throw problems.conflict({ vi: 'Chỉ xác nhận thủ công được khoản chuyển khoản.', en: 'Only bank transfers are confirmed by hand.' }, { code: 'not-a-transfer' });
    if (p.status !== 'pending') throw problems.conflict({ vi: 'Khoản thanh toán không còn chờ xác nhận.', en: 'The payment is not pending.' }, { code: 'not-pending', extra: { paymentStatus: p.status } });
    const row = await transact(req, async (tx, audit) => {
      const r = await confirmTransfer(tx, p, req.body.bankRef, req.principal!.accountId);
      await audit({ action: 'payment.confirm', targetType: 'payment', targetId: p.id, details: { bankRef: req.body.bankRef, receiptNo: r.receiptNo } });
      return r;
    });
    return view(row);
  });

  app.get('/api/payments/:id/receipt.pdf', {
    schema: { tags, summary: 'Biên lai thu phí, lệ phí (PDF) — fee receipt', params: Type.Object({ id: Id }), produces: ['application/pdf'], response: { 200: Type.Unsafe<Buffer>({ type: 'string', format: 'binary', description: 'PDF' }), ...errorResponses(401, 404, 409) } },
  }, async (req, reply) => {
    const [p] = await app.ctx.db.select().from(paymentRequests).where(eq(paymentRequests.id, req.params.id));
    if (!p) throw problems.notFound({ vi: 'yêu cầu thanh toán', en: 'Payment request' });
    const d = await readableDossier(req, p.dossierId);
    if (p.status !== 'paid') throw problems.conflict({ vi: 'Khoản này chưa được thanh toán.', en: 'This payment is not paid yet.' }, { code: 'not-paid' });
    const [agency] = await app.ctx.db.select().from(agencies).where(eq(agencies.id, d.receivingAgencyId));
    const fees = await feesOf(app.ctx.db, d.procedureId);
    const pdf = await renderOfficialForm({
      agency: { name: agency?.name ?? '' },
      number: `Số biên lai: ${p.receiptNo}`,
      place: 'Huế',
      date: p.paidAt!,
      title: 'Biên lai thu phí, lệ phí',
      subtitle: '(Biên lai điện tử)',
      blocks: [
        { kind: 'fields', rows: [['Người nộp', d.applicantName], ['Mã hồ sơ', d.code], ['Hình thức', p.provider === 'gateway' ? 'Thanh toán trực tuyến' : 'Chuyển khoản (VietQR)']] },
        { kind: 'table', columns: ['TT', 'Khoản thu', 'Số tiền (đồng)'], widths: [6, 64, 24], rows: [...fees.items.map((f, i) => [String(i + 1), f.name, f.amount.toLocaleString('vi-VN')]), ['', 'Tổng cộng', p.amount.toLocaleString('vi-VN')]] },
      ],
      signature: { role: 'Đơn vị thu', note: '(Biên lai điện tử, không cần chữ ký)' },
    });
    return reply.type('application/pdf').header('content-disposition', `inline; filename="bien-lai-${p.receiptNo}.pdf"`).send(pdf);
  });

  // The gateway's callback: public, authenticated by its signature over the raw body.
  await app.register(async (scoped) => {
    scoped.addContentTypeParser('application/json', { parseAs: 'string', bodyLimit: 16 * 1024 }, (_req, body, done) => done(null, body));
    scoped.post('/api/payments/callback/gateway', {
      schema: { tags, summary: 'Cổng thanh toán báo kết quả (ký HMAC) — gateway callback', response: { 200: Type.Object({ ok: Type.Boolean(), duplicate: Type.Boolean(), status: Type.String() }), ...errorResponses(400, 401, 404, 409) } },
    }, async (req) => {
      const g = config.payments.gateway;
      if (!g) throw problems.notFound({ vi: 'cổng thanh toán', en: 'Payment gateway' });
      const v = verifyCallback(g, req.headers['x-signature'] as string | undefined, String(req.body ?? ''));
      if (!v.ok) {
        req.log.warn({ reason: v.reason }, 'payment callback refused');
        if (v.reason === 'malformed') throw problems.badRequest({ vi: 'Nội dung báo kết quả không đúng định dạng.', en: 'Malformed callback.' }, { code: 'callback-malformed' });
        throw problems.unauthorized({ vi: 'Chữ ký của cổng thanh toán không hợp lệ hoặc đã quá hạn.', en: 'Invalid or expired gateway signature.' }, { code: `callback-${v.reason}` });
      }
      const out = await transact(req, async (tx, audit) => {
        const r = await applyGatewayCallback(tx, v.event);
        if (!r.duplicate) await audit({ action: `payment.${v.event.status}`, targetType: 'payment', targetId: r.payment.id, details: { eventId: v.event.eventId, paymentRef: v.event.paymentRef, receiptNo: r.payment.receiptNo }, actor: { id: null, label: 'payment-gateway' } });
        return r;
      });
      if (out.duplicate) unchanged(req); // a replay changes nothing and writes nothing
      return { ok: true, duplicate: out.duplicate, status: out.payment.status };
    });
  });
}
