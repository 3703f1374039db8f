import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../src/demo/accounts.js';
import { startE2E, type E2E } from './harness.js';

/**
 * A prerendered page is on the screen before the app has taken it over: what the reader types or sends meanwhile is
 * kept (web/early-input.js) and must reach the app once it owns the page. The app's entry is held back here for a
 * second and a half, as a slow phone would, and everything is done before it arrives.
 */
let e2e: E2E;
beforeAll(async () => {
  e2e = await startE2E();
});
afterAll(async () => {
  await e2e?.close();
});

async function slowPage() {
  const page = await e2e.page({ width: 390, height: 844 });
  await page.route(/\/assets\/index-[^/]+\.js$/, async (route) => {
    await new Promise((r) => setTimeout(r, 1500));
    await route.continue();
  });
  return page;
}

describe('a prerendered page before the app owns it', () => {
  it('login typed and sent early logs in, with no password in the address', async () => {
    const page = await slowPage();
    const requested: string[] = [];
    page.on('request', (r) => requested.push(r.url()));
    await page.goto('/login', { waitUntil: 'commit' });
    // The page is on the screen; the app, held back, is not (DOMContentLoaded waits for it, so it is not awaited).
    await page.getByTestId('login-username').waitFor();
    // The keeper runs before the app's module script.
    const html = await page.content();
    expect(html).toMatch(/<script defer="" src="\/assets\/early-input-[\w-]+\.js"><\/script>\s*<script type="module"/);
    expect(await page.locator('#root[data-ready]').count()).toBe(0);
    await page.getByTestId('login-username').fill('motcua');
    await page.getByTestId('login-password').fill(DEMO_PASSWORD);
    await page.getByTestId('login-password').press('Enter');
    // Still not the app's: nothing was sent by the browser itself.
    expect(new URL(page.url()).search).toBe('');
    await page.locator('#root[data-ready]').waitFor({ state: 'attached' });
    await page.getByTestId('workspace-home').waitFor();
    expect(page.url()).not.toContain(DEMO_PASSWORD);
    expect(requested.some((u) => u.includes(DEMO_PASSWORD))).toBe(false);
    await page.context().close();
  });

  it('a dossier code typed before the app owns the lookup page is looked up', async () => {
    const page = await slowPage();
    await page.goto('/lookup', { waitUntil: 'commit' });
    await page.getByTestId('lookup-code').waitFor();
    expect(await page.locator('#root[data-ready]').count()).toBe(0);
    const code = page.getByTestId('lookup-code');
    await code.fill('000.00.00.H00-000000-9999');
    await page.locator('#root[data-ready]').waitFor({ state: 'attached' });
    // The app holds the typed value: its own field shows it, and sending it asks the API for it.
    await expect(code.inputValue()).resolves.toBe('000.00.00.H00-000000-9999');
    const asked = page.waitForRequest((r) => r.url().includes('000.00.00.H00-000000-9999'));
    await code.press('Enter');
    await asked;
    await page.context().close();
  });

  it('a box ticked before the app owns the reports page stays ticked, and the app holds the tick', async () => {
    const page = await slowPage();
    await page.goto('/reports', { waitUntil: 'commit' });
    const box = page.getByRole('checkbox', { name: 'Chỉ liệt kê phản ánh trong khung bản đồ' });
    await box.waitFor();
    expect(await page.locator('#root[data-ready]').count()).toBe(0);
    await box.check();
    await page.locator('#root[data-ready]').waitFor({ state: 'attached' });
    // The list's arrival (its count in the heading) re-renders the form: a box the app did not know was ticked would
    // be unticked by it.
    await page.getByRole('heading', { name: /^Hiển thị \d+ \/ \d+ phản ánh$/ }).waitFor();
    await expect(box.isChecked()).resolves.toBe(true);
    // The app's state holds the tick: unticking it is a change the app sees, and ticking it again too.
    await box.uncheck();
    await expect(box.isChecked()).resolves.toBe(false);
    await box.check();
    await expect(box.isChecked()).resolves.toBe(true);
    await page.context().close();
  });
});
