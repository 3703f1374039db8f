/**
 * A criteria set as a tree: effective maxima, the data-quality warnings of the printed figures, and
 * the score of one assessed unit. Pure functions over the rows, shared by the API and the tests.
 */
import { score, type Rule, type RuleInput } from './rules.js';
import type { CriterionSource, Subject } from '../seed/types.js';

export interface CriterionRow {
  code: string;
  printedCode: string;
  parentCode: string | null;
  kind: string; // 'group' | 'criterion'
  title: string;
  printedMax: number | null;
  rule: Rule | null;
  subject: Subject | null;
  source: CriterionSource | null;
}

export interface Warning {
  code: string;
  kind: 'sum_differs' | 'no_printed_max' | 'printed_code_fixed' | 'criterion_without_max';
  printedMax: number | null;
  childrenSum: number | null;
  messageVi: string;
  messageEn: string;
}

const round = (v: number) => Math.round(v * 1000) / 1000;

export function childrenOf(rows: CriterionRow[]): Map<string | null, CriterionRow[]> {
  const m = new Map<string | null, CriterionRow[]>();
  for (const r of rows) {
    const list = m.get(r.parentCode) ?? [];
    list.push(r);
    m.set(r.parentCode, list);
  }
  return m;
}

/** The sum of a group's children's maxima, each child's own effective maximum (printed, else its children's sum). */
export function effectiveMaxima(rows: CriterionRow[]): {
  effective: Map<string, number>;
  childrenSum: Map<string, number>;
} {
  const kids = childrenOf(rows);
  const effective = new Map<string, number>();
  const childrenSum = new Map<string, number>();
  const visit = (r: CriterionRow): number => {
    const cs = kids.get(r.code);
    if (cs?.length) {
      const s = round(cs.reduce((acc, c) => acc + visit(c), 0));
      childrenSum.set(r.code, s);
      effective.set(r.code, r.printedMax ?? s);
    } else effective.set(r.code, r.printedMax ?? 0);
    return effective.get(r.code)!;
  };
  for (const r of kids.get(null) ?? []) visit(r);
  return { effective, childrenSum };
}

/** Where the printed figures do not add up: kept as printed, reported here, never corrected. */
export function dataQualityWarnings(rows: CriterionRow[]): Warning[] {
  const { childrenSum } = effectiveMaxima(rows);
  const out: Warning[] = [];
  for (const r of rows) {
    const sum = childrenSum.get(r.code);
    if (r.printedCode !== r.code)
      out.push({
        code: r.code,
        kind: 'printed_code_fixed',
        printedMax: r.printedMax,
        childrenSum: sum ?? null,
        messageVi: `Mã in là "${r.printedCode}", được hiểu là ${r.code}.`,
        messageEn: `Printed code "${r.printedCode}" read as ${r.code}.`,
      });
    if (sum === undefined) {
      if (r.kind === 'criterion' && r.printedMax === null)
        out.push({
          code: r.code,
          kind: 'criterion_without_max',
          printedMax: null,
          childrenSum: null,
          messageVi: `Tiêu chí ${r.code} không in điểm tối đa (được chấm chung với tiêu chí khác).`,
          messageEn: `Criterion ${r.code} prints no maximum (scored together with another).`,
        });
      continue;
    }
    if (r.printedMax === null) {
      if (r.parentCode !== null)
        out.push({
          code: r.code,
          kind: 'no_printed_max',
          printedMax: null,
          childrenSum: sum,
          messageVi: `Nhóm ${r.code} không in điểm tối đa; tổng điểm các tiêu chí con là ${sum}.`,
          messageEn: `Group ${r.code} prints no maximum; its children add up to ${sum}.`,
        });
    } else if (Math.abs(r.printedMax - sum) > 1e-9)
      out.push({
        code: r.code,
        kind: 'sum_differs',
        printedMax: r.printedMax,
        childrenSum: sum,
        messageVi: `Nhóm ${r.code}: điểm tối đa in là ${r.printedMax}, tổng các tiêu chí con là ${sum}.`,
        messageEn: `Group ${r.code}: printed maximum ${r.printedMax}, children add up to ${sum}.`,
      });
  }
  return out;
}

