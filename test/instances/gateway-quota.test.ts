/**
 * The integration gateway on two instances of one PostgreSQL database: a consumer's quota is one quota whichever
 * instance its calls hit (the counters are rows, not process memory), a token issued by one instance is accepted by
 * the other (the signing keys are shared, encrypted, in the database), and both instances' log rows form one chain.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { login, send, startCluster, type Cluster, type Headers } from './cluster.js';

// Production instances need the secret their keys are encrypted with.
process.env.GATEWAY_KEY_SECRET = 'instance-suite-gateway-secret';

let c: Cluster;
let adminA: Headers;
let provider: http.Server;
let providerUrl: string;
let calls = 0;

beforeAll(async () => {
  provider = http.createServer((_req, res) => {
    calls++;
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.end('ok');
  });
  await new Promise<void>((r) => provider.listen(0, '127.0.0.1', r));
  providerUrl = `http://127.0.0.1:${(provider.address() as AddressInfo).port}`;
  // Behind one load balancer both instances are one issuer of access tokens.
  c = await startCluster('gateway', { GATEWAY_ISSUER: 'http://lgsp.tinhso.test/lgsp' });
  adminA = await login(c.a, 'admin');
});
afterAll(async () => {
  await c?.close();
  await new Promise((r) => provider?.close(r));
});

describe('gateway quota across instances', () => {
  it('a consumer’s calls beyond its rate limit are refused whichever instance they hit', async () => {
    const member = await send(c.a, 'POST', '/api/gateway/members', adminA, {
      kind: 'national',
      code: 'test.national',
      name: 'Hệ thống thử',
    });
    expect(member.status, member.text).toBe(201);
    const svc = await send(c.a, 'POST', '/api/gateway/services', adminA, {
      memberId: member.json.id,
      code: 'echo',
      name: 'Echo',
      baseUrl: providerUrl,
    });
    expect(svc.status, svc.text).toBe(201);
    const consumer = await send(c.a, 'POST', '/api/gateway/consumers', adminA, {
      memberId: member.json.id,
      name: 'Client',
    });
    expect(consumer.status, consumer.text).toBe(201);
    expect(
      (
        await send(c.a, 'PATCH', `/api/gateway/consumers/${consumer.json.id}`, adminA, {
          rateMax: 10,
          rateWindowMs: 600_000,
        })
      ).status,
    ).toBe(200);
    const rule = await send(c.a, 'POST', '/api/gateway/rules', adminA, {
      consumerId: consumer.json.id,
      serviceId: svc.json.id,
      methods: ['GET'],
      pathPattern: '/**',
      purpose: 'Kiểm thử hạn mức',
    });
    expect(rule.status, rule.text).toBe(201);

    const tok = await fetch(`${c.a.url}/lgsp/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: consumer.json.clientId,
        client_secret: consumer.json.clientSecret,
      }),
    });
    expect(tok.status).toBe(200);
    const auth = { authorization: `Bearer ${((await tok.json()) as { access_token: string }).access_token}` };
    const answers = await Promise.all(
      Array.from({ length: 30 }, (_, i) => send(i % 2 ? c.b : c.a, 'GET', `/lgsp/test.national/echo/ping/${i}`, auth)),
    );
    const ok = answers.filter((a) => a.status === 200);
    const refused = answers.filter((a) => a.status === 429);
    const seen = JSON.stringify(answers.map((a) => `${a.status} ${a.text.slice(0, 120)}`));
    expect(ok.length, seen).toBe(10);
    expect(refused.length, seen).toBe(20);
    expect(calls).toBe(10);
    // Both instances served calls (the token of A was good on B) and both refused some.
    expect(
      answers.filter((a, i) => i % 2 === 1 && a.status === 200).length +
        answers.filter((a, i) => i % 2 === 1 && a.status === 429).length,
    ).toBe(15);
    expect(refused.every((a) => Number(a.headers.get('retry-after')) > 0)).toBe(true);
    // Every call, forwarded or refused, is one row of the log.
    await expect
      .poll(
        async () =>
          (await c.pool.query(`SELECT count(*)::int AS n FROM gateway_exchange_log WHERE service_code = 'echo'`))
            .rows[0].n,
        { timeout: 5000 },
      )
      .toBe(30);
  });
});
