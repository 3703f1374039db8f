import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../src/demo/accounts.js';
import { loadConfig } from '../../src/platform/index.js';
import { startE2E, type E2E } from './harness.js';

/**
 * Vector base maps (issue #9): a province configures a MapLibre style (MAP_STYLE_URL, MAP_STYLE_ATTRIBUTION) and
 * every map draws it under its data through WebGL, credited, with the Content Security Policy admitting the style's
 * host; a browser without WebGL keeps the boundaries-only map. The style server here is a local one that counts what
 * it is asked for: a green background and a magenta area (a GeoJSON source, fetched by MapLibre's worker) over the
 * west of the province, colours that the boundaries-only map never shows over a large part of it.
 */
const GREEN = '#00a000';
const MAGENTA = '#c800c8';
const CREDIT = '© Kiểu bản đồ thử nghiệm';

let e2e: E2E;
let styles: http.Server;
const asked: { url: string; browser: boolean }[] = [];
let origin = '';

beforeAll(async () => {
  styles = http.createServer((req, res) => {
    asked.push({ url: req.url ?? '', browser: /Chrome/.test(req.headers['user-agent'] ?? '') });
    const json = (body: unknown) => {
      res.writeHead(200, { 'content-type': 'application/json', 'access-control-allow-origin': '*' });
      res.end(JSON.stringify(body));
    };
    if (req.url === '/style.json')
      return json({
        version: 8,
        name: 'test',
        sources: { west: { type: 'geojson', data: `${origin}/west.geojson` } },
        layers: [
          { id: 'land', type: 'background', paint: { 'background-color': GREEN } },
          { id: 'west', type: 'fill', source: 'west', paint: { 'fill-color': MAGENTA } },
        ],
      });
    if (req.url === '/west.geojson')
      return json({
        type: 'FeatureCollection',
        features: [
          {
            type: 'Feature',
            properties: {},
            geometry: {
              type: 'Polygon',
              coordinates: [
                [
                  [100, 10],
                  [107.5, 10],
                  [107.5, 20],
                  [100, 20],
                  [100, 10],
                ],
              ],
            },
          },
        ],
      });
    res.writeHead(404).end();
  });
  await new Promise<void>((r) => styles.listen(0, '127.0.0.1', r));
  origin = `http://127.0.0.1:${(styles.address() as AddressInfo).port}`;
  // The operator's variables, read as the server reads them.
  const { map } = loadConfig({ MAP_STYLE_URL: `${origin}/style.json`, MAP_STYLE_ATTRIBUTION: CREDIT });
  e2e = await startE2E({ config: { map } });
  // Starting the whole product takes long on a busy machine.
}, 300_000);
afterAll(async () => {
  await e2e?.close();
  await new Promise((r) => styles?.close(r));
});

/** The share of the element's pixels near each colour (the boundaries drawn over the style tint it a little). */
async function colourShares(page: Page, testId: string) {
  const png = await page.getByTestId(testId).screenshot();
  const { data, info } = await sharp(png).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  let green = 0;
  let magenta = 0;
  for (let i = 0; i < data.length; i += 3) {
    const [r, g, b] = [data[i]!, data[i + 1]!, data[i + 2]!];
    if (g > r + 60 && g > b + 60) green++;
    if (r > g + 80 && b > g + 80) magenta++;
  }
  const n = info.width * info.height;
  return { green: green / n, magenta: magenta / n };
}

/** Errors a page logs, and the Content Security Policy's refusals among them. */
function watch(page: Page) {
  const errors: string[] = [];
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  page.on('pageerror', (e) => errors.push(String(e)));
  return { errors, csp: () => errors.filter((v) => /Content Security Policy|Refused/i.test(v)) };
}

