/**
 * The one-stop shop end to end in Chromium: a citizen applies online for a judicial record certificate
 * (Sở Tư pháp, one copy: fee 200.000 đ) and pays through a sandbox gateway running as a real HTTP server; the
 * one-stop officer receives it, a specialist asks for a supplement, the citizen supplements, the police
 * step of the liên thông workflow is done, the leader approves, the result is attached and returned,
 * the citizen rates it; the public lookup page follows its status, and never shows the applicant's name.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import type { Page } from 'playwright-core';
import { startE2E, type E2E } from './harness.js';
import { accounts } from '../../src/platform/index.js';
import { agencyByCode, agencyByKey } from '../../src/directory/index.js';
import { dossiers } from '../../src/procedures/dossiers/schema.js';
import { SandboxGateway } from '../../src/procedures/payments/testing/sandbox-gateway.js';
import { pdfBytes } from '../../src/platform/files/test-fixtures.js';

const PROCEDURE = '2.000488'; // Cấp Phiếu lý lịch tư pháp — handled by Sở Tư pháp, police check (liên thông)
const POLICE = '000.00.90.H57'; // Công an thành phố Huế: its step is done by the demo account `congan`
const MERCHANT = 'TINHSO-HUE';
const SECRET = 'sandbox-secret-for-e2e';

let e2e: E2E;
let gateway: SandboxGateway;
const pages = new Map<string, Page>();

beforeAll(async () => {
  gateway = await new SandboxGateway(MERCHANT, SECRET).start();
  e2e = await startE2E({
    config: {
      payments: {
        gateway: { url: gateway.url, merchant: MERCHANT, secret: SECRET },
        vietqr: { bin: '970415', account: '113000006000', accountName: 'TRUNG TAM PHUC VU HANH CHINH CONG' },
      },
    },
  });
});
afterAll(async () => {
  for (const p of pages.values()) await p.context().close();
  await e2e?.close();
  await gateway?.stop();
});

/** One logged-in browser page per person, kept for the whole story. */
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

/** The public lookup, without login, shows the dossier in this state. */
async function lookupShows(code: string, status: string) {
  const page = pages.get('anonymous') ?? (await e2e.page());
  pages.set('anonymous', page);
  await page.goto(`/lookup?code=${encodeURIComponent(code)}`);
  await page.locator(`[data-testid="lookup-status"][data-status="${status}"]`).waitFor();
  return page;
}

/** Actions done with one click (an optional note typed above); the others open their own form. */
const QUICK = new Set(['receive', 'approve', 'return', 'resume']);

/** A staff member opens the dossier and performs one action. */
async function act(username: string, id: string, action: string, fill?: (page: Page) => Promise<void>) {
  const page = await as(username);
  await page.goto(`/workspace/dossiers/${id}`);
  if (QUICK.has(action)) {
    await page.getByTestId(`action-${action}`).waitFor();
    if (fill) await fill(page);
    await page.getByTestId(`action-${action}`).click();
    await page.getByTestId('toast-success').waitFor();
    return page;
  }
  await page.getByTestId(`action-${action}`).click();
  const form = page.getByTestId(`action-form-${action}`);
  await form.waitFor();
  if (fill) await fill(page);
  await form.getByTestId('action-submit').click();
  await form.waitFor({ state: 'detached' });
  return page;
}

const statusOf = async (id: string) => (await e2e.database.db.select().from(dossiers).where(eq(dossiers.id, id)))[0]!;

