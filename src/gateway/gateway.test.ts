/**
 * The gateway end to end through the real server: registry, access request and approval, OAuth client credentials,
 * the proxy against a real HTTP provider (exact bytes, identity and trace headers, refusals as problem+json, each
 * logged with nothing forwarded), mutual TLS on a TLS listener with a client certificate from a test CA, the hash-
 * chained exchange log with an RFC 3161 seal, tampering caught, the published statistics view and alerts.
 */
import crypto from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { sql } from 'drizzle-orm';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../platform/index.js';
import { testServer, type Client, type TestServer } from '../platform/testing/index.js';
import { createTestCa, type TestCa } from '../platform/pki/index.js';
import { startTestTsa, type TestTsa } from '../platform/timestamp/index.js';
import { demoPlaces, staffWith } from '../directory/test-fixtures.js';
import {
  gatewayOf,
  rfc3161Timestamper,
  rfc3161Verifier,
  sealLog,
  verifyExchangeLog,
  linkExchangeLog,
} from './index.js';
import { checkAlerts } from './monitor.js';
import { linkLog } from './log/chain.js';
import { TOKEN_AUDIENCE } from './tokens.js';
import { runGatewayVerify } from '../cli/gateway-verify.js';

// Read when the server is built: a breaker that opens after 3 failures.
process.env.GATEWAY_BREAKER_FAILURES = '3';
process.env.GATEWAY_RETRIES = '1';

let s: TestServer;
let admin: Client;
let places: Awaited<ReturnType<typeof demoPlaces>>;
let provider: http.Server;
let providerUrl: string;
const seen: http.IncomingHttpHeaders[] = [];
let uploads = 0;
/** Bytes that are not UTF-8, with a NUL: passed on unchanged or the test fails. */
const PAYLOAD = Buffer.concat([Buffer.from('dữ liệu dân cư '), Buffer.from([0, 255, 254, 1, 2, 3])]);
let tsa: TestTsa;
let ca: TestCa;

beforeAll(async () => {
  provider = http.createServer((req, res) => {
    seen.push(req.headers);
    const parts: Buffer[] = [];
    req.on('data', (c: Buffer) => parts.push(c));
    req.on('end', () => {
      if (req.url === '/hang') return; // never answers
      if (req.url === '/reset') return req.socket.destroy();
      if (req.url?.startsWith('/upload')) {
        uploads++;
        const body = Buffer.concat(parts);
        res.writeHead(201, { 'content-type': 'application/json' });
        return res.end(
          JSON.stringify({ bytes: body.length, sha256: crypto.createHash('sha256').update(body).digest('hex') }),
        );
      }
      // Of declared length: read whole by the gateway (proxy.ts), then passed on.
      if (req.url?.startsWith('/sized/')) {
        res.writeHead(200, {
          'content-type': 'application/octet-stream',
          'content-length': PAYLOAD.length,
          'x-provider': 'population',
        });
        return res.end(PAYLOAD);
      }
      // Declares 100 bytes, sends 10, and resets.
      if (req.url === '/cut-short') {
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': 100 });
        res.write('{"partial"');
        return void setTimeout(() => req.socket.destroy(), 20);
      }
      if (req.url?.startsWith('/citizens/')) {
        res.writeHead(200, { 'content-type': 'application/octet-stream', 'x-provider': 'population', etag: '"v1"' });
        return res.end(PAYLOAD);
      }
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('no such thing');
    });
  });
  await new Promise<void>((r) => provider.listen(0, '127.0.0.1', r));
  providerUrl = `http://127.0.0.1:${(provider.address() as AddressInfo).port}`;
  [s, tsa, ca] = await Promise.all([
    testServer(),
    startTestTsa(),
    createTestCa({ commonName: 'LGSP test CA', organization: 'Tỉnh số' }),
  ]);
  admin = await s.login('admin');
  places = await demoPlaces(s);
});
afterAll(async () => {
  await s?.close();
  await tsa?.close();
  await new Promise((r) => provider?.close(r));
});

