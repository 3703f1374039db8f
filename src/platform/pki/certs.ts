/**
 * Certificates and keys as the platform handles them: WebCrypto keys (RSASSA-PKCS1-v1_5 with SHA-256, 2048 bits,
 * the algorithm Vietnamese public CAs issue for signing) and DER/PEM encodings. The structures come from
 * @peculiar/x509; nothing here is cryptography written by hand.
 */
import { webcrypto } from 'node:crypto';
import { x509 } from './x509.js';

export const SIGNING_ALGORITHM = {
  name: 'RSASSA-PKCS1-v1_5',
  hash: 'SHA-256',
  publicExponent: new Uint8Array([1, 0, 1]),
  modulusLength: 2048,
} as const;

export interface IssuedCert {
  certPem: string;
  certDer: Buffer;
  privateKey: CryptoKey;
  publicKey: CryptoKey;
  privateKeyPkcs8Der: Buffer;
  privateKeyPem: string;
  /** The issuer chain up to and including the root (empty for a root itself). */
  chainPem: string[];
}

export function pemToDer(pem: string): Buffer {
  const body = pem.replace(/-----(BEGIN|END) [A-Z0-9 ]+-----/g, '').replace(/\s+/g, '');
  return Buffer.from(body, 'base64');
}

export function derToPem(der: Uint8Array, label = 'CERTIFICATE'): string {
  const b64 = Buffer.from(der)
    .toString('base64')
    .replace(/(.{64})/g, '$1\n')
    .replace(/\n$/, '');
  return `-----BEGIN ${label}-----\n${b64}\n-----END ${label}-----\n`;
}

/** Splits a PEM bundle into its certificates (a trust store file may hold several). */
export function splitPem(bundle: string): string[] {
  return bundle.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g)?.map((p) => `${p}\n`) ?? [];
}

export async function generateKeyPair(): Promise<CryptoKeyPair> {
  return (await webcrypto.subtle.generateKey(SIGNING_ALGORITHM, true, ['sign', 'verify'])) as CryptoKeyPair;
}

export async function importPkcs8(der: Uint8Array): Promise<CryptoKey> {
  return (await webcrypto.subtle.importKey('pkcs8', der, { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }, true, [
    'sign',
  ])) as CryptoKey;
}

export async function describeKeys(
  cert: x509.X509Certificate,
  keys: CryptoKeyPair,
  chainPem: string[],
): Promise<IssuedCert> {
  const pkcs8 = Buffer.from(await webcrypto.subtle.exportKey('pkcs8', keys.privateKey as webcrypto.CryptoKey));
  return {
    certPem: cert.toString('pem') + '\n',
    certDer: Buffer.from(cert.rawData),
    privateKey: keys.privateKey,
    publicKey: keys.publicKey,
    privateKeyPkcs8Der: pkcs8,
    privateKeyPem: derToPem(pkcs8, 'PRIVATE KEY'),
    chainPem,
  };
}
