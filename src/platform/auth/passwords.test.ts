import { describe, expect, it } from 'vitest';
import { burnPasswordTime, hashPassword, passwordProblems, verifyPassword } from './passwords.js';

describe('password hashing', () => {
  it('hashes with argon2id at OWASP parameters (19 MiB, 2 passes, 1 lane)', async () => {
    const h = await hashPassword('TinhSo@2026');
    expect(h).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$[A-Za-z0-9+/]+\$[A-Za-z0-9+/]+$/);
  });

  it('salts every hash, so the same password never hashes the same twice', async () => {
    const [a, b] = await Promise.all([hashPassword('same password'), hashPassword('same password')]);
    expect(a).not.toBe(b);
  });

  it('verifies the right password and refuses a wrong one', async () => {
    const h = await hashPassword('đúng mật khẩu 1');
    expect(await verifyPassword(h, 'đúng mật khẩu 1')).toBe(true);
    expect(await verifyPassword(h, 'đúng mật khẩu 2')).toBe(false);
    expect(await verifyPassword(h, '')).toBe(false);
  });

  it('refuses when there is no hash (an OpenID-only account) or the stored hash is garbage', async () => {
    expect(await verifyPassword(null, 'anything')).toBe(false);
    expect(await verifyPassword('not-a-hash', 'anything')).toBe(false);
  });

  it('spends hashing time on unknown users without throwing', async () => {
    await expect(burnPasswordTime('whatever')).resolves.toBeUndefined();
  });
});

describe('password policy', () => {
  it('refuses fewer than 8 characters, in both languages', () => {
    const p = passwordProblems('Ab1!xyz');
    expect(p?.en).toMatch(/8 characters/);
    expect(p?.vi).toMatch(/8 ký tự/);
  });

  it('refuses digits only (a date of birth, a phone number)', () => {
    expect(passwordProblems('0912345678')?.en).toMatch(/only digits/);
  });

  it('accepts 8+ characters that are not only digits', () => {
    expect(passwordProblems('TinhSo@2026')).toBeNull();
    expect(passwordProblems('12345678a')).toBeNull();
  });
});
