import { Writable } from 'node:stream';
import { sql } from 'drizzle-orm';
import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from './config.js';
import { createLogger, maskIdentityNumbers } from './logger.js';
import { SESSION_COOKIE } from './auth/principal.js';
import { testDatabase } from './testing/index.js';
import { createServer, type Server } from '../main.js';
import type { Database } from './db/client.js';
import { DEMO_PASSWORD } from '../demo/accounts.js';

/** Everything the logger writes, one JSON line each. */
class Capture extends Writable {
  lines: string[] = [];
  override _write(chunk: Buffer, _enc: string, done: () => void) {
    this.lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
    done();
  }
  get text() {
    return this.lines.join('\n');
  }
  parsed() {
    return this.lines.map((l) => JSON.parse(l) as Record<string, unknown>);
  }
}

const CCCD = '079203001234'; // 12 digits, the citizen identity card
const CMND = '201234567'; // 9 digits, the old identity card

let capture: Capture;
let server: Server;
let database: Database;

beforeAll(async () => {
  capture = new Capture();
  database = await testDatabase();
  const config = loadConfig({ NODE_ENV: 'test', DATA_DIR: `/tmp/tinhso-test-${process.pid}` }, { logLevel: 'info' });
  server = await createServer(config, { database, logger: createLogger('info', {}, capture as never) });
});
afterAll(async () => {
  await server.close();
  await database.close();
});
beforeEach(() => {
  capture.lines = [];
});

const inject = (opts: InjectOptions) => server.app.inject(opts);

function expectClean(secrets: string[]) {
  expect(capture.lines.length).toBeGreaterThan(0);
  for (const l of capture.lines) expect(() => JSON.parse(l)).not.toThrow();
  for (const s of secrets) expect(capture.text, `log leaks ${s}`).not.toContain(s);
  // No 12-digit run (a CCCD) outside fractions and uuids: a response time such as 0.537702999999 is not
  // one, nor the last group of a request id that happens to hold only digits (…-a1b2-123456789012).
  const withoutUuids = capture.text.replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi, '<uuid>');
  expect(withoutUuids).not.toMatch(/(?<![\d.])\d{12}(?!\d)/);
}

