/**
 * Outgoing e-mail through the outbox: `queueEmail` writes the message and its delivery job in the
 * caller's transaction; the `notify.email` job sends it over SMTP (nodemailer) at least once, and the
 * row's status makes a second delivery of the same row a no-op.
 */
import { eq } from 'drizzle-orm';
import nodemailer from 'nodemailer';
import type { Transporter } from 'nodemailer';
import type { Executor } from '../db/client.js';
import type { Job } from '../jobs/runner.js';
import { enqueue } from '../jobs/enqueue.js';
import { emails } from './email-schema.js';

export const EMAIL_JOB = 'notify.email';

export interface EmailMessage {
  to: string;
  subject: string;
  text: string;
  html?: string;
  purpose: string;
  /** The record it is about (a dossier code…); with `purpose` it makes the message unique. */
  ref?: string;
}

const ADDRESS = /^[^\s@<>(),;:"]+@[^\s@<>(),;:"]+\.[^\s@<>(),;:"]+$/;

/** Queues a message in the caller's transaction; false (and nothing queued) for an unusable address. */
export async function queueEmail(tx: Executor, msg: EmailMessage): Promise<{ id: number } | false> {
  if (!ADDRESS.test(msg.to)) return false;
  const [row] = await tx
    .insert(emails)
    .values({
      to: msg.to,
      subject: msg.subject,
      text: msg.text,
      html: msg.html ?? null,
      purpose: msg.purpose,
      ref: msg.ref ?? null,
    })
    .returning({ id: emails.id });
  await enqueue(tx, EMAIL_JOB, { emailId: row!.id }, { dedupeKey: `email:${row!.id}`, maxAttempts: 8 });
  return { id: row!.id };
}

/** Builds the job handler for a sender configuration: SMTP when a URL is given, else keep-only. */
export function emailJobHandler(mail: { smtpUrl: string | undefined; from: string }) {
  let transport: Transporter | null = null;
  const smtp = () => (transport ??= nodemailer.createTransport(mail.smtpUrl!));
  return async (job: Job<{ emailId: number }>) => {
    const [row] = await job.db.select().from(emails).where(eq(emails.id, job.payload.emailId));
    if (!row || row.status !== 'pending') return;
    if (!mail.smtpUrl) {
      await job.db.update(emails).set({ status: 'kept' }).where(eq(emails.id, row.id));
      job.log.info({ emailId: row.id, purpose: row.purpose }, 'e-mail kept (no SMTP_URL configured)');
      return;
    }
    const info = await smtp().sendMail({
      from: mail.from,
      to: row.to,
      subject: row.subject,
      text: row.text,
      ...(row.html ? { html: row.html } : {}),
      headers: { 'X-Tinhso-Purpose': row.purpose },
    });
    await job.db
      .update(emails)
      .set({ status: 'sent', sentAt: new Date(), messageId: info.messageId })
      .where(eq(emails.id, row.id));
  };
}
