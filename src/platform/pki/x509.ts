/**
 * @peculiar/x509, made ready: it resolves its ASN.1 parsers through tsyringe, which needs the Reflect metadata
 * polyfill loaded first, and it signs with the WebCrypto it is given. Import x509 from here, never directly.
 */
import 'reflect-metadata';
import { webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';

x509.cryptoProvider.set(webcrypto as unknown as Crypto);

export { x509 };
