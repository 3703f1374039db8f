/**
 * Where an indicator's figures come from (the shape of `reporting_indicators.source`). A computed
 * indicator sums one or more parts, each an aggregate over a module's published view; its columns
 * are named, never written as SQL, so an administrator's edit cannot inject any.
 */
export const FILTER_OPS = [
  'eq',
  'ne',
  'in',
  'true',
  'false',
  'null',
  'not_null',
  'gte',
  'lte',
  'before_now',
  'within_hours',
  'gte_column',
] as const;
export type FilterOp = (typeof FILTER_OPS)[number];
export interface Filter {
  column: string;
  op: FilterOp;
  value?: string | number | string[];
}
export interface Aggregate {
  agg: 'count' | 'sum';
  column?: string;
  filter?: Filter[];
}
export interface ViewPart {
  view: string;
  /** The column a period filters on; null: the view is a current state (inventory, pending dossiers). */
  time: string | null;
  /** The column holding the agency (scope agency); `unit` the administrative unit (scope unit) when the view has one. */
  agency: string;
  unit?: string;
  /** The column holding the agency's level, when the view carries it (documents, inventory). */
  level?: string;
  a: Aggregate;
  b?: Aggregate;
}
export type IndicatorSource =
  | { kind: 'view'; parts: ViewPart[] }
  /** Entered by agencies with evidence, approved by the owning department. */
  | { kind: 'entered' };

export interface IndicatorDefinition {
  key: string;
  version: number;
  nameVi: string;
  nameEn: string;
  unit: '%' | 'count';
  direction: 'up' | 'down';
  numeratorVi: string;
  denominatorVi: string | null;
  periodKinds: ('month' | 'quarter' | 'half' | 'year')[];
  scopeKinds: ('province' | 'agency' | 'unit')[];
  source: IndicatorSource;
  /** Code of the agency that owns (approves) entered values, resolved at seeding. */
  ownerAgencyCode?: string;
}
