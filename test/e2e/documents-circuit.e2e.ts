/**
 * The whole circuit of an official document, in the browser: the clerk of the Department of Justice registers an
 * incoming document from the Department of Construction, the leader assigns it, the specialist drafts the reply (a
 * tờ trình), the head of the drafting unit reviews it, the leader approves; the clerk numbers it (`NN/TTr-STP`), the
 * leader signs it with a key held by the platform and again through a remote signing service (CSC, the test server
 * standing in for the phone), the clerk issues and sends it through the exchange; the Department of Construction
 * finds it in its exchange inbox, assigns and completes it, and the sender sees every receipt.
 *
 * The demo has no clerk at the department, no unit under it and none of the construction department's clerk and
 * leader: they are created here through the administrator's API, as is the leader's registration of his two keys.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startE2E, type E2E } from './harness.js';
import { DEMO_PASSWORD } from '../../src/demo/accounts.js';
import { agencyByCode, agencyByKey } from '../../src/directory/index.js';
import { createTestCa, toPkcs12 } from '../../src/platform/pki/index.js';
import { startTestCscServer, type TestCscServer } from '../../src/documents/signing/csc/test-server.js';
import { makePdf } from '../../src/documents/test-fixtures.js';

const PASSWORD = 'Thu-nghiem@2026';
const CONSTRUCTION = '000.00.05.H57';
const REPLY = 'Tờ trình về kết quả thẩm định dự thảo Quy định quản lý trật tự xây dựng';

let e2e: E2E;
let csc: TestCscServer;
const savedRoots = process.env.DOCUMENTS_TRUSTED_ROOTS;
const pages = new Map<string, Page>();

/** The API as one person, through the server itself (setup only: the circuit below goes through the browser). */
async function apiAs(username: string, password: string) {
  const app = e2e.server.app;
  const login = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });
  expect(login.statusCode, login.body).toBe(200);
  const headers = {
    cookie: login.cookies.map((c) => `${c.name}=${c.value}`).join('; '),
    'x-csrf-token': (login.json() as { csrfToken: string }).csrfToken,
  };
  return {
    async post<T>(url: string, payload: unknown, status = 201): Promise<T> {
      const r = await app.inject({ method: 'POST', url, headers, payload: payload as Record<string, unknown> });
      expect(r.statusCode, `${url}: ${r.body}`).toBe(status);
      return r.json() as T;
    },
  };
}

