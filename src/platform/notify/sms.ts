import type { Executor } from '../db/client.js';
import { smsOutbox } from './schema.js';

/** Sends a text message; `send` runs inside the caller's transaction so a rolled-back change sends nothing. */
export interface SmsSender {
  send(tx: Executor, msg: { to: string; body: string; purpose: string }): Promise<void>;
}

/**
 * The development provider: messages are written to sms_outbox and go no further. A production
 * gateway (a telco's brandname SMS API) would deliver from the same table, so the outbox stays the truth.
 */
export class OutboxSmsSender implements SmsSender {
  async send(tx: Executor, msg: { to: string; body: string; purpose: string }): Promise<void> {
    await tx.insert(smsOutbox).values(msg);
  }
}

/**
 * A Vietnamese mobile number in international form (+84…), or null. Accepts 0xxxxxxxxx, 84xxxxxxxxx
 * and +84xxxxxxxxx with spaces, dots or dashes; mobile prefixes are 3, 5, 7, 8 and 9.
 */
export function normalizeVnPhone(input: string): string | null {
  const digits = input.replace(/[\s.-]/g, '');
  const m = /^(?:\+84|84|0)([35789]\d{8})$/.exec(digits);
  return m ? `+84${m[1]}` : null;
}
