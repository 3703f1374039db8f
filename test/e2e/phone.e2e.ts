import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { DEMO_PASSWORD } from '../../src/demo/accounts.js';
import { startE2E, type E2E } from './harness.js';

/**
 * What a citizen meets on a 390 px phone (issue #9, item 7): pages that fit the screen (nothing wider than it, so no
 * sideways scrolling), dates in Vietnamese form, no error in the console of an anonymous page, the map without a
 * configured base map (boundaries with the communes' names, a commune found by its name), and the API explorer
 * working under the Content Security Policy.
 */
let e2e: E2E;
beforeAll(async () => {
  e2e = await startE2E();
}, 300_000);
afterAll(async () => {
  await e2e?.close();
});

const PHONE = { width: 390, height: 844 };
/** How far the page reaches past the screen's right edge (0: it fits). */
const overflow = (page: Page) =>
  page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

function consoleErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  page.on('pageerror', (e) => errors.push(String(e)));
  return errors;
}

describe('on a 390 px phone', () => {
  it('the public pages fit the screen and log no error', async () => {
    const page = await e2e.page(PHONE);
    const errors = consoleErrors(page);
    for (const [path, ready] of [
      ['/', 'procedure-list'],
      ['/procedures', 'procedure-results'],
      ['/lookup', null],
      ['/reports', 'report-map'],
    ] as const) {
      await page.goto(path);
      if (ready) await page.getByTestId(ready).waitFor();
      expect(await overflow(page), path).toBeLessThanOrEqual(0);
    }
    // A procedure's facts are a table of two columns that fits too.
    await page.goto('/procedures');
    await page.getByTestId('procedure-results').locator('a').first().click();
    await page.getByTestId('procedure-facts').waitFor();
    expect(await page.getByTestId('procedure-facts').locator('th[scope="row"]').count()).toBeGreaterThanOrEqual(5);
    expect(await overflow(page)).toBeLessThanOrEqual(0);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it("the citizen's dossier list fits and shows dates as dd/mm/yyyy", async () => {
    const page = await e2e.page(PHONE);
    await e2e.login(page, 'congdan', DEMO_PASSWORD);
    await page.waitForURL((u) => !u.pathname.startsWith('/login'));
    await page.goto('/my-dossiers');
    await page.getByTestId('my-dossiers').waitFor();
    const table = page.getByTestId('mine-table');
    if (await table.count()) {
      const text = (await table.textContent()) ?? '';
      expect(text).not.toMatch(/\d{4}-\d{2}-\d{2}/);
      expect(text).not.toMatch(/\d{1,2}:\d{2}:\d{2}/);
    }
    expect(await overflow(page)).toBeLessThanOrEqual(0);
    await page.context().close();
  });

  it('the report form without a base map draws the communes with their names and finds one by name', async () => {
    const page = await e2e.page(PHONE);
    await e2e.login(page, 'congdan', DEMO_PASSWORD);
    await page.waitForURL((u) => !u.pathname.startsWith('/login'));
    await page.goto('/reports/new');
    const map = page.getByTestId('report-pick-map');
    await map.locator('.maplabel').first().waitFor();
    expect(await map.locator('img.leaflet-tile').count()).toBe(0);
    await page.getByTestId('map-search').fill('kim long');
    await page.getByTestId('map-search-submit').click();
    await page
      .getByTestId('map-search-results')
      .getByRole('button', { name: /Kim Long/ })
      .first()
      .click();
    await expect.poll(() => page.evaluate(() => document.querySelectorAll('.maplabel').length)).toBeGreaterThan(0);
    expect(await overflow(page)).toBeLessThanOrEqual(0);
    await page.context().close();
  });

  it('the API explorer (/docs) works under the Content Security Policy', async () => {
    const page = await e2e.page();
    const errors = consoleErrors(page);
    await page.goto('/docs');
    await page.locator('.swagger-ui .opblock').first().waitFor({ timeout: 30_000 });
    expect(errors.filter((e) => /Content Security Policy|Refused/i.test(e))).toEqual([]);
    await page.context().close();
  });
});
