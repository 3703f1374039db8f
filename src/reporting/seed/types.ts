import type { Rule } from '../criteria/rules.js';

/** Where a criterion's value comes from: one indicator's ratio, several indicators' numerators as a formula's inputs, or an answer with evidence reviewed by a department. */
export type CriterionSource =
  | { kind: 'indicator'; indicator: string }
  | { kind: 'indicators'; inputs: Record<string, string> }
  | { kind: 'answer'; reviewer: string };

/** Who a criterion assesses: an agency, a district or commune, or the whole province. */
export type Subject = 'agency' | 'unit' | 'province';

export interface SeedNode {
  code: string;
  printedCode: string;
  parent: string | null;
  kind: 'group' | 'criterion';
  title: string;
  ruleText: string;
  note: string;
  printedMax: number | null;
  /** The line of the source text where the row's code stands. */
  line: number;
  rule?: Rule;
  subject?: Subject;
  source?: CriterionSource;
}

export interface SeedSet {
  key: string;
  version: number;
  nameVi: string;
  nameEn: string;
  source: string;
  target: { computedShare: number; textVi: string };
  nodes: SeedNode[];
}
