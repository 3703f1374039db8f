/**
 * Same-day deadlines and fees at the desk, in Chromium:
 * - a same-day civil-status procedure received at 16:00 on a Friday (after the 15:00 cut-off) is due at
 *   the end of Monday and is not late;
 * - the judicial-record certificate is quoted in the wizard's review step at 200.000 đ for one copy and
 *   205.000 đ for three; at the desk the return is refused while the fee is owed, the officer records the
 *   cash with a numbered receipt, and the result is returned.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import type { Page } from 'playwright-core';
import { startE2E, type E2E } from './harness.js';
import { agencies } from '../../src/directory/schema.js';
import { dossiers } from '../../src/procedures/dossiers/schema.js';
import { at, restoreClock } from '../../src/procedures/dossiers/test-fixtures.js';
import { pdfBytes } from '../../src/platform/files/test-fixtures.js';
import { paymentRequests } from '../../src/procedures/payments/schema.js';
import { VnpayTestServer } from '../../src/procedures/payments/testing/vnpay-server.js';

const CIVIL_SAME_DAY = '2.000635'; // Cấp bản sao trích lục hộ tịch: trong ngày, 15:00 cut-off

let e2e: E2E;
const vnpay = new VnpayTestServer('TINHSO01', 'TINHSOSECRETKEY0123456789ABCDEF');
const pages = new Map<string, Page>();

beforeAll(async () => {
  await vnpay.start();
  e2e = await startE2E({
    config: { payments: { vnpay: { tmnCode: vnpay.tmnCode, hashSecret: vnpay.hashSecret, url: vnpay.payUrl } } },
  });
  // The IPN URL the province registered with VNPAY.
  vnpay.ipnUrl = `${e2e.baseUrl}/api/payments/vnpay/ipn`;
});
afterAll(async () => {
  for (const p of pages.values()) await p.context().close();
  await e2e?.close();
  await vnpay.stop();
});
afterEach(() => restoreClock());

async function as(username: string): Promise<Page> {
  const known = pages.get(username);
  if (known) return known;
  const page = await e2e.page({ width: username === 'congdan' ? 390 : 1280, height: 844 });
  await e2e.login(page, username);
  await page.getByTestId('user-menu').waitFor();
  pages.set(username, page);
  return page;
}

const pdf = (name: string) => ({ name, mimeType: 'application/pdf', buffer: pdfBytes(name) });
const row = async (id: string) => (await e2e.database.db.select().from(dossiers).where(eq(dossiers.id, id)))[0]!;

/** The province's public administration service centre, which receives online dossiers. */
async function serviceCentre(): Promise<string | undefined> {
  const [a] = await e2e.database.db.select().from(agencies).where(eq(agencies.key, 'TTHCC'));
  return a?.id;
}

/** A value of the right kind for each required field of a procedure's form. */
function sampleForm(fields: { key: string; type: string; required: boolean; options?: { value: string }[] }[]) {
  const values: Record<string, unknown> = {};
  for (const f of fields.filter((x) => x.required)) {
    values[f.key] =
      f.type === 'select'
        ? f.options![0]!.value
        : f.type === 'number'
          ? 1
          : f.type === 'date'
            ? '2020-01-15'
            : f.type === 'checkbox'
              ? true
              : f.type === 'idNumber'
                ? '046090001234'
                : f.type === 'phone'
                  ? '0912345678'
                  : f.type === 'email'
                    ? 'dan@example.vn'
                    : 'Nguyễn Văn Dân';
  }
  return values;
}

