import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { webcrypto } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { createTestCa, fromPkcs12, Pkcs12Error, toPkcs12 } from './index.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tinhso-pki-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
const openssl = (...args: string[]) =>
  execFileSync('openssl', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

describe('test CA and PKCS#12', () => {
  it('issues certificates OpenSSL verifies against the root, with the purpose asked', async () => {
    const ca = await createTestCa({ commonName: 'Tỉnh số Test Root CA', organization: 'Tỉnh số' });
    const signer = await ca.issue({
      commonName: 'Nguyễn Văn A',
      organization: 'UBND tỉnh',
      usage: 'signing',
      email: 'a@example.vn',
    });
    const tsa = await ca.issue({ commonName: 'TSA', usage: 'tsa' });
    const server = await ca.issue({ commonName: 'localhost', usage: 'server' });
    fs.writeFileSync(path.join(dir, 'ca.pem'), ca.certPem);
    for (const [name, c] of Object.entries({ signer, tsa, server })) {
      fs.writeFileSync(path.join(dir, `${name}.pem`), c.certPem);
      expect(openssl('verify', '-CAfile', path.join(dir, 'ca.pem'), path.join(dir, `${name}.pem`))).toMatch(/: OK/);
      expect(c.chainPem).toEqual([ca.certPem]);
    }
    expect(openssl('x509', '-in', path.join(dir, 'tsa.pem'), '-noout', '-ext', 'extendedKeyUsage')).toMatch(
      /critical[\s\S]*Time Stamping/,
    );
    expect(openssl('x509', '-in', path.join(dir, 'signer.pem'), '-noout', '-ext', 'keyUsage')).toMatch(
      /Non Repudiation/,
    );
    expect(
      openssl('verify', '-purpose', 'sslserver', '-CAfile', path.join(dir, 'ca.pem'), path.join(dir, 'server.pem')),
    ).toMatch(/: OK/);
  });

  it('writes a PKCS#12 file OpenSSL opens, and reads it back to a key that signs for its certificate', async () => {
    const ca = await createTestCa({ commonName: 'Root' });
    const signer = await ca.issue({ commonName: 'Trần Thị B', usage: 'signing' });
    const p12 = await toPkcs12(signer, 'mật khẩu', 'Trần Thị B');
    fs.writeFileSync(path.join(dir, 'b.p12'), p12);
    expect(openssl('pkcs12', '-in', path.join(dir, 'b.p12'), '-passin', 'pass:mật khẩu', '-nokeys', '-info')).toMatch(
      /BEGIN CERTIFICATE/,
    );

    const back = await fromPkcs12(p12, 'mật khẩu');
    expect(back.certPem.replace(/\r/g, '')).toBe(signer.certPem);
    expect(back.chainPem.map((p) => p.replace(/\r/g, ''))).toEqual([ca.certPem]);
    const data = Buffer.from('ký số');
    const sig = await webcrypto.subtle.sign('RSASSA-PKCS1-v1_5', back.privateKey as webcrypto.CryptoKey, data);
    expect(await webcrypto.subtle.verify('RSASSA-PKCS1-v1_5', signer.publicKey as webcrypto.CryptoKey, sig, data)).toBe(
      true,
    );

    // A file made by OpenSSL itself (its defaults: AES-256, PBKDF2 with HMAC-SHA-256) is read too.
    fs.writeFileSync(path.join(dir, 'key.pem'), signer.privateKeyPem);
    fs.writeFileSync(path.join(dir, 'cert.pem'), signer.certPem);
    openssl(
      'pkcs12',
      '-export',
      '-inkey',
      path.join(dir, 'key.pem'),
      '-in',
      path.join(dir, 'cert.pem'),
      '-out',
      path.join(dir, 'o.p12'),
      '-passout',
      'pass:x',
    );
    expect((await fromPkcs12(fs.readFileSync(path.join(dir, 'o.p12')), 'x')).certPem.replace(/\r/g, '')).toBe(
      signer.certPem,
    );
  });

  it('says which is wrong: the password or the file', async () => {
    const ca = await createTestCa({ commonName: 'Root' });
    const p12 = await toPkcs12(await ca.issue({ commonName: 'C', usage: 'signing' }), 'right');
    await expect(fromPkcs12(p12, 'wrong')).rejects.toMatchObject({ reason: 'password' });
    await expect(fromPkcs12(Buffer.from('garbage'), 'x')).rejects.toBeInstanceOf(Pkcs12Error);
  });
});
