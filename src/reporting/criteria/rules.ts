/**
 * Scoring rules of a criteria set (cách tính điểm), as data. Each criterion's rule turns its input
 * (an indicator's ratio, or an agency's answer) into points between 0 and the criterion's maximum.
 */
import { ExpressionError, evaluate, parseExpression, variablesOf } from '../expression.js';

export const RULE_KINDS = [
  'yes_no',
  'choice',
  'tier',
  'per_item',
  'sum',
  'ratio',
  'threshold',
  'formula',
  'scored_with',
] as const;
export type RuleKind = (typeof RULE_KINDS)[number];

export interface ChoiceOption {
  key: string;
  labelVi: string;
  fraction: number;
}
export interface SumPart {
  key: string;
  labelVi: string;
  points: number;
  cap: number | null;
}

export type Rule =
  /** Yes = maximum, no = 0 (Có: điểm tối đa; Không: 0 điểm). */
  | { kind: 'yes_no' }
  /** One of several printed levels, each a fraction of the maximum. */
  | { kind: 'choice'; options: ChoiceOption[] }
  /** Who holds the post: head of agency = maximum, deputy = a fraction (one third), anyone else = 0. */
  | { kind: 'tier'; head: number; deputy: number; other: number }
  /** Points per item, capped (mỗi … được x điểm, tối đa y điểm). */
  | { kind: 'per_item'; points: number; cap: number }
  /** Several counted items, each with its points and cap, summed and capped at the maximum. */
  | { kind: 'sum'; parts: SumPart[] }
  /** Ratio × maximum (Điểm = Tỷ lệ × Điểm tối đa). */
  | { kind: 'ratio' }
  /** At or above `level` = maximum; below it proportional (value / level × max) or zero. `input` is a ratio or a count. */
  | { kind: 'threshold'; level: number; below: 'proportional' | 'zero'; input: 'ratio' | 'count' }
  /** A weighted formula over named inputs (each a ratio 0..1 unless said), `max` being the maximum. */
  | { kind: 'formula'; expr: string; inputs: { key: string; labelVi: string }[] }
  /** Printed without a maximum of its own: scored within another criterion's rule. */
  | { kind: 'scored_with'; code: string };

/** An agency's answer or an indicator's figures, as the rule reads them. */
export type RuleInput = boolean | string | number | Record<string, number>;

export class RuleError extends Error {
  constructor(
    message: string,
    readonly path: string,
  ) {
    super(message);
  }
}

