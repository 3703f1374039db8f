import { afterEach, describe, expect, it } from 'vitest';
import { isSealed, openSecret, sealSecret } from './sealed.js';

const env = { ...process.env };
afterEach(() => {
  process.env = { ...env };
});

describe('sealed secrets', () => {
  it('seals so the database holds no plain text, and opens only under the same key and purpose', () => {
    const s = sealSecret('glpi-user-token-123', 'inventory.source');
    expect(isSealed(s)).toBe(true);
    expect(s).not.toContain('glpi-user-token');
    expect(sealSecret('glpi-user-token-123', 'inventory.source')).not.toBe(s); // a fresh IV each time
    expect(openSecret(s, 'inventory.source')).toBe('glpi-user-token-123');
    expect(() => openSecret(s, 'gateway.consumer')).toThrow();
    process.env.SECRETS_KEY = 'another-deployment-key';
    expect(() => openSecret(s, 'inventory.source')).toThrow();
  });

  it('catches a changed byte', () => {
    const s = sealSecret('mật khẩu', 'inventory.source');
    const raw = Buffer.from(s.slice('sealed:v1.'.length), 'base64url');
    raw[raw.length - 1]! ^= 1;
    expect(() => openSecret(`sealed:v1.${raw.toString('base64url')}`, 'inventory.source')).toThrow();
  });

  it('refuses in production without a key, unless the demo was asked for', () => {
    process.env.NODE_ENV = 'production';
    delete process.env.SECRETS_KEY;
    delete process.env.TINHSO_DEMO;
    expect(() => sealSecret('x', 'p')).toThrow(/SECRETS_KEY/);
    process.env.SECRETS_KEY = 'a-production-key-of-length';
    expect(openSecret(sealSecret('x', 'p'), 'p')).toBe('x');
  });
});
