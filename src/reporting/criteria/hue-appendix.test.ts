import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import hue from '../seed/hue-appendix4.json' with { type: 'json' };
import { parseAppendix } from './appendix.js';
import { validateRule, type RuleInput } from './rules.js';
import { computedShare, dataQualityWarnings, scoreUnit, type CriterionRow } from './tree.js';
import type { SeedSet } from '../seed/types.js';

const set = hue as unknown as SeedSet;
// The plan's text ships with the seed (seed/sources/SOURCE.md): the check runs in any clone.
const TEXT = readFileSync(new URL('../seed/sources/thua-thien-hue-222-KH-UBND-2020.txt', import.meta.url), 'utf8');
const rows: CriterionRow[] = set.nodes.map((n) => ({
  code: n.code,
  printedCode: n.printedCode,
  parentCode: n.parent,
  kind: n.kind,
  title: n.title,
  printedMax: n.printedMax,
  rule: n.rule ?? null,
  subject: n.subject ?? null,
  source: n.source ?? null,
}));

describe("Huế's appendix 4 (222/KH-UBND) as shipped", () => {
  it('holds every row of the source, verbatim, with its printed maximum', () => {
    const lines = TEXT.split(/\r?\n/).map((l) => l.replace(/\u00a0/g, ' ').trim());
    const from = lines.indexOf('PHỤ LỤC 4');
    const to = lines.indexOf('PHỤ LỤC 5');
    const appendix = lines.slice(from, to);
    // Every code-like cell of the appendix is a shipped row, in the printed order.
    const codes = appendix.filter((l) => /^\d+(\.\d+)+$/.test(l));
    expect(set.nodes.filter((n) => n.printedCode.includes('.')).map((n) => n.printedCode)).toEqual(codes);
    expect(set.nodes.length).toBe(161);
    expect(set.nodes.filter((n) => n.kind === 'criterion')).toHaveLength(111);
    for (const n of set.nodes) {
      // The code stands on its own line, its title and maximum follow it before the next row.
      expect(lines[n.line - 1]).toBe(n.printedCode);
      const next = set.nodes[set.nodes.indexOf(n) + 1];
      const block = lines.slice(n.line, next ? next.line - 1 : to);
      expect(block).toContain(n.title);
      for (const r of n.ruleText ? n.ruleText.split('\n') : []) expect(block).toContain(r);
      if (n.printedMax !== null) expect(block).toContain(String(n.printedMax));
    }
    // A re-parse of the text gives the same rows (the seed is not edited by hand).
    const again = parseAppendix(TEXT);
    expect(again.map((r) => [r.code, r.title, r.printedMax])).toEqual(
      set.nodes.map((n) => [n.code, n.title, n.printedMax]),
    );
  });

  it('prints the maxima as the appendix does', () => {
    const max = Object.fromEntries(set.nodes.map((n) => [n.code, n.printedMax]));
    expect(max).toMatchObject({
      '1': null,
      '1.1': 10,
      '1.1.1': 5,
      '1.2': 13,
      '1.2.3': 4,
      '2': 40,
      '2.3': 16,
      '2.3.8': 6,
      '3': null,
      '3.1': 70,
      '3.3': 22,
      '4': 50,
      '5': 100,
      '5.4': 9,
      '5.8.1': 10,
      '5.8.2': null,
      '6': 30,
      '6.1.1': 6,
      '7': 20,
      '7.2.5': 2,
    });
    expect(set.nodes.find((n) => n.code === '4.3.2.2')?.printedCode).toBe('43.2.2');
  });

  it('gives every criterion a valid rule, a subject and a source', () => {
    for (const n of set.nodes.filter((x) => x.kind === 'criterion')) {
      expect(() => validateRule(n.rule)).not.toThrow();
      expect(['agency', 'unit', 'province']).toContain(n.subject);
      expect(n.source).toBeTruthy();
    }
    const byCode = Object.fromEntries(set.nodes.map((n) => [n.code, n]));
    expect(byCode['1.2.1']!.rule).toEqual({ kind: 'tier', head: 1, deputy: 1 / 3, other: 0 });
    expect(byCode['1.1.1']!.rule).toEqual({ kind: 'per_item', points: 1, cap: 5 });
    expect(byCode['5.10.1']!.rule).toMatchObject({ kind: 'threshold', level: 0.6, below: 'proportional' });
    expect(byCode['5.12.2']!.rule).toMatchObject({ kind: 'threshold', level: 0.05, below: 'zero' });
    // Infrastructure and security criteria are computed from the inventory (CONTRACTS.md §3).
    for (const code of [
      '3.1.1',
      '3.1.2',
      '3.1.3',
      '3.2.1',
      '3.2.2',
      '3.2.3',
      '3.3.1.1',
      '3.3.2.1',
      '3.3.3.1',
      '3.3.4.1',
      '3.4.2',
      '4.1.2',
      '5.4.1',
      '5.4.4',
      '6.2.1',
      '6.3.1',
      '6.3.2',
      '6.3.3',
    ])
      expect(JSON.stringify(byCode[code]!.source)).toContain('inventory.');
    expect(JSON.stringify(byCode['5.2.1']!.source)).toContain('documents.');
  });

  it('lists the groups whose printed maximum differs from their children', () => {
    const w = dataQualityWarnings(rows);
    expect(w.filter((x) => x.kind === 'sum_differs').map((x) => [x.code, x.printedMax, x.childrenSum])).toEqual([
      ['2.2', 6, 4],
      ['3.1', 70, 6],
      ['4', 50, 44],
      ['5', 100, 84],
      ['5.4', 9, 8],
      ['6', 30, 26],
    ]);
    expect(w.filter((x) => x.kind === 'no_printed_max').map((x) => [x.code, x.childrenSum])).toEqual([
      ['1', 30],
      ['3', 107],
    ]);
    expect(w.find((x) => x.kind === 'printed_code_fixed')?.code).toBe('4.3.2.2');
    expect(w.filter((x) => x.kind === 'criterion_without_max').map((x) => x.code)).toEqual(['5.8.2', '5.9.2']);
  });

  it("recomputes one agency's total by hand from the printed rules", () => {
    const inputs = new Map<string, { input: RuleInput; computed: boolean }>([
      ['1.1.1', { input: 7, computed: false }], // 7 conferences, 1 point each, capped at 5 → 5
      ['1.1.2', { input: 2, computed: false }], // 2 documents → 2
      ['1.2.1', { input: 'deputy', computed: false }], // deputy chairs the committee → 3 × 1/3 = 1
      ['1.2.2', { input: { chair: 2, viceChair: 6 }, computed: false }], // 2 × 1 + min(1, 6 × 1/3) = 3
      ['1.2.3.1', { input: 'planned', computed: false }], // planned, not deployed → 2 × 1/2 = 1
      ['1.3.1', { input: 'mentions', computed: false }], // 3 × 1/3 = 1
      ['2.3.8', { input: { priority: 4, other: 10 }, computed: false }], // 4 × 0.5 + min(2, 10 × 0.25) = 4
      ['2.5.1', { input: 0.005, computed: false }], // 0.5% of a 1% threshold → 2 × 0.5 = 1
      ['3.1.1', { input: 0.9, computed: true }], // ratio 0.9 × 2 = 1.8
      ['5.2.1', { input: { a: 100, b: 80, c: 50 }, computed: true }], // 80/100 × 2 × 1/2 + 50/100 × 2 = 1.8
      ['5.10.1', { input: 0.3, computed: true }], // 30% of a 60% threshold → 4 × 0.5 = 2
      ['5.12.2', { input: 0.04, computed: false }], // below 5% → 0
      ['6.1.1', { input: { r4: 0.5, r3: 0.5, r2: 0, r1: 0 }, computed: false }], // 0.5 × 6 + 0.5 × 0.5 × 6 = 4.5
      ['7.2.2', { input: 2, computed: false }], // 2 of 3 courses → 2 × 2/3 = 1.333
    ]);
    const s = scoreUnit(rows, inputs);
    const hand = 5 + 2 + 1 + 3 + 1 + 1 + 4 + 1 + 1.8 + 1.8 + 2 + 0 + 4.5 + 2 * (2 / 3);
    expect(s.total).toBeCloseTo(hand, 2);
    expect(s.byCode['1.1']).toBe(7);
    expect(s.byCode['1.2']).toBe(5);
    expect(s.byCode['1.2.2']).toBe(3);
    expect(s.scored).toBe(14);
    expect(s.computed).toBe(3);
    // The set's maximum adds the top groups' printed maxima, and the children's sum where none is printed.
    expect(s.max).toBe(30 + 40 + 107 + 50 + 100 + 30 + 20);
  });

  it('counts the share of criteria and points computed from data', () => {
    const c = computedShare(rows);
    expect(c.criteria).toBe(109);
    expect(c.computedCriteria).toBe(32);
    expect(c.computedCriteria / c.criteria).toBeLessThan(set.target.computedShare);
  });
});
