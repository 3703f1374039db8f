import path from 'node:path';
import fs from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asc, eq } from 'drizzle-orm';
import { startE2E, type E2E } from './harness.js';
import { procedureFees, procedurePapers, procedures } from '../../src/procedures/index.js';

/** The sample export of the national procedure database (test/catalog, docs/catalog.md). */
const SAMPLE = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'catalog', 'csdl-tthc-sample.csv');

let e2e: E2E;
// Migrating and seeding a fresh demo database takes a while on a busy machine.
beforeAll(async () => {
  e2e = await startE2E();
}, 300_000);
afterAll(async () => {
  await e2e?.close();
});

describe('loading a province catalog from the national database and editing it', () => {
  it('the admin imports the sample export, then edits a procedure’s papers (with a template), fees and form', async () => {
    const page = await e2e.page();
    await e2e.login(page, 'admin');
    await page.getByTestId('user-menu').waitFor();
    await page.goto('/admin/procedures');
    await page.getByTestId('procedure-import-file').setInputFiles(SAMPLE);
    await page.getByRole('button', { name: 'Nhập', exact: true }).click();
    const report = page.getByTestId('procedure-import-report');
    await report.waitFor();
    await expect(report.textContent()).resolves.toContain('Thêm mới 1, cập nhật 4, lỗi 0.');

    // The new procedure of the export is in the catalog with its papers and fees as published.
    const [p] = await e2e.database.db.select().from(procedures).where(eq(procedures.code, '2.001614'));
    expect(p).toBeDefined();
    await page.goto(`/admin/procedures/${p!.id}`);
    const papers = page.getByTestId('papers-editor');
    await papers.waitFor();
    await expect(papers.textContent()).resolves.toContain('Phu-luc-I-4-Giay-de-nghi-dang-ky-cong-ty-co-phan.docx');
    await expect(page.locator('#paper-0-name').inputValue()).resolves.toBe('Giấy đề nghị đăng ký doanh nghiệp');

    // Papers: upload the template of the first, make the last one shown only at the desk, add a paper.
    const tpl = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'tpl-')), 'giay-de-nghi.pdf');
    fs.writeFileSync(tpl, '%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
    await page.locator('#paper-0-template').setInputFiles(tpl);
    await papers.getByRole('status').waitFor();
    await page.locator('#paper-3-provision').selectOption('desk');
    await papers.getByRole('button', { name: '+ Thêm giấy tờ' }).click();
    await page.locator('#paper-4-name').fill('Giấy tờ chứng minh trụ sở chính');
    await page.locator('#paper-4-copies').fill('1');
    await page.locator('#paper-4-originals').fill('0');
    await page.getByTestId('papers-save').click();
    await page.getByTestId('toast-success').waitFor();
    const saved = await e2e.database.db
      .select()
      .from(procedurePapers)
      .where(eq(procedurePapers.procedureId, p!.id))
      .orderBy(asc(procedurePapers.ordinal));
    expect(saved.map((x) => x.provision)).toEqual(['upload', 'upload', 'upload', 'desk', 'upload']);
    expect(saved[0]!.templateSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(saved[0]!.templateName).toBe('Phu-luc-I-4-Giay-de-nghi-dang-ky-cong-ty-co-phan.docx');
    expect(saved[4]).toMatchObject({ name: 'Giấy tờ chứng minh trụ sở chính', originals: 0, copies: 1 });
    // Anyone can now download the template the national record named.
    const download = await page.request.get(`/api/procedures/2.001614/papers/1/template`);
    expect(download.status()).toBe(200);

    // Form: a number field for the number of copies of the certificate.
    await page.reload();
    const form = page.getByTestId('form-editor');
    await form.waitFor();
    await form.getByRole('button', { name: '+ Thêm trường' }).click();
    await page.locator('#ff-0-key').fill('copies');
    await page.locator('#ff-0-type').selectOption('number');
    await page.locator('#ff-0-label').fill('Số bản Giấy chứng nhận');
    await page.locator('#ff-0-labelEn').fill('Copies of the certificate');
    await page.getByTestId('form-save').click();
    await page.getByTestId('toast-success').first().waitFor();
    await expect
      .poll(async () =>
        (await e2e.database.db.select().from(procedures).where(eq(procedures.id, p!.id)))[0]!.formFields.map(
          (f) => f.key,
        ),
      )
      .toEqual(['copies']);

    // Fees: the publication fee becomes per copy from the second, on that field, with an exemption.
    await page.reload();
    const fees = page.getByTestId('fees-editor');
    await fees.waitFor();
    await expect(page.locator('#fee-0-name').inputValue()).resolves.toBe('Lệ phí đăng ký doanh nghiệp');
    await expect(page.locator('#fee-0-online').inputValue()).resolves.toBe('100');
    await page.locator('#fee-1-kind').selectOption('per_copy');
    await page.locator('#fee-1-field').selectOption('copies');
    await page.locator('#fee-1-from').fill('2');
    await fees.getByTestId('fee-1').getByRole('button', { name: '+ Thêm đối tượng miễn, giảm' }).click();
    await page.locator('#fee-1-r0-cat').fill('ho-ngheo');
    await page.locator('#fee-1-r0-label').fill('Hộ nghèo');
    await page.locator('#fee-1-r0-labelEn').fill('Poor household');
    await page.locator('#fee-1-r0-ev').fill('Giấy chứng nhận hộ nghèo');
    await page.locator('#fee-1-r0-evEn').fill('Poor household certificate');
    await page.getByTestId('fees-save').click();
    await expect
      .poll(
        async () =>
          (
            await e2e.database.db
              .select()
              .from(procedureFees)
              .where(eq(procedureFees.procedureId, p!.id))
              .orderBy(asc(procedureFees.ordinal))
          )[1],
      )
      .toMatchObject({
        kind: 'per_copy',
        quantityField: 'copies',
        fromCopy: 2,
        reductions: [{ category: 'ho-ngheo', percent: 100 }],
      });
    await page.context().close();
  }, 180_000);
});