describe('same-day procedures and fees at the desk', () => {
  it('a civil-status extract received at 16:00 on a Friday is due at the end of Monday and is not late', async () => {
    const page = await as('motcua');
    const session = await (await page.request.get('/api/auth/session')).json();
    const headers = { 'x-csrf-token': session.csrfToken as string };
    const proc = await (await page.request.get(`/api/procedures/${CIVIL_SAME_DAY}`)).json();
    const desk = session.account.grants.find(
      (g: { role: string; scopeKind: string }) => g.role === 'officer' && g.scopeKind === 'agency',
    ).scopeId as string;
    // A People's Committee of a commune handles it (no agency named: the level's committee, as the applicant chooses).
    const [commune] = await e2e.database.db
      .select()
      .from(agencies)
      .where(and(eq(agencies.level, 'commune'), eq(agencies.active, true)))
      .limit(1);
    const form = await page.request.post('/api/files', { headers, multipart: { file: pdf('to-khai-trich-luc.pdf') } });
    expect(form.status(), await form.text()).toBe(201);
    at('2026-03-06T16:00:00'); // Friday, after the 15:00 cut-off
    const r = await page.request.post('/api/dossiers/counter', {
      headers,
      data: {
        procedureId: proc.id,
        agencyId: commune!.id,
        receivingAgencyId: desk,
        applicant: { name: 'Nguyễn Văn Dân' },
        formData: sampleForm(proc.formFields),
        attachments: [{ paperId: proc.papers[0].id, files: [(await form.json()).sha256] }],
      },
    });
    expect(r.status(), await r.text()).toBe(201);
    const d = await r.json();
    // 17:00 on Monday 9 March in Vietnam.
    expect(d).toMatchObject({ dueAt: '2026-03-09T10:00:00.000Z', late: false });
    await page.goto(`/workspace/dossiers/${d.id}`);
    await expect(page.getByTestId('dossier-due').textContent()).resolves.toMatch(
      /09\/03\/2026.*17:00|17:00.*09\/03\/2026/,
    );
    await expect(page.getByTestId('dossier-status').textContent()).resolves.not.toContain('Quá hạn');
    expect((await row(d.id)).dueAt?.toISOString()).toBe('2026-03-09T10:00:00.000Z');
  });

  let id = '';
  it('the wizard quotes the judicial-record certificate at 200.000 đ for one copy and 205.000 đ for three', async () => {
    const page = await as('congdan');
    await page.goto(`/procedures?q=${encodeURIComponent('phieu ly lich tu phap cong dan')}`);
    await page
      .getByTestId('procedure-results')
      .getByRole('link', { name: /cư trú tại Việt Nam/ })
      .first()
      .click();
    await page.getByTestId('procedure-detail').waitFor();
    expect(page.url()).toContain('/procedures/2.000488'); // Cấp Phiếu lý lịch tư pháp (Thông tư 244/2016/TT-BTC)
    await page.getByTestId('procedure-submit').click();
    await page.getByTestId('submit-step-form').waitFor();
    await page.getByTestId('form-applicantIdNumber').fill('046090001234');
    await page.getByTestId('form-applicantAddress').fill('12 Lê Lợi, phường Thuận Hóa, thành phố Huế');
    await page.getByTestId('form-applicantPhone').fill('0912345678');
    await page.getByTestId('form-birthDate').fill('1990-05-12');
    await page.getByTestId('form-slipKind').selectOption('1');
    await page.getByTestId('form-copies').fill('1');
    await page.getByTestId('form-purpose').fill('Bổ sung hồ sơ xin việc');
    await page.getByTestId('submit-next').click();
    await page.getByTestId('submit-step-papers').waitFor();
    await page.getByTestId('paper-1').setInputFiles(pdf('to-khai-ly-lich-tu-phap.pdf'));
    await page.getByTestId('paper-1-files').getByText('to-khai-ly-lich-tu-phap.pdf').waitFor();
    if (await page.getByTestId('paper-2').count()) {
      await page.getByTestId('paper-2').setInputFiles(pdf('can-cuoc.pdf'));
      await page.getByTestId('paper-2-files').getByText('can-cuoc.pdf').waitFor();
    }
    await page.getByTestId('submit-next').click();
    await page.getByTestId('submit-review').waitFor();
    await expect.poll(() => page.getByTestId('submit-fee-total').textContent()).toContain('200.000');

    // Three copies: the third is charged 5.000 đ.
    await page.getByTestId('submit-back').click();
    await page.getByTestId('submit-back').click();
    await page.getByTestId('form-copies').fill('3');
    await page.getByTestId('submit-next').click();
    await page.getByTestId('submit-next').click();
    await page.getByTestId('submit-review').waitFor();
    await expect.poll(() => page.getByTestId('submit-fee-total').textContent()).toContain('205.000');
    await page.getByTestId('submit-send').click();
    await page.getByTestId('submitted-notice').waitFor();
    id = page.url().split('/my-dossiers/')[1]!.split('?')[0]!;
    expect((await row(id)).feeTotal).toBe(205_000);
  });

  it('at the desk the return is refused while the fee is owed; cash is recorded with a receipt; then the result is returned', async () => {
    const page = await as('motcua');
    await page.goto(`/workspace/dossiers/${id}`);
    await page.getByTestId('action-receive').click();
    await page.getByTestId('toast-success').waitFor();
    // The workflow itself is the one-stop test's (one-stop.e2e.ts); here the result is ready.
    await e2e.database.db
      .update(dossiers)
      .set({ status: 'result_ready', completedAt: new Date() })
      .where(eq(dossiers.id, id));
    await page.reload();
    await expect.poll(() => page.getByTestId('payment-owed').textContent()).toContain('205.000');

    await page.getByTestId('action-return').click();
    await page.getByTestId('dossier-actions').getByRole('alert').filter({ hasText: /phí/ }).waitFor();
    expect((await row(id)).status).toBe('result_ready');

    await page.getByTestId('desk-method-cash').check();
    await page.getByTestId('desk-record').click();
    await page.getByTestId('payment-receipt').waitFor();
    await expect.poll(() => page.getByTestId('payment-owed').textContent()).toContain('0');
    const receipt = await page.request.get((await page.getByTestId('payment-receipt').getAttribute('href'))!);
    expect(receipt.headers()['content-type']).toContain('application/pdf');
    await expect(page.getByTestId('payment-paid').textContent()).resolves.toMatch(/BL\d{2}-\d{7}/);

    await page.getByTestId('action-return').click();
    await page.getByTestId('toast-success').waitFor();
    await expect.poll(async () => (await row(id)).status).toBe('returned');
  });

  it('the citizen pays through VNPAY: the payer’s page of the test server, the IPN, the receipt', async () => {
    const page = await as('congdan');
    const session = await (await page.request.get('/api/auth/session')).json();
    const headers = { 'x-csrf-token': session.csrfToken as string };
    const proc = await (await page.request.get('/api/procedures/2.000488')).json();
    const attachments = [];
    for (const x of proc.papers.filter(
      (p: { mandatory: boolean; provision?: string }) => p.mandatory && (p.provision ?? 'upload') === 'upload',
    )) {
      const f = await page.request.post('/api/files', {
        headers,
        multipart: { file: pdf(`giay-to-${x.ordinal}.pdf`) },
      });
      attachments.push({ paperId: x.id, files: [(await f.json()).sha256] });
    }
    const centre = (await serviceCentre())!;
    const r = await page.request.post('/api/dossiers', {
      headers,
      data: {
        procedureId: proc.id,
        receivingAgencyId: centre,
        formData: { ...sampleForm(proc.formFields), copies: 1, applicantIdNumber: '046090001234' },
        attachments,
      },
    });
    expect(r.status(), await r.text()).toBe(201);
    const d = await r.json();
    await page.goto(`/my-dossiers/${d.id}`);
    await page.getByTestId('pay-vnpay').click();
    const go = page.getByTestId('payment-go');
    await go.waitFor();
    const payUrl = (await go.getAttribute('href'))!;
    expect(payUrl.startsWith(`${vnpay.payUrl}?`)).toBe(true);
    // The payer's page at VNPAY (the test server), which checked the province's signature.
    await page.goto(payUrl);
    await expect(page.locator('#amount').textContent()).resolves.toContain('200.000');
    // Paying sends the IPN server to server, then the browser back to the return URL, which is on PUBLIC_URL
    // (not this test's port): the browser's visit is handed to the server under test here.
    let returnedTo = '';
    await page.route('**/api/payments/vnpay/return?**', async (route) => {
      const u = new URL(route.request().url());
      const r = await page.request.get(`${u.pathname}${u.search}`, { maxRedirects: 0 });
      returnedTo = r.headers()['location'] ?? '';
      await route.fulfill({ status: 200, contentType: 'text/html', body: '<p id="returned">ok</p>' });
    });
    await page.locator('#pay').click();
    await page.locator('#returned').waitFor();
    expect(returnedTo).toContain(`code=${encodeURIComponent(d.code)}`);
    expect(returnedTo).toContain('payment=paid');
    await expect
      .poll(
        async () =>
          (await e2e.database.db.select().from(paymentRequests).where(eq(paymentRequests.dossierId, d.id)))[0]?.status,
        { timeout: 15_000 },
      )
      .toBe('paid');
    await expect.poll(() => vnpay.ipnAnswers.at(-1)?.answer).toEqual({ RspCode: '00', Message: 'Confirm Success' });
    await page.goto(`/my-dossiers/${d.id}`);
    await page.getByTestId('payment-paid').waitFor();
    await page.getByTestId('payment-receipt').waitFor();
  });
});
