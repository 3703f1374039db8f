import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startE2E, type E2E } from './harness.js';

let e2e: E2E;
beforeAll(async () => {
  e2e = await startE2E();
});
afterAll(async () => {
  await e2e?.close();
});

describe('the open data portal', () => {
  it('search → facet → dataset page → preview table, chart, map and the API examples', async () => {
    const page = await e2e.page();
    await page.goto('/opendata');
    await page.getByTestId('opendata-results').waitFor();
    await page.getByTestId('opendata-q').fill('don vi hanh chinh');
    await page.getByTestId('opendata-q').press('Enter');
    const first = page.getByTestId('opendata-results').getByRole('link').first();
    await expect.poll(() => first.textContent()).toContain('Đơn vị hành chính');
    // A facet narrows the list: GeoJSON is held by one dataset.
    // The box is checked from the address once the router's navigation has rendered (a transition): click, then wait
    // for it, rather than check(), which wants the state changed the moment the click is done.
    const geojson = page.getByTestId('opendata-facets').getByLabel(/GeoJSON/);
    await geojson.click();
    await expect.poll(() => geojson.isChecked()).toBe(true);
    await expect.poll(() => page.getByTestId('opendata-results').getByRole('listitem').count()).toBe(1);
    await first.click();
    await page.getByTestId('opendata-dataset').waitFor();
    const preview = page.getByTestId('opendata-preview');
    await preview.locator('tbody tr').first().waitFor();
    expect(await preview.locator('tbody tr').count()).toBeGreaterThan(3);
    expect(await preview.locator('thead').textContent()).toContain('Mã');
    await page.getByTestId('opendata-chart').waitFor();
    await page.getByTestId('opendata-map').locator('.leaflet-interactive').first().waitFor();
    expect(await page.getByTestId('opendata-api').textContent()).toContain('datastore_search');
    await page.context().close();
  });
});