describe('logs never carry secrets or identity numbers', () => {
  it('a login logs the request, but not the password, the session cookie or the CSRF token', async () => {
    const r = await inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'admin', password: DEMO_PASSWORD },
    });
    expect(r.statusCode).toBe(200);
    const cookie = r.cookies.find((c) => c.name === SESSION_COOKIE)!.value;
    const csrf = r.json().csrfToken as string;
    const next = await inject({
      method: 'POST',
      url: '/api/auth/tokens',
      payload: { name: 'log test' },
      headers: { cookie: `${SESSION_COOKIE}=${cookie}`, 'x-csrf-token': csrf },
    });
    const token = next.json().token as string;
    await inject({ method: 'GET', url: '/api/auth/session', headers: { authorization: `Bearer ${token}` } });
    expectClean([DEMO_PASSWORD, cookie, csrf, token]);
    // The request logger did run, through the platform's serializer (no host, address or headers).
    const incoming = capture.parsed().filter((l) => l.msg === 'incoming request');
    expect(incoming.length).toBe(3);
    expect(Object.keys(incoming[0]!.req as object).sort()).toEqual(['id', 'method', 'url']);
    expect(capture.parsed().filter((l) => l.msg === 'request completed').length).toBe(3);
  });

  it('a failed login with a wrong password logs neither the password nor an identity number used as username', async () => {
    const password = `Sai-${CCCD}-matkhau`;
    const r = await inject({ method: 'POST', url: '/api/auth/login', payload: { username: CCCD, password } });
    expect(r.statusCode).toBe(401);
    expectClean([password, CCCD]);
  });

  it('masks identity numbers in the URL path and query, and redacts secrets in the query', async () => {
    await inject({
      method: 'GET',
      url: `/api/citizens/${CCCD}?cmnd=${CMND}&token=tsk_abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG&password=hunter22`,
    });
    expectClean([CCCD, CMND, 'tsk_abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG', 'hunter22']);
    const url = (capture.parsed().find((l) => l.msg === 'incoming request')!.req as { url: string }).url;
    expect(url).toContain('/api/citizens/07********34');
    expect(url).toContain('cmnd=20*****67');
  });

  it('keeps identity numbers in a body or an Authorization header out of the logs', async () => {
    await inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'congdan', password: DEMO_PASSWORD, cccd: CCCD },
    });
    await inject({ method: 'GET', url: '/api/auth/session', headers: { authorization: `Bearer ${CCCD}` } });
    await inject({
      method: 'GET',
      url: '/api/auth/session',
      headers: { authorization: `Basic ${Buffer.from(`${CCCD}:${DEMO_PASSWORD}`).toString('base64')}` },
    });
    expectClean([CCCD, DEMO_PASSWORD, Buffer.from(`${CCCD}:${DEMO_PASSWORD}`).toString('base64')]);
  });

  it('masks an identity number sent as the request id, which every line of the request carries', async () => {
    const r = await inject({ method: 'GET', url: '/health', headers: { 'x-request-id': CCCD } });
    expect(r.statusCode).toBe(200);
    expectClean([CCCD]);
  });

  it('masks identity numbers in error messages and stacks, and redacts secret fields of logged objects', async () => {
    const err = new Error(`duplicate key value violates unique constraint: (cccd)=(${CCCD})`);
    server.app.log.error(
      { err, body: { password: 'p@ss-in-body', nested: { token: 'tok-in-body' } }, cccd: CCCD, size: 201234567 },
      `failed for ${CMND}`,
    );
    server.app.log.warn({ err: `opaque ${CCCD}` }, 'plain string error');
    expectClean([CCCD, CMND, 'p@ss-in-body', 'tok-in-body']);
    const [line] = capture.parsed();
    expect((line!.err as { message: string }).message).toContain('07********34');
    expect(line!.msg).toBe('failed for 20*****67');
  });

  it('a failed query logs neither its bound values nor the row PostgreSQL quotes back', async () => {
    const phone = '0912345678';
    const address = '12 Lê Lợi, phường Thuận Hóa';
    const email = 'nguoidan@example.vn';
    let failure: unknown;
    try {
      await server.ctx.db.execute(
        sql`SELECT ${phone}::date, ${address}::text, ${email}::text, ${JSON.stringify({ hoTen: 'Hoàng Văn Dân' })}::jsonb`,
      );
    } catch (e) {
      failure = e;
    }
    expect(failure).toBeDefined();
    // As the error handler logs an unexpected failure.
    server.app.log.error({ err: failure }, 'unhandled error');
    expectClean([phone, address, email, 'Hoàng Văn Dân']);
    const err = capture.parsed()[0]!.err as { message: string };
    expect(err.message).toMatch(/Failed query: SELECT \$1::date/);
    expect(err.message).toContain('params: [redacted]');
  });

  it('redacts the reporter’s name, phone and e-mail that Open311 clients send in the query string', async () => {
    await inject({
      method: 'GET',
      url: '/open311/v2/requests.json?jurisdiction_id=46&first_name=Lan&last_name=Nguy%E1%BB%85n&phone=0905111222&email=lan%40example.vn&address_string=12%20L%C3%AA%20Du%E1%BA%A9n',
    });
    expectClean(['0905111222', 'lan%40example.vn', 'Nguy%E1%BB%85n', '12%20L%C3%AA']);
    const url = (capture.parsed().find((l) => l.msg === 'incoming request')!.req as { url: string }).url;
    expect(url).toContain('jurisdiction_id=46');
    expect(url).toContain('phone=[redacted]');
  });

  it('leaves request ids, UUIDs and timings readable', async () => {
    const id = '550e8400-e29b-41d4-a716-446655440000';
    await inject({ method: 'GET', url: `/api/auth/tokens/${id}`, headers: { 'x-request-id': id } });
    const lines = capture.parsed();
    expect(lines.every((l) => l.reqId === id)).toBe(true);
    expect((lines.find((l) => l.msg === 'incoming request')!.req as { url: string }).url).toBe(
      `/api/auth/tokens/${id}`,
    );
    expect(typeof lines.find((l) => l.msg === 'request completed')!.responseTime).toBe('number');
  });
});

describe('maskIdentityNumbers', () => {
  it('masks 9- and 12-digit runs but not longer or shorter numbers, nor a UUID', () => {
    expect(maskIdentityNumbers(`CCCD ${CCCD}, CMND ${CMND}.`)).toBe('CCCD 07********34, CMND 20*****67.');
    expect(maskIdentityNumbers('phone 0912345678, time 1718000000000, code 12345678')).toBe(
      'phone 0912345678, time 1718000000000, code 12345678',
    );
    expect(maskIdentityNumbers('550e8400-e29b-41d4-a716-446655440000')).toBe('550e8400-e29b-41d4-a716-446655440000');
  });
});
