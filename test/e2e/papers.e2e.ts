/**
 * Papers the state already holds, the citizen's repository and questions, in the browser: the wizard
 * offers only competent communes, takes a paper from the repository, never asks for the identity paper;
 * the officer sees where each paper came from and verifies the digitised one; a question asked without
 * login is answered and published by the competent agency and shows on the procedure's page.
 */
import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { startE2E, type E2E } from './harness.js';
import { accounts } from '../../src/platform/index.js';
import { agencyByCode, agencyByKey } from '../../src/directory/index.js';
import { dossiers } from '../../src/procedures/dossiers/schema.js';
import { repositoryDocuments } from '../../src/procedures/repository/schema.js';
import { pdfBytes } from '../../src/platform/files/test-fixtures.js';

let e2e: E2E;
beforeAll(async () => {
  e2e = await startE2E();
});
afterAll(async () => {
  await e2e?.close();
});

const pdf = (name: string) => ({ name, mimeType: 'application/pdf', buffer: pdfBytes(name) });

describe('papers the state holds and the citizen’s repository, in the browser', () => {
  it('a marriage registration takes the certificate from the repository, not the identity paper; the officer verifies it', async () => {
    const db = e2e.database.db;
    const [citizen] = await db.select().from(accounts).where(eq(accounts.username, 'congdan'));
    const [doc] = await db
      .insert(repositoryDocuments)
      .values({
        ownerAccountId: citizen!.id,
        kindCode: 'giay-xac-nhan-tinh-trang-hon-nhan',
        title: 'Giấy xác nhận tình trạng hôn nhân',
        sha256: crypto.createHash('sha256').update('xnhn').digest('hex'),
        number: '88/XNHN',
        issuerName: 'UBND phường Vỹ Dạ',
        origin: 'citizen',
      })
      .returning();
    const ward = (await agencyByCode(db, '000.00.42.H57'))!;
    const justice = (await agencyByKey(db, 'STP'))!;

    const page = await e2e.page({ width: 390, height: 844 });
    await e2e.login(page, 'congdan');
    await page.getByTestId('user-menu').waitFor();
    await page.goto('/my-repository');
    await expect.poll(() => page.getByTestId('repo-table').textContent()).toContain('88/XNHN');

    await page.goto('/procedures/1.000894/submit');
    await page.getByTestId('submit-step-form').waitFor();
    const agency = page.getByTestId('submit-agency');
    await expect.poll(() => agency.locator('option').count()).toBeGreaterThan(2);
    const offered = await agency.locator('option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));
    expect(offered).toContain(ward.id);
    expect(offered).not.toContain(justice.id);
    await agency.selectOption(ward.id);
    await page.getByTestId('form-applicantIdNumber').fill('046090001234');
    await page.getByTestId('form-applicantAddress').fill('12 Lê Lợi, phường Thuận Hóa, thành phố Huế');
    await page.getByTestId('form-partnerName').fill('Trần Thị Bình');
    await page.getByTestId('form-partnerBirthDate').fill('1992-03-04');
    await page.getByTestId('form-partnerIdNumber').fill('046192004321');
    await page.getByTestId('form-partnerAddress').fill('5 Hùng Vương, phường Phú Xuân, thành phố Huế');
    await page.getByTestId('submit-next').click();

    await page.getByTestId('submit-step-papers').waitFor();
    await page.getByTestId('paper-1').setInputFiles(pdf('to-khai-ket-hon.pdf'));
    await page.getByTestId('paper-1-files').getByText('to-khai-ket-hon.pdf').waitFor();
    await page.getByTestId('paper-2-repo').selectOption(doc!.id);
    // The identity paper is never an upload: it is shown at the desk or taken from the population database.
    await page.getByTestId('paper-3-held').waitFor();
    expect(await page.getByTestId('paper-3').count()).toBe(0);
    await page.getByTestId('submit-next').click();
    await page.getByTestId('submit-review').waitFor();
    await page.getByTestId('submit-send').click();
    await page.getByTestId('submitted-notice').waitFor();
    const code = (await page.getByTestId('dossier-code').textContent())!.trim();
    const [d] = await db.select().from(dossiers).where(eq(dossiers.code, code));
    expect(d!.agencyId).toBe(ward.id);
    expect(d!.attachments.map((a) => a.source)).toEqual(['upload', 'repository', 'desk']);

    const officer = await e2e.page();
    await e2e.login(officer, 'motcua');
    await officer.getByTestId('user-menu').waitFor();
    await officer.goto(`/workspace/dossiers/${d!.id}`);
    const sources = officer.getByTestId('paper-sources');
    await expect.poll(() => sources.textContent()).toContain('Kho dữ liệu');
    expect(await sources.textContent()).toContain('Xuất trình tại quầy');
    await officer.getByTestId('paper-verify').click();
    await expect
      .poll(
        async () =>
          (await db.select().from(repositoryDocuments).where(eq(repositoryDocuments.id, doc!.id)))[0]!.verifiedAt,
      )
      .not.toBeNull();
    await expect.poll(() => officer.getByTestId('paper-verify').count()).toBe(0);
    await page.context().close();
    await officer.context().close();
  });

  it('a question asked without login is answered by the Department and published on the procedure’s page', async () => {
    const anon = await e2e.page();
    await anon.goto('/procedures/2.000488');
    const form = anon.getByTestId('qa-ask');
    await form.waitFor();
    await anon.getByTestId('qa-body').fill('Tôi ở nước ngoài thì có được ủy quyền cho người thân nộp hồ sơ không?');
    await anon.locator('#qa-name').fill('Lê Văn Hỏi');
    await anon.locator('#qa-contact').fill('hoi@example.vn');
    await anon.getByTestId('qa-submit').click();
    await anon.getByTestId('qa-sent').waitFor();

    const specialist = await e2e.page();
    await e2e.login(specialist, 'chuyenvien');
    await specialist.getByTestId('user-menu').waitFor();
    await specialist.goto('/workspace/questions');
    const item = specialist.getByTestId('qa-item').filter({ hasText: 'ở nước ngoài' });
    await item.waitFor();
    await item.getByTestId('qa-answer').fill('Được, kèm văn bản ủy quyền có chứng thực.');
    await item.getByTestId('qa-publish').check();
    await item.getByTestId('qa-answer-submit').click();
    await expect.poll(() => specialist.getByTestId('qa-item').filter({ hasText: 'ở nước ngoài' }).count()).toBe(0);

    await anon.reload();
    await expect.poll(() => anon.getByTestId('qa-published').textContent()).toContain('kèm văn bản ủy quyền');
    await anon.context().close();
    await specialist.context().close();
  });
});
