/**
 * Calls the platform itself makes to a national system through the gateway: the same HTTP client, timeouts and
 * circuit breaker as the proxy, and one exchange-log row per call (the consumer is the platform: no consumer id;
 * the member and service name the national system), so the log holds the province's outgoing exchanges too.
 */
import crypto from 'node:crypto';
import { request, type Dispatcher } from 'undici';
import type { Gateway } from './context.js';
import { nextTrace } from './trace.js';

export interface OutboundCall {
  member: string;
  service: string;
  method: Dispatcher.HttpMethod;
  url: string;
  headers?: Record<string, string>;
  body?: string;
  timeoutMs?: number;
  /** Why the call is made (kept in the log row's refusal-free `path` suffix is not enough: it is sent as a header). */
  purpose?: string;
}

export interface OutboundAnswer {
  status: number;
  text: string;
  headers: Record<string, string | string[] | undefined>;
}

const sha = (s: string | Buffer) => crypto.createHash('sha256').update(s).digest('hex');

export async function outbound(gw: Gateway, call: OutboundCall): Promise<OutboundAnswer> {
  const started = performance.now();
  const trace = nextTrace(undefined);
  const requestId = crypto.randomUUID();
  const breakerId = `outbound:${call.member}/${call.service}`;
  const u = new URL(call.url);
  const log = (status: number, outcome: 'forwarded' | 'upstream-error', out: string) =>
    gw.writer.write({
      requestId,
      at: new Date(),
      consumerId: null,
      serviceId: null,
      memberCode: call.member,
      serviceCode: call.service,
      method: call.method,
      path: `${u.pathname}${call.purpose ? ` [${call.purpose}]` : ''}`.slice(0, 2000),
      status,
      outcome,
      refusal: null,
      bytesIn: call.body ? Buffer.byteLength(call.body) : 0,
      bytesOut: Buffer.byteLength(out),
      latencyMs: performance.now() - started,
      requestSha256: sha(call.body ?? ''),
      responseSha256: sha(out),
      requestBody: null,
      responseBody: null,
      traceId: trace.traceId,
    });
  const admitted = gw.breakers.admit(breakerId);
  if (!admitted.ok) {
    await log(503, 'upstream-error', '');
    throw new Error(`${call.member}/${call.service}: circuit open`);
  }
  try {
    const res = await request(call.url, {
      method: call.method,
      headers: {
        ...call.headers,
        'x-request-id': requestId,
        traceparent: trace.header,
        ...(call.purpose ? { 'x-lgsp-purpose': encodeURIComponent(call.purpose) } : {}),
      },
      body: call.body,
      dispatcher: gw.dispatcher,
      headersTimeout: call.timeoutMs ?? 10_000,
      bodyTimeout: call.timeoutMs ?? 10_000,
    });
    const text = await res.body.text();
    if (res.statusCode >= 500) gw.breakers.failure(breakerId);
    else gw.breakers.success(breakerId);
    await log(res.statusCode, res.statusCode >= 500 ? 'upstream-error' : 'forwarded', text);
    return { status: res.statusCode, text, headers: res.headers };
  } catch (e) {
    gw.breakers.failure(breakerId);
    await log(502, 'upstream-error', '');
    throw e;
  }
}
