/**
 * Brand-name SMS through a Vietnamese SMS gateway (tin nhắn thương hiệu, brandname CSKH). Carriers (Viettel, VNPT,
 * MobiFone) sell brand-name messages through HTTP gateways; the API shape followed here is the public JSON API of
 * eSMS.vn, a gateway for all three networks (https://developers.esms.vn — `SendMultipleMessage_V4_post_json`):
 *
 *   POST {SMS_URL}   {"ApiKey","SecretKey","Phone":"0905123456","Content","Brandname","SmsType":"2",
 *                     "IsUnicode":"0|1","RequestId","CallbackUrl"}
 *   → 200 {"CodeResult":"100","SMSID":"…"}    (any other CodeResult is a refusal, with ErrorMessage)
 *
 * and its delivery report (báo cáo trạng thái), which the gateway sends to CallbackUrl with the message's SMSID and
 * SendStatus (ours: POST /api/notify/sms/status/{SMS_CALLBACK_TOKEN}, JSON or query string). A gateway with another
 * field naming is one more `SmsGateway` implementation; delivery, retries and status are the same.
 *
 * Delivery: every message written to `sms_outbox` gets a `notify.sms` job in the same transaction (./sms.ts); the job
 * runner retries a failed call with its backoff, and the row records attempts, the last error and, at the end, the
 * carrier's status. Without SMS_URL (the default, and in development) messages stay in the outbox, status `kept`.
 */
import { eq, sql } from 'drizzle-orm';
import type { Job } from '../jobs/runner.js';
import type { Executor } from '../db/client.js';
import { smsOutbox } from './schema.js';

export const SMS_JOB = 'notify.sms';
export const SMS_MAX_ATTEMPTS = 6;

export interface SmsConfig {
  provider: 'esms';
  url: string;
  brandname: string;
  apiKey: string;
  secretKey: string;
  /** The secret path segment of the delivery-report callback; unset: no callback URL is sent. */
  callbackToken?: string;
  /** The server's public URL, for the callback. */
  publicUrl: string;
  timeoutMs?: number;
}

export interface SmsGateway {
  readonly name: string;
  /** Hands one message to the gateway; throws when it is not accepted (the job retries). */
  send(msg: { id: number; to: string; body: string }, signal: AbortSignal): Promise<{ messageId: string }>;
}

/** +84905123456 → 0905123456: the gateway takes the national form. */
const national = (e164: string) => (e164.startsWith('+84') ? `0${e164.slice(3)}` : e164);

export class EsmsGateway implements SmsGateway {
  readonly name = 'esms';
  constructor(private readonly cfg: SmsConfig) {}

  async send(msg: { id: number; to: string; body: string }, signal: AbortSignal): Promise<{ messageId: string }> {
    const c = this.cfg;
    const body = {
      ApiKey: c.apiKey,
      SecretKey: c.secretKey,
      Phone: national(msg.to),
      Content: msg.body,
      Brandname: c.brandname,
      SmsType: '2',
      // Diacritics cost a unicode message (70 characters a part instead of 160); they are sent as written.
      IsUnicode: [...msg.body].some((ch) => ch.charCodeAt(0) > 0x7f) ? '1' : '0',
      // The outbox row's id: the gateway refuses a second message with the same RequestId, so a retried call after a
      // lost answer does not send twice.
      RequestId: `tinhso-${msg.id}`,
      ...(c.callbackToken ? { CallbackUrl: `${c.publicUrl}/api/notify/sms/status/${c.callbackToken}` } : {}),
    };
    const res = await fetch(c.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify(body),
      signal: AbortSignal.any([signal, AbortSignal.timeout(c.timeoutMs ?? 15_000)]),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`SMS gateway answered HTTP ${res.status}: ${text.slice(0, 200)}`);
    let answer: { CodeResult?: string | number; SMSID?: string; ErrorMessage?: string };
    try {
      answer = JSON.parse(text) as typeof answer;
    } catch {
      throw new Error(`SMS gateway answered something that is not JSON: ${text.slice(0, 200)}`);
    }
    if (String(answer.CodeResult) !== '100' || !answer.SMSID)
      throw new Error(
        `SMS gateway refused (CodeResult ${answer.CodeResult ?? '?'}): ${answer.ErrorMessage ?? ''}`.trim(),
      );
    return { messageId: String(answer.SMSID) };
  }
}

export function smsGateway(cfg: SmsConfig | undefined): SmsGateway | null {
  return cfg ? new EsmsGateway(cfg) : null;
}

/** The `notify.sms` job: delivers one outbox row, at most once per accepted call. */
export function smsJobHandler(gateway: SmsGateway | null) {
  return async (job: Job<{ smsId: number }>) => {
    const [row] = await job.db.select().from(smsOutbox).where(eq(smsOutbox.id, job.payload.smsId));
    if (!row || row.status !== 'pending') return;
    if (!gateway) {
      await job.db.update(smsOutbox).set({ status: 'kept' }).where(eq(smsOutbox.id, row.id));
      return;
    }
    await job.db
      .update(smsOutbox)
      .set({ attempts: sql`${smsOutbox.attempts} + 1` })
      .where(eq(smsOutbox.id, row.id));
    try {
      const { messageId } = await gateway.send({ id: row.id, to: row.to, body: row.body }, job.signal);
      await job.db
        .update(smsOutbox)
        .set({
          status: 'sent',
          provider: gateway.name,
          providerMessageId: messageId,
          sentAt: new Date(),
          lastError: null,
        })
        .where(eq(smsOutbox.id, row.id));
    } catch (err) {
      const last = job.attempt >= job.maxAttempts;
      await job.db
        .update(smsOutbox)
        .set({
          lastError: (err as Error).message.slice(0, 500),
          ...(last ? { status: 'failed' as const, provider: gateway.name } : {}),
        })
        .where(eq(smsOutbox.id, row.id));
      job.log.warn(
        { smsId: row.id, attempt: job.attempt, err: (err as Error).message },
        last ? 'SMS not delivered: gave up' : 'SMS not delivered: will retry',
      );
      throw err;
    }
  };
}

/**
 * eSMS's SendStatus values, as its documentation lists them: 0 waiting (chờ duyệt), 1 waiting to send, 2 sending,
 * 3 refused, 4 failed to send, 5 delivered (gửi thành công). Names are accepted too, for gateways that send words.
 */
export function deliveryOutcome(status: string): 'delivered' | 'failed' | null {
  const s = status.trim().toLowerCase();
  if (['5', 'delivered', 'success', 'delivrd'].includes(s)) return 'delivered';
  if (['3', '4', 'failed', 'rejected', 'undeliv', 'expired'].includes(s)) return 'failed';
  return null;
}

/** Records a delivery report; false when no message of this provider has that id. */
export async function recordDeliveryReport(
  tx: Executor,
  provider: string,
  messageId: string,
  status: string,
): Promise<{ id: number; status: string } | null> {
  const outcome = deliveryOutcome(status);
  const [row] = await tx
    .update(smsOutbox)
    .set({
      deliveryStatus: status,
      ...(outcome ? { status: outcome } : {}),
      ...(outcome === 'delivered' ? { deliveredAt: new Date() } : {}),
    })
    .where(sql`${smsOutbox.provider} = ${provider} AND ${smsOutbox.providerMessageId} = ${messageId}`)
    .returning({ id: smsOutbox.id, status: smsOutbox.status });
  return row ?? null;
}