beforeAll(async () => {
  // The leader's two certificates come from a test CA the deployment is told to trust (as it would the national root).
  const ca = await createTestCa({ commonName: 'Tinh so e2e Root CA', organization: 'Tinh so tests' });
  const platformCert = await ca.issue({
    commonName: 'Lê Văn Lãnh Đạo',
    organization: 'Sở Tư pháp thành phố Huế',
    usage: 'signing',
  });
  const remoteCert = await ca.issue({
    commonName: 'Lê Văn Lãnh Đạo (ký số từ xa)',
    organization: 'Sở Tư pháp thành phố Huế',
    usage: 'signing',
  });
  process.env.DOCUMENTS_TRUSTED_ROOTS = ca.certPem;
  csc = await startTestCscServer({
    users: [
      { username: 'lanhdao.stp', password: 'remote-pw', credentials: [{ id: 'lanhdao-remote-1', cert: remoteCert }] },
    ],
  });
  // The job runner works as in production: remote signatures, deliveries and receipts run in the background.
  e2e = await startE2E({ config: { jobs: { autostart: true, pollMs: 250, leaseMs: 300_000, concurrency: 4 } } });

  const db = e2e.database.db;
  const justice = (await agencyByKey(db, 'STP'))!.id;
  const construction = (await agencyByCode(db, CONSTRUCTION))!.id;
  const admin = await apiAs('admin', DEMO_PASSWORD);
  const unit = await admin.post<{ id: string }>('/api/directory/agencies', {
    code: '001.39.04.H57',
    name: 'Phòng Hành chính tư pháp',
    shortName: 'Phòng HCTP',
    level: 'unit',
    parentId: justice,
  });
  const people: [string, string, string, string][] = [
    ['vanthu.stp', 'Đỗ Thị Văn Thư', 'clerk', justice],
    ['truongphong.hctp', 'Nguyễn Văn Trưởng Phòng', 'leader', unit.id],
    ['vanthu.sxd', 'Bùi Thị Tiếp Nhận', 'clerk', construction],
    ['lanhdao.sxd', 'Phan Văn Giám Đốc', 'leader', construction],
  ];
  for (const [username, displayName, role, agencyId] of people) {
    await admin.post('/api/directory/people', {
      username,
      displayName,
      password: PASSWORD,
      agencyId,
      grants: [{ role, scopeKind: 'agency', scopeId: agencyId }],
    });
  }
  // The leader registers his keys: a PKCS#12 kept sealed by the platform, and his remote signing account.
  const leader = await apiAs('lanhdao', DEMO_PASSWORD);
  await leader.post('/api/documents/signing-keys', {
    method: 'platform',
    kind: 'person',
    label: 'Chứng thư số cá nhân (lưu trên hệ thống)',
    p12: (await toPkcs12(platformCert, 'p12-pw')).toString('base64'),
    password: 'p12-pw',
  });
  await leader.post('/api/documents/signing-keys', {
    method: 'csc',
    kind: 'person',
    label: 'Dịch vụ ký số từ xa',
    cscUrl: csc.url,
    username: 'lanhdao.stp',
    password: 'remote-pw',
    credentialId: 'lanhdao-remote-1',
  });
});
afterAll(async () => {
  for (const p of pages.values()) await p.context().close();
  await e2e?.close();
  await csc?.close();
  if (savedRoots === undefined) delete process.env.DOCUMENTS_TRUSTED_ROOTS;
  else process.env.DOCUMENTS_TRUSTED_ROOTS = savedRoots;
});

/** One logged-in browser page per person, kept for the whole story. */
async function as(username: string): Promise<Page> {
  const known = pages.get(username);
  if (known) return known;
  const page = await e2e.page();
  await e2e.login(page, username, username.includes('.') ? PASSWORD : DEMO_PASSWORD);
  await page.getByTestId('user-menu').waitFor();
  pages.set(username, page);
  return page;
}

async function open(username: string, id: string): Promise<Page> {
  const page = await as(username);
  await page.goto(`/workspace/documents/${id}`);
  await page.getByTestId('doc-status').waitFor();
  return page;
}

/** Waits until the document page shows this status (its Vietnamese label). */
async function statusIs(page: Page, label: string) {
  await expect.poll(() => page.getByTestId('doc-status').textContent(), { timeout: 20_000 }).toBe(label);
}

/** Picks, in a person list, the option naming this person (the lists load from the server). */
async function pick(page: Page, testId: string, name: string) {
  const option = page.getByTestId(testId).locator('option', { hasText: name });
  await option.waitFor({ state: 'attached' });
  await page.getByTestId(testId).selectOption((await option.getAttribute('value'))!);
}

/** Opens an action's form, lets `fill` complete it, performs it and waits for the new status. */
async function act(page: Page, action: string, status: string, fill?: () => Promise<void>) {
  await page.getByTestId(`doc-open-${action}`).click();
  await page.getByTestId(`doc-form-${action}`).waitFor();
  if (fill) await fill();
  await page.getByTestId(`doc-do-${action}`).click();
  await statusIs(page, status);
}

const idOf = (page: Page) => new URL(page.url()).pathname.split('/').pop()!;

