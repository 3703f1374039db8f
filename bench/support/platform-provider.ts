/**
 * Child process for the gateway benchmark: a second Tỉnh số instance on the benchmark's PostgreSQL database, serving
 * the platform's own API as the provider the gateway's registered platform services point at. Its own process, so
 * the gateway's process does only the gateway's work, as in the synthetic rows.
 * Prints its port as one line; on SIGTERM closes and exits.
 */
import { startBenchInstance } from './instance.js';

// Every call comes from 127.0.0.1: the lookup limit stays on (its cost is measured) but never refuses.
const instance = await startBenchInstance({ lookupRateLimit: { max: 1_000_000_000, timeWindowMs: 60_000 } });
console.log(instance.port);
process.on('SIGTERM', () => void instance.close().then(() => process.exit(0)));
