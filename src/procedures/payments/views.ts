/** The payment as the API shows it, and the dossier lookup the payment routes share. */
import { eq } from 'drizzle-orm';
import { Type } from 'typebox';
import { problems, requireAuth, type App } from '../../platform/index.js';
import type { FastifyRequest } from 'fastify';
import { dossiers } from '../dossiers/schema.js';
import { mayRead } from '../dossiers/access.js';
import { FeeQuoteView } from '../fees/routes.js';
import type { FeeAccount } from './account.js';
import type { PaymentRow } from './service.js';

export const Id = Type.String({ format: 'uuid' });
export const Provider = Type.Union([Type.Literal('gateway'), Type.Literal('vnpay'), Type.Literal('vietqr')], {
  description: 'gateway: cổng thanh toán (giao thức riêng); vnpay: VNPAY 2.1.0; vietqr: chuyển khoản ngân hàng',
});
export const PaymentView = Type.Object({
  id: Id,
  dossierId: Id,
  amount: Type.Integer({ description: 'đồng' }),
  description: Type.String(),
  provider: Type.String({ description: 'gateway | vnpay | vietqr | desk' }),
  method: Type.Union([Type.Literal('cash'), Type.Literal('card'), Type.Null()], {
    description: 'desk: tiền mặt hoặc thẻ',
  }),
  status: Type.String({ description: 'pending | paid | failed | cancelled' }),
  payUrl: Type.Union([Type.String(), Type.Null()]),
  qrPayload: Type.Union([Type.String(), Type.Null()], {
    description: 'Chuỗi VietQR (EMVCo) để ứng dụng ngân hàng quét',
  }),
  bankAccount: Type.Optional(Type.Object({ bin: Type.String(), account: Type.String(), accountName: Type.String() })),
  receiptNo: Type.Union([Type.String(), Type.Null()], {
    description: 'Số biên lai điện tử theo quyển biên lai của cơ quan tiếp nhận',
  }),
  refundedAmount: Type.Union([Type.Integer(), Type.Null()]),
  refundedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  createdAt: Type.String({ format: 'date-time' }),
  paidAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
});

export const AccountView = Type.Object({
  total: Type.Integer({ description: 'Phí, lệ phí của hồ sơ (đồng)' }),
  paid: Type.Integer(),
  refunded: Type.Integer(),
  owed: Type.Integer({ description: 'Còn phải nộp' }),
  refundDue: Type.Integer({ description: 'Phải hoàn trả (hồ sơ bị từ chối hoặc rút)' }),
  exempt: Type.Boolean({ description: 'Được miễn' }),
  fee: Type.Union([FeeQuoteView, Type.Null()]),
});

export const accountView = (a: FeeAccount) => ({
  total: a.total,
  paid: a.paid,
  refunded: a.refunded,
  owed: a.owed,
  refundDue: a.refundDue,
  exempt: a.exempt,
  fee: a.fee,
});

export function paymentView(app: App) {
  const { config } = app.ctx;
  return (p: PaymentRow) => ({
    id: p.id,
    dossierId: p.dossierId,
    amount: p.amount,
    description: p.description,
    provider: p.provider,
    method: p.method,
    status: p.status,
    payUrl: p.payUrl,
    qrPayload: p.qrPayload,
    ...(p.provider === 'vietqr' && config.payments.vietqr ? { bankAccount: config.payments.vietqr } : {}),
    receiptNo: p.receiptNo,
    refundedAmount: p.refundedAmount,
    refundedAt: p.refundedAt?.toISOString() ?? null,
    createdAt: p.createdAt.toISOString(),
    paidAt: p.paidAt?.toISOString() ?? null,
  });
}

/** The dossier, if the caller may read it; strangers are told it does not exist. */
export async function readableDossier(app: App, req: FastifyRequest, id: string) {
  const p = requireAuth(req);
  const [d] = await app.ctx.db.select().from(dossiers).where(eq(dossiers.id, id));
  if (!d || !(await mayRead(d, p, app.ctx.scopes))) throw problems.notFound({ vi: 'hồ sơ', en: 'Dossier' });
  return d;
}
