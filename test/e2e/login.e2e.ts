import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startE2E, type E2E } from './harness.js';

let e2e: E2E;
beforeAll(async () => {
  e2e = await startE2E();
});
afterAll(async () => {
  await e2e?.close();
});

describe('an officer logs in', () => {
  it('lands in the workspace with their role shown, on a desktop screen', async () => {
    const page = await e2e.page();
    await e2e.login(page, 'motcua');
    await page.getByTestId('workspace-home').waitFor();
    expect(new URL(page.url()).pathname).toMatch(/^\/workspace/);
    await expect(page.getByTestId('workspace-roles').textContent()).resolves.toMatch(/một cửa/i);
    // The session cookie is httpOnly: scripts in the page cannot read it.
    expect(await page.evaluate(() => document.cookie)).not.toContain('tinhso_session');
    await page.context().close();
  });

  it('on a phone the navigation folds into a menu button', async () => {
    const page = await e2e.page({ width: 390, height: 844 });
    await e2e.login(page, 'motcua');
    await page.getByTestId('workspace-home').waitFor();
    await expect(page.getByTestId('menu-button').isVisible()).resolves.toBe(true);
    await page.context().close();
  });

  it('a wrong password keeps the user on the login page with a message', async () => {
    const page = await e2e.page();
    await e2e.login(page, 'motcua', 'not-the-password');
    await page.getByRole('alert').first().waitFor();
    expect(new URL(page.url()).pathname).toBe('/login');
    await page.context().close();
  });
});
