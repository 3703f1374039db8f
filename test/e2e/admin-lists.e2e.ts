import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { startE2E, type E2E } from './harness.js';
import { agencies } from '../../src/directory/schema.js';
import { appendAudit } from '../../src/platform/audit/audit.js';
import { createAccount, grantRole } from '../../src/platform/auth/accounts.js';
import { queryRows } from '../../src/platform/db/client.js';
import { DEMO_PASSWORD } from '../../src/demo/accounts.js';

let e2e: E2E;
beforeAll(async () => {
  e2e = await startE2E();
});
afterAll(async () => {
  await e2e?.close();
});

const JUSTICE = '000.00.04.H57';
const agencyOf = async (code: string) =>
  (await e2e.database.db.select().from(agencies).where(eq(agencies.code, code)))[0]!;

describe('the admin lists and the audit log', () => {
  it('pages through the agencies, the position said and kept in the address', async () => {
    const [row] = await queryRows<{ n: number }>(e2e.database.db, sql`SELECT count(*)::int AS n FROM agencies`);
    const n = row!.n;
    const page = await e2e.page();
    await e2e.login(page, 'admin');
    await page.getByTestId('user-menu').waitFor();
    await page.goto('/admin/agencies');
    const position = page.getByTestId('pager-position');
    await position.waitFor();
    const pages = Math.ceil(n / 20);
    expect(await position.textContent()).toContain(`Trang 1 / ${pages}`);
    if (pages > 1) {
      await page.getByRole('button', { name: 'Trang sau' }).click();
      await page.waitForURL(/offset=20/);
      await expect.poll(() => position.textContent()).toContain(`Trang 2 / ${pages}`);
      expect(await page.getByRole('button', { name: 'Trang trước' }).isEnabled()).toBe(true);
    }
    await page.context().close();
  });

  it('names actions and objects in words, the codes and ids kept in the tooltip', async () => {
    const justice = await agencyOf(JUSTICE);
    await appendAudit(e2e.database.db, {
      actorId: null,
      actorLabel: 'admin',
      action: 'directory.agency.update',
      targetType: 'agency',
      targetId: justice.id,
      details: {},
    });
    await appendAudit(e2e.database.db, {
      actorId: null,
      actorLabel: 'admin',
      action: 'backup.restore-drill',
      targetType: 'backup-run',
      targetId: 'run-1',
      details: {},
    });
    const page = await e2e.page();
    await e2e.login(page, 'admin');
    await page.getByTestId('user-menu').waitFor();
    await page.goto('/admin/audit');
    const table = page.getByTestId('audit-table');
    await table.waitFor();
    const edited = table.locator('tr', { hasText: 'Sửa cơ quan' }).first();
    expect(await edited.textContent()).toContain(justice.name);
    expect(await edited.locator('[title*="directory.agency.update"]').count()).toBe(1);
    expect(await edited.locator(`[title*="${justice.id}"]`).count()).toBe(1);
    // An action no label names yet reads as its module and verb.
    expect(await table.textContent()).toContain('Sao lưu: restore drill');
    await page.context().close();
  });

  it('offers an agency administrator the forms of his agency only', async () => {
    const justice = await agencyOf(JUSTICE);
    const other = (
      await queryRows<{ id: string }>(
        e2e.database.db,
        sql`SELECT id FROM agencies WHERE id <> ${justice.id} AND parent_id IS DISTINCT FROM ${justice.id} ORDER BY code LIMIT 1`,
      )
    )[0]!;
    const acc = await createAccount(e2e.database.db, {
      username: 'qt-tuphap',
      displayName: 'Quản trị Sở Tư pháp',
      password: DEMO_PASSWORD,
    });
    await grantRole(e2e.database.db, acc.id, { role: 'admin', scopeKind: 'agency', scopeId: justice.id });
    const page = await e2e.page();
    await e2e.login(page, 'qt-tuphap');
    await page.getByTestId('user-menu').waitFor();

    await page.goto(`/admin/agencies/${justice.id}`);
    await page.getByTestId('agency-save').waitFor();
    await page.goto(`/admin/agencies/${other.id}`);
    await page.getByTestId('out-of-scope').waitFor();
    expect(await page.getByTestId('agency-save').count()).toBe(0);
    // The catalog import replaces every agency's procedures: the province's administrators only.
    await page.goto('/admin/procedures');
    await page.getByTestId('procedure-admin-search').waitFor();
    expect(await page.getByTestId('procedure-import-file').count()).toBe(0);
    await page.context().close();
  });
});
