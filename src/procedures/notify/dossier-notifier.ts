/**
 * Tells applicants and handlers what happened to a dossier, from the outbox intents the dossier
 * actions write (`notify.dossier`, `notify.dossier-due-soon`): an e-mail and a text message to the
 * applicant on receipt, supplement request, result, refusal, return and delay; an e-mail to the
 * handler when a dossier is about to be late. Each message is queued with its own delivery job, so
 * a failing SMTP server delays a message but never loses it.
 */
import { and, eq } from 'drizzle-orm';
import type { Executor, JobRunner } from '../../platform/index.js';
import { procedures } from '../catalog/schema.js';
import { dossiers, dossierActions } from '../dossiers/schema.js';
import { NOTIFY_DOSSIER } from '../dossiers/service.js';
import { NOTIFY_DUE_SOON } from '../dossiers/due-soon.js';
import { accounts, queueEmail, normalizeVnPhone, OutboxSmsSender } from '../../platform/index.js';
import { vietnameseDateTime } from '../../platform/pdf/index.js';

type Dossier = typeof dossiers.$inferSelect;

interface Message {
  subject: string;
  text: string;
  sms: string;
}

/** What the applicant is told after each action; actions not listed tell them nothing. */
function applicantMessage(
  action: string,
  d: Dossier,
  procedureName: string,
  details: Record<string, unknown>,
  lookupUrl: string,
): Message | null {
  const due = d.newDueAt ?? d.dueAt;
  const tail = `\n\nTra cứu hồ sơ: ${lookupUrl} (mã hồ sơ ${d.code}).\nThư này được gửi tự động, vui lòng không trả lời.`;
  const reason =
    typeof details.reason === 'string' ? details.reason : typeof details.note === 'string' ? details.note : '';
  switch (action) {
    case 'receive':
      return {
        subject: `Hồ sơ ${d.code} đã được tiếp nhận`,
        text: `Hồ sơ "${procedureName}" của Ông/Bà ${d.applicantName} đã được tiếp nhận.${due ? `\nNgày hẹn trả kết quả: ${vietnameseDateTime(due)}.` : ''}${tail}`,
        sms: `Ho so ${d.code} da duoc tiep nhan.${
          due
            ? ` Hen tra: ${vietnameseDateTime(due)
                .replace(/ giờ /, 'h')
                .replace(/ phút,/, '')}`
            : ''
        }`,
      };
    case 'request-supplement':
      return {
        subject: `Hồ sơ ${d.code} cần bổ sung`,
        text: `Hồ sơ "${procedureName}" cần được bổ sung, hoàn thiện.${reason ? `\nNội dung: ${reason}` : ''}\nThời gian giải quyết tạm dừng cho đến khi Ông/Bà bổ sung đủ giấy tờ.${tail}`,
        sms: `Ho so ${d.code} can bo sung. Vui long xem chi tiet tai Cong dich vu cong.`,
      };
    case 'attach-result':
      return {
        subject: `Hồ sơ ${d.code} đã có kết quả`,
        text: `Hồ sơ "${procedureName}" đã có kết quả giải quyết. Ông/Bà vui lòng nhận kết quả theo hướng dẫn.${tail}`,
        sms: `Ho so ${d.code} da co ket qua.`,
      };
    case 'refuse':
      return {
        subject: `Hồ sơ ${d.code} không được giải quyết`,
        text: `Hồ sơ "${procedureName}" không được giải quyết.${reason ? `\nLý do: ${reason}` : ''}${tail}`,
        sms: `Ho so ${d.code} khong duoc giai quyet. Xem ly do tai Cong dich vu cong.`,
      };
    case 'return':
      return {
        subject: `Hồ sơ ${d.code} đã trả kết quả`,
        text: `Kết quả hồ sơ "${procedureName}" đã được trả. Mời Ông/Bà đánh giá mức độ hài lòng tại Cổng dịch vụ công.${tail}`,
        sms: `Ho so ${d.code} da tra ket qua. Moi danh gia muc do hai long.`,
      };
    case 'apologize':
      return {
        subject: `Xin lỗi: hồ sơ ${d.code} được hẹn lại ngày trả kết quả`,
        text: `Hồ sơ "${procedureName}" chưa giải quyết xong đúng hẹn. Chúng tôi xin lỗi Ông/Bà${d.newDueAt ? ` và hẹn trả kết quả vào ${vietnameseDateTime(d.newDueAt)}` : ''}.${reason ? `\nLý do: ${reason}` : ''}${tail}`,
        sms: `Xin loi, ho so ${d.code} tre hen.${d.newDueAt ? ` Hen lai: ${vietnameseDateTime(d.newDueAt)}` : ''}`,
      };
    default:
      return null;
  }
}

const sms = new OutboxSmsSender();

async function tellApplicant(tx: Executor, d: Dossier, purpose: string, m: Message) {
  const ref = d.code;
  if (d.applicantEmail) await queueEmail(tx, { to: d.applicantEmail, subject: m.subject, text: m.text, purpose, ref });
  const phone = d.applicantPhone ? normalizeVnPhone(d.applicantPhone) : null;
  // Text messages go without diacritics: Vietnamese brandname SMS is sent in GSM-7 to stay one segment.
  if (phone)
    await sms.send(tx, {
      to: phone,
      body: m.sms
        .normalize('NFD')
        .replace(/[\u0300-\u036f]/g, '')
        .replace(/đ/g, 'd')
        .replace(/Đ/g, 'D'),
      purpose,
    });
}

export function registerDossierNotifications(jobs: JobRunner, publicUrl: string) {
  const lookupUrl = `${publicUrl}/lookup`;
  jobs.register<{ dossierId: string; seq: number; action: string }>(NOTIFY_DOSSIER, async (job) => {
    await job.db.transaction(async (tx) => {
      const [d] = await tx.select().from(dossiers).where(eq(dossiers.id, job.payload.dossierId));
      if (!d) return;
      const [act] = await tx
        .select()
        .from(dossierActions)
        .where(and(eq(dossierActions.dossierId, d.id), eq(dossierActions.seq, job.payload.seq)));
      const [p] = await tx.select({ name: procedures.name }).from(procedures).where(eq(procedures.id, d.procedureId));
      const m = applicantMessage(job.payload.action, d, p?.name ?? '', act?.details ?? {}, lookupUrl);
      if (m) await tellApplicant(tx, d, `dossier.${job.payload.action}`, m);
    });
  });
  jobs.register<{ dossierId: string; code: string; dueAt: string; handlerId: string | null }>(
    NOTIFY_DUE_SOON,
    async (job) => {
      await job.db.transaction(async (tx) => {
        if (!job.payload.handlerId) return;
        const [h] = await tx
          .select({ email: accounts.email, name: accounts.displayName })
          .from(accounts)
          .where(eq(accounts.id, job.payload.handlerId));
        if (!h?.email) return;
        await queueEmail(tx, {
          to: h.email,
          subject: `Sắp đến hạn: hồ sơ ${job.payload.code}`,
          text: `Kính gửi ${h.name},\nHồ sơ ${job.payload.code} đến hạn trả kết quả vào ${vietnameseDateTime(new Date(job.payload.dueAt))}. Vui lòng hoàn thành để không trễ hạn.`,
          purpose: 'dossier.due-soon',
          ref: job.payload.code,
        });
      });
    },
  );
}
