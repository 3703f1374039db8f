/**
 * `npm run test:quality` (issue #15): Lighthouse (mobile and desktop) on every public page and axe on every page of
 * every area, logged in as the demo account that works there, against `npm start` on the built web app (run
 * `npm run build:web` first) with the demo province in a fresh data directory. Prints a table per tool and exits
 * non-zero when a threshold of test/quality/thresholds.ts is broken. The pages are listed in test/quality/pages.ts.
 * QUALITY_ONLY=<regexp> measures the matching paths only; QUALITY_SKIP=lighthouse or axe leaves one tool out.
 */
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import {
  axeFailures,
  axeTable,
  lighthouseFailures,
  lighthouseTable,
  type AxeFigures,
  type LighthouseFigures,
} from './check.js';
import { makeFixtures } from './fixtures.js';
import { CHECKED, CHROME_PATH, figuresOf, launchLighthouse, type Preset } from './lighthouse.js';
import { runAxe } from './axe.js';
import { PAGES, pathOf, stepsOf } from './pages.js';
import { apiLogin, startApp } from './server.js';
import { THRESHOLDS } from './thresholds.js';

const only = process.env.QUALITY_ONLY ? new RegExp(process.env.QUALITY_ONLY) : null;
const skip = new Set((process.env.QUALITY_SKIP ?? '').split(',').filter(Boolean));
const started = Date.now();
const elapsed = () => `${((Date.now() - started) / 1000).toFixed(0)} s`;

/** Until nothing on the page says it is loading (spinners, skeletons, busy lists), then one more frame. */
async function settle(page: Page) {
  await page
    .waitForFunction(() => !document.querySelector('.spinner, .skeleton, [aria-busy="true"]'), null, {
      timeout: 10_000,
    })
    .catch(() => undefined);
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => r(null))));
}

const app = await startApp();
let failed = 0;
try {
  const fixtures = await makeFixtures(app.baseUrl);
  const pages = PAGES.map((p) => ({ ...p, url: pathOf(p, fixtures), steps: stepsOf(p, fixtures) })).filter(
    (p) => !only || only.test(p.url),
  );
  console.log(
    `== quality: ${app.baseUrl}, ${pages.length} pages, thresholds ${JSON.stringify(THRESHOLDS.lighthouse)}, axe ${THRESHOLDS.axe.tags.join(' ')}`,
  );

  if (!skip.has('lighthouse')) {
    const lh = await launchLighthouse();
    const results: LighthouseFigures[] = [];
    try {
      for (const p of pages.filter((x) => x.lighthouse)) {
        for (const preset of ['mobile', 'desktop'] as Preset[]) {
          const measure = async () => {
            try {
              return figuresOf(await lh.run(app.baseUrl + p.url, preset, CHECKED), p.url, preset);
            } catch (err) {
              const none = { accessibility: null, bestPractices: null, seo: null, performance: null, cls: null };
              return { page: p.url, preset, ...none, failedAudits: [(err as Error).message] };
            }
          };
          let r = await measure();
          // A score Lighthouse could not compute is a failed measurement, not a low score: measured once more.
          if ([r.accessibility, r.bestPractices, r.seo, r.cls].includes(null)) {
            console.log(
              `${p.url} (${preset}): not measured (${r.failedAudits.join('; ') || 'no reason given'}), measuring again`,
            );
            r = await measure();
          }
          results.push(r);
        }
      }
    } finally {
      await lh.close();
    }
    console.log(`\n== Lighthouse (${elapsed()})\n${lighthouseTable(results)}`);
    for (const r of results) {
      const f = lighthouseFailures(r);
      if (f.length === 0) continue;
      failed++;
      console.log(`\n${r.page} (${r.preset}): ${f.join('; ')}\n  audits: ${r.failedAudits.join(', ') || '—'}`);
    }
  }

  if (!skip.has('axe')) {
    const browser = await chromium.launch({
      executablePath: CHROME_PATH,
      headless: true,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    const contexts = new Map<string, BrowserContext>();
    const contextOf = async (account: string | undefined) => {
      const key = account ?? '';
      let ctx = contexts.get(key);
      if (!ctx) {
        ctx = await browser.newContext({
          baseURL: app.baseUrl,
          viewport: { width: 1280, height: 800 },
          locale: 'vi-VN',
        });
        if (account) {
          const { cookie } = await apiLogin(app.baseUrl, account);
          const [name, value] = cookie.split('=') as [string, string];
          await ctx.addCookies([{ name, value, url: app.baseUrl }]);
        }
        contexts.set(key, ctx);
      }
      return ctx;
    };
    const results: AxeFigures[] = [];
    try {
      for (const p of pages) {
        const label = p.steps.length ? `${p.url} + ${p.steps.join(' + ')}` : p.url;
        const page = await (await contextOf(p.account)).newPage();
        const t0 = Date.now();
        try {
          await page.goto(p.url, { waitUntil: 'load' });
          // Every page has its heading: without it the app did not render, and axe would pass an empty shell.
          await page.locator('main h1').first().waitFor({ timeout: 15_000 });
          // The page's data has come when its marker is there (or, without one, when the network has been quiet).
          if (p.ready) await page.getByTestId(p.ready).first().waitFor({ timeout: 15_000 });
          await settle(page);
          for (const step of p.steps) {
            const [id, text] = step.split(/=(.*)/s) as [string, string | undefined];
            if (text === undefined) await page.getByTestId(id).first().click({ timeout: 10_000 });
            else await page.getByTestId(id).first().fill(text, { timeout: 10_000 });
            await settle(page);
          }
          results.push({
            page: label,
            account: p.account ?? null,
            violations: await runAxe(page),
            ms: Date.now() - t0,
          });
        } catch (err) {
          results.push({
            page: label,
            account: p.account ?? null,
            violations: [],
            error: (err as Error).message.split('\n')[0]!,
            ms: Date.now() - t0,
          });
        } finally {
          await page.close();
        }
      }
    } finally {
      await browser.close();
    }
    console.log(`\n== axe (${elapsed()})\n${axeTable(results)}`);
    for (const r of results) {
      const f = axeFailures(r);
      if (f.length === 0) continue;
      failed++;
      console.log(`\n${r.page} (${r.account ?? 'anonymous'}):\n  ${f.join('\n  ')}`);
    }
  }
} finally {
  await app.stop();
}
console.log(
  `\n== quality: ${failed === 0 ? 'every threshold met' : `${failed} page run(s) broke a threshold`} (${elapsed()})`,
);
process.exit(failed === 0 ? 0 : 1);
