import { sql } from 'drizzle-orm';
import { queryRows, type Executor } from '../platform/index.js';

export const STATS_GROUPS = ['agency', 'category', 'unit'] as const;
export type StatsGroup = (typeof STATS_GROUPS)[number];

export interface StatsRow {
  key: string | null;
  name: string | null;
  received: number;
  resolvedOnTime: number;
  resolvedLate: number;
  open: number;
  rejected: number;
  /** Resolutions that did not last: reports the reporter reopened. */
  reopened: number;
  avgResolutionHours: number | null;
  ratedCount: number;
  avgRating: number | null;
}

const GROUP = {
  agency: { key: sql`f.agency_id::text`, name: sql`(SELECT a.name FROM agencies a WHERE a.id = f.agency_id)` },
  category: {
    key: sql`f.category_code`,
    name: sql`(SELECT c.name_vi FROM feedback_categories c WHERE c.id = f.category_id)`,
  },
  unit: {
    key: sql`(SELECT u.code FROM admin_units u WHERE u.id = f.unit_id)`,
    name: sql`(SELECT u.name FROM admin_units u WHERE u.id = f.unit_id)`,
  },
} as const;

/**
 * Figures per agency, category or unit over reports received in [from, to), from the feedback_report_facts
 * view; `agencyIds` limits them to the reports of these agencies (null: all).
 */
export async function reportStats(
  ex: Executor,
  by: StatsGroup,
  from: Date,
  to: Date,
  agencyIds: string[] | null = null,
): Promise<StatsRow[]> {
  const g = GROUP[by];
  if (agencyIds && !agencyIds.length) return [];
  const within = agencyIds ? sql`AND f.agency_id = ANY(${`{${agencyIds.join(',')}}`}::uuid[])` : sql``;
  const rows = await queryRows<Record<string, string | number | null>>(
    ex,
    sql`SELECT key, max(name) AS name, count(*)::int AS received,
               count(*) FILTER (WHERE resolved_on_time)::int AS on_time,
               count(*) FILTER (WHERE resolved_late)::int AS late,
               count(*) FILTER (WHERE is_open)::int AS open,
               count(*) FILTER (WHERE status = 'rejected')::int AS rejected,
               count(*) FILTER (WHERE resolution_not_lasting)::int AS reopened,
               avg(resolution_hours)::float8 AS avg_hours,
               count(rating)::int AS rated, avg(rating)::float8 AS avg_rating
        FROM (SELECT f.*, ${g.key} AS key, ${g.name} AS name FROM feedback_report_facts f
              WHERE f.created_at >= ${from} AND f.created_at < ${to} ${within}) s
        GROUP BY key ORDER BY received DESC, key`,
  );
  const num = (v: string | number | null) => (v === null ? null : Math.round(Number(v) * 100) / 100);
  return rows.map((r) => ({
    key: (r.key as string | null) ?? null,
    name: (r.name as string | null) ?? null,
    received: Number(r.received),
    resolvedOnTime: Number(r.on_time),
    resolvedLate: Number(r.late),
    open: Number(r.open),
    rejected: Number(r.rejected),
    reopened: Number(r.reopened),
    avgResolutionHours: num(r.avg_hours ?? null),
    ratedCount: Number(r.rated),
    avgRating: num(r.avg_rating ?? null),
  }));
}