describe('the one-stop shop in the browser', () => {
  let id = '';
  let code = '';

  it('a citizen applies online on a phone: prefilled form, mandatory papers enforced, fees shown', async () => {
    const page = await as('congdan');
    // Found through the catalog search (a path with a dot is not served on a full page load: see the report).
    await page.goto(`/procedures?q=${encodeURIComponent('phieu ly lich tu phap cong dan')}`);
    await page
      .getByTestId('procedure-results')
      .getByRole('link', { name: /cư trú tại Việt Nam/ })
      .first()
      .click();
    await page.getByTestId('procedure-detail').waitFor();
    expect(page.url()).toContain(`/procedures/${PROCEDURE}`);
    await page.getByTestId('procedure-submit').click();
    await page.getByTestId('submit-step-form').waitFor();
    // The name comes from the account.
    await expect(page.getByTestId('form-applicantName').inputValue()).resolves.toBe('Hoàng Văn Dân');
    await page.getByTestId('form-applicantIdNumber').fill('046090001234');
    await page.getByTestId('form-applicantAddress').fill('12 Lê Lợi, phường Thuận Hóa, thành phố Huế');
    await page.getByTestId('form-applicantPhone').fill('0912345678');
    await page.getByTestId('form-birthDate').fill('1990-05-12');
    await page.getByTestId('form-slipKind').selectOption('1');
    await page.getByTestId('form-copies').fill('1');
    await page.getByTestId('form-purpose').fill('Bổ sung hồ sơ xin việc');
    await page.getByTestId('submit-next').click();

    // Papers: the two mandatory ones are enforced before going on.
    await page.getByTestId('submit-step-papers').waitFor();
    await page.getByTestId('submit-next').click();
    await expect.poll(() => page.locator('.field__error').count()).toBe(2);
    await page.getByTestId('paper-1').setInputFiles(pdf('to-khai-ly-lich-tu-phap.pdf'));
    await page.getByTestId('paper-1-files').getByText('to-khai-ly-lich-tu-phap.pdf').waitFor();
    await page.getByTestId('paper-2').setInputFiles(pdf('can-cuoc.pdf'));
    await page.getByTestId('paper-2-files').getByText('can-cuoc.pdf').waitFor();
    await page.getByTestId('submit-next').click();

    await page.getByTestId('submit-review').waitFor();
    // One copy: 200.000 đ (the 5.000 đ a copy start from the third: fees.e2e.ts).
    await expect.poll(() => page.getByTestId('submit-fees').textContent()).toContain('200.000');
    await page.getByTestId('submit-send').click();
    await page.getByTestId('submitted-notice').waitFor();
    code = (await page.getByTestId('dossier-code').textContent())!.trim();
    id = page.url().split('/my-dossiers/')[1]!.split('?')[0]!;
    expect(code).toMatch(/^[0-9A-Z.]+-\d{6}-\d{4}$/);
    const d = await statusOf(id);
    expect(d).toMatchObject({ status: 'submitted', applicantIdNumber: '046090001234', channel: 'online' });
    expect(d.attachments).toHaveLength(2);

    const lookup = await lookupShows(code, 'submitted');
    // Nothing personal on the public page.
    await expect(lookup.locator('main').textContent()).resolves.not.toContain('Hoàng Văn Dân');
  });

  it('the citizen pays through the gateway; the signed callback marks it paid and a receipt is offered', async () => {
    const page = await as('congdan');
    await page.goto(`/my-dossiers/${id}`);
    await page.getByTestId('pay-gateway').click();
    const go = page.getByTestId('payment-go');
    await go.waitFor();
    const payUrl = await go.getAttribute('href');
    expect(payUrl).toContain(gateway.url);
    // The payer finishes at the gateway, which calls the province back (signed, server to server).
    const [ref] = [...gateway.payments.keys()];
    expect(gateway.payments.get(ref!)!.amount).toBe(200000);
    const n = gateway.notification(ref!, 'paid');
    const cb = await fetch(`${e2e.baseUrl}/api/payments/callback/gateway`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-signature': n.signature },
      body: n.raw,
    });
    expect(cb.status).toBe(200);
    await page.getByTestId('payment-refresh').click();
    await page.getByTestId('payment-paid').waitFor();
    await page.getByTestId('payment-receipt').waitFor();
  });

  it('the one-stop officer receives it from the queue (bulk receive) and assigns the specialist', async () => {
    const page = await as('motcua');
    await page.goto('/workspace/receive');
    await page.getByTestId(`queue-row-${code}`).waitFor();
    await page.getByTestId(`queue-select-${code}`).check();
    await page.getByTestId('bulk-receive').click();
    await page.getByTestId(`queue-row-${code}`).waitFor({ state: 'detached' });
    expect((await statusOf(id)).status).toBe('received');
    await lookupShows(code, 'received');

    const [specialist] = await e2e.database.db.select().from(accounts).where(eq(accounts.username, 'chuyenvien'));
    await act('motcua', id, 'assign', async (p) => {
      await p.getByTestId('act-handlerId').locator(`option[value="${specialist!.id}"]`).waitFor({ state: 'attached' });
      await p.getByTestId('act-handlerId').selectOption(specialist!.id);
    });
    expect(await statusOf(id)).toMatchObject({ status: 'processing', currentHandlerId: specialist!.id });
    // The receipt with the appointment is printable.
    const receipt = await page.request.get(`/api/dossiers/${id}/receipt.pdf`);
    expect(receipt.headers()['content-type']).toContain('application/pdf');
    await lookupShows(code, 'processing');
  });

  it('the specialist asks for a supplement; the citizen supplies it; the clock stops and restarts', async () => {
    const page = await as('chuyenvien');
    await page.goto('/workspace/process?mine=1');
    await page.getByTestId(`queue-row-${code}`).waitFor();
    await act('chuyenvien', id, 'request-supplement', async (p) => {
      await p.getByTestId('act-reason').fill('Thiếu giấy tờ chứng minh đối tượng giảm phí');
      await p.getByTestId('act-papers').fill('Thẻ sinh viên (bản sao)');
    });
    expect((await statusOf(id)).status).toBe('supplement_requested');
    expect((await statusOf(id)).pausedSince).not.toBeNull();
    const stopped = await lookupShows(code, 'supplement_requested');
    await stopped.getByTestId('lookup-status').getByText('Đang dừng tính hạn').waitFor();

    const citizen = await as('congdan');
    await citizen.goto(`/my-dossiers/${id}`);
    const form = citizen.getByTestId('supplement-form');
    await expect(form.textContent()).resolves.toContain('Thiếu giấy tờ chứng minh đối tượng giảm phí');
    await citizen.getByTestId('supplement-paper-3').setInputFiles(pdf('the-sinh-vien.pdf'));
    await citizen.getByTestId('supplement-paper-3-files').getByText('the-sinh-vien.pdf').waitFor();
    await citizen.getByTestId('supplement-send').click();
    await citizen.locator('[data-testid="dossier-status"][data-status="processing"]').waitFor();
    const d = await statusOf(id);
    expect(d.attachments).toHaveLength(3);
    expect(d.pausedSince).toBeNull();
    await lookupShows(code, 'processing');
  });

  it('the specialist and the police complete their steps, the leader approves, the result is attached and returned', async () => {
    await act('chuyenvien', id, 'process-step', (p) =>
      p.getByTestId('act-opinion').fill('Hồ sơ đầy đủ, đề nghị Công an tra cứu'),
    );
    const [police] = await Promise.all([agencyByCode(e2e.database.db, POLICE)]);
    expect((await statusOf(id)).currentAgencyId).toBe(police!.id);
    await act('congan', id, 'process-step', (p) => p.getByTestId('act-note').fill('Không có án tích'));
    expect((await statusOf(id)).status).toBe('awaiting_approval');
    await lookupShows(code, 'awaiting_approval');

    // The leader sees only the actions a leader may do now.
    const leader = await as('lanhdao');
    await leader.goto(`/workspace/dossiers/${id}`);
    await leader.getByTestId('action-approve').waitFor();
    await expect(leader.getByTestId('action-receive').count()).resolves.toBe(0);
    await act('lanhdao', id, 'approve', (p) => p.getByTestId('action-note').fill('Đồng ý cấp phiếu'));
    await lookupShows(code, 'approved');

    await act('chuyenvien', id, 'attach-result', async (p) => {
      await p.getByTestId('act-sha256').setInputFiles(pdf('phieu-ly-lich-tu-phap-so-1.pdf'));
      await p.getByTestId('act-sha256-files').getByText('phieu-ly-lich-tu-phap-so-1.pdf').waitFor();
    });
    await lookupShows(code, 'result_ready');

    await act('motcua', id, 'return');
    expect((await statusOf(id)).status).toBe('returned');
    await lookupShows(code, 'returned');
  });

  it('the citizen rates the service; the lookup shows the status, dates and agency and no personal data', async () => {
    const page = await as('congdan');
    await page.goto(`/my-dossiers/${id}`);
    await page.getByTestId('rate-form').waitFor();
    await page.getByTestId('rate-5').check({ force: true });
    await page.getByTestId('rate-comment').fill('Nhanh, đúng hẹn');
    await page.getByTestId('rate-send').click();
    await page.getByTestId('dossier-rated').waitFor();
    expect(await statusOf(id)).toMatchObject({ rating: 5 });

    await page.goto('/my-dossiers');
    await page.getByTestId(`mine-row-${code}`).waitFor();

    // A new application starts from what the citizen gave last time.
    await page.goto(`/procedures/${PROCEDURE}/submit`);
    await page.getByTestId('submit-step-form').waitFor();
    await expect.poll(() => page.getByTestId('form-applicantIdNumber').inputValue()).toBe('046090001234');
    await expect(page.getByTestId('form-applicantAddress').inputValue()).resolves.toBe(
      '12 Lê Lợi, phường Thuận Hóa, thành phố Huế',
    );

    // The lookup shows what the national portal does (status, dates, agency), not the path through the steps.
    const lookup = await lookupShows(code, 'returned');
    await lookup.getByTestId('lookup-returned').waitFor();
    await expect(lookup.getByTestId('lookup-agency').textContent()).resolves.toContain('Tư pháp');
    await expect(lookup.getByTestId('lookup-timeline').count()).resolves.toBe(0);
    const text = (await lookup.locator('main').textContent()) ?? '';
    for (const personal of [
      'Hoàng Văn Dân',
      '046090001234',
      '0912345678',
      'Lê Lợi',
      'Nhanh, đúng hẹn',
      'lý lịch tư pháp',
    ])
      expect(text).not.toContain(personal);
  });

  it('the one-stop officer receives a walk-in at the counter: received at once, with an appointment and a printable receipt', async () => {
    const page = await as('motcua');
    await page.goto('/workspace/counter');
    await page.getByTestId('counter-procedure-search').fill('ly lich tu phap');
    await page.getByTestId(`counter-pick-${PROCEDURE}`).click();
    await page.getByTestId('counter-form').waitFor();
    await page.getByTestId('counter-name').fill('Trần Thị Bình');
    await page.getByTestId('counter-idNumber').fill('046185004321');
    await page.getByTestId('counter-address').fill('5 Hùng Vương, phường Phú Hội, thành phố Huế');
    await page.getByTestId('form-birthDate').fill('1985-02-03');
    await page.getByTestId('form-slipKind').selectOption('1');
    await page.getByTestId('form-copies').fill('2');
    await page.getByTestId('form-purpose').fill('Xin việc');
    // Without the mandatory papers the server says which are missing, next to them.
    await page.getByTestId('counter-submit').click();
    await expect.poll(() => page.locator('.field__error').count()).toBeGreaterThanOrEqual(2);
    await page.getByTestId('counter-paper-1').setInputFiles(pdf('to-khai-binh.pdf'));
    await page.getByTestId('counter-paper-1-files').getByText('to-khai-binh.pdf').waitFor();
    await page.getByTestId('counter-paper-2').setInputFiles(pdf('can-cuoc-binh.pdf'));
    await page.getByTestId('counter-paper-2-files').getByText('can-cuoc-binh.pdf').waitFor();
    await page.getByTestId('counter-submit').click();
    await page.getByTestId('ws-dossier').waitFor();
    await page.locator('[data-testid="dossier-status"][data-status="received"]').waitFor();
    await page.getByTestId('dossier-receipt').waitFor();
    const walkIn = page.url().split('/workspace/dossiers/')[1]!;
    expect(await statusOf(walkIn)).toMatchObject({
      channel: 'counter',
      status: 'received',
      applicantName: 'Trần Thị Bình',
      applicantAccountId: null,
    });
    expect((await statusOf(walkIn)).dueAt).not.toBeNull();
  });

  it('a VietQR transfer: the QR code and bank details show; the officer confirms the transfer', async () => {
    const page = await as('congdan');
    const centre = await agencyByKey(e2e.database.db, 'TTHCC');
    // A second dossier, submitted through the API from the citizen's own session (the wizard is covered above).
    const second = await page.evaluate(
      async ({ code, receivingAgencyId }) => {
        const s = (await (await fetch('/api/auth/session')).json()) as { csrfToken: string };
        const headers = { 'x-csrf-token': s.csrfToken };
        const p = (await (await fetch(`/api/procedures/${code}`)).json()) as {
          id: string;
          papers: { id: string; mandatory: boolean }[];
        };
        const attachments = [];
        for (const paper of p.papers.filter((x) => x.mandatory)) {
          const f = new FormData();
          f.append('file', new Blob([`%PDF-1.4\n% ${paper.id}\n%%EOF\n`], { type: 'application/pdf' }), 'giay-to.pdf');
          const up = (await (await fetch('/api/files', { method: 'POST', headers, body: f })).json()) as {
            sha256: string;
          };
          attachments.push({ paperId: paper.id, files: [up.sha256] });
        }
        const formData = {
          applicantName: 'Hoàng Văn Dân',
          applicantIdNumber: '046090001234',
          applicantAddress: 'Huế',
          birthDate: '1990-05-12',
          slipKind: '2',
          copies: 1,
          purpose: 'Du học',
        };
        const r = await fetch('/api/dossiers', {
          method: 'POST',
          headers: { ...headers, 'content-type': 'application/json' },
          body: JSON.stringify({ procedureId: p.id, receivingAgencyId, formData, attachments }),
        });
        return (await r.json()) as { id: string; code: string };
      },
      { code: PROCEDURE, receivingAgencyId: centre!.id },
    );
    expect(second.code).toBeTruthy();
    await page.goto(`/my-dossiers/${second.id}`);
    await page.getByTestId('pay-vietqr').click();
    await page.getByTestId('vietqr-image').waitFor();
    await expect(page.getByTestId('vietqr').textContent()).resolves.toContain('113000006000');

    const officer = await as('motcua');
    await officer.goto(`/workspace/dossiers/${second.id}`);
    await officer.getByTestId('payment-bankref').fill('FT26063123456');
    await officer.getByTestId('payment-confirm').click();
    await officer.getByTestId('payment-paid').waitFor();
    await page.getByTestId('payment-refresh').click();
    await page.getByTestId('payment-paid').waitFor();
  });
});
