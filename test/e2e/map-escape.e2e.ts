import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startE2E, type E2E } from './harness.js';
import { DEMO_PASSWORD } from '../../src/demo/accounts.js';

let e2e: E2E;
beforeAll(async () => {
  e2e = await startE2E();
});
afterAll(async () => {
  await e2e?.close();
});

async function apiAs(username: string) {
  const app = e2e.server.app;
  const login = await app.inject({
    method: 'POST',
    url: '/api/auth/login',
    payload: { username, password: DEMO_PASSWORD },
  });
  const cookie = login.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
  const headers = { cookie, 'x-csrf-token': (login.json() as { csrfToken: string }).csrfToken };
  return (method: 'POST' | 'PATCH', url: string, payload: object) => app.inject({ method, url, headers, payload });
}

describe('names on the public map are text, never markup', () => {
  it('a category named with HTML shows its tags as characters in the marker tooltip', async () => {
    // An administrator names a category with markup (a typo, or someone testing the province's portal).
    const admin = await apiAs('admin');
    const name = '<b id="injected">Đèn</b> <img src=x id="injected-img">';
    const cat = await admin('POST', '/api/feedback/categories', {
      code: 'den-html',
      nameVi: name,
      nameEn: name,
      deadlineAmount: 2,
      deadlineUnit: 'working_days',
    });
    expect(cat.statusCode, cat.body).toBe(201);
    const rule = await admin('POST', '/api/feedback/routing-rules', {
      categoryId: (cat.json() as { id: string }).id,
      agencyId: (await (await e2e.server.app.inject({ url: '/api/directory/agencies?q=Xây dựng' })).json()).items[0].id,
    });
    expect(rule.statusCode, rule.body).toBe(201);
    const citizen = await apiAs('congdan');
    const r = await citizen('POST', '/api/feedback/reports', {
      category: 'den-html',
      description: 'Đèn đường hỏng cả tuần nay.',
      lat: 16.4637,
      lng: 107.5909,
      confirmNew: true,
    });
    expect(r.statusCode, r.body).toBe(201);

    const page = await e2e.page();
    await page.goto('/reports');
    const marker = page.locator('path.mapreport').first();
    await marker.waitFor();
    await marker.hover();
    const tip = page.locator('.leaflet-tooltip').filter({ hasText: 'Đèn' });
    await tip.waitFor();
    await expect(tip.textContent()).resolves.toContain('<b id="injected">Đèn</b>');
    expect(await page.locator('#injected, #injected-img').count()).toBe(0);
    await page.context().close();
  });
});
