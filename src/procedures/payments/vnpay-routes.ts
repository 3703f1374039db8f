/** VNPAY's two calls: the IPN (server to server, authoritative) and the payer's return (shown, never trusted). */
import { eq } from 'drizzle-orm';
import { Type } from 'typebox';
import { transact, unchanged, type App } from '../../platform/index.js';
import { dossiers } from '../dossiers/schema.js';
import { paymentRequests } from './schema.js';
import { applyVnpayIpn } from './service.js';
import { IPN, paidPer, verifyParams, type IpnAnswer } from './vnpay.js';

const tags = ['payments'];
const VnpQuery = Type.Record(Type.String({ maxLength: 40 }), Type.String({ maxLength: 2000 }), {
  description: 'Các tham số vnp_* do VNPAY gửi',
});

/** Only the vnp_* parameters, as strings (a repeated one is not VNPAY's). */
function vnpParams(q: unknown): Record<string, string> | null {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries((q ?? {}) as Record<string, unknown>)) {
    if (!k.startsWith('vnp_')) continue;
    if (typeof v !== 'string') return null;
    out[k] = v;
  }
  return out;
}

export async function vnpayRoutes(app: App) {
  const { config } = app.ctx;

  app.get(
    '/api/payments/vnpay/ipn',
    {
      schema: {
        tags,
        summary: 'VNPAY báo kết quả thanh toán (IPN) — VNPAY payment notification',
        description:
          'Trả lời `{RspCode, Message}` như VNPAY yêu cầu: 00 xác nhận, 01 không có đơn, 02 đã xác nhận trước đó, 04 sai số tiền, 97 sai chữ ký, 99 lỗi khác.',
        querystring: VnpQuery,
        response: { 200: Type.Object({ RspCode: Type.String(), Message: Type.String() }) },
      },
    },
    async (req): Promise<IpnAnswer> => {
      const v = config.payments.vnpay;
      const params = vnpParams(req.query);
      if (!v || !params || !verifyParams(v.hashSecret, params) || params.vnp_TmnCode !== v.tmnCode) {
        req.log.warn('VNPAY IPN refused: signature');
        unchanged(req);
        return IPN.invalidSignature;
      }
      try {
        const out = await transact(req, async (tx, audit) => {
          const r = await applyVnpayIpn(tx, params);
          if (r.applied && r.payment) {
            await audit({
              action: `payment.vnpay.${r.payment.status}`,
              targetType: 'payment',
              targetId: r.payment.id,
              details: {
                transactionNo: params.vnp_TransactionNo,
                responseCode: params.vnp_ResponseCode,
                receiptNo: r.payment.receiptNo,
              },
              actor: { id: null, label: 'vnpay' },
            });
          }
          return r;
        });
        if (!out.applied) unchanged(req);
        return out.answer;
      } catch (err) {
        req.log.error({ err }, 'VNPAY IPN failed');
        return IPN.unknown;
      }
    },
  );

  app.get(
    '/api/payments/vnpay/return',
    {
      schema: {
        tags,
        summary: 'Người nộp quay lại từ VNPAY — the payer returns from VNPAY',
        description: 'Chỉ hiển thị: trạng thái thanh toán do IPN quyết định. Chuyển hướng tới trang tra cứu hồ sơ.',
        querystring: VnpQuery,
        response: { 302: Type.Null() },
      },
    },
    async (req, reply) => {
      const v = config.payments.vnpay;
      const params = vnpParams(req.query);
      const valid = !!v && !!params && verifyParams(v.hashSecret, params);
      let code = '';
      if (valid) {
        const [row] = await app.ctx.db
          .select({ code: dossiers.code })
          .from(paymentRequests)
          .innerJoin(dossiers, eq(dossiers.id, paymentRequests.dossierId))
          .where(eq(paymentRequests.providerRef, params.vnp_TxnRef ?? ''));
        code = row?.code ?? '';
      }
      const outcome = !valid ? 'invalid' : paidPer(params!) ? 'paid' : 'failed';
      return reply.redirect(
        `${config.publicUrl}/lookup?${new URLSearchParams({ ...(code ? { code } : {}), payment: outcome }).toString()}`,
        302,
      );
    },
  );
}
