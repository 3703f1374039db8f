import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startE2E, type E2E } from './harness.js';

/**
 * A procedure's page is drawn by the server with its data (src/data-pages.ts): its name is in the HTML, before any
 * script, and the app takes the drawn page over without asking for the procedure again and without a mismatch.
 */
let e2e: E2E;
let code = '';
let name = '';
beforeAll(async () => {
  e2e = await startE2E();
  const list = (await (await fetch(`${e2e.baseUrl}/api/procedures?limit=1`)).json()) as {
    items: { code: string; name: string }[];
  };
  code = list.items[0]!.code;
  name = list.items[0]!.name;
});
afterAll(async () => {
  await e2e?.close();
});

describe("a procedure's page drawn with its data", () => {
  it('carries the name and the data in its HTML, and nothing a script could break out of', async () => {
    const res = await fetch(`${e2e.baseUrl}/procedures/${encodeURIComponent(code)}`, {
      headers: { 'accept-encoding': 'br, gzip' },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-encoding')).toBe('br');
    expect(res.headers.get('cache-control')).toBe('no-cache');
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
    const html = await res.text();
    const h1 = /<h1>([^<]*)<\/h1>/.exec(html);
    expect(h1?.[1]).toBe(name.replace(/&/g, '&amp;'));
    // Its title too, as the app sets it, for search engines and link previews: the name, then the app's.
    const title = /<title>([^<]*)<\/title>/.exec(html);
    expect(title?.[1]).toBe(`${name.replace(/&/g, '&amp;')} · Tỉnh số`);
    const data = /<script type="application\/json" id="prerendered-data">([^<]*)<\/script>/.exec(html);
    expect(data).not.toBeNull();
    const seed = JSON.parse(data![1]!) as [unknown[], { code: string }][];
    expect(seed[0]![0]).toEqual(['procedures', 'one', code]);
    expect(seed[0]![1].code).toBe(code);
    expect(html).toContain(`data-prerendered="/procedures/${encodeURIComponent(code)}"`);
  });

  it('an unknown procedure or a query string gets the app as before; a malformed path a problem', async () => {
    for (const path of [
      '/procedures/KHONG-CO-THU-TUC',
      `/procedures/${encodeURIComponent(code)}?x=1`,
      '/procedures/%22%3Cb%3E',
    ]) {
      const html = await (await fetch(`${e2e.baseUrl}${path}`)).text();
      expect(html, path).toContain('<div id="root"></div>');
      expect(html, path).not.toContain('prerendered-data');
    }
    const bad = await fetch(`${e2e.baseUrl}/procedures/%E0%A4%A`);
    expect(bad.status).toBe(400);
    expect(bad.headers.get('content-type')).toContain('application/problem+json');
  });

  it('the app takes it over with no mismatch and no second read of the procedure', async () => {
    const page = await e2e.page({ width: 390, height: 844 });
    const errors: string[] = [];
    page.on('console', (m) => void (m.type() === 'error' && errors.push(m.text())));
    page.on('pageerror', (e) => errors.push(String(e)));
    const reads: string[] = [];
    page.on(
      'request',
      (r) => void (new URL(r.url()).pathname === `/api/procedures/${encodeURIComponent(code)}` && reads.push(r.url())),
    );
    await page.goto(`/procedures/${encodeURIComponent(code)}`);
    await page.locator('#root[data-ready]').waitFor({ state: 'attached' });
    await page.getByTestId('procedure-detail').waitFor();
    await expect(page.locator('h1').textContent()).resolves.toBe(name);
    await expect(page.title()).resolves.toBe(`${name} · Tỉnh số`);
    expect(reads).toEqual([]);
    // The page is the app's: its link to the search is followed by the router, without a new page load.
    await page
      .getByRole('link', { name: /tìm|quay lại|←/i })
      .first()
      .click();
    await page.waitForURL(/\/procedures$/);
    expect(errors.filter((e) => !/401|Unauthorized/.test(e))).toEqual([]);
    await page.context().close();
  });
});
