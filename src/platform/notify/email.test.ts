import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import pino from 'pino';
import { SMTPServer } from 'smtp-server';
import { simpleParser, type ParsedMail } from 'mailparser';
import type { Database } from '../db/client.js';
import { testDatabase } from '../testing/index.js';
import { JobRunner } from '../jobs/runner.js';
import { EMAIL_JOB, emailJobHandler, queueEmail } from './email.js';
import { emails } from './email-schema.js';

let d: Database;
let smtp: SMTPServer;
let port = 0;
const received: ParsedMail[] = [];
let refuseNext = 0;

beforeAll(async () => {
  d = await testDatabase('base');
  // A real SMTP server: the message goes over the wire and is parsed back.
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    onData(stream, _session, cb) {
      if (refuseNext > 0) {
        refuseNext--;
        stream.resume();
        stream.on('end', () => cb(Object.assign(new Error('mailbox busy'), { responseCode: 451 })));
        return;
      }
      void simpleParser(stream).then((m) => {
        received.push(m);
        cb();
      }, cb);
    },
  });
  await new Promise<void>((r) => smtp.listen(0, '127.0.0.1', r));
  port = (smtp.server.address() as { port: number }).port;
});
afterAll(async () => {
  await new Promise<void>((r) => smtp?.close(() => r()));
  await d?.close();
});

const runner = (smtpUrl: string | undefined) =>
  new JobRunner({ database: d, log: pino({ level: 'silent' }), backoff: { baseMs: 0, jitter: 0 } }).register(
    EMAIL_JOB,
    emailJobHandler({ smtpUrl, from: 'Trung tâm PVHCC Huế <motcua@hue.gov.vn>' }),
  );

describe('e-mail through the outbox', () => {
  it('delivers a Vietnamese message over SMTP once, and records it as sent', async () => {
    const q = await d.db.transaction((tx) =>
      queueEmail(tx, {
        to: 'nguyen.van.a@example.vn',
        subject: 'Hồ sơ 000.01.01.H57-261123-0001 đã được tiếp nhận',
        text: 'Ngày hẹn trả kết quả: 27/11/2026.',
        purpose: 'dossier.received',
        ref: '000.01.01.H57-261123-0001',
      }),
    );
    expect(q).toBeTruthy();
    const r = runner(`smtp://127.0.0.1:${port}`);
    expect(await r.drain()).toEqual({ ran: 1, failed: 0 });
    expect(received).toHaveLength(1);
    expect(received[0]!.subject).toBe('Hồ sơ 000.01.01.H57-261123-0001 đã được tiếp nhận');
    expect(received[0]!.text?.trim()).toBe('Ngày hẹn trả kết quả: 27/11/2026.');
    expect(received[0]!.from?.text).toContain('motcua@hue.gov.vn');
    expect(received[0]!.headers.get('x-tinhso-purpose')).toBe('dossier.received');
    const [row] = await d.db
      .select()
      .from(emails)
      .where(eq(emails.id, (q as { id: number }).id));
    expect(row).toMatchObject({ status: 'sent' });
    expect(row!.messageId).toBeTruthy();
    // A second delivery of the same row (at-least-once) sends nothing.
    await emailJobHandler({ smtpUrl: `smtp://127.0.0.1:${port}`, from: 'x@y.vn' })({
      id: 0,
      kind: EMAIL_JOB,
      payload: { emailId: row!.id },
      attempt: 2,
      maxAttempts: 8,
      runAt: new Date(),
      db: d.db,
      log: pino({ level: 'silent' }),
      signal: new AbortController().signal,
    });
    expect(received).toHaveLength(1);
  });

  it('a rolled-back change sends nothing', async () => {
    const before = received.length;
    await expect(
      d.db.transaction(async (tx) => {
        await queueEmail(tx, { to: 'b@example.vn', subject: 'x', text: 'x', purpose: 'test' });
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    await runner(`smtp://127.0.0.1:${port}`).drain();
    expect(received.length).toBe(before);
  });

  it('a server that refuses for a while gets the message on a retry', async () => {
    refuseNext = 2;
    const before = received.length;
    await queueEmail(d.db, {
      to: 'c@example.vn',
      subject: 'Yêu cầu bổ sung hồ sơ',
      text: 'Vui lòng bổ sung.',
      purpose: 'dossier.supplement',
    });
    const r = await runner(`smtp://127.0.0.1:${port}`).drain();
    expect(r).toEqual({ ran: 3, failed: 2 });
    expect(received.length).toBe(before + 1);
  });

  it('without SMTP configured the message is kept, not lost', async () => {
    const q = await queueEmail(d.db, {
      to: 'd@example.vn',
      subject: 'Kết quả',
      text: 'Đã có kết quả.',
      purpose: 'dossier.result',
    });
    await runner(undefined).drain();
    const [row] = await d.db
      .select()
      .from(emails)
      .where(eq(emails.id, (q as { id: number }).id));
    expect(row!.status).toBe('kept');
  });

  it('an unusable address queues nothing', async () => {
    expect(await queueEmail(d.db, { to: 'not an address', subject: 'x', text: 'x', purpose: 'test' })).toBe(false);
  });
});
