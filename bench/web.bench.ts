/**
 * Web performance of the public pages (issue #15): Lighthouse's mobile preset (simulated slow 4G, 4× CPU slowdown)
 * on `npm start` with the demo province, the built web app (`npm run build:web` first). Per page: the performance
 * score, the largest contentful paint and the bytes transferred, each the median of the runs, with the targets
 * beside them. A benchmark: it prints, it does not fail.
 * Usage: npm run bench:web [runs]   (default 3; CHROME_PATH: the Chromium to use, /usr/bin/chromium by default)
 */
import { makeFixtures } from '../test/quality/fixtures.js';
import { launchLighthouse } from '../test/quality/lighthouse.js';
import { PAGES, pathOf } from '../test/quality/pages.js';
import { startApp } from '../test/quality/server.js';
import { table } from '../test/quality/check.js';

const runs = Math.max(1, Number(process.argv[2] ?? process.env.BENCH_RUNS ?? 3) || 3);
const TARGET = { performance: 90, lcpMs: 2500 };
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

const app = await startApp();
const lh = await launchLighthouse();
const rows = [
  [
    'page',
    'performance',
    `target ≥ ${TARGET.performance}`,
    'LCP',
    `target < ${TARGET.lcpMs / 1000} s`,
    'transfer',
    'runs (perf.)',
  ],
];
try {
  const fixtures = await makeFixtures(app.baseUrl);
  console.log(`Lighthouse mobile preset, ${runs} run(s) per page, median; ${app.baseUrl}`);
  for (const p of PAGES.filter((x) => x.lighthouse)) {
    const path = pathOf(p, fixtures);
    const perf: number[] = [];
    const lcp: number[] = [];
    const bytes: number[] = [];
    for (let i = 0; i < runs; i++) {
      const lhr = await lh.run(app.baseUrl + path, 'mobile', { categories: ['performance'] });
      perf.push(Math.round((lhr.categories.performance?.score ?? 0) * 100));
      lcp.push(lhr.audits['largest-contentful-paint']?.numericValue ?? NaN);
      bytes.push(lhr.audits['total-byte-weight']?.numericValue ?? NaN);
    }
    const mp = median(perf);
    const ml = median(lcp);
    rows.push([
      path,
      String(mp),
      mp >= TARGET.performance ? 'met' : 'NOT MET',
      `${(ml / 1000).toFixed(2)} s`,
      ml < TARGET.lcpMs ? 'met' : 'NOT MET',
      `${(median(bytes) / 1024).toFixed(0)} KiB`,
      perf.join(' '),
    ]);
  }
} finally {
  await lh.close();
  await app.stop();
}
console.log(table(rows));
