import type { Executor } from '../db/client.js';
import { parseVnPhone } from '../http/vn-formats.js';
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
 * A Vietnamese mobile number in international form (+84…), or null: a text message reaches only a
 * mobile. Read by the one phone rule of the platform (`parseVnPhone`), which also knows landlines.
 */
export function normalizeVnPhone(input: string): string | null {
  const p = parseVnPhone(input);
  return p?.kind === 'mobile' ? p.e164 : null;
}
