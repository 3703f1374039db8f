/** W3C Trace Context (https://www.w3.org/TR/trace-context/): continue the caller's trace or start one. */
import crypto from 'node:crypto';

const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;

export interface Trace {
  traceId: string;
  /** The traceparent sent to the provider: the same trace, the gateway's span as parent. */
  header: string;
}

// Random ids drawn from a pool filled a few kilobytes at a time: a call to the system's generator per request
// was a visible share of a proxied call's CPU.
const pool = Buffer.alloc(8192);
let used = pool.length;
function randomHex(bytes: number): string {
  if (used + bytes > pool.length) {
    crypto.randomFillSync(pool);
    used = 0;
  }
  used += bytes;
  return pool.toString('hex', used - bytes, used);
}

export function nextTrace(incoming: string | string[] | undefined): Trace {
  const m = typeof incoming === 'string' ? TRACEPARENT.exec(incoming.trim()) : null;
  const valid = m && !/^0+$/.test(m[1]!) && !/^0+$/.test(m[2]!);
  const traceId = valid ? m[1]! : randomHex(16);
  const flags = valid ? m[3]! : '01';
  return { traceId, header: `00-${traceId}-${randomHex(8)}-${flags}` };
}
