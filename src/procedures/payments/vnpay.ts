/**
 * VNPAY (cổng thanh toán VNPAY), version 2.1.0, as its published integration guide and its sample code
 * describe it:
 * - the payer is sent to `VNPAY_URL?vnp_…&vnp_SecureHash=…` (vnp_Amount = amount × 100, vnp_CreateDate
 *   and vnp_ExpireDate yyyyMMddHHmmss in Vietnam time);
 * - vnp_SecureHash = hex HMAC-SHA512(hash secret, the vnp_* parameters but vnp_SecureHash and
 *   vnp_SecureHashType, sorted by name, each `urlencode(key)=urlencode(value)` joined by `&`), with PHP's
 *   urlencode (spaces as `+`, everything but letters, digits and `-_.` percent-encoded) as VNPAY's own code does;
 * - VNPAY tells the result twice: the payer's browser comes back to vnp_ReturnUrl (shown, never trusted
 *   to change anything), and VNPAY calls the IPN URL server to server, answered `{RspCode, Message}`.
 * Version 2.0.0 hashed SHA-256 over secret + data: not supported.
 */
import crypto from 'node:crypto';
import { VIETNAM_UTC_OFFSET_MS } from '../../platform/index.js';

export interface VnpayConfig {
  tmnCode: string;
  hashSecret: string;
  /** The payment page, e.g. https://sandbox.vnpayment.vn/paymentv2/vpcpay.html */
  url: string;
}

/** PHP's urlencode: RFC 3986 unreserved but `~` kept, the rest percent-encoded in upper case, spaces as `+`. */
export function phpUrlEncode(s: string): string {
  return encodeURIComponent(s)
    .replace(/[!'()*~]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
    .replace(/%20/g, '+');
}

/** The string VNPAY signs: the vnp_* parameters (not the hash itself), sorted by name, encoded, joined. */
export function signData(params: Record<string, string>): string {
  return Object.keys(params)
    .filter(
      (k) => k.startsWith('vnp_') && k !== 'vnp_SecureHash' && k !== 'vnp_SecureHashType' && params[k] !== undefined,
    )
    .sort()
    .map((k) => `${phpUrlEncode(k)}=${phpUrlEncode(params[k]!)}`)
    .join('&');
}

export const secureHash = (secret: string, params: Record<string, string>) =>
  crypto.createHmac('sha512', secret).update(signData(params), 'utf8').digest('hex');

/** yyyyMMddHHmmss in Vietnam time (GMT+7), as vnp_CreateDate, vnp_ExpireDate and vnp_PayDate are written. */
export function vnpDate(d: Date): string {
  return new Date(d.getTime() + VIETNAM_UTC_OFFSET_MS).toISOString().replace(/[-:T]/g, '').slice(0, 14);
}

/** vnp_OrderInfo: VNPAY wants Vietnamese without diacritics and no special characters. */
export function orderInfo(s: string): string {
  return s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .replace(/[^0-9A-Za-z .,:_-]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 255);
}

export interface VnpayPayment {
  txnRef: string;
  /** đồng */
  amount: number;
  orderInfo: string;
  returnUrl: string;
  ipAddr: string;
  createdAt: Date;
  /** Minutes the payment page stays open (default 15). */
  expireMinutes?: number;
  locale?: 'vn' | 'en';
  bankCode?: string;
}

/** The parameters of a payment request, signed. */
export function paymentParams(cfg: VnpayConfig, p: VnpayPayment): Record<string, string> {
  const params: Record<string, string> = {
    vnp_Version: '2.1.0',
    vnp_Command: 'pay',
    vnp_TmnCode: cfg.tmnCode,
    vnp_Amount: String(p.amount * 100),
    vnp_CurrCode: 'VND',
    vnp_TxnRef: p.txnRef,
    vnp_OrderInfo: orderInfo(p.orderInfo),
    vnp_OrderType: 'other',
    vnp_Locale: p.locale ?? 'vn',
    vnp_ReturnUrl: p.returnUrl,
    vnp_IpAddr: p.ipAddr,
    vnp_CreateDate: vnpDate(p.createdAt),
    vnp_ExpireDate: vnpDate(new Date(p.createdAt.getTime() + (p.expireMinutes ?? 15) * 60_000)),
    ...(p.bankCode ? { vnp_BankCode: p.bankCode } : {}),
  };
  return { ...params, vnp_SecureHash: secureHash(cfg.hashSecret, params) };
}

/** The URL to send the payer to: the query is the signed data itself, then the hash. */
export function paymentUrl(cfg: VnpayConfig, p: VnpayPayment): string {
  const params = paymentParams(cfg, p);
  return `${cfg.url}?${signData(params)}&vnp_SecureHash=${params.vnp_SecureHash}`;
}

/** A return or IPN query is VNPAY's when its hash is ours over the rest (compared in constant time). */
export function verifyParams(secret: string, params: Record<string, string>): boolean {
  const got = params.vnp_SecureHash ?? '';
  if (!/^[0-9a-fA-F]{128}$/.test(got)) return false;
  return crypto.timingSafeEqual(Buffer.from(secureHash(secret, params), 'hex'), Buffer.from(got.toLowerCase(), 'hex'));
}

/** What the IPN answers, as VNPAY expects it (it retries on anything but 00 and 02). */
export type IpnAnswer = { RspCode: '00' | '01' | '02' | '04' | '97' | '99'; Message: string };
export const IPN = {
  confirmed: { RspCode: '00', Message: 'Confirm Success' },
  notFound: { RspCode: '01', Message: 'Order not found' },
  alreadyConfirmed: { RspCode: '02', Message: 'Order already confirmed' },
  invalidAmount: { RspCode: '04', Message: 'Invalid amount' },
  invalidSignature: { RspCode: '97', Message: 'Invalid signature' },
  unknown: { RspCode: '99', Message: 'Unknown error' },
} as const satisfies Record<string, IpnAnswer>;

/** A payment succeeded only when both codes say so (vnp_ResponseCode and vnp_TransactionStatus 00). */
export const paidPer = (params: Record<string, string>) =>
  params.vnp_ResponseCode === '00' && (params.vnp_TransactionStatus ?? '00') === '00';
