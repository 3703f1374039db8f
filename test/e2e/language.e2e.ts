/**
 * English is its own script, loaded when it is chosen (web/src/i18n/index.tsx): a Vietnamese reader never downloads
 * it, a switch shows the page in English once it has arrived, and a reader who chose English before gets the page in
 * English from the first draw, also on a prerendered page.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startE2E, type E2E } from './harness.js';

let e2e: E2E;
beforeAll(async () => {
  e2e = await startE2E();
});
afterAll(async () => {
  await e2e?.close();
});

describe('languages (ngôn ngữ)', () => {
  it('loads English only when chosen, switches the page, and starts in it next time', async () => {
    const page = await e2e.page();
    const scripts: string[] = [];
    page.on('request', (r) => {
      if (r.resourceType() === 'script') scripts.push(new URL(r.url()).pathname);
    });
    await page.goto('/lookup');
    await page.getByRole('heading', { level: 1 }).waitFor();
    const viHeading = await page.getByRole('heading', { level: 1 }).textContent();
    await page.waitForLoadState('networkidle');
    expect(scripts.some((s) => /\/en-[\w-]+\.js$/.test(s))).toBe(false);

    await page.getByTestId('lang-en').click();
    await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe('en');
    expect(scripts.some((s) => /\/en-[\w-]+\.js$/.test(s))).toBe(true);
    const enHeading = await page.getByRole('heading', { level: 1 }).textContent();
    expect(enHeading).not.toBe(viHeading);
    expect(await page.getByTestId('lang-en').getAttribute('aria-pressed')).toBe('true');

    // The choice is kept: the next visit, on a prerendered page and on one drawn in the browser, is English at once.
    for (const path of ['/lookup', '/procedures']) {
      await page.goto(path);
      await page.getByRole('heading', { level: 1 }).waitFor();
      expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
      expect(await page.getByTestId('lang-en').getAttribute('aria-pressed')).toBe('true');
    }
    expect(await page.getByRole('heading', { level: 1 }).textContent()).not.toMatch(/thủ tục/i);

    await page.getByTestId('lang-vi').click();
    await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe('vi');
    await page.context().close();
  });
});
