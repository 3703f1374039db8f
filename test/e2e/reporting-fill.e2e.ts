/**
 * A periodic report's round trip in the browser: the Department of Justice's specialist fills the quarterly report on
 * administrative procedures, a figure that breaks its formula is refused with the field named beside it, he corrects
 * it and sends it; the People's Committee Office (the receiving agency) returns it with a reason; he sees the reason,
 * corrects and sends it again; the Office accepts it.
 *
 * The demo has no reviewer at the Office (its clerk may not review): one is created through the administrator's API,
 * and the quarter's reports are opened by the administrator as the job would.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startE2E, type E2E } from './harness.js';
import { DEMO_PASSWORD } from '../../src/demo/accounts.js';
import { agencyByKey } from '../../src/directory/index.js';
import { periodOf } from '../../src/reporting/index.js';

const PASSWORD = 'Thu-nghiem@2026';
const REASON = 'Thiếu số liệu hồ sơ trực tuyến của quý';

let e2e: E2E;
let reportId = '';
const pages = new Map<string, Page>();

async function apiAs(username: string) {
  const app = e2e.server.app;
  const login = await app.inject({
    method: 'POST',
    url: '/api/auth/login',
    payload: { username, password: DEMO_PASSWORD },
  });
  expect(login.statusCode, login.body).toBe(200);
  const headers = {
    cookie: login.cookies.map((c) => `${c.name}=${c.value}`).join('; '),
    'x-csrf-token': (login.json() as { csrfToken: string }).csrfToken,
  };
  return {
    async call<T>(method: 'GET' | 'POST', url: string, payload?: unknown, status = 200): Promise<T> {
      const r = await app.inject({ method, url, headers, payload: payload as Record<string, unknown> | undefined });
      expect(r.statusCode, `${url}: ${r.body}`).toBe(status);
      return r.json() as T;
    },
  };
}

beforeAll(async () => {
  e2e = await startE2E();
  const db = e2e.database.db;
  const office = (await agencyByKey(db, 'VP'))!.id;
  const justice = (await agencyByKey(db, 'STP'))!.id;
  const admin = await apiAs('admin');
  const quarter = periodOf('quarter').key;
  await admin.call('POST', `/api/reporting/templates/tthc-quarterly/periods/${quarter}/open`);
  await admin.call(
    'POST',
    '/api/directory/people',
    {
      username: 'chuyenvien.vp',
      displayName: 'Trương Thị Tổng Hợp',
      password: PASSWORD,
      agencyId: office,
      grants: [{ role: 'specialist', scopeKind: 'agency', scopeId: office }],
    },
    201,
  );
  const mine = await (
    await apiAs('chuyenvien')
  ).call<{ id: string; agencyId: string; periodKey: string }[]>('GET', '/api/reporting/reports?box=own');
  reportId = mine.find((r) => r.agencyId === justice && r.periodKey === quarter)!.id;
});
afterAll(async () => {
  for (const p of pages.values()) await p.context().close();
  await e2e?.close();
});

async function as(username: string): Promise<Page> {
  const known = pages.get(username);
  if (known) return known;
  const page = await e2e.page();
  await e2e.login(page, username, username.includes('.') ? PASSWORD : DEMO_PASSWORD);
  await page.getByTestId('user-menu').waitFor();
  pages.set(username, page);
  return page;
}

/** The officer opens his report from the list of those his agency must send. */
async function openOwn(): Promise<Page> {
  const page = await as('chuyenvien');
  await page.goto('/workspace/reports');
  await page.locator(`[data-testid="open-report"][data-report-id="${reportId}"]`).click();
  await page.getByTestId('report-form').waitFor();
  return page;
}

/** The Office's reviewer finds the report in what it received. */
async function received() {
  const page = await as('chuyenvien.vp');
  await page.goto('/workspace/reports/received');
  const row = page.locator(`[data-testid="received-row"][data-report-id="${reportId}"]`);
  await row.waitFor();
  return { page, row };
}

describe('a periodic report is filled, refused, sent, returned, corrected and accepted', () => {
  it('runs the whole round trip on screen', async () => {
    const officer = await openOwn();
    await officer.getByTestId('report-field-received').fill('120');
    await officer.getByTestId('report-field-resolved').fill('100');
    await officer.getByTestId('report-field-on_time').fill('90');
    // 100 − 90 is 10, not 5: the server refuses, naming the field.
    await officer.getByTestId('report-field-late').fill('5');
    await officer.getByTestId('report-add-row-issues').click();
    await officer.getByTestId('report-cell-issues-0-area').fill('Hộ tịch');
    await officer.getByTestId('report-cell-issues-0-count').fill('3');
    await officer.getByTestId('report-submit').click();
    const lateError = officer.getByTestId('report-field-late-error');
    await expect.poll(() => lateError.textContent()).toMatch(/Trong đó: quá hạn.*không khớp công thức/);
    expect(await officer.getByTestId('report-field-late').getAttribute('aria-invalid')).toBe('true');
    expect(await officer.getByRole('alert').filter({ hasText: 'Trong đó: quá hạn' }).count()).toBeGreaterThan(0);

    await officer.getByTestId('report-field-late').fill('10');
    await officer.getByTestId('report-submit').click();
    const status = officer.getByTestId(`report-status-${reportId}`);
    await expect.poll(() => status.textContent()).toBe('Đã gửi, chờ tiếp nhận');
    expect(await officer.getByTestId('report-field-issues_total').inputValue()).toBe('3');

    // The Office returns it; a return without a reason is refused on the spot.
    const office = await received();
    await office.row.getByTestId('review-return').click();
    await office.row.getByTestId('review-return-confirm').click();
    expect(await office.row.getByTestId('review-reason-error').textContent()).toBe('Cần nêu lý do trả lại.');
    await office.row.getByTestId('review-reason').fill(REASON);
    await office.row.getByTestId('review-return-confirm').click();
    await expect.poll(() => office.row.getByTestId(`report-status-${reportId}`).textContent()).toBe('Bị trả lại');

    // The officer sees why in his list and on the report, corrects it and sends it again.
    await officer.goto('/workspace/reports');
    await expect.poll(() => officer.getByTestId(`report-reason-${reportId}`).textContent()).toContain(REASON);
    const again = await openOwn();
    expect(await again.getByTestId('report-returned').textContent()).toContain(REASON);
    expect(await again.getByTestId('report-agency').textContent()).toContain('Sở Tư pháp');
    await again.getByTestId('report-field-notes').fill('Đã bổ sung số liệu hồ sơ trực tuyến.');
    await again.getByTestId('report-submit').click();
    await expect.poll(() => again.getByTestId(`report-status-${reportId}`).textContent()).toBe('Đã gửi, chờ tiếp nhận');

    // The Office accepts it, and the officer's list says so.
    const back = await received();
    await back.row.getByTestId('review-accept').click();
    await expect.poll(() => back.row.getByTestId(`report-status-${reportId}`).textContent()).toBe('Đã tiếp nhận');
    await officer.goto('/workspace/reports');
    await expect.poll(() => officer.getByTestId(`report-status-${reportId}`).textContent()).toBe('Đã tiếp nhận');
    const history = await openOwn();
    expect(await history.getByTestId('report-history').locator('li').count()).toBe(5);
  });
});
