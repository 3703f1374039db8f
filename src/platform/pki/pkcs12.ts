/**
 * PKCS#12 (.p12/.pfx), the file a Vietnamese CA hands a signer with a key held in software: reading one an agency
 * uploads, and writing one for a key made here (tests, demos). node-forge does the format and its password-based
 * encryption (AES-256 with PBKDF2 when writing); RSA keys only, which is what the public CAs issue for signing.
 */
import forge from 'node-forge';
import { importPkcs8 } from './certs.js';
import type { IssuedCert } from './certs.js';

export class Pkcs12Error extends Error {
  constructor(
    message: string,
    readonly reason: 'password' | 'format' | 'no-key' | 'no-certificate',
  ) {
    super(message);
    this.name = 'Pkcs12Error';
  }
}

export interface Pkcs12Contents {
  privateKey: CryptoKey;
  privateKeyPkcs8Der: Buffer;
  /** The certificate of the private key. */
  certPem: string;
  /** The other certificates of the file (the issuers), in the file's order. */
  chainPem: string[];
}

export async function toPkcs12(cert: IssuedCert, password: string, friendlyName?: string): Promise<Buffer> {
  const key = forge.pki.privateKeyFromPem(cert.privateKeyPem);
  const certs = [cert.certPem, ...cert.chainPem].map((p) => forge.pki.certificateFromPem(p));
  const asn1 = forge.pkcs12.toPkcs12Asn1(key, certs, password, {
    algorithm: 'aes256',
    generateLocalKeyId: true,
    ...(friendlyName ? { friendlyName } : {}),
  });
  return Buffer.from(forge.asn1.toDer(asn1).getBytes(), 'binary');
}

export async function fromPkcs12(p12: Uint8Array, password: string): Promise<Pkcs12Contents> {
  let parsed: forge.pkcs12.Pkcs12Pfx;
  try {
    const asn1 = forge.asn1.fromDer(forge.util.createBuffer(Buffer.from(p12).toString('binary')));
    parsed = forge.pkcs12.pkcs12FromAsn1(asn1, true, password);
  } catch (err) {
    const msg = (err as Error).message ?? '';
    if (/mac could not be verified|invalid password/i.test(msg))
      throw new Pkcs12Error('wrong PKCS#12 password', 'password');
    throw new Pkcs12Error(`not a readable PKCS#12 file: ${msg}`, 'format');
  }
  const keyBags = [
    ...(parsed.getBags({ bagType: forge.pki.oids.pkcs8ShroudedKeyBag! })[forge.pki.oids.pkcs8ShroudedKeyBag!] ?? []),
    ...(parsed.getBags({ bagType: forge.pki.oids.keyBag! })[forge.pki.oids.keyBag!] ?? []),
  ];
  const key = keyBags.find((b) => b.key)?.key as forge.pki.rsa.PrivateKey | undefined;
  if (!key) throw new Pkcs12Error('the PKCS#12 file holds no RSA private key', 'no-key');
  const certs = (parsed.getBags({ bagType: forge.pki.oids.certBag! })[forge.pki.oids.certBag!] ?? []).flatMap((b) =>
    b.cert ? [b.cert] : [],
  );
  // The key's own certificate is the one whose public modulus is the key's.
  const own = certs.find((c) => (c.publicKey as forge.pki.rsa.PublicKey).n?.equals(key.n));
  if (!own) throw new Pkcs12Error('the PKCS#12 file holds no certificate for its key', 'no-certificate');
  const pkcs8 = Buffer.from(
    forge.asn1.toDer(forge.pki.wrapRsaPrivateKey(forge.pki.privateKeyToAsn1(key))).getBytes(),
    'binary',
  );
  return {
    privateKey: await importPkcs8(pkcs8),
    privateKeyPkcs8Der: pkcs8,
    certPem: forge.pki.certificateToPem(own),
    chainPem: certs.filter((c) => c !== own).map((c) => forge.pki.certificateToPem(c)),
  };
}
