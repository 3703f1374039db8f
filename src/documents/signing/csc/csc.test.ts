import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestCa, type IssuedCert } from '../../../platform/pki/index.js';
import { startTestTsa, type TestTsa } from '../../../platform/timestamp/index.js';
import { startTestCscServer, type TestCscServer } from './test-server.js';
import { CscClient, CscError } from './client.js';
import { signPdf } from '../pades.js';
import { verifyPdf } from '../verify.js';
import { pdfsig, plainPdf, tsaStamper } from '../test-fixtures.js';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

let csc: TestCscServer, tsa: TestTsa, caPem: string, cert: IssuedCert;
beforeAll(async () => {
  const ca = await createTestCa({ commonName: 'CSC Test Root' });
  caPem = ca.certPem;
  cert = await ca.issue({ commonName: 'Trần Thị Bình', usage: 'signing' });
  tsa = await startTestTsa({ ca });
  csc = await startTestCscServer({
    users: [{ username: 'binh', password: 'pw', credentials: [{ id: 'cred-1', cert }] }],
  });
});
afterAll(async () => {
  await csc?.close();
  await tsa?.close();
});

describe('remote signing over CSC API v2', () => {
  it('lists, reads and signs after the phone approves; the PDF passes pdfsig', async () => {
    const client = new CscClient({ baseUrl: csc.url, username: 'binh', password: 'pw' });
    expect((await client.info()).specs).toMatch(/^2\./);
    expect(await client.listCredentials()).toEqual(['cred-1']);
    const info = await client.credentialInfo('cred-1');
    expect(info.cert.certificates).toHaveLength(2);
    const certDer = Buffer.from(info.cert.certificates[0]!, 'base64');
    const chainDer = info.cert.certificates.slice(1).map((c) => Buffer.from(c, 'base64'));
    const signing = signPdf(
      await plainPdf(),
      { rect: [340, 120, 500, 190], presentation: { kind: 'person', name: 'Trần Thị Bình' }, signingTime: new Date() },
      { certDer, chainDer },
      (data) => client.signData('cred-1', data, 'Ký công văn 12/UBND-VP'),
      tsaStamper(tsa.url),
    );
    // The signature waits for the phone.
    await expect.poll(() => csc.pending().length).toBe(1);
    expect(csc.pending()[0]!.description).toBe('Ký công văn 12/UBND-VP');
    csc.approve();
    const pdf = await signing;
    const path = join(tmpdir(), `csc-${process.pid}.pdf`);
    writeFileSync(path, pdf);
    expect(pdfsig(path).out).toContain('Signature is Valid');
    const report = await verifyPdf(pdf, { trustedPem: [caPem] });
    expect(report.indication).toBe('valid');
  });

  it('a refusal on the phone is an access_denied error; a wrong password is refused', async () => {
    const client = new CscClient({ baseUrl: csc.url, username: 'binh', password: 'pw' });
    const p = client.signData('cred-1', new Uint8Array([1, 2, 3]), 'x');
    await expect.poll(() => csc.pending().length).toBe(1);
    csc.reject();
    await expect(p).rejects.toMatchObject({ code: 'access_denied', refused: true });
    await expect(
      new CscClient({ baseUrl: csc.url, username: 'binh', password: 'no' }).listCredentials(),
    ).rejects.toBeInstanceOf(CscError);
  });

  it('signHash refuses a hash the SAD does not cover', async () => {
    const client = new CscClient({ baseUrl: csc.url, username: 'binh', password: 'pw' });
    csc.approveAfterMs = 0;
    const sad = await client.authorize('cred-1', [new Uint8Array(32).fill(1)], 'one');
    csc.approveAfterMs = null;
    await expect(client.signHash('cred-1', sad, [new Uint8Array(32).fill(2)])).rejects.toMatchObject({
      code: 'invalid_request',
    });
  });
});
