/**
 * Brand-name SMS delivery against a local gateway in the eSMS JSON shape that fails now and then: a message queued
 * in a transaction reaches the gateway through the job runner's retries, exactly once as far as the gateway can tell
 * (one RequestId), and the carrier's delivery report lands on the outbox row.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabase, testServer, type TestServer } from '../testing/index.js';
import { loadConfig } from '../config.js';
import { createLogger } from '../logger.js';
import { smsJobHandler } from './sms-gateway.js';
import { OutboxSmsSender } from './sms.js';
import { smsOutbox } from './schema.js';

interface Received {
  Phone: string;
  Content: string;
  Brandname: string;
  RequestId: string;
  ApiKey: string;
  CallbackUrl?: string;
  IsUnicode: string;
}

let gateway: http.Server;
let url = '';
const received: Received[] = [];
/** What the next calls answer: 'drop' (HTTP 503), 'refuse' (CodeResult 99), or 'ok'. */
const plan: ('drop' | 'refuse' | 'ok')[] = [];

beforeAll(async () => {
  gateway = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      const msg = JSON.parse(body) as Received;
      received.push(msg);
      const next = plan.shift() ?? 'ok';
      if (next === 'drop') return res.writeHead(503).end('busy');
      res.writeHead(200, { 'content-type': 'application/json' });
      if (next === 'refuse')
        return res.end(JSON.stringify({ CodeResult: '99', ErrorMessage: 'temporarily unavailable' }));
      res.end(JSON.stringify({ CodeResult: '100', SMSID: `sms-${msg.RequestId}` }));
    });
  });
  await new Promise<void>((r) => gateway.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(gateway.address() as AddressInfo).port}/MainService.svc/json/SendMultipleMessage_V4_post_json/`;
});
afterAll(async () => {
  await new Promise((r) => gateway.close(r));
});

async function queue(s: TestServer, to: string, body: string) {
  await s.database.db.transaction((tx) => new OutboxSmsSender().send(tx, { to, body, purpose: 'test.sms' }));
  const [row] = await s.database.db.select().from(smsOutbox).where(eq(smsOutbox.to, to));
  return row!;
}

/** Runs due jobs, then makes the retries due at once (the backoff is the runner's, not under test here). */
async function drainWithRetries(s: TestServer, rounds: number) {
  for (let i = 0; i < rounds; i++) {
    await s.ctx.jobs.drain();
    await s.database.db.execute(sql`UPDATE jobs SET run_at = now() WHERE kind = 'notify.sms' AND status = 'pending'`);
  }
}

describe('SMS through a brand-name gateway', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await testServer({
      template: 'base',
      config: {
        sms: {
          provider: 'esms',
          url: '',
          brandname: 'TINHSO',
          apiKey: 'key',
          secretKey: 'secret',
          callbackToken: 'cb-token-123',
          publicUrl: 'https://tinhso.example',
        },
      },
    });
    // The gateway's address is known only now.
    s.ctx.config.sms!.url = url;
  }, 180_000);
  afterAll(async () => {
    await s?.close();
  });

  it(
    'delivers through failures with retries, once per message, and records the carrier’s report',
    { timeout: 120_000 },
    async () => {
      plan.push('drop', 'refuse');
      const row = await queue(s, '+84905123456', 'Mã xác nhận của bạn là 123456');
      expect(row.status).toBe('pending');
      await drainWithRetries(s, 4);
      const [sent] = await s.database.db.select().from(smsOutbox).where(eq(smsOutbox.id, row.id));
      expect(sent).toMatchObject({
        status: 'sent',
        provider: 'esms',
        providerMessageId: `sms-tinhso-${row.id}`,
        attempts: 3,
        lastError: null,
      });
      const mine = received.filter((r) => r.RequestId === `tinhso-${row.id}`);
      expect(mine).toHaveLength(3);
      expect(mine[0]).toMatchObject({
        Phone: '0905123456',
        Brandname: 'TINHSO',
        ApiKey: 'key',
        IsUnicode: '1',
        CallbackUrl: 'https://tinhso.example/api/notify/sms/status/cb-token-123',
      });

      expect(
        (
          await s.anonymous.post('/api/notify/sms/status/wrong-token', {
            SMSID: sent!.providerMessageId,
            SendStatus: '5',
          })
        ).statusCode,
      ).toBe(404);
      expect(
        (await s.anonymous.post('/api/notify/sms/status/cb-token-123', { SMSID: 'unknown', SendStatus: '5' }))
          .statusCode,
      ).toBe(404);
      const report = await s.anonymous.post('/api/notify/sms/status/cb-token-123', {
        SMSID: sent!.providerMessageId,
        SendStatus: 5,
      });
      expect(report.statusCode, report.body).toBe(200);
      const [delivered] = await s.database.db.select().from(smsOutbox).where(eq(smsOutbox.id, row.id));
      expect(delivered).toMatchObject({ status: 'delivered', deliveryStatus: '5' });
      expect(delivered!.deliveredAt).toBeInstanceOf(Date);
    },
  );

  it('gives up after the last attempt and marks the message failed', async () => {
    plan.push(...Array(6).fill('drop'));
    const row = await queue(s, '+84912000111', 'Ho so cua ban da co ket qua');
    await drainWithRetries(s, 7);
    const [failed] = await s.database.db.select().from(smsOutbox).where(eq(smsOutbox.id, row.id));
    expect(failed).toMatchObject({ status: 'failed', attempts: 6 });
    expect(failed!.lastError).toMatch(/HTTP 503/);
    expect(received.filter((r) => r.RequestId === `tinhso-${row.id}`)[0]!.IsUnicode).toBe('0');
  });
});

describe('without a gateway (the development default)', () => {
  it('is not configured unless SMS_URL is set', () => {
    expect(loadConfig({}).sms).toBeUndefined();
    expect(loadConfig({ SMS_URL: 'https://rest.esms.vn/x', SMS_BRANDNAME: 'TINHSO' }).sms).toMatchObject({
      provider: 'esms',
      brandname: 'TINHSO',
    });
  });

  it('keeps messages in the outbox, sending nothing', { timeout: 120_000 }, async () => {
    const db = await testDatabase('base');
    try {
      await db.db.transaction((tx) =>
        new OutboxSmsSender().send(tx, { to: '+84905999888', body: 'Mã 654321', purpose: 'test.sms' }),
      );
      const [row] = await db.db.select().from(smsOutbox).where(eq(smsOutbox.to, '+84905999888'));
      const before = received.length;
      const job = {
        id: 1,
        kind: 'notify.sms',
        payload: { smsId: row!.id },
        attempt: 1,
        maxAttempts: 6,
        runAt: new Date(),
        db: db.db,
        log: createLogger('silent'),
        signal: new AbortController().signal,
      };
      await smsJobHandler(null)(job);
      const [kept] = await db.db.select().from(smsOutbox).where(eq(smsOutbox.id, row!.id));
      expect(kept).toMatchObject({ status: 'kept', provider: null, attempts: 0 });
      expect(received.length).toBe(before);
    } finally {
      await db.close();
    }
  });
});
