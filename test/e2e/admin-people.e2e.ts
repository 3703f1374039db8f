import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, isNull } from 'drizzle-orm';
import { startE2E, type E2E } from './harness.js';
import { agencies } from '../../src/directory/schema.js';
import { accounts, roleGrants } from '../../src/platform/index.js';
import { auditLog } from '../../src/platform/audit/schema.js';
import { DEMO_PASSWORD } from '../../src/demo/accounts.js';

let e2e: E2E;
beforeAll(async () => {
  e2e = await startE2E();
});
afterAll(async () => {
  await e2e?.close();
});

describe('an administrator grants a role', () => {
  it('grants the specialist a leader role scoped to the Department of Justice; the person then has it, and a revoke takes it away', async () => {
    const db = e2e.database.db;
    const [justice] = await db.select().from(agencies).where(eq(agencies.key, 'STP'));
    const [account] = await db.select().from(accounts).where(eq(accounts.username, 'chuyenvien'));
    const activeLeaderGrants = () =>
      db
        .select()
        .from(roleGrants)
        .where(and(eq(roleGrants.accountId, account!.id), eq(roleGrants.role, 'leader'), isNull(roleGrants.revokedAt)));
    expect(await activeLeaderGrants()).toEqual([]);

    const page = await e2e.page();
    await e2e.login(page, 'admin');
    await page.getByTestId('user-menu').waitFor();
    await page.goto('/admin/people');
    await page.getByTestId('people-search').fill('chuyenvien');
    await page.getByTestId('person-row-chuyenvien').getByRole('link').click();
    await page.getByTestId('grants-panel').waitFor();

    // Role, then the scope found by searching the agency's name.
    await page.getByTestId('grant-role').selectOption('leader');
    await expect(page.locator('#grant-role-hint').textContent()).resolves.toMatch(/Phê duyệt/);
    await page.getByTestId('grant-scope-kind').selectOption('agency');
    await page.getByTestId('grant-scope-search').fill('Tư pháp');
    await page.locator(`[data-testid="grant-scope"] option[value="${justice!.id}"]`).waitFor({ state: 'attached' });
    await page.getByTestId('grant-scope').selectOption(justice!.id);
    await page.getByTestId('grant-add').click();
    await page.getByTestId('toast-success').waitFor();

    // Stored: an active leader grant over the agency, and audited as the administrator's act.
    const granted = await activeLeaderGrants();
    expect(granted.map((g) => [g.scopeKind, g.scopeId])).toEqual([['agency', justice!.id]]);
    const audit = await db.select().from(auditLog).where(eq(auditLog.targetId, granted[0]!.id));
    expect(audit.map((r) => [r.actorLabel, r.action])).toEqual([['admin', 'directory.grant.add']]);

    // The person has it: their own session lists the grant.
    const own = await e2e.browser.newContext({ baseURL: e2e.baseUrl });
    const login = await own.request.post('/api/auth/login', {
      data: { username: 'chuyenvien', password: DEMO_PASSWORD },
    });
    expect(login.status()).toBe(200);
    const session = (await (await own.request.get('/api/auth/session')).json()) as {
      account: { grants: { role: string; scopeKind: string; scopeId: string }[] };
    };
    expect(session.account.grants).toContainEqual(
      expect.objectContaining({ role: 'leader', scopeKind: 'agency', scopeId: justice!.id }),
    );
    await own.close();

    // Revoking (with a confirmation) ends the grant but keeps the row as history.
    const grantId = granted[0]!.id;
    await page.getByTestId(`grant-revoke-${grantId}`).click();
    await page.getByTestId(`grant-revoke-confirm-${grantId}`).click();
    await page.getByTestId(`grant-${grantId}`).waitFor({ state: 'detached' });
    expect(await activeLeaderGrants()).toEqual([]);
    const [kept] = await db.select().from(roleGrants).where(eq(roleGrants.id, grantId));
    expect(kept!.revokedAt).not.toBeNull();
    await page.context().close();
  });
});