export interface UnitScore {
  total: number;
  max: number;
  byCode: Record<string, number | null>;
  /** Criteria scored (an input was there), and those whose input came from data. */
  scored: number;
  computed: number;
}

/**
 * Scores one unit. A criterion without an input scores 0 (shown as null); a group is the sum of its
 * children capped at its printed maximum (sums with caps); the total is the sum of the top groups.
 */
export function scoreUnit(
  rows: CriterionRow[],
  inputs: Map<string, { input: RuleInput; computed: boolean }>,
): UnitScore {
  const kids = childrenOf(rows);
  const { effective } = effectiveMaxima(rows);
  const byCode: Record<string, number | null> = {};
  let scored = 0;
  let computed = 0;
  const visit = (r: CriterionRow): number => {
    const cs = kids.get(r.code);
    if (cs?.length) {
      const s = cs.reduce((acc, c) => acc + visit(c), 0);
      const v = round(r.printedMax === null ? s : Math.min(r.printedMax, s));
      byCode[r.code] = v;
      return v;
    }
    const given = inputs.get(r.code);
    const v = r.rule && given ? score(r.rule, r.printedMax ?? 0, given.input) : null;
    byCode[r.code] = v === null ? null : round(v);
    if (v !== null) {
      scored++;
      if (given?.computed) computed++;
    }
    return v ?? 0;
  };
  const total = round((kids.get(null) ?? []).reduce((acc, r) => acc + visit(r), 0));
  const max = round((kids.get(null) ?? []).reduce((acc, r) => acc + effective.get(r.code)!, 0));
  return { total, max, byCode, scored, computed };
}

/** The share of criteria, and of their points, whose value comes from data (the plan's 80% target). */
export function computedShare(rows: CriterionRow[]): {
  criteria: number;
  computedCriteria: number;
  points: number;
  computedPoints: number;
} {
  const leaves = rows.filter((r) => r.kind === 'criterion' && r.rule?.kind !== 'scored_with');
  const fromData = leaves.filter((r) => r.source && r.source.kind !== 'answer');
  const pts = (list: CriterionRow[]) => round(list.reduce((a, r) => a + (r.printedMax ?? 0), 0));
  return {
    criteria: leaves.length,
    computedCriteria: fromData.length,
    points: pts(leaves),
    computedPoints: pts(fromData),
  };
}

/**
 * The share of criteria whose data actually arrives: a leaf counts when at least one assessed unit's input for it was
 * computed from data and carries a fact (a non-zero figure). A source that is wired but has delivered nothing yet (an
 * agency with staff and no inventory: every ratio 0/n) does not count: a zero from an empty source cannot be told from
 * no data, and the plan's target is about criteria measured, not criteria mapped.
 */
export function liveShare(
  rows: CriterionRow[],
  inputs: Iterable<Map<string, { input: RuleInput; computed: boolean }>>,
): { criteria: number; computedCriteria: number; points: number; computedPoints: number } {
  const leaves = rows.filter((r) => r.kind === 'criterion' && r.rule?.kind !== 'scored_with');
  const fed = new Set<string>();
  const carries = (v: RuleInput) =>
    typeof v === 'number'
      ? v !== 0
      : typeof v === 'object'
        ? Object.values(v).some((x) => x !== 0)
        : v !== false && v !== '';
  for (const unit of inputs)
    for (const [code, given] of unit) if (given.computed && carries(given.input)) fed.add(code);
  const live = leaves.filter((r) => fed.has(r.code));
  const pts = (list: CriterionRow[]) => round(list.reduce((a, r) => a + (r.printedMax ?? 0), 0));
  return { criteria: leaves.length, computedCriteria: live.length, points: pts(leaves), computedPoints: pts(live) };
}
