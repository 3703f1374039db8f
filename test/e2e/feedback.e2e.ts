import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asc, desc, eq } from 'drizzle-orm';
import sharp from 'sharp';
import type { Page } from 'playwright-core';
import { startE2E, type E2E } from './harness.js';
import { agencyByCode } from '../../src/directory/index.js';
import { feedbackActions, feedbackReports } from '../../src/feedback/schema.js';
import { smsOutbox } from '../../src/platform/notify/index.js';

let e2e: E2E;
beforeAll(async () => {
  e2e = await startE2E();
});
afterAll(async () => {
  await e2e?.close();
});

/** A small real PNG, a different colour each time (the file store is content-addressed). */
async function photo(name: string, r: number, g: number, b: number) {
  const buffer = await sharp({ create: { width: 48, height: 32, channels: 3, background: { r, g, b } } })
    .png()
    .toBuffer();
  return { name, mimeType: 'image/png', buffer };
}

async function loggedIn(username: string, opts?: { width?: number; height?: number }): Promise<Page> {
  const page = await e2e.page(opts);
  await e2e.login(page, username);
  await page.getByTestId('user-menu').waitFor();
  return page;
}

async function waitStatus(page: Page, status: string) {
  await page.locator(`[data-testid="report-status"] [data-status="${status}"]`).waitFor();
}

/** Opens a report from the agency's queue and performs one staff action through its form. */
async function openFromQueue(page: Page, publicId: string, view = 'open') {
  await page.goto(`/workspace/feedback?view=${view}`);
  await page.getByTestId(`queue-row-${publicId}`).getByRole('link').click();
  await page.getByTestId('staff-actions').waitFor();
}