const num = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** Checks a rule's shape (from an admin's edit or a seed); throws RuleError naming the bad part. */
export function validateRule(rule: unknown, path = 'rule'): Rule {
  const r = rule as Record<string, unknown> | null;
  if (!r || typeof r !== 'object') throw new RuleError('a rule must be an object', path);
  if (!(RULE_KINDS as readonly string[]).includes(r.kind as string))
    throw new RuleError(`unknown rule kind "${String(r.kind)}"`, `${path}/kind`);
  const frac = (v: unknown, p: string) => {
    if (!num(v) || v < 0 || v > 1) throw new RuleError('a fraction between 0 and 1 is expected', p);
  };
  switch (r.kind as RuleKind) {
    case 'choice': {
      if (!Array.isArray(r.options) || r.options.length < 2)
        throw new RuleError('at least two options', `${path}/options`);
      r.options.forEach((o: ChoiceOption, i: number) => {
        if (typeof o?.key !== 'string' || !o.key)
          throw new RuleError('an option needs a key', `${path}/options/${i}/key`);
        frac(o.fraction, `${path}/options/${i}/fraction`);
      });
      break;
    }
    case 'tier':
      for (const k of ['head', 'deputy', 'other']) frac(r[k], `${path}/${k}`);
      break;
    case 'per_item':
      if (!num(r.points) || r.points <= 0) throw new RuleError('points per item must be positive', `${path}/points`);
      if (!num(r.cap) || r.cap <= 0) throw new RuleError('the cap must be positive', `${path}/cap`);
      break;
    case 'sum':
      if (!Array.isArray(r.parts) || r.parts.length === 0) throw new RuleError('at least one part', `${path}/parts`);
      r.parts.forEach((o: SumPart, i: number) => {
        if (typeof o?.key !== 'string' || !o.key) throw new RuleError('a part needs a key', `${path}/parts/${i}/key`);
        if (!num(o.points) || o.points <= 0)
          throw new RuleError('points must be positive', `${path}/parts/${i}/points`);
        if (o.cap !== null && (!num(o.cap) || o.cap <= 0))
          throw new RuleError('the cap must be positive or null', `${path}/parts/${i}/cap`);
      });
      break;
    case 'threshold':
      if (!num(r.level) || r.level <= 0) throw new RuleError('the level must be positive', `${path}/level`);
      if (r.below !== 'proportional' && r.below !== 'zero')
        throw new RuleError('below must be proportional or zero', `${path}/below`);
      if (r.input !== 'ratio' && r.input !== 'count')
        throw new RuleError('input must be ratio or count', `${path}/input`);
      break;
    case 'formula': {
      if (typeof r.expr !== 'string') throw new RuleError('a formula needs an expression', `${path}/expr`);
      let names: Set<string>;
      try {
        names = variablesOf(parseExpression(r.expr));
      } catch (e) {
        if (e instanceof ExpressionError) throw new RuleError(e.message, `${path}/expr`);
        throw e;
      }
      if (!Array.isArray(r.inputs)) throw new RuleError('a formula lists its inputs', `${path}/inputs`);
      const known = new Set(['max', ...r.inputs.map((i: { key: string }) => i?.key)]);
      for (const n of names)
        if (!known.has(n))
          throw new RuleError(`the formula reads "${n}", which is not one of its inputs`, `${path}/expr`);
      break;
    }
    case 'scored_with':
      if (typeof r.code !== 'string') throw new RuleError('the criterion that scores this one', `${path}/code`);
      break;
    default:
  }
  return r as unknown as Rule;
}

const clamp = (v: number, max: number) => Math.max(0, Math.min(max, v));

/** Points for one criterion; null when its input is missing or does not fit the rule. */
export function score(rule: Rule, max: number, input: RuleInput | null | undefined): number | null {
  if (input === null || input === undefined) return null;
  const ratio = typeof input === 'number' ? input : typeof input === 'boolean' ? (input ? 1 : 0) : null;
  switch (rule.kind) {
    case 'yes_no':
      return typeof input === 'boolean' ? (input ? max : 0) : ratio === null ? null : ratio >= 1 ? max : 0;
    case 'choice': {
      const o = rule.options.find((x) => x.key === input);
      return o ? clamp(o.fraction * max, max) : null;
    }
    case 'tier':
      return input === 'head' || input === 'deputy' || input === 'other' ? clamp(rule[input] * max, max) : null;
    case 'per_item':
      return ratio === null ? null : clamp(Math.min(rule.cap, Math.max(0, Math.floor(ratio)) * rule.points), max);
    case 'sum': {
      if (typeof input !== 'object') return null;
      let total = 0;
      for (const p of rule.parts) {
        const n = Math.max(0, Math.floor(input[p.key] ?? 0));
        total += p.cap === null ? n * p.points : Math.min(p.cap, n * p.points);
      }
      return clamp(total, max);
    }
    case 'ratio':
      return ratio === null ? null : clamp(ratio * max, max);
    case 'threshold':
      if (ratio === null) return null;
      if (ratio >= rule.level - 1e-12) return max;
      return rule.below === 'zero' ? 0 : clamp((ratio / rule.level) * max, max);
    case 'formula': {
      const scope: Record<string, number> = { max };
      if (typeof input === 'object') Object.assign(scope, input);
      else if (ratio !== null && rule.inputs.length === 1) scope[rule.inputs[0]!.key] = ratio;
      const v = evaluate(parseExpression(rule.expr), scope);
      return v === null ? null : clamp(v, max);
    }
    case 'scored_with':
      return null;
  }
}
