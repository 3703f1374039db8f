import { createRequire } from 'node:module';
import fs from 'node:fs';
import type { Page } from 'playwright-core';
import type { AxeViolation } from './check.js';
import { THRESHOLDS } from './thresholds.js';

// axe-core's browser build, evaluated in the page through the DevTools protocol (a CSP does not stop that).
const AXE_SOURCE = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

interface AxeResult {
  violations: { id: string; impact?: string | null; help: string; nodes: { target: unknown[] }[] }[];
}

/** Runs axe on the page as it is now, with the WCAG tags of the thresholds. */
export async function runAxe(page: Page): Promise<AxeViolation[]> {
  await page.evaluate(AXE_SOURCE);
  const result = await page.evaluate(
    async (tags) => {
      const axe = (window as unknown as { axe: { run(ctx: Document, opts: unknown): Promise<unknown> } }).axe;
      return axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
    },
    [...THRESHOLDS.axe.tags],
  );
  return (result as AxeResult).violations.map((v) => ({
    id: v.id,
    impact: v.impact ?? null,
    help: v.help,
    nodes: v.nodes.length,
    targets: v.nodes.slice(0, 3).map((n) => n.target.map(String).join(' ')),
  }));
}
