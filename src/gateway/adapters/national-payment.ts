/**
 * Adapter: the national payment platform (Nền tảng thanh toán trực tuyến của Cổng Dịch vụ công quốc gia, "PayGov"),
 * as a second payment gateway beside VNPAY: create a payment for a fee, send the payer to the platform, accept its
 * signed result.
 *
 * Its merchant interface is not public (it is issued to agencies connected to the National Public Service Portal).
 * This adapter defines its own, in the shape such platforms share: `POST {NPP_URL}/payments` with
 * `{ merchantCode, orderRef, amount, description, returnUrl, notifyUrl }` signed by `X-Signature:
 * HMAC-SHA256(secret, t + "." + body)` with `X-Timestamp: t`, answering `{ paymentRef, payUrl }`; the result comes to
 * `notifyUrl` signed the same way (`{ orderRef, paymentRef, amount, status: "paid" | "failed", eventId }`).
 * Not yet offered in the one-stop shop's payment choices: wiring it there is a change to src/procedures/payments.
 */
import crypto from 'node:crypto';
import type { Gateway } from '../context.js';
import { outbound } from '../outbound.js';

export interface NationalPaymentConfig {
  url: string;
  merchantCode: string;
  secret: string;
  toleranceSec?: number;
}

export function nationalPaymentConfig(env: NodeJS.ProcessEnv = process.env): NationalPaymentConfig | undefined {
  return env.NPP_URL && env.NPP_MERCHANT && env.NPP_SECRET
    ? { url: env.NPP_URL.replace(/\/+$/, ''), merchantCode: env.NPP_MERCHANT, secret: env.NPP_SECRET }
    : undefined;
}

export const nppSignature = (secret: string, t: number, raw: string) =>
  crypto.createHmac('sha256', secret).update(`${t}.${raw}`).digest('hex');

export interface NppResult {
  orderRef: string;
  paymentRef: string;
  amount: number;
  status: 'paid' | 'failed';
  eventId: string;
}

export class NationalPaymentPlatform {
  constructor(
    private readonly gw: Gateway,
    private readonly cfg: NationalPaymentConfig,
  ) {}

  async create(p: {
    orderRef: string;
    amount: number;
    description: string;
    returnUrl: string;
    notifyUrl: string;
  }): Promise<{ paymentRef: string; payUrl: string }> {
    if (!Number.isInteger(p.amount) || p.amount <= 0)
      throw new Error('the amount must be a positive whole number of đồng');
    const raw = JSON.stringify({ merchantCode: this.cfg.merchantCode, ...p });
    const t = Math.floor(Date.now() / 1000);
    const res = await outbound(this.gw, {
      member: 'paygov',
      service: 'payments',
      method: 'POST',
      url: `${this.cfg.url}/payments`,
      headers: {
        'content-type': 'application/json',
        'x-timestamp': String(t),
        'x-signature': nppSignature(this.cfg.secret, t, raw),
      },
      body: raw,
      purpose: 'Thanh toán phí, lệ phí TTHC',
    });
    if (res.status !== 200 && res.status !== 201)
      throw new Error(`the national payment platform answered ${res.status}`);
    const b = JSON.parse(res.text) as { paymentRef?: string; payUrl?: string };
    if (typeof b.paymentRef !== 'string' || typeof b.payUrl !== 'string')
      throw new Error('the national payment platform answered without a payment');
    return { paymentRef: b.paymentRef, payUrl: b.payUrl };
  }

  /** A result notification: accepted only signed, fresh, and well-formed. */
  verify(
    headers: { timestamp?: string; signature?: string },
    raw: string,
    nowSec = Math.floor(Date.now() / 1000),
  ): { ok: true; result: NppResult } | { ok: false; reason: 'signature' | 'stale' | 'malformed' } {
    const t = Number(headers.timestamp);
    if (!Number.isInteger(t) || !/^[0-9a-f]{64}$/.test(headers.signature ?? ''))
      return { ok: false, reason: 'signature' };
    const expected = Buffer.from(nppSignature(this.cfg.secret, t, raw), 'hex');
    if (!crypto.timingSafeEqual(expected, Buffer.from(headers.signature!, 'hex')))
      return { ok: false, reason: 'signature' };
    if (Math.abs(nowSec - t) > (this.cfg.toleranceSec ?? 300)) return { ok: false, reason: 'stale' };
    try {
      const b = JSON.parse(raw) as Partial<NppResult>;
      if (
        typeof b.orderRef !== 'string' ||
        typeof b.paymentRef !== 'string' ||
        typeof b.eventId !== 'string' ||
        !Number.isInteger(b.amount) ||
        (b.status !== 'paid' && b.status !== 'failed')
      )
        return { ok: false, reason: 'malformed' };
      return { ok: true, result: b as NppResult };
    } catch {
      return { ok: false, reason: 'malformed' };
    }
  }
}
