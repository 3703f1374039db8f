import { THRESHOLDS } from './thresholds.js';

/** What one Lighthouse run of one page found (scores 0–100, as Lighthouse prints them). */
export interface LighthouseFigures {
  page: string;
  preset: 'mobile' | 'desktop';
  accessibility: number | null;
  bestPractices: number | null;
  seo: number | null;
  performance: number | null;
  cls: number | null;
  /** Why a category fell short: the failing audits' ids, for the table. */
  failedAudits: string[];
}

/** One axe violation, reduced to what a reader of the CI log needs. */
export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: number;
  /** The first offending elements' selectors. */
  targets: string[];
}

export interface AxeFigures {
  page: string;
  account: string | null;
  violations: AxeViolation[];
  /** Set when the page could not be opened or measured at all: that fails too. */
  error?: string;
  /** How long opening and checking the page took. */
  ms?: number;
}

/** Every broken threshold of a Lighthouse run, as sentences; empty when the page passes. */
export function lighthouseFailures(r: LighthouseFigures, t = THRESHOLDS.lighthouse): string[] {
  const out: string[] = [];
  const score = (name: string, got: number | null, min: number) => {
    if (got === null) out.push(`${name}: no score`);
    else if (got < min) out.push(`${name} ${got} < ${min}`);
  };
  score('accessibility', r.accessibility, t.accessibility);
  score('best practices', r.bestPractices, t.bestPractices);
  score('SEO', r.seo, t.seo);
  if (r.cls === null) out.push('CLS: not measured');
  else if (!(r.cls < t.clsBelow)) out.push(`CLS ${r.cls.toFixed(3)} ≥ ${t.clsBelow}`);
  return out;
}

/** Every broken threshold of an axe run, as sentences; empty when the page passes. */
export function axeFailures(r: AxeFigures, t = THRESHOLDS.axe): string[] {
  if (r.error) return [`not measured: ${r.error}`];
  if (r.violations.length <= t.maxViolations) return [];
  return r.violations.map(
    (v) => `${v.id} (${v.impact ?? 'unknown'}, ${v.nodes}×): ${v.help} — ${v.targets.join(', ')}`,
  );
}

/** A plain-text table: the first row is the header; columns are padded to their widest cell. */
export function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]) =>
    r
      .map((c, i) => c.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  return [line(rows[0]!), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.slice(1).map(line)].join('\n');
}

const num = (x: number | null) => (x === null ? '—' : String(x));

export function lighthouseTable(results: LighthouseFigures[]): string {
  const rows = [['page', 'preset', 'a11y', 'best pr.', 'SEO', 'perf.', 'CLS', 'verdict']];
  for (const r of results) {
    const f = lighthouseFailures(r);
    rows.push([
      r.page,
      r.preset,
      num(r.accessibility),
      num(r.bestPractices),
      num(r.seo),
      num(r.performance),
      r.cls === null ? '—' : r.cls.toFixed(3),
      f.length ? `FAIL: ${f.join('; ')}` : 'ok',
    ]);
  }
  return table(rows);
}

export function axeTable(results: AxeFigures[]): string {
  const rows = [['page', 'account', 'violations', 'time', 'verdict']];
  for (const r of results) {
    const f = axeFailures(r);
    rows.push([
      r.page,
      r.account ?? 'anonymous',
      r.error ? '—' : String(r.violations.length),
      r.ms === undefined ? '' : `${(r.ms / 1000).toFixed(1)} s`,
      f.length ? 'FAIL' : 'ok',
    ]);
  }
  return table(rows);
}
