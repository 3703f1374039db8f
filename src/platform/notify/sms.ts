import type { Executor } from '../db/client.js';
import { parseVnPhone } from '../http/vn-formats.js';
import { smsOutbox } from './schema.js';
import { enqueue } from '../jobs/enqueue.js';
import { SMS_JOB, SMS_MAX_ATTEMPTS } from './sms-gateway.js';

/** Sends a text message; `send` runs inside the caller's transaction so a rolled-back change sends nothing. */
export interface SmsSender {
  send(tx: Executor, msg: { to: string; body: string; purpose: string }): Promise<void>;
}

/**
 * Writes the message to sms_outbox with its `notify.sms` delivery job, in the caller's transaction. The job hands it
 * to the configured brand-name gateway (./sms-gateway.ts); without one (the development default) it stays in the
 * outbox, marked `kept`. The outbox is the truth either way.
 */
export class OutboxSmsSender implements SmsSender {
  async send(tx: Executor, msg: { to: string; body: string; purpose: string }): Promise<void> {
    const [row] = await tx.insert(smsOutbox).values(msg).returning({ id: smsOutbox.id });
    await enqueue(tx, SMS_JOB, { smsId: row!.id }, { dedupeKey: `sms:${row!.id}`, maxAttempts: SMS_MAX_ATTEMPTS });
  }
}

/**
 * A Vietnamese mobile number in international form (+84…), or null: a text message reaches only a
 * mobile. Read by the one phone rule of the platform (`parseVnPhone`), which also knows landlines.
 */
export function normalizeVnPhone(input: string): string | null {
  const p = parseVnPhone(input);
  return p?.kind === 'mobile' ? p.e164 : null;
}