describe('field reports end to end', () => {
  it('a citizen reports with a photo on the map; it is routed, transferred, resolved, reopened, resolved again, rated; the public map shows it without the reporter', async () => {
    const construction = (await agencyByCode(e2e.database.db, '000.00.05.H57'))!;
    const ward = (await agencyByCode(e2e.database.db, '000.00.41.H57'))!;

    // 1. The citizen files a report: category, description, a photo, a point tapped on the map.
    const citizen = await loggedIn('congdan');
    await citizen.goto('/reports/new');
    await citizen.getByTestId('report-category').selectOption('giao-thong');
    await citizen.getByTestId('report-description').fill('Ổ gà lớn giữa đường, xe máy dễ bị ngã khi trời mưa.');
    await citizen.getByTestId('report-photos-input').setInputFiles(await photo('o-ga.png', 120, 90, 60));
    await citizen.getByTestId('report-photos-thumbs').locator('img').first().waitFor();
    const map = citizen.getByTestId('report-pick-map');
    await citizen.locator('[data-testid="report-pick-map"][data-ready="true"]').waitFor();
    await map.click(); // the centre of the province
    await expect(citizen.getByTestId('map-picked').textContent()).resolves.toMatch(/Đã chọn: 16\.\d+, 107\.\d+/);
    await citizen.getByTestId('report-submit').click();
    await citizen.waitForURL(/\/reports\/PA-\d{4}-\d+$/);
    const publicId = decodeURIComponent(new URL(citizen.url()).pathname.split('/').pop()!);
    await waitStatus(citizen, 'new');

    // Routed by the rules: roads go to the Department of Construction; the unit came from the point.
    await expect(citizen.getByTestId('report-agency').textContent()).resolves.toBe(construction.name);
    const [stored] = await e2e.database.db.select().from(feedbackReports).where(eq(feedbackReports.publicId, publicId));
    expect(stored!.agencyId).toBe(construction.id);
    expect(stored!.unitId).not.toBeNull();
    await expect(citizen.getByTestId('report-timeline').locator('img').count()).resolves.toBe(1);

    // 2. The department's specialist transfers it to the ward, with a reason.
    const dept = await loggedIn('xaydung');
    await openFromQueue(dept, publicId, 'new');
    // Staff of the handling agency see the reporter's (private) contact block; the public never does.
    await expect(dept.getByTestId('report-reporter').textContent()).resolves.toContain('Người phản ánh có tài khoản');
    await dept.getByTestId('staff-action-transfer').click();
    await dept.getByTestId('transfer-search').fill('Phú Xuân');
    await dept.locator(`[data-testid="transfer-target"] option[value="${ward.id}"]`).waitFor({ state: 'attached' });
    await dept.getByTestId('transfer-target').selectOption(ward.id);
    await dept.getByTestId('transfer-reason').fill('Đường do phường quản lý, đề nghị phường xử lý.');
    await dept.getByTestId('staff-submit-transfer').click();
    await dept.getByTestId('timeline-transfer').waitFor();
    await expect(dept.getByTestId('report-agency').textContent()).resolves.toBe(ward.name);
    // The department no longer handles it: no actions are offered.
    await expect(dept.getByTestId('staff-action-resolve').count()).resolves.toBe(0);

    // 3. The ward accepts it and resolves it with a photo.
    const wardOfficer = await loggedIn('phuxuan');
    await openFromQueue(wardOfficer, publicId, 'new');
    await wardOfficer.getByTestId('staff-action-accept').click();
    await wardOfficer.getByTestId('staff-submit-accept').click();
    await waitStatus(wardOfficer, 'in_progress');
    await wardOfficer.getByTestId('staff-action-resolve').click();
    await wardOfficer.getByTestId('resolve-note').fill('Đã vá ổ gà bằng bê tông nhựa.');
    await wardOfficer.getByTestId('resolve-photos-input').setInputFiles(await photo('da-va.png', 40, 40, 40));
    await wardOfficer.getByTestId('resolve-photos-thumbs').locator('img').first().waitFor();
    await wardOfficer.getByTestId('staff-submit-resolve').click();
    await waitStatus(wardOfficer, 'resolved');

    // 4. The citizen sees the reply with its photo, and reopens with a reason and a photo.
    await citizen.reload();
    await waitStatus(citizen, 'resolved');
    await expect(citizen.getByTestId('agency-reply').textContent()).resolves.toContain('Đã vá ổ gà');
    await expect(citizen.getByTestId('agency-reply').locator('img').count()).resolves.toBe(1);
    await citizen.getByTestId('reopen-open').click();
    await citizen.getByTestId('reopen-reason').fill('Ổ gà lại xuất hiện sau trận mưa.');
    await citizen.getByTestId('reopen-photos-input').setInputFiles(await photo('lai-hong.png', 200, 30, 30));
    await citizen.getByTestId('reopen-photos-thumbs').locator('img').first().waitFor();
    await citizen.getByTestId('reopen-submit').click();
    await waitStatus(citizen, 'in_progress');

    // 5. The same ward resolves it again.
    await openFromQueue(wardOfficer, publicId, 'open');
    await wardOfficer.getByTestId('staff-action-resolve').click();
    await wardOfficer.getByTestId('resolve-note').fill('Đã cào bóc và thảm lại đoạn đường.');
    await wardOfficer.getByTestId('resolve-photos-input').setInputFiles(await photo('tham-lai.png', 30, 200, 30));
    await wardOfficer.getByTestId('resolve-photos-thumbs').locator('img').first().waitFor();
    await wardOfficer.getByTestId('staff-submit-resolve').click();
    await waitStatus(wardOfficer, 'resolved');

    // 6. The citizen rates the resolution.
    await citizen.reload();
    await waitStatus(citizen, 'resolved');
    await citizen.getByTestId('rate-5').check({ force: true });
    await citizen.getByTestId('rate-submit').click();
    await expect(citizen.getByTestId('report-rating').textContent()).resolves.toBe('5 sao');

    const actions = await e2e.database.db
      .select()
      .from(feedbackActions)
      .where(eq(feedbackActions.reportId, stored!.id))
      .orderBy(asc(feedbackActions.id));
    expect(actions.map((a) => a.action)).toEqual([
      'submit',
      'transfer',
      'accept',
      'resolve',
      'reopen',
      'resolve',
      'rate',
    ]);

    // 7. Anyone, on a phone: the public map and list show the report, and nothing names the reporter.
    const visitor = await e2e.page({ width: 390, height: 844 });
    await visitor.goto('/reports');
    await visitor.locator('[data-testid="report-map"][data-ready="true"]').waitFor();
    const item = visitor.getByTestId(`report-item-${publicId}`);
    await item.waitFor();
    await expect(visitor.locator('.mapreport').count()).resolves.toBeGreaterThan(0);
    // Map on top, list below on a narrow screen.
    const mapBox = (await visitor.getByTestId('report-map').boundingBox())!;
    const listBox = (await visitor.getByTestId('report-list').boundingBox())!;
    expect(listBox.y).toBeGreaterThan(mapBox.y + mapBox.height - 1);
    await item.getByRole('link').click();
    await waitStatus(visitor, 'resolved');
    const text = (await visitor.locator('main').textContent()) ?? '';
    expect(text).toContain(publicId);
    expect(text).not.toContain('Hoàng Văn Dân');
    expect(text).not.toContain('congdan');
    await expect(visitor.getByTestId('report-reporter').count()).resolves.toBe(0);
    await expect(visitor.getByTestId('reporter-actions').count()).resolves.toBe(0);
    const api = (await (await visitor.request.get(`/api/feedback/reports/${publicId}`)).json()) as Record<
      string,
      unknown
    >;
    expect(api.reporter).toBeUndefined();
    expect(JSON.stringify(api)).not.toMatch(/Hoàng Văn Dân|congdan/);
    const list = await (await visitor.request.get('/api/feedback/reports')).text();
    expect(list).toContain(publicId);
    expect(list).not.toMatch(/Hoàng Văn Dân|congdan/);

    for (const p of [citizen, dept, wardOfficer, visitor]) await p.context().close();
  });

  it('an anonymous reporter confirms a phone by code and reports; a nearby report of the same category is offered, and a citizen joins it', async () => {
    // The anonymous reporter: phone, one-time code (read from the SMS outbox), then the form.
    const anon = await e2e.page({ width: 390, height: 844 });
    await anon.goto('/reports/new');
    await anon.getByTestId('reporter-phone').fill('0912345678');
    await anon.getByTestId('reporter-send-code').click();
    await anon.getByTestId('reporter-code').waitFor();
    const [sms] = await e2e.database.db.select().from(smsOutbox).orderBy(desc(smsOutbox.id)).limit(1);
    const code = /(\d{6})/.exec(sms!.body)![1]!;
    await anon.getByTestId('reporter-code').fill(code);
    await anon.getByTestId('reporter-verify').click();
    await anon.getByTestId('report-category').selectOption('giao-thong');
    await anon.getByTestId('report-description').fill('Đèn tín hiệu giao thông không hoạt động.');
    await anon.getByTestId('report-photos-input').setInputFiles(await photo('den.png', 250, 200, 0));
    await anon.getByTestId('report-photos-thumbs').locator('img').first().waitFor();
    await anon.locator('[data-testid="report-pick-map"][data-ready="true"]').waitFor();
    await anon.getByTestId('report-pick-map').click();
    await anon.getByTestId('report-place').waitFor();
    const picked = await anon.getByTestId('map-picked').textContent();
    await anon.getByTestId('report-submit').click();
    await anon.waitForURL(/\/reports\/PA-\d{4}-\d+$/);
    const original = decodeURIComponent(new URL(anon.url()).pathname.split('/').pop()!);
    const [stored] = await e2e.database.db.select().from(feedbackReports).where(eq(feedbackReports.publicId, original));
    expect(stored!.reporterAccountId).toBeNull();
    expect(stored!.reporterPhone).toMatch(/912345678$/);

    // A citizen reports the same kind of problem at the same place: shown the open one, they join it.
    const citizen = await loggedIn('congdan', { width: 390, height: 844 });
    await citizen.goto('/reports/new');
    await citizen.getByTestId('report-category').selectOption('giao-thong');
    await citizen.getByTestId('report-description').fill('Đèn đỏ ở ngã tư bị tắt.');
    await citizen.getByTestId('report-photos-input').setInputFiles(await photo('den-2.png', 250, 10, 0));
    await citizen.getByTestId('report-photos-thumbs').locator('img').first().waitFor();
    await citizen.locator('[data-testid="report-pick-map"][data-ready="true"]').waitFor();
    await citizen.getByTestId('report-pick-map').click();
    await expect(citizen.getByTestId('map-picked').textContent()).resolves.toBe(picked);
    await citizen.getByTestId('report-submit').click();
    await citizen.getByTestId('report-duplicates').waitFor();
    await citizen.getByTestId(`report-join-${original}`).click();
    await citizen.waitForURL(new RegExp(`/reports/${original}$`));
    await citizen.getByTestId('timeline-join').waitFor();
    const count = await e2e.database.db.select().from(feedbackReports);
    expect(count.filter((r) => r.description.startsWith('Đèn đỏ'))).toHaveLength(0);

    for (const p of [anon, citizen]) await p.context().close();
  });
});