describe('a configured vector style', () => {
  it('is offered by the API and admitted by the Content Security Policy, with no blob: workers needed', async () => {
    const body = (await (await fetch(`${e2e.baseUrl}/api/geo/basemap`)).json()) as {
      tiles: unknown;
      style: { url: string; attribution: string };
    };
    expect(body.tiles).toBeNull();
    expect(body.style).toEqual({ url: `${origin}/style.json`, attribution: CREDIT });
    const csp = (await fetch(`${e2e.baseUrl}/reports`)).headers.get('content-security-policy') ?? '';
    const host = origin.replace(/[.:/]/g, '\\$&');
    expect(csp).toMatch(new RegExp(`connect-src [^;]*${host}`));
    expect(csp).toMatch(new RegExp(`img-src [^;]*${host}`));
    // MapLibre 6's worker is a script of this site: script-src 'self' admits it (no worker-src or blob: scripts).
    expect(csp).toMatch(/script-src 'self';/);
    expect(csp).not.toMatch(/worker-src|child-src/);
    // The server read the style once at start, to warn about hosts it needs that the policy does not admit.
    await expect.poll(() => asked.some((a) => !a.browser && a.url === '/style.json')).toBe(true);
  });

  it('draws the style under the public reports map, credited, without a CSP refusal', async () => {
    const page = await e2e.page();
    const seen = watch(page);
    const workers: string[] = [];
    page.on('worker', (w) => workers.push(w.url()));
    const before = asked.length;
    await page.goto('/reports');
    const map = page.getByTestId('report-map');
    await map.locator('canvas.maplibregl-canvas').waitFor();
    // The style is drawn once its GeoJSON has gone through the worker: both colours cover much of the map.
    await expect
      .poll(() => colourShares(page, 'report-map'), { timeout: 30_000 })
      .toMatchObject({
        green: expect.toSatisfy((x: number) => x > 0.05),
        magenta: expect.toSatisfy((x: number) => x > 0.05),
      });
    const fromBrowser = asked
      .slice(before)
      .filter((a) => a.browser)
      .map((a) => a.url);
    expect(fromBrowser).toContain('/style.json');
    expect(fromBrowser).toContain('/west.geojson');
    expect(workers.some((w) => w.startsWith(`${e2e.baseUrl}/assets/maplibre-gl-worker-`))).toBe(true);
    await expect(map.locator('.leaflet-control-attribution').textContent()).resolves.toContain(CREDIT);
    // The style names the places: the communes' labels and the "boundaries only" note are not shown.
    expect(await map.locator('.maplabel').count()).toBe(0);
    expect(await page.locator('.map__note').count()).toBe(0);
    expect(seen.csp()).toEqual([]);
    await page.context().close();
  });

  it('draws the style on the operations centre map', async () => {
    const page = await e2e.page();
    const seen = watch(page);
    await e2e.login(page, 'lanhdao', DEMO_PASSWORD);
    await page.waitForURL((u) => !u.pathname.startsWith('/login'));
    await page.goto('/ioc/map');
    const map = page.getByTestId('ioc-map');
    await map.locator('canvas.maplibregl-canvas').waitFor();
    await expect(map.getAttribute('data-tiles')).resolves.toBe('true');
    await expect
      .poll(() => colourShares(page, 'ioc-map'), { timeout: 30_000 })
      .toMatchObject({
        green: expect.toSatisfy((x: number) => x > 0.05),
        magenta: expect.toSatisfy((x: number) => x > 0.05),
      });
    await expect(map.locator('.leaflet-control-attribution').textContent()).resolves.toContain(CREDIT);
    expect(seen.csp()).toEqual([]);
    await page.context().close();
  });

  it('leaves a browser without WebGL its boundaries-only map, fetching none of MapLibre', async () => {
    const page = await e2e.page();
    const seen = watch(page);
    // As a browser whose graphics are blocked or missing: no WebGL context is ever given.
    await page.context().addInitScript(() => {
      const getContext = HTMLCanvasElement.prototype.getContext;
      HTMLCanvasElement.prototype.getContext = function (this: HTMLCanvasElement, type: string, ...rest: unknown[]) {
        return /webgl/i.test(type) ? null : (getContext as (...a: unknown[]) => unknown).call(this, type, ...rest);
      } as typeof getContext;
    });
    const requested: string[] = [];
    page.on('request', (r) => requested.push(r.url()));
    const before = asked.length;
    await page.goto('/reports');
    const map = page.getByTestId('report-map');
    await map.locator('path.leaflet-interactive').first().waitFor();
    await expect.poll(() => map.locator('.maplabel').count()).toBeGreaterThan(0);
    await expect(page.locator('.map__note').count()).resolves.toBe(1);
    expect(await map.locator('canvas.maplibregl-canvas').count()).toBe(0);
    // The control: without the style, neither of its colours covers any real part of the map.
    const shares = await colourShares(page, 'report-map');
    expect(shares.green).toBeLessThan(0.01);
    expect(shares.magenta).toBeLessThan(0.01);
    expect(requested.filter((u) => /vector-style|maplibre/.test(u))).toEqual([]);
    expect(asked.slice(before).filter((a) => a.browser)).toEqual([]);
    expect(seen.errors).toEqual([]);
    await page.context().close();
  });

  it('keeps the map working when the browser refuses MapLibre the WebGL context it asks for', async () => {
    const page = await e2e.page();
    const seen = watch(page);
    const warnings: string[] = [];
    page.on('console', (m) => m.type() === 'warning' && warnings.push(m.text()));
    // WebGL 2 is there when asked plainly (the check before loading MapLibre) but refused with MapLibre's attributes.
    await page.context().addInitScript(() => {
      const getContext = HTMLCanvasElement.prototype.getContext;
      HTMLCanvasElement.prototype.getContext = function (this: HTMLCanvasElement, type: string, ...rest: unknown[]) {
        return /webgl/i.test(type) && rest.length
          ? null
          : (getContext as (...a: unknown[]) => unknown).call(this, type, ...rest);
      } as typeof getContext;
    });
    await page.goto('/reports');
    const map = page.getByTestId('report-map');
    await map.locator('path.leaflet-interactive').first().waitFor();
    await expect
      .poll(() => warnings.some((w) => w.includes('MapLibre got no WebGL context')), { timeout: 15_000 })
      .toBe(true);
    // Still a map: it zooms and pans without an error.
    await map.locator('.leaflet-control-zoom-in').click();
    await map.dragTo(map, { sourcePosition: { x: 300, y: 200 }, targetPosition: { x: 200, y: 150 } });
    expect(await map.locator('canvas.maplibregl-canvas').count()).toBe(0);
    expect(seen.errors).toEqual([]);
    await page.context().close();
  });
});
