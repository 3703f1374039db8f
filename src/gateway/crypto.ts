/**
 * Encryption at rest for the gateway's private keys and the bodies a service asks to be logged: AES-256-GCM under a
 * key derived (scrypt) from GATEWAY_KEY_SECRET. Without the secret, development and tests use a fixed one and say
 * so in the log; production refuses to generate keys (see keys.ts).
 */
import crypto from 'node:crypto';

export const DEV_SECRET = 'tinhso-gateway-development-secret';

const derived = new Map<string, Buffer>();
function keyOf(secret: string): Buffer {
  let k = derived.get(secret);
  if (!k) {
    k = crypto.scryptSync(secret, 'tinhso.gateway.v1', 32);
    derived.set(secret, k);
  }
  return k;
}

/** `v1.<iv>.<tag>.<ciphertext>`, base64url parts. */
export function seal(secret: string, plain: Buffer): string {
  const iv = crypto.randomBytes(12);
  const c = crypto.createCipheriv('aes-256-gcm', keyOf(secret), iv);
  const body = Buffer.concat([c.update(plain), c.final()]);
  return ['v1', iv.toString('base64url'), c.getAuthTag().toString('base64url'), body.toString('base64url')].join('.');
}

export function open(secret: string, text: string): Buffer {
  const [v, iv, tag, body] = text.split('.');
  if (v !== 'v1' || !iv || !tag || body === undefined) throw new Error('not an encrypted value');
  const d = crypto.createDecipheriv('aes-256-gcm', keyOf(secret), Buffer.from(iv, 'base64url'));
  d.setAuthTag(Buffer.from(tag, 'base64url'));
  return Buffer.concat([d.update(Buffer.from(body, 'base64url')), d.final()]);
}

export const sha256hex = (b: Buffer | string) => crypto.createHash('sha256').update(b).digest('hex');