describe('an official document’s whole circuit in the browser', () => {
  let incomingId = '';
  let replyId = '';
  let numberSymbol = '';
  let receivedId = '';

  it('the clerk registers an incoming document; the leader assigns it', { timeout: 120_000 }, async () => {
    const clerk = await as('vanthu.stp');
    await clerk.goto('/workspace/documents/incoming/new');
    await clerk.getByTestId('doc-incoming-form').waitFor();
    const pdf = await makePdf(
      'SỞ XÂY DỰNG THÀNH PHỐ HUẾ\nĐề nghị Sở Tư pháp thẩm định dự thảo Quy định quản lý trật tự xây dựng.',
    );
    await clerk
      .getByTestId('doc-incoming-file')
      .setInputFiles({ name: 'de-nghi-tham-dinh.pdf', mimeType: 'application/pdf', buffer: pdf });
    await clerk.getByTestId('doc-incoming-sender').fill('Sở Xây dựng thành phố Huế');
    await clerk.getByTestId('doc-incoming-number').fill('215/SXD-QLXD');
    await clerk
      .getByTestId('doc-incoming-summary')
      .fill('V/v đề nghị thẩm định dự thảo Quy định quản lý trật tự xây dựng');
    await clerk.getByTestId('doc-incoming-save').click();
    await clerk.getByTestId('doc-page').waitFor();
    await statusIs(clerk, 'Đã vào sổ, chờ phân công');
    // The arrival number (số đến) heads the page.
    await expect(clerk.getByRole('heading', { level: 1 }).textContent()).resolves.toMatch(/^Văn bản đến \d{2,}$/);
    incomingId = idOf(clerk);

    const leader = await open('lanhdao', incomingId);
    await act(leader, 'assign', 'Đã phân công', async () => {
      await pick(leader, 'doc-assign-leadId', 'Trần Văn Chuyên');
      await leader.getByTestId('doc-assign-workingDays').fill('5');
      await leader
        .getByTestId('doc-assign-instruction')
        .fill('Giao Phòng Hành chính tư pháp thẩm định, dự thảo tờ trình.');
    });
    await expect(leader.getByTestId('doc-tree').textContent()).resolves.toContain('Trần Văn Chuyên');
  });

  it(
    'the specialist drafts the reply for a unit; the unit head reviews; the leader approves; the clerk numbers it',
    { timeout: 150_000 },
    async () => {
      const specialist = await open('chuyenvien', incomingId);
      await specialist.getByTestId('doc-reply').click();
      await specialist.getByTestId('doc-draft-form').waitFor();
      await expect(specialist.getByTestId('doc-draft-reply-to').textContent()).resolves.toContain('215/SXD-QLXD');
      await specialist.getByTestId('doc-draft-type').selectOption('TTr');
      await pick(specialist, 'doc-draft-unit', 'Phòng Hành chính tư pháp');
      await specialist.getByTestId('doc-draft-summary').fill(REPLY);
      await specialist
        .getByTestId('doc-draft-body')
        .fill(
          'Thực hiện đề nghị của Sở Xây dựng, Sở Tư pháp đã thẩm định dự thảo.\nKết quả thẩm định như sau: dự thảo đủ điều kiện trình ban hành.',
        );
      // The recipient agency, found by name: it receives the document through the exchange.
      await specialist.getByTestId('doc-draft-agency-q').fill('Sở Xây dựng');
      await specialist.getByTestId(`doc-draft-agency-add-${CONSTRUCTION}`).click();
      await expect(specialist.getByRole('list', { name: 'Cơ quan đã chọn' }).textContent()).resolves.toContain(
        'Sở Xây dựng',
      );
      await specialist.getByTestId('doc-draft-recipients').fill('Lưu: VT, HCTP.');
      await specialist.getByLabel('Quyền hạn ký (TM., KT., TL.…)').fill('KT. GIÁM ĐỐC');
      await specialist.getByLabel('Chức vụ người ký').fill('PHÓ GIÁM ĐỐC');
      await specialist.getByTestId('doc-draft-save').click();
      await specialist.getByTestId('doc-page').waitFor();
      await statusIs(specialist, 'Dự thảo');
      replyId = idOf(specialist);
      await act(specialist, 'submit', 'Chờ trưởng phòng kiểm tra', () =>
        pick(specialist, 'doc-submit-reviewerId', 'Nguyễn Văn Trưởng Phòng'),
      );

      const head = await open('truongphong.hctp', replyId);
      await act(head, 'review', 'Chờ lãnh đạo duyệt', async () => {
        await pick(head, 'doc-review-signerId', 'Lê Văn Lãnh Đạo');
        await head.getByTestId('doc-review-signerName').fill('Lê Văn Lãnh Đạo');
      });

      const leader = await open('lanhdao', replyId);
      await act(leader, 'approve', 'Đã duyệt, chờ cấp số');

      const clerk = await open('vanthu.stp', replyId);
      await act(clerk, 'number', 'Đã cấp số, chờ ký');
      const heading = (await clerk.getByRole('heading', { level: 1 }).textContent()) ?? '';
      expect(heading).toMatch(/^Văn bản đi \d{2,}\/TTr-STP$/);
      numberSymbol = heading.replace('Văn bản đi ', '');
    },
  );

  it(
    'the leader signs with the platform key, then again through the remote signing service; both signatures are valid',
    { timeout: 150_000 },
    async () => {
      const leader = await open('lanhdao', replyId);
      await leader.getByTestId('doc-open-sign').click();
      const dialog = leader.getByRole('dialog', { name: 'Ký số văn bản' });
      await dialog.waitFor();
      await dialog.getByRole('radio', { name: /Khóa ký trên hệ thống/ }).check();
      await dialog.getByTestId('sign-start').click();
      await dialog.getByTestId('sign-done').waitFor({ timeout: 30_000 });
      await expect(dialog.getByTestId('sign-done').textContent()).resolves.toContain('Đã ký số văn bản.');
      await dialog.getByTestId('sign-close').click();
      await dialog.waitFor({ state: 'detached' });
      await statusIs(leader, 'Đã ký, chờ phát hành');
      await expect
        .poll(() => leader.getByTestId('doc-sig-list').locator(':scope > li').count(), { timeout: 20_000 })
        .toBe(1);

      // The remote signature waits for the signer's phone: the dialog says so until the phone answers.
      await leader.getByTestId('doc-open-sign').click();
      await dialog.waitFor();
      await dialog.getByRole('radio', { name: /Ký số từ xa/ }).check();
      await dialog.getByTestId('sign-start').click();
      await expect
        .poll(() => dialog.getByTestId('sign-progress').textContent(), { timeout: 20_000 })
        .toContain('Đang chờ người ký xác nhận trên điện thoại');
      await expect.poll(() => csc.pending().length, { timeout: 30_000 }).toBe(1);
      expect(csc.pending()[0]!.description).toContain(numberSymbol);
      csc.approve();
      await dialog.getByTestId('sign-done').waitFor({ timeout: 30_000 });
      await expect(dialog.getByTestId('sign-done').textContent()).resolves.toContain('Ký số từ xa');
      await dialog.getByTestId('sign-close').click();
      await dialog.waitFor({ state: 'detached' });
      expect(csc.signatures).toBe(1);

      const list = leader.getByTestId('doc-sig-list').locator(':scope > li');
      await expect.poll(() => list.count(), { timeout: 20_000 }).toBe(2);
      await expect(list.nth(0).textContent()).resolves.toContain('Lê Văn Lãnh Đạo');
      await expect(list.nth(1).textContent()).resolves.toContain('Lê Văn Lãnh Đạo (ký số từ xa)');
      for (const i of [0, 1]) {
        await expect(list.nth(i).getAttribute('data-indication')).resolves.toBe('valid');
        await expect(list.nth(i).textContent()).resolves.toMatch(/PAdES B-(B|T|LT)\b/);
      }
      await expect(leader.getByTestId('doc-sig-overall').textContent()).resolves.toContain('Hợp lệ');
    },
  );

  it('the clerk issues and sends it to the Department of Construction', { timeout: 120_000 }, async () => {
    const clerk = await open('vanthu.stp', replyId);
    await act(clerk, 'issue', 'Đã phát hành');
    await act(clerk, 'send', 'Đã gửi');
    const recipient = clerk.getByTestId('doc-exchange').getByTestId(`exchange-recipient-${CONSTRUCTION}`);
    await recipient.waitFor();
    await expect(recipient.textContent()).resolves.toContain('Sở Xây dựng');
  });

  it(
    'the Department of Construction finds it in its exchange inbox, assigns and completes it',
    { timeout: 150_000 },
    async () => {
      const clerk = await as('vanthu.sxd');
      await clerk.goto('/workspace/documents');
      await clerk.getByTestId('doc-exchange-link').click();
      await clerk.getByTestId('exchange-page').waitFor();
      // Delivered by the exchange's job and registered on arrival: it waits in the inbox with its arrival number.
      const link = clerk.getByTestId('exchange-inbox').getByRole('link', { name: REPLY });
      await link.waitFor({ timeout: 60_000 });
      const row = clerk
        .getByTestId('exchange-inbox-table')
        .locator('tr', { has: clerk.getByRole('link', { name: REPLY }) });
      await expect(row.textContent()).resolves.toContain(numberSymbol);
      await expect(row.textContent()).resolves.toContain('Sở Tư pháp');
      await expect(row.getAttribute('data-waiting')).resolves.toBe('true');
      await link.click();
      await clerk.getByTestId('doc-page').waitFor();
      receivedId = idOf(clerk);
      await statusIs(clerk, 'Đã vào sổ, chờ phân công');
      await expect(clerk.getByTestId('doc-received-via').textContent()).resolves.toBe('Liên thông điện tử');
      await expect(clerk.getByTestId('doc-facts').textContent()).resolves.toContain(numberSymbol);
      // The signatures arrived with the PDF and are checked on receipt.
      await expect
        .poll(() => clerk.getByTestId('doc-sig-list').locator(':scope > li[data-indication="valid"]').count(), {
          timeout: 20_000,
        })
        .toBe(2);

      const leader = await open('lanhdao.sxd', receivedId);
      await act(leader, 'assign', 'Đã phân công', async () => {
        await pick(leader, 'doc-assign-leadId', 'Ngô Văn Xây');
        await leader.getByTestId('doc-assign-instruction').fill('Tiếp thu kết quả thẩm định, hoàn thiện dự thảo.');
      });

      const handler = await open('xaydung', receivedId);
      await act(handler, 'complete', 'Hoàn thành', async () => {
        await handler.getByTestId('doc-complete-outcome').selectOption('for_information');
        await handler.getByTestId('doc-complete-note').fill('Đã tiếp thu ý kiến thẩm định.');
      });

      // Gone from the waiting inbox; shown when asking for every received document.
      await clerk.goto('/workspace/documents/exchange');
      await clerk.getByTestId('exchange-inbox').waitFor();
      await expect.poll(() => clerk.getByTestId(`exchange-in-${receivedId}`).count(), { timeout: 20_000 }).toBe(0);
      await clerk.getByTestId('exchange-inbox-all').check();
      await clerk.getByTestId(`exchange-in-${receivedId}`).waitFor();
    },
  );

  it('the sender sees every receipt: arrived, accepted, assigned, completed', { timeout: 150_000 }, async () => {
    const clerk = await as('vanthu.stp');
    await clerk.goto('/workspace/documents/exchange');
    const sent = clerk.getByTestId(`exchange-out-${replyId}`);
    await sent.waitFor();
    await expect(sent.textContent()).resolves.toContain(numberSymbol);
    const recipient = sent.getByTestId(`exchange-recipient-${CONSTRUCTION}`);
    // Receipts for the receiver's own actions go back on the exchange's schedule; the page refreshes itself.
    await expect.poll(() => recipient.getAttribute('data-latest'), { timeout: 90_000, interval: 1000 }).toBe('06');
    await expect(recipient.getAttribute('data-state')).resolves.toBe('delivered');
    const codes = await recipient
      .locator('ol > li')
      .evaluateAll((lis) => lis.map((li) => li.getAttribute('data-code')));
    expect(codes).toEqual(['01', '03', '05', '06']);
    const text = (await recipient.textContent()) ?? '';
    for (const label of ['Đã đến', 'Đã tiếp nhận', 'Đã phân công, đang xử lý', 'Đã hoàn thành'])
      expect(text).toContain(label);
    expect(text).toContain('Phan Văn Giám Đốc');

    // The same receipts on the document's own page.
    await clerk.goto(`/workspace/documents/${replyId}`);
    const onPage = clerk.getByTestId('doc-exchange').getByTestId(`exchange-recipient-${CONSTRUCTION}`);
    await onPage.waitFor();
    await expect(onPage.getAttribute('data-latest')).resolves.toBe('06');
  });
});
