import * as chromeLauncher from 'chrome-launcher';
import lighthouse, { desktopConfig, type Flags, type Result } from 'lighthouse';
import type { LighthouseFigures } from './check.js';

export type Preset = 'mobile' | 'desktop';

/** Debian's Chromium unless CHROME_PATH names another; the flags this machine needs (see test/e2e/harness.ts). */
export const CHROME_PATH = process.env.CHROME_PATH ?? process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROME_FLAGS = [
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** What CI checks: the three scored categories and the layout shift, without the performance category's other audits. */
export const CHECKED = { categories: ['accessibility', 'best-practices', 'seo'], audits: ['cumulative-layout-shift'] };

export interface LighthouseBrowser {
  run(url: string, preset: Preset, only?: { categories: string[]; audits?: string[] }): Promise<Result>;
  close(): Promise<void>;
}

/** One Chromium for all the runs: Lighthouse opens a fresh tab and clears the page's storage each time. */
export async function launchLighthouse(): Promise<LighthouseBrowser> {
  const chrome = await chromeLauncher.launch({
    chromePath: CHROME_PATH,
    chromeFlags: CHROME_FLAGS,
    logLevel: 'silent',
  });
  return {
    async run(url, preset, only = { categories: ['performance', 'accessibility', 'best-practices', 'seo'] }) {
      const flags: Flags = {
        port: chrome.port,
        output: 'json',
        logLevel: 'error',
        onlyCategories: only.categories,
        ...(only.audits ? { onlyAudits: only.audits } : {}),
        // The screenshot of the whole page only illustrates the HTML report, which is not written here.
        disableFullPageScreenshot: true,
      };
      // The default configuration is Lighthouse's mobile preset (Moto G Power, simulated slow 4G).
      const config = preset === 'desktop' ? desktopConfig : undefined;
      // A run Lighthouse itself gave up on (no paint within its wait, on a machine busy with something else) is run
      // once more before it counts.
      let error = '';
      for (let attempt = 0; attempt < 2; attempt++) {
        const r = await lighthouse(url, flags, config);
        if (!r) error = `Lighthouse gave no result for ${url}`;
        else if (r.lhr.runtimeError)
          error = `Lighthouse on ${url}: ${r.lhr.runtimeError.code} ${r.lhr.runtimeError.message}`;
        else return r.lhr;
        console.log(`${error}${attempt === 0 ? ': measuring again' : ''}`);
      }
      throw new Error(error);
    },
    async close() {
      chrome.kill();
    },
  };
}

const score = (lhr: Result, id: string) => {
  const s = lhr.categories[id]?.score;
  return s === null || s === undefined ? null : Math.round(s * 100);
};

/** The figures the thresholds read, and the audits that cost points in the checked categories. */
export function figuresOf(lhr: Result, page: string, preset: Preset): LighthouseFigures {
  const failedAudits: string[] = [];
  for (const id of ['accessibility', 'best-practices', 'seo']) {
    for (const ref of lhr.categories[id]?.auditRefs ?? []) {
      const a = lhr.audits[ref.id];
      if (ref.weight > 0 && a && a.score !== null && a.score < 1) failedAudits.push(`${id}/${ref.id}`);
    }
  }
  // An audit that could not run (a trace Chromium did not finish, say) has no score: say why in the table.
  for (const a of Object.values(lhr.audits)) if (a.errorMessage) failedAudits.push(`${a.id}: ${a.errorMessage}`);
  const cls = lhr.audits['cumulative-layout-shift']?.numericValue;
  return {
    page,
    preset,
    accessibility: score(lhr, 'accessibility'),
    bestPractices: score(lhr, 'best-practices'),
    seo: score(lhr, 'seo'),
    performance: score(lhr, 'performance'),
    cls: typeof cls === 'number' ? Math.round(cls * 1000) / 1000 : null,
    failedAudits,
  };
}
