/**
 * The mutual-TLS listener (GATEWAY_MTLS_*): an HTTPS server asking every client for a certificate and trusting the
 * configured CA, handing requests to the same Fastify routes. A certificate that does not chain to the CA still
 * completes the handshake, so the proxy can answer it with a logged 401 problem+json instead of a bare TLS alert.
 */
import fs from 'node:fs';
import https from 'node:https';
import type { App } from '../platform/index.js';
import type { GatewayConfig } from './config.js';

/** A PEM given inline or as a file path. */
const pem = (v: string) => (v.includes('-----BEGIN') ? v : fs.readFileSync(v, 'utf8'));

export function startMtlsListener(
  app: App,
  mtls: NonNullable<GatewayConfig['mtls']>,
  host: string,
): Promise<https.Server> {
  const server = https.createServer(
    {
      cert: pem(mtls.certPem),
      key: pem(mtls.keyPem),
      ca: [pem(mtls.caPem)],
      requestCert: true,
      rejectUnauthorized: false,
    },
    (req, res) => app.routing(req, res),
  );
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(mtls.port, host, () => resolve(server));
  });
}
