/** Certificates, keys and PKCS#12 files for signing and TLS; a test CA for tests, benches and the demo. */
export { x509 } from './x509.js';
export {
  pemToDer,
  derToPem,
  splitPem,
  generateKeyPair,
  importPkcs8,
  describeKeys,
  SIGNING_ALGORITHM,
  type IssuedCert,
} from './certs.js';
export { createTestCa, type TestCa, type IssueOptions, type CertUsage } from './test-ca.js';
export {
  OID,
  HASH_OID,
  HASH_BY_OID,
  digest,
  parseCertificate,
  contentTypeAttribute,
  messageDigestAttribute,
  signingCertificateV2Attribute,
  type HashName,
} from './cms-attributes.js';
export { toPkcs12, fromPkcs12, Pkcs12Error, type Pkcs12Contents } from './pkcs12.js';
