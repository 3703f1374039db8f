/**
 * A certificate authority made inside a test or a bench: a root that issues signing, time-stamping, TLS server and
 * TLS client certificates with the extensions real verifiers (poppler's pdfsig, Node's TLS, our own) look for.
 * It is for tests and demos only: its keys live in memory.
 */
import { webcrypto } from 'node:crypto';
import { x509 } from './x509.js';
import { describeKeys, generateKeyPair, SIGNING_ALGORITHM, type IssuedCert } from './certs.js';

export type CertUsage = 'signing' | 'tsa' | 'server' | 'client' | 'ca';

export interface IssueOptions {
  commonName: string;
  organization?: string;
  email?: string;
  usage: CertUsage;
  /** Default: a day ago (clocks of test machines differ a little). */
  notBefore?: Date;
  /** Default: two years from now. */
  notAfter?: Date;
  /** Names for a TLS server certificate (default: localhost). */
  dnsNames?: string[];
}

export interface TestCa extends IssuedCert {
  name: string;
  issue(opts: IssueOptions): Promise<IssuedCert>;
}

const DAY = 86_400_000;
const EKU = {
  tsa: '1.3.6.1.5.5.7.3.8',
  server: '1.3.6.1.5.5.7.3.1',
  client: '1.3.6.1.5.5.7.3.2',
  emailProtection: '1.3.6.1.5.5.7.3.4',
};

function distinguishedName(commonName: string, organization?: string): string {
  const esc = (v: string) => v.replace(/([,+"\\<>;=])/g, '\\$1');
  return [`CN=${esc(commonName)}`, organization ? `O=${esc(organization)}` : '', 'C=VN'].filter(Boolean).join(', ');
}

function serialNumber(): string {
  // Positive, 16 bytes of randomness: unique across every certificate a test run makes.
  const bytes = webcrypto.getRandomValues(new Uint8Array(16));
  bytes[0] = bytes[0]! & 0x7f;
  return Buffer.from(bytes).toString('hex');
}

function extensionsFor(usage: CertUsage, opts: IssueOptions): x509.Extension[] {
  const { KeyUsageFlags: F } = x509;
  switch (usage) {
    case 'ca':
      return [
        new x509.BasicConstraintsExtension(true, undefined, true),
        new x509.KeyUsagesExtension(F.keyCertSign | F.cRLSign | F.digitalSignature, true),
      ];
    case 'signing':
      // Document signing: non-repudiation (content commitment) as the Vietnamese CAs' signing certificates carry.
      return [
        new x509.BasicConstraintsExtension(false, undefined, true),
        new x509.KeyUsagesExtension(F.digitalSignature | F.nonRepudiation, true),
        new x509.ExtendedKeyUsageExtension([EKU.emailProtection], false),
        ...(opts.email ? [new x509.SubjectAlternativeNameExtension([{ type: 'email', value: opts.email }])] : []),
      ];
    case 'tsa':
      // RFC 3161 §2.3: the TSA's certificate carries only the time-stamping purpose, marked critical.
      return [
        new x509.BasicConstraintsExtension(false, undefined, true),
        new x509.KeyUsagesExtension(F.digitalSignature | F.nonRepudiation, true),
        new x509.ExtendedKeyUsageExtension([EKU.tsa], true),
      ];
    case 'server':
      return [
        new x509.BasicConstraintsExtension(false, undefined, true),
        new x509.KeyUsagesExtension(F.digitalSignature | F.keyEncipherment, true),
        new x509.ExtendedKeyUsageExtension([EKU.server], false),
        new x509.SubjectAlternativeNameExtension([
          ...(opts.dnsNames ?? ['localhost']).map((value) => ({ type: 'dns' as const, value })),
          { type: 'ip', value: '127.0.0.1' },
        ]),
      ];
    case 'client':
      return [
        new x509.BasicConstraintsExtension(false, undefined, true),
        new x509.KeyUsagesExtension(F.digitalSignature, true),
        new x509.ExtendedKeyUsageExtension([EKU.client], false),
      ];
  }
}

/** A new root CA (self-signed, ten years) able to issue certificates for any usage. */
export async function createTestCa(opts: { commonName: string; organization?: string }): Promise<TestCa> {
  const keys = await generateKeyPair();
  const name = distinguishedName(opts.commonName, opts.organization);
  const now = Date.now();
  const root = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: serialNumber(),
    name,
    notBefore: new Date(now - DAY),
    notAfter: new Date(now + 3650 * DAY),
    signingAlgorithm: SIGNING_ALGORITHM,
    keys,
    extensions: [
      ...extensionsFor('ca', { commonName: opts.commonName, usage: 'ca' }),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  });
  const self = await describeKeys(root, keys, []);
  const issue = async (o: IssueOptions): Promise<IssuedCert> => {
    const leafKeys = await generateKeyPair();
    const cert = await x509.X509CertificateGenerator.create({
      serialNumber: serialNumber(),
      issuer: root.subject,
      subject: distinguishedName(o.commonName, o.organization),
      notBefore: o.notBefore ?? new Date(Date.now() - DAY),
      notAfter: o.notAfter ?? new Date(Date.now() + 730 * DAY),
      signingAlgorithm: SIGNING_ALGORITHM,
      publicKey: leafKeys.publicKey,
      signingKey: keys.privateKey,
      extensions: [
        ...extensionsFor(o.usage, o),
        await x509.SubjectKeyIdentifierExtension.create(leafKeys.publicKey),
        await x509.AuthorityKeyIdentifierExtension.create(root),
      ],
    });
    return describeKeys(cert, leafKeys, [self.certPem]);
  };
  return { ...self, name, issue };
}
