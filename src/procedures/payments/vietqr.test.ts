import { describe, expect, it } from 'vitest';
import { crc16ccitt, parseEmv, vietQrPayload } from './vietqr.js';

describe('VietQR payloads', () => {
  it('computes the EMVCo CRC (CRC-16/CCITT-FALSE check value of "123456789" is 29B1)', () => {
    expect(crc16ccitt('123456789')).toBe('29B1');
  });

  it('builds a dynamic transfer code whose CRC verifies and whose fields read back', () => {
    const p = vietQrPayload({ bin: '970436', account: '0011001932418', amount: 50000, note: 'HS000010101H57' });
    expect(p.slice(-8, -4)).toBe('6304');
    expect(crc16ccitt(p.slice(0, -4))).toBe(p.slice(-4));
    const f = parseEmv(p);
    expect(f.get('01')).toBe('12');
    expect(f.get('54')).toBe('50000');
    expect(parseEmv(parseEmv(f.get('38')!).get('01')!).get('01')).toBe('0011001932418');
  });

  it('a code without an amount is static, and bad input is refused', () => {
    expect(parseEmv(vietQrPayload({ bin: '970436', account: '123' })).get('01')).toBe('11');
    expect(() => vietQrPayload({ bin: '97043', account: '123' })).toThrow(RangeError);
    expect(() => vietQrPayload({ bin: '970436', account: '123', amount: 1.5 })).toThrow(RangeError);
  });
});
