import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, sql } from 'drizzle-orm';
import { testServer, type Client, type TestServer } from '../../platform/testing/index.js';
import { enqueue, queryRows } from '../../platform/index.js';
import { emails } from '../../platform/notify/email-schema.js';
import { smsOutbox } from '../../platform/notify/schema.js';
import { NOTIFY_DUE_SOON } from '../dossiers/due-soon.js';
import {
  act,
  agencyId,
  at,
  makeProcedure,
  receiveDossier,
  restoreClock,
  type ApplicantFields,
  type TestProcedure,
} from '../dossiers/test-fixtures.js';

let s: TestServer;
let officer: Client;
let specialist: Client;
let proc: TestProcedure;
let centre: { id: string; code: string };
beforeAll(async () => {
  s = await testServer({ config: { publicUrl: 'https://dichvucong.hue.gov.vn' } });
  officer = await s.login('motcua');
  specialist = await s.login('chuyenvien');
  proc = await makeProcedure(s.ctx.db, { processingDays: 4 });
  centre = await agencyId(s.ctx.db, 'TTHCC');
});
afterEach(() => {
  restoreClock();
});
afterAll(() => s?.close());

/** Received at the desk on Monday 23/11/2026 16:00, so due four working days later: Friday 27/11 16:00. */
async function received(applicant: ApplicantFields) {
  at('2026-11-23T16:00:00');
  return receiveDossier(officer, proc, {
    receivingAgencyId: centre.id,
    applicant: { name: 'Trần Thị Bé', ...applicant },
  });
}

/** The e-mails sent about a dossier for one of its actions. */
const mailsAbout = (code: string, action: string) =>
  s.database.db
    .select()
    .from(emails)
    .where(and(eq(emails.ref, code), eq(emails.purpose, `dossier.${action}`)));

describe('dossier notifications', () => {
  it('on receipt the applicant gets an e-mail with the appointment in Vietnam time and a text message without diacritics', async () => {
    const d = await received({ email: 'tran.thi.be@example.vn', phone: '0912 345 678' });
    await s.ctx.jobs.drain();
    const [mail, ...more] = await s.database.db.select().from(emails).where(eq(emails.ref, d.code));
    expect(more).toEqual([]);
    expect(mail).toMatchObject({
      to: 'tran.thi.be@example.vn',
      subject: `Hồ sơ ${d.code} đã được tiếp nhận`,
      purpose: 'dossier.receive',
      status: 'kept',
    });
    expect(mail!.text).toContain('Cấp Phiếu lý lịch tư pháp (thử nghiệm)');
    expect(mail!.text).toContain('16 giờ 00 phút, ngày 27/11/2026');
    expect(mail!.text).toContain('https://dichvucong.hue.gov.vn/lookup');
    const texts = await s.database.db.select().from(smsOutbox).where(eq(smsOutbox.to, '+84912345678'));
    expect(texts).toHaveLength(1);
    expect(texts[0]!.body).toContain(d.code);
    expect(texts[0]!.body).toMatch(/^[\x20-\x7e]+$/);
  });

  it('a supplement request carries its reason; actions that concern only staff send nothing', async () => {
    const d = await received({ email: 'b@example.vn' });
    await act(officer, d.id, 'request-supplement', { reason: 'Thiếu bản sao giấy chứng sinh' });
    const quiet = await received({ email: 'c@example.vn' });
    await act(officer, quiet.id, 'assign', { handlerId: specialist.accountId });
    await s.ctx.jobs.drain();
    const [mail] = await mailsAbout(d.code, 'request-supplement');
    expect(mail).toMatchObject({ to: 'b@example.vn', subject: `Hồ sơ ${d.code} cần bổ sung` });
    expect(mail!.text).toContain('Thiếu bản sao giấy chứng sinh');
    // The assignment concerns only staff: the applicant has the receipt's e-mail and nothing more.
    expect((await s.database.db.select().from(emails).where(eq(emails.ref, quiet.code))).map((m) => m.purpose)).toEqual(
      ['dossier.receive'],
    );
  });

  it('a dossier about to be late warns its handler by e-mail', async () => {
    const [h] = await queryRows<{ id: string }>(
      s.database.db,
      sql`UPDATE accounts SET email = 'chuyenvien@hue.gov.vn' WHERE username = 'chuyenvien' RETURNING id`,
    );
    await enqueue(s.database.db, NOTIFY_DUE_SOON, {
      dossierId: '00000000-0000-4000-8000-000000000000',
      code: 'X-261123-0009',
      dueAt: '2026-11-24T10:00:00Z',
      agencyId: null,
      handlerId: h!.id,
    });
    await s.ctx.jobs.drain();
    const [mail] = await s.database.db.select().from(emails).where(eq(emails.ref, 'X-261123-0009'));
    expect(mail).toMatchObject({ to: 'chuyenvien@hue.gov.vn', purpose: 'dossier.due-soon' });
    expect(mail!.text).toContain('17 giờ 00 phút, ngày 24/11/2026');
  });
});
