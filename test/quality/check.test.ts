import { describe, expect, it } from 'vitest';
import {
  axeFailures,
  axeTable,
  lighthouseFailures,
  lighthouseTable,
  type AxeFigures,
  type LighthouseFigures,
} from './check.js';

const good: LighthouseFigures = {
  page: '/',
  preset: 'mobile',
  accessibility: 100,
  bestPractices: 100,
  seo: 100,
  performance: 61,
  cls: 0.003,
  failedAudits: [],
};

describe('the quality thresholds', () => {
  it('pass a page that meets them all (performance is a benchmark, not a threshold)', () => {
    expect(lighthouseFailures(good)).toEqual([]);
    expect(lighthouseTable([good])).toMatch(/\/\s+mobile\s+100\s+100\s+100\s+61\s+0\.003\s+ok/);
  });

  it('fail a page whose form lost a label: Lighthouse accessibility 96', () => {
    const worse = { ...good, accessibility: 96, failedAudits: ['accessibility/label'] };
    expect(lighthouseFailures(worse)).toEqual(['accessibility 96 < 100']);
    expect(lighthouseTable([worse])).toContain('FAIL: accessibility 96 < 100');
  });

  it('fail one point short on best practices or SEO, and a missing score', () => {
    expect(lighthouseFailures({ ...good, bestPractices: 96 })).toEqual(['best practices 96 < 100']);
    expect(lighthouseFailures({ ...good, seo: 99 })).toEqual(['SEO 99 < 100']);
    expect(lighthouseFailures({ ...good, seo: null })).toEqual(['SEO: no score']);
  });

  it('fail a layout shift of 0.1 or more (the bound is strict)', () => {
    expect(lighthouseFailures({ ...good, cls: 0.099 })).toEqual([]);
    expect(lighthouseFailures({ ...good, cls: 0.1 })).toEqual(['CLS 0.100 ≥ 0.1']);
    expect(lighthouseFailures({ ...good, cls: 0.686 })).toEqual(['CLS 0.686 ≥ 0.1']);
    expect(lighthouseFailures({ ...good, cls: null })).toEqual(['CLS: not measured']);
  });

  it('fail an axe violation of any impact, minor included, naming the rule and the element', () => {
    const clean: AxeFigures = { page: '/workspace/counter', account: 'motcua', violations: [] };
    expect(axeFailures(clean)).toEqual([]);
    const unlabelled: AxeFigures = {
      ...clean,
      violations: [
        {
          id: 'label',
          impact: 'critical',
          help: 'Form elements must have labels',
          nodes: 5,
          targets: ['#counter-name', '#counter-phone'],
        },
      ],
    };
    expect(axeFailures(unlabelled)).toEqual([
      'label (critical, 5×): Form elements must have labels — #counter-name, #counter-phone',
    ]);
    const minor: AxeFigures = {
      ...clean,
      violations: [{ id: 'some-minor-rule', impact: 'minor', help: 'x', nodes: 1, targets: ['p'] }],
    };
    expect(axeFailures(minor)).toHaveLength(1);
    expect(axeTable([clean, unlabelled])).toMatch(/counter\s+motcua\s+1\s+FAIL/);
  });

  it('fail a page that could not be measured at all', () => {
    expect(axeFailures({ page: '/x', account: null, violations: [], error: 'Timeout 15000ms exceeded' })).toEqual([
      'not measured: Timeout 15000ms exceeded',
    ]);
  });
});
