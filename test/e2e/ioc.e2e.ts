/**
 * The operations centre in a browser: a leader's dashboard is open; an agency's dossier goes past its
 * due date and the figures are recomputed; the alert appears without a reload (server-sent events).
 * The page also fills a wall screen and a phone. A screenshot is kept under test-results/ (gitignored).
 */
import fs from 'node:fs';
import { sql } from 'drizzle-orm';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startE2E, type E2E } from './harness.js';
import { DEMO_PASSWORD } from '../../src/demo/accounts.js';
import { SESSION_COOKIE } from '../../src/platform/index.js';
import {
  makeProcedure,
  receiveDossier,
  restoreClock,
  type TestProcedure,
} from '../../src/procedures/dossiers/test-fixtures.js';
import { agencyByKey } from '../../src/directory/index.js';
import type { Client } from '../../src/platform/testing/index.js';

const ARTIFACTS = path.resolve('test-results');
let e2e: E2E;

/** A client of the running server through inject, as the API tests use. */
async function client(username: string): Promise<Client> {
  const app = e2e.server.app;
  const res = await app.inject({
    method: 'POST',
    url: '/api/auth/login',
    payload: { username, password: DEMO_PASSWORD },
  });
  const cookie = `${SESSION_COOKIE}=${res.cookies.find((c) => c.name === SESSION_COOKIE)!.value}`;
  const headers = { cookie, 'x-csrf-token': (res.json() as { csrfToken: string }).csrfToken };
  const request: Client['request'] = (o) =>
    app.inject({ ...o, headers: { ...headers, ...(o.headers as Record<string, string> | undefined) } });
  return {
    request,
    get: (url) => request({ method: 'GET', url }),
    post: (url, body) => request({ method: 'POST', url, ...(body === undefined ? {} : { payload: body as object }) }),
    patch: (url, body) => request({ method: 'PATCH', url, payload: body as object }),
    put: (url, body) => request({ method: 'PUT', url, payload: body as object }),
    delete: (url) => request({ method: 'DELETE', url }),
    accountId: (res.json() as { account: { id: string } }).account.id,
  };
}

beforeAll(async () => {
  e2e = await startE2E();
  fs.mkdirSync(ARTIFACTS, { recursive: true });
}, 600_000);
afterAll(async () => {
  restoreClock();
  await e2e?.close();
});

describe('the operations centre', () => {
  it('shows a new late dossier’s alert live, without a reload', async () => {
    const page = await e2e.page({ width: 1920, height: 1080 });
    await e2e.login(page, 'lanhdao');
    await page.waitForURL((u) => !u.pathname.startsWith('/login'));
    await page.goto('/ioc');
    await page.getByTestId('ioc-kpis').locator('[data-testid^="kpi-"]').first().waitFor();
    await expect.poll(() => page.getByTestId('ioc-live-status').getAttribute('data-live')).toBe('yes');
    await page.getByTestId('ioc-map').locator('.leaflet-interactive').first().waitFor();
    const before = await page.getByTestId('ioc-alert').count();

    // A dossier of the Department of Justice whose appointment has passed (set in the database: the browser's
    // figures are computed by the server against its own clock).
    const proc: TestProcedure = await makeProcedure(e2e.database.db, { processingDays: 1 });
    const officer = await client('motcua');
    const centre = await agencyByKey(e2e.database.db, 'TTHCC');
    const d = await receiveDossier(officer, proc, { receivingAgencyId: centre!.id, applicant: { name: 'Người nộp' } });
    await e2e.database.db.execute(sql`UPDATE dossiers SET due_at = now() - interval '2 days' WHERE id = ${d.id}`);
    const refresh = await (await client('admin')).post('/api/reporting/refresh');
    expect(refresh.statusCode, refresh.body).toBe(200);
    expect(refresh.json().alerts, refresh.body).toBeGreaterThanOrEqual(1);

    const late = page.locator('[data-testid="ioc-alert"][data-kind="dossiers_late"]');
    await late.first().waitFor({ timeout: 15_000 });
    expect(await page.getByTestId('ioc-alert').count()).toBeGreaterThan(before);
    expect(await late.first().textContent()).toMatch(/Sở Tư pháp.*quá hạn/);
    await page.screenshot({ path: path.join(ARTIFACTS, 'ioc-alert-1920x1080.png'), fullPage: false });
    // The wall screen is used across its width.
    const width = await page.evaluate(() => document.querySelector('.ioc-grid')!.getBoundingClientRect().width);
    expect(width).toBeGreaterThan(1600);
    await page.context().close();
  }, 120_000);

  it('works on a phone without sideways scrolling, and a figure clicks through to its list', async () => {
    const page = await e2e.page({ width: 390, height: 844 });
    await e2e.login(page, 'lanhdao');
    await page.waitForURL((u) => !u.pathname.startsWith('/login'));
    await page.goto('/ioc');
    await page.getByTestId('kpi-dossiers.pending_late').waitFor();
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    expect(overflow).toBeLessThanOrEqual(1);
    await page.screenshot({ path: path.join(ARTIFACTS, 'ioc-phone.png'), fullPage: true });
    await page.getByTestId('kpi-dossiers.pending_late').getByRole('link').click();
    await page.getByTestId('list-page').waitFor();
    await page.getByTestId('list-table').waitFor();
    await page.context().close();
  }, 120_000);
});
