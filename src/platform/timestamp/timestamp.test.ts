import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestCa, digest } from '../pki/index.js';
import { requestTimestamp, startTestTsa, TimestampError, verifyTimestamp, type TestTsa } from './index.js';

let tsa: TestTsa;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tinhso-tsa-'));

beforeAll(async () => {
  tsa = await startTestTsa();
});
afterAll(async () => {
  await tsa.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('RFC 3161 time stamps', () => {
  it('gets a token for a digest, which verifies against the trusted root and is read by OpenSSL', async () => {
    const data = Buffer.from('Quyết định số 12/QĐ-UBND');
    const d = await digest('SHA-256', data);
    const before = Date.now();
    const res = await requestTimestamp({ url: tsa.url, digest: d });
    expect(res.genTime.getTime()).toBeGreaterThanOrEqual(before - 1000);
    expect(res.genTime.getTime()).toBeLessThanOrEqual(Date.now());
    expect(res.tsaCertPem).toBe(tsa.tsaCertPem.replace(/\n+$/, '\n'));

    const ok = await verifyTimestamp(res.token, d, { trustedPem: [tsa.caCertPem] });
    expect(ok).toMatchObject({ valid: true, serialNumber: res.serialNumber });
    expect(ok.genTime?.getTime()).toBe(res.genTime.getTime());

    // An independent verifier: OpenSSL checks the token's signature, ESS certificate binding and chain.
    fs.writeFileSync(path.join(dir, 'data.txt'), data);
    fs.writeFileSync(path.join(dir, 'token.der'), res.token);
    fs.writeFileSync(path.join(dir, 'ca.pem'), tsa.caCertPem);
    const out = execFileSync(
      'openssl',
      [
        'ts',
        '-verify',
        '-token_in',
        '-in',
        path.join(dir, 'token.der'),
        '-data',
        path.join(dir, 'data.txt'),
        '-CAfile',
        path.join(dir, 'ca.pem'),
      ],
      { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
    );
    expect(out).toMatch(/Verification: OK/);
  });

  it('refuses a token for other data, from an untrusted authority, or altered', async () => {
    const d = await digest('SHA-256', Buffer.from('a'));
    const res = await requestTimestamp({ url: tsa.url, digest: d });
    const other = await verifyTimestamp(res.token, await digest('SHA-256', Buffer.from('b')), {
      trustedPem: [tsa.caCertPem],
    });
    expect(other).toMatchObject({ valid: false, reason: 'the time stamp covers other data' });

    const stranger = await createTestCa({ commonName: 'Another CA' });
    const untrusted = await verifyTimestamp(res.token, d, { trustedPem: [stranger.certPem] });
    expect(untrusted.valid).toBe(false);

    // One byte of the signed TSTInfo changed (its serial number's last byte): the CMS message digest no longer holds.
    const tampered = Buffer.from(res.token);
    const serial = Buffer.from(res.serialNumber, 'hex');
    const at = tampered.indexOf(serial);
    expect(at).toBeGreaterThan(0);
    tampered[at + serial.length - 1]! ^= 0x01;
    expect((await verifyTimestamp(tampered, d, { trustedPem: [tsa.caCertPem] })).valid).toBe(false);
    expect((await verifyTimestamp(Buffer.from('not a token'), d)).valid).toBe(false);
  });

  it('reports an authority that fails or cannot be reached, and a digest of the wrong length', async () => {
    const d = await digest('SHA-256', Buffer.from('x'));
    tsa.failNext(1);
    await expect(requestTimestamp({ url: tsa.url, digest: d })).rejects.toMatchObject({ kind: 'unreachable' });
    await expect(
      requestTimestamp({ url: 'http://127.0.0.1:9/tsa', digest: d, timeoutMs: 2000 }),
    ).rejects.toBeInstanceOf(TimestampError);
    await expect(requestTimestamp({ url: tsa.url, digest: d.subarray(0, 20) })).rejects.toMatchObject({
      kind: 'invalid',
    });
    // After the failure it serves again.
    await expect(requestTimestamp({ url: tsa.url, digest: d })).resolves.toHaveProperty('token');
  });
});
