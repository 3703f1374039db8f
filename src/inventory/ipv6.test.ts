import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkIpv6 } from './ipv6.js';

// A web server on the loopback's IPv6 address, where the machine has one (some containers have no ::1).
let server: http.Server | null = null;
let port = 0;
beforeAll(async () => {
  const s = http.createServer((_req, res) => res.end('ok'));
  port = await new Promise<number>((resolve) => {
    s.once('error', () => resolve(0));
    s.listen(0, '::1', () => resolve((s.address() as AddressInfo).port));
  });
  if (port) server = s;
});
afterAll(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

describe('the platform’s IPv6 check', () => {
  it('a system answering over IPv6 is ready, with the address it answered from', async (ctx) => {
    if (!server) return ctx.skip();
    const r = await checkIpv6(`http://[::1]:${port}/`);
    expect(r.status).toBe('ready');
    expect(r.result).toMatchObject({ aaaa: ['::1'], http: { ok: true, status: 200, address: '::1' } });
  });

  it('an address with AAAA that does not answer over IPv6 is not ready, and says why', async (ctx) => {
    if (!server) return ctx.skip();
    // A port nobody listens on: connection refused over IPv6.
    const closed = http.createServer();
    const freePort = await new Promise<number>((resolve) =>
      closed.listen(0, '::1', () => resolve((closed.address() as AddressInfo).port)),
    );
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const r = await checkIpv6(`http://[::1]:${freePort}/`);
    expect(r.status).toBe('not_ready');
    expect(r.result.http).toMatchObject({ ok: false, error: 'ECONNREFUSED' });
    expect(r.result.reason).toMatch(/AAAA present but no answer over IPv6/);
  });

  it('an IPv4-only address has no AAAA and is not ready, without any request', async () => {
    const r = await checkIpv6('http://127.0.0.1:9/');
    expect(r).toEqual({
      status: 'not_ready',
      result: { host: '127.0.0.1', aaaa: [], http: null, reason: expect.stringMatching(/no AAAA record/) },
    });
  });

  it('a name that does not resolve has no AAAA', async () => {
    const r = await checkIpv6('https://khong-ton-tai.invalid/');
    expect(r.status).toBe('not_ready');
    expect(r.result.aaaa).toEqual([]);
  });
});
