/**
 * What `npm run test:quality` demands of every page (issue #15). One place: raise a bar here, never lower it quietly.
 * Scores are Lighthouse's (0–100); CLS is Lighthouse's cumulative layout shift, which must stay strictly below.
 */
export const THRESHOLDS = {
  lighthouse: {
    /** Every public page, mobile and desktop. */
    accessibility: 100,
    bestPractices: 100,
    /** Public pages only: staff areas are not for search engines. */
    seo: 100,
    clsBelow: 0.1,
  },
  axe: {
    /** WCAG 2.0 and 2.1, levels A and AA: what Thông tư 26/2020/TT-BTTTT and WCAG 2.1 AA ask. */
    tags: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'],
    /** Violations of any impact (minor included) allowed per page. */
    maxViolations: 0,
  },
} as const;
