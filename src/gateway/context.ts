/** What the gateway's parts share in one process: configuration, keys, the registry cache, the log writer, breakers. */
import { Agent } from 'undici';
import type { AppContext } from '../platform/index.js';
import { CircuitBreakers } from './breaker.js';
import { loadGatewayConfig, type GatewayConfig } from './config.js';
import { GatewayKeys } from './keys.js';
import { ExchangeLogWriter } from './log/writer.js';
import { Registry } from './registry.js';
import { BatchedLimits } from './limits.js';
import type { Timestamper } from './log/seal.js';

export interface Gateway {
  config: GatewayConfig;
  keys: GatewayKeys;
  registry: Registry;
  writer: ExchangeLogWriter;
  breakers: CircuitBreakers;
  /** Rate limits and quotas, counted in PostgreSQL in batches. */
  limits: BatchedLimits;
  /** The connection pools to providers (keep-alive). */
  dispatcher: Agent;
  /** The `iss` of access tokens. */
  issuer: string;
  timestamper: Timestamper | undefined;
}

export function createGateway(ctx: AppContext, env: NodeJS.ProcessEnv = process.env): Gateway {
  const config = loadGatewayConfig(env, ctx.config.port);
  return {
    config,
    keys: new GatewayKeys(ctx.db, config, ctx.config.env === 'production'),
    registry: new Registry(ctx.db),
    writer: new ExchangeLogWriter(ctx.database),
    breakers: new CircuitBreakers(config.breakerFailures, config.breakerOpenMs),
    limits: new BatchedLimits(ctx.db),
    dispatcher: new Agent({ keepAliveTimeout: 10_000, connections: 128 }),
    issuer: config.issuer ?? `${ctx.config.publicUrl.replace(/\/+$/, '')}${config.prefix}`,
    timestamper: undefined,
  };
}
