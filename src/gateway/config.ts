/**
 * The gateway's configuration, read from the environment (README, "Integration platform"). The platform's Config
 * holds what every module shares; what only the gateway reads stays here.
 */
export interface GatewayConfig {
  /** The access tokens' issuer (GATEWAY_ISSUER): the address clients know the gateway by; default PUBLIC_URL + prefix. Instances behind one load balancer share it. */
  issuer?: string;
  /** Path prefix of the proxy: `/{prefix}/{member}/{service}/…` (GATEWAY_PREFIX, default /lgsp). */
  prefix: string;
  /** Passphrase the private keys and logged bodies are encrypted with (GATEWAY_KEY_SECRET). */
  keySecret: string | undefined;
  /** A PKCS#8 PEM EC P-256 private key to sign with instead of a generated one (GATEWAY_SIGNING_KEY). */
  signingKeyPem: string | undefined;
  /** Access token lifetime in seconds (GATEWAY_TOKEN_TTL, default 300). */
  tokenTtlSec: number;
  /** Where a service whose base URL starts with "/" (the platform's own API) is reached (GATEWAY_PLATFORM_URL). */
  platformUrl: string;
  /** Retries of an idempotent request without a body after a connection error (GATEWAY_RETRIES, default 2). */
  retries: number;
  /** Consecutive failures that open a provider's circuit (GATEWAY_BREAKER_FAILURES, default 5), and for how long. */
  breakerFailures: number;
  breakerOpenMs: number;
  /** How often the log's chain head is sealed (GATEWAY_SEAL_EVERY_MS, default 10 min) and by which TSA. */
  sealEveryMs: number;
  tsaUrl: string | undefined;
  /** Monitoring: the window an alert looks at, the calls it needs, who is told (GATEWAY_ALERT_*). */
  alertWindowMs: number;
  alertMinCalls: number;
  alertEmail: string | undefined;
  /** Mutual TLS listener: port, server certificate and key, and the CA whose client certificates are accepted. */
  mtls: { port: number; certPem: string; keyPem: string; caPem: string } | undefined;
}

const int = (v: string | undefined, d: number) => {
  const n = v === undefined || v === '' ? NaN : Number(v);
  return Number.isFinite(n) ? n : d;
};

export function loadGatewayConfig(env: NodeJS.ProcessEnv = process.env, port = 3000): GatewayConfig {
  const prefix = `/${(env.GATEWAY_PREFIX ?? 'lgsp').replace(/^\/+|\/+$/g, '') || 'lgsp'}`;
  return {
    prefix,
    keySecret: env.GATEWAY_KEY_SECRET || undefined,
    issuer: env.GATEWAY_ISSUER?.replace(/\/+$/, '') || undefined,
    signingKeyPem: env.GATEWAY_SIGNING_KEY || undefined,
    tokenTtlSec: int(env.GATEWAY_TOKEN_TTL, 300),
    platformUrl: (env.GATEWAY_PLATFORM_URL ?? `http://127.0.0.1:${port}`).replace(/\/+$/, ''),
    retries: int(env.GATEWAY_RETRIES, 2),
    breakerFailures: int(env.GATEWAY_BREAKER_FAILURES, 5),
    breakerOpenMs: int(env.GATEWAY_BREAKER_OPEN_MS, 30_000),
    sealEveryMs: int(env.GATEWAY_SEAL_EVERY_MS, 600_000),
    tsaUrl: env.GATEWAY_TSA_URL || undefined,
    alertWindowMs: int(env.GATEWAY_ALERT_WINDOW_MS, 300_000),
    alertMinCalls: int(env.GATEWAY_ALERT_MIN_CALLS, 20),
    alertEmail: env.GATEWAY_ALERT_EMAIL || undefined,
    mtls:
      env.GATEWAY_MTLS_PORT && env.GATEWAY_MTLS_CERT && env.GATEWAY_MTLS_KEY && env.GATEWAY_MTLS_CA
        ? {
            port: int(env.GATEWAY_MTLS_PORT, 8443),
            certPem: env.GATEWAY_MTLS_CERT,
            keyPem: env.GATEWAY_MTLS_KEY,
            caPem: env.GATEWAY_MTLS_CA,
          }
        : undefined,
  };
}
