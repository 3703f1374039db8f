/**
 * Secrets kept in the database for a module's own use (khóa, mật khẩu kết nối): tokens and passwords the platform must
 * send to another system later, so they cannot be hashed. Each is sealed with AES-256-GCM under a key derived by
 * HKDF-SHA-256 from the deployment's SECRETS_KEY (configuration, never in the database) and the value's purpose, which
 * is also bound as associated data: a database copy alone opens nothing, and a value moved to another purpose fails.
 * Format: "sealed:v1." + base64url(iv[12] | tag[16] | ciphertext). Tests and the demo use a fixed development key;
 * production without the demo refuses to seal or open without one.
 */
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { problems } from '../http/problem.js';

const PREFIX = 'sealed:v1.';
const DEV_KEY = 'tinhso-development-only-secrets-key';

function rootKey(): string {
  const k = process.env.SECRETS_KEY;
  if (k && k.length >= 16) return k;
  if (process.env.NODE_ENV === 'production' && process.env.TINHSO_DEMO !== '1')
    throw problems.unavailable({
      vi: 'Chưa cấu hình khóa bảo vệ bí mật (SECRETS_KEY, ít nhất 16 ký tự).',
      en: 'SECRETS_KEY (16 characters or more) is not configured.',
    });
  return DEV_KEY;
}

const keyFor = (purpose: string) => Buffer.from(hkdfSync('sha256', rootKey(), 'tinhso-secrets', purpose, 32));

export const isSealed = (v: unknown): v is string => typeof v === 'string' && v.startsWith(PREFIX);

export function sealSecret(plain: string, purpose: string): string {
  const iv = randomBytes(12);
  const c = createCipheriv('aes-256-gcm', keyFor(purpose), iv);
  c.setAAD(Buffer.from(purpose));
  const body = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
  return PREFIX + Buffer.concat([iv, c.getAuthTag(), body]).toString('base64url');
}

/** The plain text; throws when the value was sealed under another key or purpose, or was altered. */
export function openSecret(sealed: string, purpose: string): string {
  if (!isSealed(sealed)) throw new Error('not a sealed secret');
  const raw = Buffer.from(sealed.slice(PREFIX.length), 'base64url');
  if (raw.length < 28) throw new Error('sealed secret too short');
  const d = createDecipheriv('aes-256-gcm', keyFor(purpose), raw.subarray(0, 12));
  d.setAAD(Buffer.from(purpose));
  d.setAuthTag(raw.subarray(12, 28));
  return Buffer.concat([d.update(raw.subarray(28)), d.final()]).toString('utf8');
}
