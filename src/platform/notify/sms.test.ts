import { describe, expect, it } from 'vitest';
import { normalizeVnPhone } from './sms.js';

describe('normalizeVnPhone', () => {
  it('puts a Vietnamese mobile number in +84 form whatever way it was written', () => {
    expect(normalizeVnPhone('0905 123 456')).toBe('+84905123456');
    expect(normalizeVnPhone('+84.905.123.456')).toBe('+84905123456');
    expect(normalizeVnPhone('84905123456')).toBe('+84905123456');
  });
  it('refuses landlines, short numbers and other countries', () => {
    expect(normalizeVnPhone('0234 3822 111')).toBeNull();
    expect(normalizeVnPhone('090512345')).toBeNull();
    expect(normalizeVnPhone('+1 202 555 0100')).toBeNull();
  });
});