const json = <T>(r: { json(): unknown }) => r.json() as T;

interface Setup {
  serviceId: string;
  consumerId: string;
  clientId: string;
  clientSecret: string;
  path: string;
}
let setup: Setup;

async function token(clientId = setup.clientId, secret = setup.clientSecret): Promise<string> {
  const r = await s.app.inject({
    method: 'POST',
    url: '/lgsp/token',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      authorization: `Basic ${Buffer.from(`${encodeURIComponent(clientId)}:${encodeURIComponent(secret)}`).toString('base64')}`,
    },
    payload: 'grant_type=client_credentials',
  });
  expect(r.statusCode, r.body).toBe(200);
  return json<{ access_token: string }>(r).access_token;
}

async function logRows(): Promise<
  { status: number; outcome: string; refusal: string | null; consumer_id: string | null; bytes_in: string }[]
> {
  await gatewayOf(s.ctx).writer.flushed();
  return queryRows(
    s.ctx.db,
    sql`SELECT status, outcome, refusal, consumer_id, bytes_in FROM gateway_exchange_log ORDER BY seq`,
  );
}

describe('registry, consumers and access', () => {
  it('registers a provider agency, its service and a consumer system of another agency; a request for access is approved by the provider', async () => {
    const police = json<{ id: string; code: string }>(
      await admin.post('/api/gateway/members', { kind: 'agency', name: 'Công an tỉnh', agencyId: places.police }),
    );
    expect(police.code).toBe('000.00.90.H57');
    const svc = await admin.post('/api/gateway/services', {
      memberId: police.id,
      code: 'citizens',
      name: 'Tra cứu công dân',
      baseUrl: providerUrl,
      classification: 4,
      personalData: true,
      bodyLimit: 1000,
      timeoutMs: 400,
      logBodies: true,
      openapi: {
        openapi: '3.0.3',
        info: { title: 'Citizens', version: '1' },
        paths: { '/citizens/{id}': { get: { summary: 'One citizen' } } },
      },
    });
    expect(svc.statusCode, svc.body).toBe(201);
    const service = json<{ id: string; path: string; classification: number }>(svc);
    expect(service).toMatchObject({ path: '/lgsp/000.00.90.H57/citizens', classification: 4 });
    const system = json<{ id: string; code: string }>(
      await admin.post('/api/gateway/members', {
        kind: 'system',
        code: 'motcua',
        name: 'Hệ thống một cửa của phường',
        agencyId: places.phuXuanPc,
      }),
    );
    expect(system.code).toBe('000.00.41.H57:motcua');

    // The ward's officer runs the ward's consumer and asks for access; he cannot approve it himself.
    const ward = await staffWith(s, [{ role: 'officer', scopeKind: 'agency', scopeId: places.phuXuanPc }], {
      agencyId: places.phuXuanPc,
    });
    const created = await ward.post('/api/gateway/consumers', { memberId: system.id, name: 'Một cửa Phú Xuân' });
    expect(created.statusCode, created.body).toBe(201);
    const consumer = json<{ id: string; clientId: string; clientSecret: string }>(created);
    // Another agency's member is not his to use.
    expect((await ward.post('/api/gateway/consumers', { memberId: police.id, name: 'x' })).statusCode).toBe(403);
    setup = {
      serviceId: service.id,
      consumerId: consumer.id,
      clientId: consumer.clientId,
      clientSecret: consumer.clientSecret,
      path: service.path,
    };

    const asked = await ward.post('/api/gateway/access-requests', {
      consumerId: consumer.id,
      serviceId: service.id,
      methods: ['GET'],
      pathPattern: '/citizens/*',
      purpose: 'Điền sẵn thông tin người nộp hồ sơ',
      expiresAt: new Date(Date.now() + 86_400_000).toISOString(),
    });
    expect(asked.statusCode, asked.body).toBe(201);
    const requestId = json<{ id: string }>(asked).id;
    expect((await ward.post(`/api/gateway/access-requests/${requestId}/approve`, {})).statusCode).toBe(403);
    // The catalog is public; the request is listed for the one who asked.
    expect(json<{ code: string }[]>(await s.anonymous.get('/api/gateway/services')).map((x) => x.code)).toEqual(
      expect.arrayContaining(['citizens', 'dossier-status', 'procedures']),
    );
    expect(
      json<{ id: string; status: string }[]>(await ward.get('/api/gateway/access-requests')).find(
        (r) => r.id === requestId,
      )?.status,
    ).toBe('pending');
    // Kept for the approval test below.
    (setup as Setup & { requestId: string }).requestId = requestId;
  });

  it('token endpoint: client_secret_basic and client_secret_post work; a wrong secret is invalid_client (401); another grant type is refused', async () => {
    expect(await token()).toMatch(/^ey/);
    const post = await s.app.inject({
      method: 'POST',
      url: '/lgsp/token',
      payload: { grant_type: 'client_credentials', client_id: setup.clientId, client_secret: setup.clientSecret },
    });
    expect(post.statusCode).toBe(200);
    expect(post.headers['cache-control']).toBe('no-store');
    expect(json<{ token_type: string; expires_in: number }>(post)).toMatchObject({
      token_type: 'Bearer',
      expires_in: 300,
    });
    const bad = await s.app.inject({
      method: 'POST',
      url: '/lgsp/token',
      payload: { grant_type: 'client_credentials', client_id: setup.clientId, client_secret: 'wrong' },
    });
    expect(bad.statusCode).toBe(401);
    expect(json<{ error: string }>(bad).error).toBe('invalid_client');
    const grant = await s.app.inject({
      method: 'POST',
      url: '/lgsp/token',
      payload: { grant_type: 'password', client_id: setup.clientId, client_secret: setup.clientSecret },
    });
    expect(json<{ error: string }>(grant).error).toBe('unsupported_grant_type');
  });
});

