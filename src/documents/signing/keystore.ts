/**
 * Secrets at rest (khóa bí mật lưu trên nền tảng): a PKCS#12 with its password, a remote signing login, the exchange
 * key. Each is sealed with AES-256-GCM (Node's crypto) under a key derived by HKDF-SHA-256 from the deployment's
 * secret DOCUMENTS_KEY_SECRET (configuration, never in the database): a database copy alone opens no key.
 * Format: "v1." + base64url(iv[12] | tag[16] | ciphertext). Tests and the demo fall back to a fixed development
 * secret; production refuses to seal or open without one.
 */
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { problems } from '../../platform/index.js';

const DEV_SECRET = 'tinhso-development-only-documents-key';

function secret(): string {
  const s = process.env.DOCUMENTS_KEY_SECRET;
  if (s && s.length >= 16) return s;
  // The demo in production (TINHSO_DEMO=1, as the quality run starts it) keeps the development secret, as tests do.
  if (process.env.NODE_ENV === 'production' && process.env.TINHSO_DEMO !== '1') {
    throw problems.unavailable({
      vi: 'Chưa cấu hình khóa bảo vệ khóa ký số (DOCUMENTS_KEY_SECRET).',
      en: 'DOCUMENTS_KEY_SECRET is not configured.',
    });
  }
  return DEV_SECRET;
}

function key(purpose: string): Buffer {
  return Buffer.from(hkdfSync('sha256', secret(), 'tinhso-documents', purpose, 32));
}

export function seal(plain: Buffer | string, purpose: string): string {
  const iv = randomBytes(12);
  const c = createCipheriv('aes-256-gcm', key(purpose), iv);
  c.setAAD(Buffer.from(purpose));
  const body = Buffer.concat([c.update(typeof plain === 'string' ? Buffer.from(plain, 'utf8') : plain), c.final()]);
  return `v1.${Buffer.concat([iv, c.getAuthTag(), body]).toString('base64url')}`;
}

export function open(sealed: string, purpose: string): Buffer {
  if (!sealed.startsWith('v1.')) throw new Error('unknown sealed format');
  const raw = Buffer.from(sealed.slice(3), 'base64url');
  const d = createDecipheriv('aes-256-gcm', key(purpose), raw.subarray(0, 12));
  d.setAAD(Buffer.from(purpose));
  d.setAuthTag(raw.subarray(12, 28));
  return Buffer.concat([d.update(raw.subarray(28)), d.final()]);
}

export const sealJson = (v: unknown, purpose: string) => seal(JSON.stringify(v), purpose);
export const openJson = <T>(s: string, purpose: string): T => JSON.parse(open(s, purpose).toString('utf8')) as T;
