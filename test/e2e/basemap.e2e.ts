import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../src/demo/accounts.js';
import { startE2E, type E2E } from './harness.js';

/**
 * Base maps (issue #9, item 4): a province configures a raster tile server (MAP_TILES_URL, MAP_TILES_ATTRIBUTION) and
 * every map draws its tiles, credited, with the Content Security Policy admitting that host and no other. The tile
 * server here is a local one that counts what it is asked for; an address search (MAP_GEOCODER_URL) is served by it too.
 */
// A 1×1 PNG: Leaflet stretches it over the tile's 256 px.
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

let e2e: E2E;
let tiles: http.Server;
const asked: string[] = [];
let origin = '';

beforeAll(async () => {
  tiles = http.createServer((req, res) => {
    asked.push(req.url ?? '');
    if (req.url?.startsWith('/search')) {
      // Nominatim's answer for an address in Huế.
      res.writeHead(200, { 'content-type': 'application/json', 'access-control-allow-origin': '*' });
      res.end(JSON.stringify([{ display_name: '10 Lê Lợi, Phường Thuận Hóa, Huế', lat: '16.4619', lon: '107.5880' }]));
      return;
    }
    res.writeHead(/^\/\d+\/\d+\/\d+\.png$/.test(req.url ?? '') ? 200 : 404, { 'content-type': 'image/png' });
    res.end(PNG);
  });
  await new Promise<void>((r) => tiles.listen(0, '127.0.0.1', r));
  origin = `http://127.0.0.1:${(tiles.address() as AddressInfo).port}`;
  e2e = await startE2E({
    config: {
      map: {
        tiles: { url: `${origin}/{z}/{x}/{y}.png`, attribution: '© Bản đồ thử nghiệm', maxZoom: 19, subdomains: 'abc' },
        geocoderUrl: `${origin}/search`,
      },
    },
  });
  // Starting the whole product takes long on a busy machine.
}, 300_000);
afterAll(async () => {
  await e2e?.close();
  await new Promise((r) => tiles?.close(r));
});

describe('a configured base map', () => {
  it('is offered by the API and admitted by the Content Security Policy', async () => {
    const res = await fetch(`${e2e.baseUrl}/api/geo/basemap`);
    const body = (await res.json()) as { tiles: { url: string }; geocoder: { url: string }; centre: { lat: number } };
    expect(body.tiles.url).toBe(`${origin}/{z}/{x}/{y}.png`);
    expect(body.geocoder.url).toBe(`${origin}/search`);
    expect(body.centre.lat).toBeGreaterThan(15);
    const csp = (await fetch(`${e2e.baseUrl}/reports`)).headers.get('content-security-policy') ?? '';
    expect(csp).toMatch(new RegExp(`img-src [^;]*${origin.replace(/[.:/]/g, '\\$&')}`));
    expect(csp).toMatch(new RegExp(`connect-src [^;]*${origin.replace(/[.:/]/g, '\\$&')}`));
  });

  it('draws its tiles under the public reports map, credited, without a CSP violation', async () => {
    const page = await e2e.page();
    const violations: string[] = [];
    page.on('console', (m) => m.type() === 'error' && violations.push(m.text()));
    const before = asked.length;
    await page.goto('/reports');
    await page.locator('[data-testid="report-map"] img.leaflet-tile-loaded').first().waitFor();
    expect(asked.length).toBeGreaterThan(before);
    expect(asked.slice(before).every((u) => /^\/\d+\/\d+\/\d+\.png$/.test(u))).toBe(true);
    await expect(page.locator('.leaflet-control-attribution').textContent()).resolves.toContain('© Bản đồ thử nghiệm');
    // Tiles name the places: the communes' labels are not drawn over them.
    expect(await page.locator('.maplabel').count()).toBe(0);
    expect(violations.filter((v) => /Content Security Policy|Refused/i.test(v))).toEqual([]);
    await page.context().close();
  });

  it('draws its tiles on the operations centre map', async () => {
    const page = await e2e.page();
    await e2e.login(page, 'lanhdao', DEMO_PASSWORD);
    await page.waitForURL((u) => !u.pathname.startsWith('/login'));
    await page.goto('/ioc/map');
    await page.locator('[data-testid="ioc-map"] img.leaflet-tile-loaded').first().waitFor();
    await page.context().close();
  });

  it('opens the report form at street level around a phone user who allows the location, and finds an address', async () => {
    const ctx = await e2e.browser.newContext({
      baseURL: e2e.baseUrl,
      viewport: { width: 390, height: 844 },
      isMobile: true,
      hasTouch: true,
      locale: 'vi-VN',
      geolocation: { latitude: 16.4701, longitude: 107.5792 },
      permissions: ['geolocation'],
    });
    const page = await ctx.newPage();
    await e2e.login(page, 'congdan', DEMO_PASSWORD);
    await page.waitForURL((u) => !u.pathname.startsWith('/login'));
    await page.goto('/reports/new');
    const map = page.getByTestId('report-pick-map');
    await map.locator('img.leaflet-tile-loaded').first().waitFor();
    // Street level: zoom 17 tiles, around the phone's position.
    await expect.poll(() => asked.some((u) => u.startsWith('/17/')), { timeout: 15_000 }).toBe(true);
    // An address typed in: the geocoder finds it and the point is picked there.
    await page.getByTestId('map-search').fill('10 Lê Lợi');
    await page.getByTestId('map-search-submit').click();
    await page
      .getByTestId('map-search-results')
      .getByRole('button', { name: /Lê Lợi/ })
      .click();
    await expect(page.getByTestId('map-picked').textContent()).resolves.toContain('16.46190');
    expect(asked.some((u) => u.startsWith('/search?') && u.includes('q=10+L'))).toBe(true);
    await ctx.close();
  });
});