describe('proxy', () => {
  it('a consumer without a rule gets 403 problem+json, the attempt is logged, and nothing reaches the provider', async () => {
    const before = seen.length;
    const r = await s.app.inject({
      method: 'GET',
      url: `${setup.path}/citizens/046090001234`,
      headers: { authorization: `Bearer ${await token()}` },
    });
    expect(r.statusCode).toBe(403);
    expect(r.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(json<{ code: string }>(r).code).toBe('no-access-rule');
    expect(seen.length).toBe(before);
    const rows = await logRows();
    expect(rows.at(-1)).toMatchObject({
      status: 403,
      outcome: 'refused',
      refusal: 'no-access-rule',
      consumer_id: setup.consumerId,
    });
  });

  it('with the approved rule the consumer gets the provider’s exact bytes; the provider sees the consumer, the request id and the trace', async () => {
    const requestId = (setup as Setup & { requestId: string }).requestId;
    const ok = await admin.post(`/api/gateway/access-requests/${requestId}/approve`, {});
    expect(ok.statusCode, ok.body).toBe(200);
    expect((await admin.post(`/api/gateway/access-requests/${requestId}/refuse`, { reason: 'x' })).statusCode).toBe(
      409,
    );
    const trace = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
    const r = await s.app.inject({
      method: 'GET',
      url: `${setup.path}/citizens/046090001234?fields=all`,
      headers: { authorization: `Bearer ${await token()}`, traceparent: trace, 'x-request-id': 'req-gateway-test-1' },
    });
    expect(r.statusCode, r.body).toBe(200);
    expect(Buffer.compare(r.rawPayload, PAYLOAD)).toBe(0);
    expect(r.headers['x-provider']).toBe('population');
    expect(r.headers.etag).toBe('"v1"');
    const h = seen.at(-1)!;
    expect(h['x-lgsp-client']).toBe(`000.00.41.H57:motcua/${setup.clientId}`);
    expect(h['x-request-id']).toBe('req-gateway-test-1');
    expect(h.traceparent).toMatch(/^00-4bf92f3577b34da6a3ce929d0e0e4736-[0-9a-f]{16}-01$/);
    expect(h.traceparent).not.toBe(trace);
    expect(h.authorization).toBeUndefined();
    // A method or a path the rule does not cover is refused.
    const post = await s.app.inject({
      method: 'POST',
      url: `${setup.path}/citizens/1`,
      headers: { authorization: `Bearer ${await token()}`, 'content-type': 'application/json' },
      payload: '{}',
    });
    expect(post.statusCode).toBe(403);
    const other = await s.app.inject({
      method: 'GET',
      url: `${setup.path}/citizens/1/family`,
      headers: { authorization: `Bearer ${await token()}` },
    });
    expect(other.statusCode).toBe(403);
  });

  it('no token, a forged token and an expired token are 401 problem+json, each logged', async () => {
    const url = `${setup.path}/citizens/1`;
    const none = await s.app.inject({ method: 'GET', url });
    expect(none.statusCode).toBe(401);
    expect(json<{ code: string }>(none).code).toBe('token-missing');
    const { privateKey } = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, [
      'sign',
      'verify',
    ]);
    const kid = (await gatewayOf(s.ctx).keys.signing()).kid;
    const forged = await new SignJWT({ client_id: setup.clientId })
      .setProtectedHeader({ alg: 'ES256', kid, typ: 'at+jwt' })
      .setIssuer(gatewayOf(s.ctx).issuer)
      .setSubject(setup.consumerId)
      .setAudience(TOKEN_AUDIENCE)
      .setExpirationTime('5m')
      .sign(privateKey);
    const f = await s.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${forged}` } });
    expect(f.statusCode).toBe(401);
    expect(json<{ code: string }>(f).code).toBe('token-invalid');
    const key = await gatewayOf(s.ctx).keys.signing();
    const expired = await new SignJWT({ client_id: setup.clientId })
      .setProtectedHeader({ alg: 'ES256', kid: key.kid, typ: 'at+jwt' })
      .setIssuer(gatewayOf(s.ctx).issuer)
      .setSubject(setup.consumerId)
      .setAudience(TOKEN_AUDIENCE)
      .setIssuedAt(Math.floor(Date.now() / 1000) - 600)
      .setExpirationTime(Math.floor(Date.now() / 1000) - 300)
      .sign(key.privateKey);
    const e = await s.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${expired}` } });
    expect(e.statusCode).toBe(401);
    expect(json<{ code: string }>(e).code).toBe('token-expired');
    const rows = await logRows();
    expect(rows.slice(-3).map((r) => r.refusal)).toEqual(['token-missing', 'token-invalid', 'token-expired']);
  });

  it('a NUL or a broken %-escape in the path or query is 400 problem+json before anything is forwarded, and logged', async () => {
    const before = seen.length;
    const auth = { authorization: `Bearer ${await token()}` };
    const nul = await s.app.inject({ method: 'GET', url: `${setup.path}/citizens/1?q=a%00b`, headers: auth });
    expect(nul.statusCode).toBe(400);
    expect(nul.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(json<{ code: string }>(nul).code).toBe('invalid-characters');
    const broken = await s.app.inject({ method: 'GET', url: `${setup.path}/citizens/1?q=%ED%A0%80`, headers: auth });
    expect(broken.statusCode).toBe(400);
    expect(json<{ code: string }>(broken).code).toBe('malformed-url');
    expect(seen.length).toBe(before);
    const rows = await logRows();
    expect(rows.slice(-2)).toEqual([
      expect.objectContaining({ status: 400, outcome: 'refused', refusal: 'invalid-characters' }),
      expect.objectContaining({ status: 400, outcome: 'refused', refusal: 'malformed-url' }),
    ]);
  });

  it('a body over the service’s limit is 413 before anything is forwarded, declared or chunked; one within it streams through', async () => {
    const grant = await admin.post('/api/gateway/rules', {
      consumerId: setup.consumerId,
      serviceId: setup.serviceId,
      methods: ['POST', 'GET'],
      pathPattern: '/**',
      purpose: 'Kiểm thử',
    });
    expect(grant.statusCode, grant.body).toBe(201);
    const auth = { authorization: `Bearer ${await token()}`, 'content-type': 'application/octet-stream' };
    const before = uploads;
    const big = await s.app.inject({
      method: 'POST',
      url: `${setup.path}/upload`,
      headers: auth,
      payload: Buffer.alloc(1001, 7),
    });
    expect(big.statusCode).toBe(413);
    expect(json<{ code: string }>(big).code).toBe('body-too-large');
    const chunked = await s.app.inject({
      method: 'POST',
      url: `${setup.path}/upload`,
      headers: { ...auth, 'transfer-encoding': 'chunked' },
      payload: Readable.from([Buffer.alloc(600, 1), Buffer.alloc(600, 2)]),
    });
    expect(chunked.statusCode).toBe(413);
    expect(uploads).toBe(before);
    const body = crypto.randomBytes(900);
    const ok = await s.app.inject({ method: 'POST', url: `${setup.path}/upload`, headers: auth, payload: body });
    expect(ok.statusCode, ok.body).toBe(201);
    expect(json<{ bytes: number; sha256: string }>(ok)).toEqual({
      bytes: 900,
      sha256: crypto.createHash('sha256').update(body).digest('hex'),
    });
  });

  it('a provider that hangs is 504 within the timeout, one that resets is 502; after three failures the circuit opens (503)', async () => {
    const auth = { authorization: `Bearer ${await token()}` };
    const t0 = Date.now();
    const hang = await s.app.inject({ method: 'GET', url: `${setup.path}/hang`, headers: auth });
    expect(hang.statusCode).toBe(504);
    expect(Date.now() - t0).toBeLessThan(3000);
    expect(hang.headers['content-type']).toMatch(/^application\/problem\+json/);
    const reset = await s.app.inject({ method: 'GET', url: `${setup.path}/reset`, headers: auth });
    expect(reset.statusCode).toBe(502);
    await s.app.inject({ method: 'GET', url: `${setup.path}/reset`, headers: auth });
    const open = await s.app.inject({ method: 'GET', url: `${setup.path}/citizens/1`, headers: auth });
    expect(open.statusCode).toBe(503);
    expect(Number(open.headers['retry-after'])).toBeGreaterThan(0);
    gatewayOf(s.ctx).breakers.success(setup.serviceId);
    const rows = await logRows();
    expect(rows.slice(-4).map((r) => r.status)).toEqual([504, 502, 502, 503]);
  });

  it('an answer of declared length comes whole with the provider’s bytes and headers; one cut short gets the gateway’s 502, logged as an upstream error', async () => {
    const auth = { authorization: `Bearer ${await token()}` };
    const ok = await s.app.inject({ method: 'GET', url: `${setup.path}/sized/1`, headers: auth });
    expect(ok.statusCode).toBe(200);
    expect(Buffer.compare(ok.rawPayload, PAYLOAD)).toBe(0);
    expect(ok.headers['content-type']).toBe('application/octet-stream');
    expect(ok.headers['content-length']).toBe(String(PAYLOAD.length));
    expect(ok.headers['x-provider']).toBe('population');
    const cut = await s.app.inject({ method: 'GET', url: `${setup.path}/cut-short`, headers: auth });
    expect(cut.statusCode).toBe(502);
    expect(cut.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(cut.json()).toMatchObject({ code: 'provider-unreachable' });
    expect(cut.body).not.toContain('partial');
    gatewayOf(s.ctx).breakers.success(setup.serviceId);
    await gatewayOf(s.ctx).writer.flushed();
    const rows = await queryRows<{
      path: string;
      status: number;
      outcome: string;
      bytes_out: string;
      response_sha256: string;
    }>(
      s.ctx.db,
      sql`SELECT path, status, outcome, bytes_out::int AS bytes_out, response_sha256 FROM gateway_exchange_log ORDER BY seq DESC LIMIT 2`,
    );
    expect(rows.reverse()).toEqual([
      {
        path: '/sized/1',
        status: 200,
        outcome: 'forwarded',
        bytes_out: PAYLOAD.length,
        response_sha256: crypto.createHash('sha256').update(PAYLOAD).digest('hex'),
      },
      expect.objectContaining({ path: '/cut-short', status: 502, outcome: 'upstream-error' }),
    ]);
  });

  it('past its rate limit a consumer gets 429 with Retry-After', async () => {
    expect(
      (await admin.patch(`/api/gateway/consumers/${setup.consumerId}`, { rateMax: 2, rateWindowMs: 60_000 }))
        .statusCode,
    ).toBe(200);
    await s.ctx.db.execute(sql`DELETE FROM rate_limits WHERE key LIKE 'gateway.%'`);
    const auth = { authorization: `Bearer ${await token()}` };
    const codes: number[] = [];
    for (let i = 0; i < 3; i++)
      codes.push((await s.app.inject({ method: 'GET', url: `${setup.path}/citizens/1`, headers: auth })).statusCode);
    expect(codes).toEqual([200, 200, 429]);
    const last = await s.app.inject({ method: 'GET', url: `${setup.path}/citizens/1`, headers: auth });
    expect(last.statusCode).toBe(429);
    expect(Number(last.headers['retry-after'])).toBeGreaterThan(0);
    await admin.patch(`/api/gateway/consumers/${setup.consumerId}`, { rateMax: 100_000 });
    await s.ctx.db.execute(sql`DELETE FROM rate_limits WHERE key LIKE 'gateway.%'`);
  });

  it('mutual TLS: a client certificate from the configured CA identifies its consumer; one from another CA is refused', async () => {
    const client = await ca.issue({ commonName: 'motcua.phuxuan', usage: 'client' });
    const server = await ca.issue({ commonName: 'localhost', usage: 'server', dnsNames: ['localhost'] });
    const otherCa = await createTestCa({ commonName: 'Another CA' });
    const stranger = await otherCa.issue({ commonName: 'stranger', usage: 'client' });
    expect(
      (await admin.patch(`/api/gateway/consumers/${setup.consumerId}`, { certificatePem: client.certPem })).statusCode,
    ).toBe(200);
    const tls = https.createServer(
      {
        cert: server.certPem,
        key: server.privateKeyPem,
        ca: [ca.certPem],
        requestCert: true,
        rejectUnauthorized: false,
      },
      (req, res) => s.app.routing(req, res),
    );
    await new Promise<void>((r) => tls.listen(0, '127.0.0.1', r));
    const port = (tls.address() as AddressInfo).port;
    const call = (cert: { certPem: string; privateKeyPem: string }) =>
      new Promise<{ status: number; body: Buffer }>((resolve, reject) => {
        const req = https.request(
          {
            host: '127.0.0.1',
            port,
            path: `${setup.path}/citizens/1`,
            servername: 'localhost',
            ca: [ca.certPem],
            cert: cert.certPem,
            key: cert.privateKeyPem,
            agent: false,
          },
          (res) => {
            const parts: Buffer[] = [];
            res.on('data', (c: Buffer) => parts.push(c));
            res.on('end', () => resolve({ status: res.statusCode!, body: Buffer.concat(parts) }));
          },
        );
        req.on('error', reject);
        req.end();
      });
    try {
      const ok = await call(client);
      expect(ok.status).toBe(200);
      expect(Buffer.compare(ok.body, PAYLOAD)).toBe(0);
      const refused = await call(stranger);
      expect(refused.status).toBe(401);
      expect(JSON.parse(refused.body.toString()).code).toBe('certificate-untrusted');
    } finally {
      await new Promise((r) => tls.close(r));
    }
  });
});

