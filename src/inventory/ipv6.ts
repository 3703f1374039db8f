/**
 * The platform's own IPv6 check of an information system (tiêu chí 3.4.2): the AAAA records of its public address
 * (DNS, and the system resolver, which also reads the hosts file), then one HTTP request to it over IPv6. A server
 * whose own network has no IPv6 route cannot make that request: then the records decide and the result says so.
 */
import { promises as dns } from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import type { Ipv6CheckResult, Ipv6Status } from './schema.js';

/** Errors that mean "this server has no IPv6 path", not "the system does not answer over IPv6". */
const NO_LOCAL_IPV6 = new Set(['ENETUNREACH', 'EADDRNOTAVAIL', 'EAFNOSUPPORT', 'EPROTONOSUPPORT']);

export async function checkIpv6(
  url: string,
  opts: { timeoutMs?: number } = {},
): Promise<{ status: Ipv6Status; result: Ipv6CheckResult }> {
  const u = new URL(url);
  const host = u.hostname.replace(/^\[|\]$/g, '');
  let aaaa: string[] = [];
  if (net.isIPv6(host)) aaaa = [host];
  else if (!net.isIPv4(host)) {
    const fromDns = await dns.resolve6(host).catch(() => [] as string[]);
    const fromResolver = await dns.lookup(host, { family: 6, all: true }).then(
      (r) => r.map((a) => a.address),
      () => [] as string[],
    );
    aaaa = [...new Set([...fromDns, ...fromResolver])];
  }
  if (!aaaa.length)
    return {
      status: 'not_ready',
      result: { host, aaaa, http: null, reason: 'Không có bản ghi AAAA — no AAAA record' },
    };
  const httpResult = await requestOverIpv6(u, opts.timeoutMs ?? 10_000);
  if (httpResult.ok)
    return {
      status: 'ready',
      result: {
        host,
        aaaa,
        http: httpResult,
        reason: `Có AAAA và trả lời HTTP ${httpResult.status} qua IPv6 — AAAA and HTTP ${httpResult.status} over IPv6`,
      },
    };
  if (httpResult.error && NO_LOCAL_IPV6.has(httpResult.error))
    return {
      status: 'ready',
      result: {
        host,
        aaaa,
        http: httpResult,
        reason:
          'Có AAAA; mạng của máy chủ không có IPv6 nên chưa thử HTTP — AAAA present; this server has no IPv6 route, HTTP not tried',
      },
    };
  return {
    status: 'not_ready',
    result: {
      host,
      aaaa,
      http: httpResult,
      reason: `Có AAAA nhưng không truy cập được qua IPv6 — AAAA present but no answer over IPv6 (${httpResult.error ?? httpResult.status})`,
    },
  };
}

function requestOverIpv6(u: URL, timeoutMs: number): Promise<NonNullable<Ipv6CheckResult['http']>> {
  const client = u.protocol === 'https:' ? https : http;
  return new Promise((resolve) => {
    const req = client.request(
      u,
      { method: 'GET', family: 6, timeout: timeoutMs, headers: { 'user-agent': 'tinhso-ipv6-check' } },
      (res) => {
        res.resume();
        const status = res.statusCode ?? 0;
        resolve({ ok: status > 0 && status < 500, status, address: req.socket?.remoteAddress });
      },
    );
    req.on('timeout', () => req.destroy(Object.assign(new Error('timeout'), { code: 'ETIMEDOUT' })));
    req.on('error', (e: NodeJS.ErrnoException) => resolve({ ok: false, error: e.code ?? e.message }));
    req.end();
  });
}
