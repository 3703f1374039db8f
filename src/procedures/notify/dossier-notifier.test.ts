import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { testServer, type TestServer } from '../../platform/testing/index.js';
import { enqueue, queryRows } from '../../platform/index.js';
import { emails } from '../../platform/notify/email-schema.js';
import { smsOutbox } from '../../platform/notify/schema.js';
import { NOTIFY_DOSSIER } from '../dossiers/service.js';
import { NOTIFY_DUE_SOON } from '../dossiers/due-soon.js';

let s: TestServer;
beforeAll(async () => {
  s = await testServer({ config: { publicUrl: 'https://dichvucong.hue.gov.vn' } });
});
afterAll(() => s?.close());

/** A received dossier with one action row, written straight to the tables. */
async function dossierWithAction(action: string, details: Record<string, unknown>, contact: { email?: string; phone?: string }) {
  const [p] = await queryRows<{ id: string; agency_id: string; name: string }>(s.database.db, sql`SELECT id, agency_id, name FROM procedures WHERE agency_id IS NOT NULL ORDER BY code LIMIT 1`);
  const code = `000.01.01.H57-261123-${String(Math.floor(Math.random() * 9000) + 1000)}`;
  const [d] = await queryRows<{ id: string }>(
    s.database.db,
    sql`INSERT INTO dossiers (code, procedure_id, agency_id, receiving_agency_id, current_agency_id, applicant_name, applicant_email, applicant_phone, channel, status, submitted_at, received_at, due_at)
        VALUES (${code}, ${p!.id}, ${p!.agency_id}, ${p!.agency_id}, ${p!.agency_id}, 'Trần Thị Bé', ${contact.email ?? null}, ${contact.phone ?? null}, 'counter', 'received', now(), now(), '2026-11-27T09:00:00Z') RETURNING id`,
  );
  await s.database.db.execute(sql`INSERT INTO dossier_actions (dossier_id, seq, action, actor_label, at, to_status, details) VALUES (${d!.id}, 1, ${action}, 'motcua', now(), 'received', ${JSON.stringify(details)}::jsonb)`);
  await enqueue(s.database.db, NOTIFY_DOSSIER, { dossierId: d!.id, seq: 1, action });
  return { id: d!.id, code, procedure: p!.name };
}

describe('dossier notifications', () => {
  it('on receipt the applicant gets an e-mail with the appointment in Vietnam time and a text message without diacritics', async () => {
    const d = await dossierWithAction('receive', {}, { email: 'tran.thi.be@example.vn', phone: '0912 345 678' });
    await s.ctx.jobs.drain();
    const [mail] = await s.database.db.select().from(emails).where(eq(emails.ref, d.code));
    expect(mail).toMatchObject({ to: 'tran.thi.be@example.vn', subject: `Hồ sơ ${d.code} đã được tiếp nhận`, purpose: 'dossier.receive', status: 'kept' });
    expect(mail!.text).toContain(d.procedure);
    expect(mail!.text).toContain('16 giờ 00 phút, ngày 27/11/2026');
    expect(mail!.text).toContain('https://dichvucong.hue.gov.vn/lookup');
    const texts = await s.database.db.select().from(smsOutbox).where(eq(smsOutbox.to, '+84912345678'));
    expect(texts).toHaveLength(1);
    expect(texts[0]!.body).toContain(d.code);
    expect(texts[0]!.body).toMatch(/^[\x20-\x7e]+$/);
  });

  it('a supplement request carries its reason; actions that concern only staff send nothing', async () => {
    const d = await dossierWithAction('request-supplement', { reason: 'Thiếu bản sao giấy chứng sinh' }, { email: 'b@example.vn' });
    const quiet = await dossierWithAction('assign', {}, { email: 'c@example.vn' });
    await s.ctx.jobs.drain();
    const [mail] = await s.database.db.select().from(emails).where(eq(emails.ref, d.code));
    expect(mail!.text).toContain('Thiếu bản sao giấy chứng sinh');
    expect(await s.database.db.select().from(emails).where(eq(emails.ref, quiet.code))).toEqual([]);
  });

  it('a dossier about to be late warns its handler by e-mail', async () => {
    const [h] = await queryRows<{ id: string }>(s.database.db, sql`UPDATE accounts SET email = 'chuyenvien@hue.gov.vn' WHERE username = 'chuyenvien' RETURNING id`);
    await enqueue(s.database.db, NOTIFY_DUE_SOON, { dossierId: '00000000-0000-4000-8000-000000000000', code: 'X-261123-0009', dueAt: '2026-11-24T10:00:00Z', agencyId: null, handlerId: h!.id });
    await s.ctx.jobs.drain();
    const [mail] = await s.database.db.select().from(emails).where(eq(emails.ref, 'X-261123-0009'));
    expect(mail).toMatchObject({ to: 'chuyenvien@hue.gov.vn', purpose: 'dossier.due-soon' });
    expect(mail!.text).toContain('17 giờ 00 phút, ngày 24/11/2026');
  });
});
