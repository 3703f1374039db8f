/**
 * A card/e-wallet payment gateway (cổng thanh toán) that confirms by signed callback. The protocol is
 * the common one of Vietnamese gateways, reduced to its safety properties:
 * - we create a payment with a signed server-to-server call and send the payer to the returned URL;
 * - the gateway calls back with `X-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, t + "." + raw body)>`;
 * - a callback is accepted only with a valid signature, a timestamp within the tolerance (replay
 *   window), an event id never seen before (replay-proof), and the amount and merchant we asked for.
 */
import crypto from 'node:crypto';

export interface GatewayConfig {
  url: string;
  merchant: string;
  secret: string;
  /** How old a callback may be (s, default 300). */
  toleranceSec?: number;
}

export interface GatewayCallback {
  merchant: string;
  orderRef: string;
  paymentRef: string;
  amount: number;
  status: 'paid' | 'failed';
  eventId: string;
}

export const sign = (secret: string, t: number, raw: string) =>
  `t=${t},v1=${crypto.createHmac('sha256', secret).update(`${t}.${raw}`).digest('hex')}`;

export type VerifyResult =
  { ok: true; event: GatewayCallback } | { ok: false; reason: 'signature' | 'stale' | 'malformed' | 'merchant' };

export function verifyCallback(
  cfg: GatewayConfig,
  header: string | undefined,
  raw: string,
  nowSec = Math.floor(Date.now() / 1000),
): VerifyResult {
  const m = /^t=(\d{1,12}),v1=([0-9a-f]{64})$/.exec(header ?? '');
  if (!m) return { ok: false, reason: 'signature' };
  const t = Number(m[1]);
  const expected = Buffer.from(sign(cfg.secret, t, raw).split('v1=')[1]!, 'hex');
  const got = Buffer.from(m[2]!, 'hex');
  if (!crypto.timingSafeEqual(expected, got)) return { ok: false, reason: 'signature' };
  if (Math.abs(nowSec - t) > (cfg.toleranceSec ?? 300)) return { ok: false, reason: 'stale' };
  let body: unknown;
  try {
    body = JSON.parse(raw);
  } catch {
    return { ok: false, reason: 'malformed' };
  }
  const b = body as Partial<GatewayCallback>;
  if (
    typeof b.orderRef !== 'string' ||
    typeof b.paymentRef !== 'string' ||
    typeof b.eventId !== 'string' ||
    !Number.isInteger(b.amount) ||
    (b.status !== 'paid' && b.status !== 'failed')
  ) {
    return { ok: false, reason: 'malformed' };
  }
  if (b.merchant !== cfg.merchant) return { ok: false, reason: 'merchant' };
  return { ok: true, event: b as GatewayCallback };
}

/** Creates the payment at the gateway; answers its reference and the URL to send the payer to. */
export async function createGatewayPayment(
  cfg: GatewayConfig,
  p: { orderRef: string; amount: number; description: string; callbackUrl: string; returnUrl: string },
): Promise<{ paymentRef: string; payUrl: string }> {
  const raw = JSON.stringify({ merchant: cfg.merchant, ...p });
  const t = Math.floor(Date.now() / 1000);
  const res = await fetch(new URL('/payments', cfg.url), {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-signature': sign(cfg.secret, t, raw) },
    body: raw,
    signal: AbortSignal.timeout(10_000),
  });
  if (!res.ok) throw new Error(`payment gateway answered ${res.status}`);
  const out = (await res.json()) as { paymentRef?: unknown; payUrl?: unknown };
  if (typeof out.paymentRef !== 'string' || typeof out.payUrl !== 'string')
    throw new Error('payment gateway answered without paymentRef/payUrl');
  return { paymentRef: out.paymentRef, payUrl: out.payUrl };
}
