import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, asc } from 'drizzle-orm';
import { startE2E, type E2E } from './harness.js';
import { procedures, workflowSteps } from '../../src/procedures/index.js';

let e2e: E2E;
beforeAll(async () => {
  e2e = await startE2E();
});
afterAll(async () => {
  await e2e?.close();
});

describe('the procedure catalog in the browser', () => {
  it('a visitor finds birth registration typed without diacritics and reads its papers and workflow', async () => {
    const page = await e2e.page();
    await page.goto('/');
    await page.locator('#root[data-ready]').waitFor({ state: 'attached' }); // prerendered: typed before, lost
    await page.getByTestId('procedure-search').fill('dang ky khai sinh');
    await page.getByTestId('procedure-search').press('Enter');
    await page
      .getByTestId('procedure-list')
      .getByRole('link', { name: 'Thủ tục đăng ký khai sinh', exact: true })
      .click();
    const detail = page.getByTestId('procedure-detail');
    await detail.waitFor();
    await expect(detail.textContent()).resolves.toContain('Giấy chứng sinh');
    await expect(page.getByTestId('procedure-workflow').locator('li').count()).resolves.toBe(4);
    await page.context().close();
  });

  it('an administrator cannot save a workflow whose shares miss 100, then saves a corrected one', async () => {
    const [p] = await e2e.database.db.select().from(procedures).where(eq(procedures.code, '1.000656'));
    const page = await e2e.page();
    await e2e.login(page, 'admin');
    await page.getByTestId('user-menu').waitFor();
    await page.goto(`/admin/procedures/${p!.id}`);
    await page.getByTestId('workflow-editor').waitFor();
    await page.locator('#step-1-share').fill('50');
    await expect(page.getByTestId('workflow-sum').textContent()).resolves.toContain('90%');
    await expect(page.getByTestId('workflow-save').isDisabled()).resolves.toBe(true);
    await page.locator('#step-2-share').fill('30');
    await page.getByTestId('workflow-save').click();
    await page.getByTestId('toast-success').waitFor();
    const steps = await e2e.database.db
      .select()
      .from(workflowSteps)
      .where(eq(workflowSteps.procedureId, p!.id))
      .orderBy(asc(workflowSteps.ordinal));
    expect(steps.map((s) => s.sharePercent)).toEqual([10, 50, 30, 10]);
    await page.context().close();
  });
});
