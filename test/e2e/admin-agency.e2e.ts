import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { startE2E, type E2E } from './harness.js';
import { agencies } from '../../src/directory/schema.js';
import { auditLog } from '../../src/platform/audit/schema.js';

let e2e: E2E;
beforeAll(async () => {
  e2e = await startE2E();
});
afterAll(async () => {
  await e2e?.close();
});

describe('an administrator edits an agency', () => {
  it('renames the Department of Justice from the admin pages; the change is stored and audited', async () => {
    const code = '000.00.04.H57';
    const page = await e2e.page();
    await e2e.login(page, 'admin');
    await page.getByTestId('user-menu').waitFor();
    await page.goto('/admin/agencies');
    await page.getByTestId('agency-search').fill('Tư pháp');
    const row = page.getByTestId(`agency-row-${code}`);
    await row.getByRole('link').click();
    const name = page.getByTestId('agency-name');
    await name.waitFor();
    expect(await name.inputValue()).toBe('Sở Tư pháp thành phố Huế');
    await name.fill('Sở Tư pháp thành phố Huế (đã sửa)');
    await page.getByTestId('agency-save').click();
    await page.getByTestId('toast-success').waitFor();

    const [stored] = await e2e.database.db.select().from(agencies).where(eq(agencies.code, code));
    expect(stored!.name).toBe('Sở Tư pháp thành phố Huế (đã sửa)');
    const rows = await e2e.database.db.select().from(auditLog).where(eq(auditLog.targetId, stored!.id));
    expect(rows.map((r) => [r.actorLabel, r.action])).toContainEqual(['admin', expect.stringMatching(/agenc/)]);

    // The list shows the new name after a reload: it came from the server, not the form.
    await page.goto('/admin/agencies');
    await expect(page.getByTestId(`agency-row-${code}`).textContent()).resolves.toContain('(đã sửa)');
    await page.context().close();
  });
});