describe('exchange log', () => {
  it('is hash-chained and sealed with an RFC 3161 time-stamp; it verifies; a tampered row and a tampered seal are caught', async () => {
    const gw = gatewayOf(s.ctx);
    await gw.writer.flushed();
    await linkExchangeLog(s.ctx.database);
    const pos = await sealLog(s.ctx.database, gw.keys, rfc3161Timestamper(tsa.url));
    expect(pos).toBeGreaterThan(10);
    expect(tsa.requests).toBe(1);
    const verifier = rfc3161Verifier([tsa.caCertPem]);
    const good = await verifyExchangeLog(s.ctx.database, { timestamps: verifier, requireTimestamps: true });
    expect(good.problems).toEqual([]);
    expect(good).toMatchObject({ valid: true, seals: 1 });
    // Logged bodies are encrypted, never stored in the clear.
    const [kept] = await queryRows<{ response_body: string | null }>(
      s.ctx.db,
      sql`SELECT response_body FROM gateway_exchange_log WHERE status = 200 AND response_body IS NOT NULL LIMIT 1`,
    );
    expect(kept?.response_body).toMatch(/^v1\./);
    expect(kept?.response_body).not.toContain('dữ liệu');

    // The database refuses changes; an attacker with the owner's rights switches the guard off first.
    await expect(
      s.ctx.db.execute(sql`UPDATE gateway_exchange_log SET status = 200 WHERE status = 403`),
    ).rejects.toThrow();
    await s.ctx.db.execute(sql`ALTER TABLE gateway_exchange_log DISABLE TRIGGER gateway_exchange_log_append_only`);
    await s.ctx.db.execute(
      sql`UPDATE gateway_exchange_log SET status = 200 WHERE seq = (SELECT min(seq) FROM gateway_exchange_log WHERE status = 403)`,
    );
    const row = await verifyExchangeLog(s.ctx.database, { timestamps: verifier });
    expect(row.valid).toBe(false);
    expect(row.problems).toEqual([expect.objectContaining({ reason: 'row-altered' })]);
    // The command says so too (exit 1), naming the row.
    const cli = await runGatewayVerify({ databaseUrl: undefined, dataDir: '/nonexistent' }, {}, s.ctx.database);
    expect(cli.exitCode).toBe(1);
    expect(cli.message).toMatch(/row-altered/);
    await s.ctx.db.execute(
      sql`UPDATE gateway_exchange_log SET status = 403 WHERE seq = (SELECT min(seq) FROM gateway_exchange_log WHERE refusal = 'no-access-rule')`,
    );
    await s.ctx.db.execute(sql`ALTER TABLE gateway_exchange_log ENABLE TRIGGER gateway_exchange_log_append_only`);
    expect((await verifyExchangeLog(s.ctx.database, { timestamps: verifier })).valid).toBe(true);
    expect(
      (await runGatewayVerify({ databaseUrl: undefined, dataDir: '/nonexistent' }, {}, s.ctx.database)).exitCode,
    ).toBe(0);

    await s.ctx.db.execute(sql`ALTER TABLE gateway_log_seals DISABLE TRIGGER gateway_log_seals_append_only`);
    await s.ctx.db.execute(sql`UPDATE gateway_log_seals SET head_hash = repeat('a', 64)`);
    const seal = await verifyExchangeLog(s.ctx.database, { timestamps: verifier });
    expect(seal.problems.map((p) => p.reason)).toEqual(
      expect.arrayContaining(['seal-head-mismatch', 'seal-signature']),
    );
    await s.ctx.db.execute(sql`ALTER TABLE gateway_log_seals ENABLE TRIGGER gateway_log_seals_append_only`);
  });

  it('links a round of several slices in seq order, and a backlog in rounds; the chain still verifies', async () => {
    const gw = gatewayOf(s.ctx);
    await linkExchangeLog(s.ctx.database);
    const at = new Date();
    await Promise.all(
      Array.from({ length: 450 }, (_, i) =>
        gw.writer.write({
          requestId: `slice-${i}`,
          at,
          consumerId: null,
          // No registered service: the monitoring test below counts the service's calls.
          serviceId: null,
          memberCode: 'so-tu-phap',
          serviceCode: 'slices',
          method: 'GET',
          path: `/slices/${i}`,
          status: 200,
          outcome: 'forwarded',
          refusal: null,
          bytesIn: 0,
          bytesOut: i,
          latencyMs: 1,
          requestSha256: '0'.repeat(64),
          responseSha256: '1'.repeat(64),
          requestBody: null,
          responseBody: null,
          traceId: '2'.repeat(32),
        }),
      ),
    );
    // One round of 400 (two slices of 200 and their turns of the event loop), then the rest.
    expect(await linkLog(s.ctx.database, { wait: true, batch: 400 })).toBe(400);
    expect(await linkExchangeLog(s.ctx.database)).toBe(50);
    const linked = await queryRows<{ pos: number; request_id: string }>(
      s.ctx.db,
      sql`SELECT c.pos, l.request_id FROM gateway_log_chain c JOIN gateway_exchange_log l ON l.seq = c.seq
           WHERE l.service_code = 'slices' ORDER BY c.pos`,
    );
    expect(linked.map((r) => r.request_id)).toEqual(Array.from({ length: 450 }, (_, i) => `slice-${i}`));
    expect(linked.at(-1)!.pos - linked[0]!.pos).toBe(449);
    // Every link verifies (the test above left its seal tampered with: that is all it finds).
    const v = await verifyExchangeLog(s.ctx.database, { timestamps: rfc3161Verifier([tsa.caCertPem]) });
    expect(v.links).toBeGreaterThanOrEqual(linked.at(-1)!.pos);
    expect(v.problems.filter((p) => !p.reason.startsWith('seal-'))).toEqual([]);
  });

  it('publishes calls, errors and latency per service, consumer and hour; an error rate over the threshold raises one alert, e-mailed', async () => {
    const stats = await queryRows<{ service_code: string; calls: number; errors: number; latency_ms_p95: number }>(
      s.ctx.db,
      sql`SELECT * FROM gateway_service_stats WHERE service_id = ${setup.serviceId}`,
    );
    expect(stats.reduce((n, r) => n + Number(r.calls), 0)).toBeGreaterThan(10);
    expect(stats.reduce((n, r) => n + Number(r.errors), 0)).toBeGreaterThanOrEqual(3);
    const api = await admin.get(`/api/gateway/stats?serviceId=${setup.serviceId}`);
    expect(api.statusCode).toBe(200);
    const gw = gatewayOf(s.ctx);
    const cfg = { ...gw.config, alertMinCalls: 3, alertWindowMs: 3_600_000, alertEmail: 'vanhanh@tinhso.local' };
    await s.ctx.db.execute(sql`UPDATE gateway_services SET alert_error_rate = 0.05 WHERE id = ${setup.serviceId}`);
    expect(await checkAlerts(s.ctx.db, cfg, s.ctx.log)).toBeGreaterThanOrEqual(1);
    expect(await checkAlerts(s.ctx.db, cfg, s.ctx.log)).toBe(0);
    const alerts = json<{ serviceId: string; kind: string }[]>(await admin.get('/api/gateway/alerts'));
    expect(alerts).toEqual(
      expect.arrayContaining([expect.objectContaining({ serviceId: setup.serviceId, kind: 'error-rate' })]),
    );
    const [mail] = await queryRows<{ n: number }>(
      s.ctx.db,
      sql`SELECT count(*)::int AS n FROM emails WHERE purpose = 'gateway.alert'`,
    );
    expect(mail!.n).toBeGreaterThanOrEqual(1);
  });
});
