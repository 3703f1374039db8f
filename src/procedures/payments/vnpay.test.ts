import { describe, expect, it } from 'vitest';
import {
  IPN,
  orderInfo,
  paymentParams,
  paymentUrl,
  phpUrlEncode,
  secureHash,
  signData,
  verifyParams,
  vnpDate,
} from './vnpay.js';

const cfg = {
  tmnCode: 'TINHSO01',
  hashSecret: 'TINHSOSECRETKEY0123456789ABCDEF',
  url: 'https://sandbox.vnpayment.vn/paymentv2/vpcpay.html',
};

/**
 * Signatures computed outside this code, from the data strings below, with
 *   printf '%s' "$DATA" | openssl dgst -sha512 -hmac "$SECRET"
 */
const PAY_DATA =
  'vnp_Amount=20500000&vnp_Command=pay&vnp_CreateDate=20260306160000&vnp_CurrCode=VND&vnp_ExpireDate=20260306161500&vnp_IpAddr=127.0.0.1&vnp_Locale=vn&vnp_OrderInfo=Phi+ho+so+000.00.05.H57-260306-0001&vnp_OrderType=other&vnp_ReturnUrl=https%3A%2F%2Fdichvucong.test%2Fapi%2Fpayments%2Fvnpay%2Freturn&vnp_TmnCode=TINHSO01&vnp_TxnRef=5f0c6a8e2b7d4e1f9a3c0d2e4f6a8b0c&vnp_Version=2.1.0';
// printf '%s' "$PAY_DATA" | openssl dgst -sha512 -hmac 'TINHSOSECRETKEY0123456789ABCDEF'
const PAY_HASH =
  '3775023f15c25089b6942583b5c6dfb55911bb438cfdba3af4450435db63bee427fe0c75d7bc3405b84d84838cd2e70a7544eb150b4ac0756ffe59c5965f446d';

/** An IPN for that payment, paid (the query VNPAY sends, decoded). */
const IPN_PAID: Record<string, string> = {
  vnp_Amount: '20500000',
  vnp_BankCode: 'NCB',
  vnp_BankTranNo: 'VNP14380012',
  vnp_CardType: 'ATM',
  vnp_OrderInfo: 'Phi ho so 000.00.05.H57-260306-0001',
  vnp_PayDate: '20260306160512',
  vnp_ResponseCode: '00',
  vnp_TmnCode: 'TINHSO01',
  vnp_TransactionNo: '14380012',
  vnp_TransactionStatus: '00',
  vnp_TxnRef: '5f0c6a8e2b7d4e1f9a3c0d2e4f6a8b0c',
  vnp_SecureHashType: 'HmacSHA512',
  // DATA='vnp_Amount=20500000&vnp_BankCode=NCB&vnp_BankTranNo=VNP14380012&vnp_CardType=ATM&vnp_OrderInfo=Phi+ho+so+000.00.05.H57-260306-0001&vnp_PayDate=20260306160512&vnp_ResponseCode=00&vnp_TmnCode=TINHSO01&vnp_TransactionNo=14380012&vnp_TransactionStatus=00&vnp_TxnRef=5f0c6a8e2b7d4e1f9a3c0d2e4f6a8b0c'
  // printf '%s' "$DATA" | openssl dgst -sha512 -hmac 'TINHSOSECRETKEY0123456789ABCDEF'
  vnp_SecureHash:
    'f170a883cdbf905daf68e3a28cd904801e287dc084623ca5d09c5313b1b7fea0e491e8db45b75bb33dd6e263530802499178ef9a0b1b2295719b73d57a689ffc',
};

describe('VNPAY 2.1.0 signatures', () => {
  it('builds the payment request the vector was signed from, with the vector’s signature', () => {
    const params = paymentParams(cfg, {
      txnRef: '5f0c6a8e2b7d4e1f9a3c0d2e4f6a8b0c',
      amount: 205_000,
      orderInfo: 'Phí hồ sơ 000.00.05.H57-260306-0001',
      returnUrl: 'https://dichvucong.test/api/payments/vnpay/return',
      ipAddr: '127.0.0.1',
      createdAt: new Date('2026-03-06T16:00:00+07:00'),
    });
    expect(signData(params)).toBe(PAY_DATA);
    expect(params.vnp_SecureHash).toBe(PAY_HASH);
    const url = paymentUrl(cfg, {
      txnRef: '5f0c6a8e2b7d4e1f9a3c0d2e4f6a8b0c',
      amount: 205_000,
      orderInfo: 'Phí hồ sơ 000.00.05.H57-260306-0001',
      returnUrl: 'https://dichvucong.test/api/payments/vnpay/return',
      ipAddr: '127.0.0.1',
      createdAt: new Date('2026-03-06T16:00:00+07:00'),
    });
    expect(url).toBe(`${cfg.url}?${PAY_DATA}&vnp_SecureHash=${PAY_HASH}`);
  });

  it('accepts the IPN vector and refuses it with any parameter changed or the hash of another secret', () => {
    expect(verifyParams(cfg.hashSecret, IPN_PAID)).toBe(true);
    expect(verifyParams(cfg.hashSecret, { ...IPN_PAID, vnp_SecureHash: IPN_PAID.vnp_SecureHash!.toUpperCase() })).toBe(
      true,
    );
    expect(verifyParams(cfg.hashSecret, { ...IPN_PAID, vnp_Amount: '20500100' })).toBe(false);
    expect(verifyParams(cfg.hashSecret, { ...IPN_PAID, vnp_ResponseCode: '24' })).toBe(false);
    expect(verifyParams('another-secret', IPN_PAID)).toBe(false);
    expect(verifyParams(cfg.hashSecret, { ...IPN_PAID, vnp_SecureHash: 'abc' })).toBe(false);
  });

  it("encodes as PHP’s urlencode does: spaces as +, ( ) * ! ~ ' and Vietnamese percent-encoded", () => {
    expect(phpUrlEncode("Lệ phí (bản sao) *!~'")).toBe('L%E1%BB%87+ph%C3%AD+%28b%E1%BA%A3n+sao%29+%2A%21%7E%27');
    // DATA='vnp_Amount=100&vnp_OrderInfo=L%E1%BB%87+ph%C3%AD+%28b%E1%BA%A3n+sao%29+%2A%21%7E%27&vnp_TxnRef=A1'
    // printf '%s' "$DATA" | openssl dgst -sha512 -hmac 'k'
    expect(secureHash('k', { vnp_TxnRef: 'A1', vnp_OrderInfo: "Lệ phí (bản sao) *!~'", vnp_Amount: '100' })).toBe(
      '6b6cbafb3de0afe9be4adf9020bcdae9f84108f8a41ec71522a78f71c20bd965f1e37dfee650a961d80c2165b53670594f4f64f22cb9749c62cc61d65b84bcfb',
    );
  });

  it('writes dates in Vietnam time and order information without diacritics', () => {
    expect(vnpDate(new Date('2026-12-31T17:30:05Z'))).toBe('20270101003005');
    expect(orderInfo('Lệ phí đăng ký khai sinh #12 & “bản sao”')).toBe('Le phi dang ky khai sinh 12 ban sao');
  });

  it('answers the IPN with VNPAY’s codes', () => {
    expect(Object.values(IPN).map((a) => a.RspCode)).toEqual(['00', '01', '02', '04', '97', '99']);
  });
});
