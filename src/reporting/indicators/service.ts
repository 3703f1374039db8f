/**
 * Indicators: their definitions (rows), their values per period and scope, and the refresh that keeps
 * the values of the open periods current. Readers (the IOC, rankings, reports) read the values table
 * and never scan a module's view per request; the refresh job runs one grouped query per indicator,
 * period and scope kind over the open periods only (closed periods are kept as they were last computed).
 */
import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import type { Executor } from '../../platform/index.js';
import { reportingIndicators, reportingIndicatorValues, type PeriodKind, type ScopeKind } from '../schema.js';
import { INDICATORS } from './definitions.js';
import { computeSource, valueOf, type ScopeFilter } from './compute.js';
import { periodOf, type Period } from './periods.js';

export type Indicator = typeof reportingIndicators.$inferSelect;
export type IndicatorValue = typeof reportingIndicatorValues.$inferSelect;

/** The latest version of every active indicator. */
export async function listIndicators(db: Executor): Promise<Indicator[]> {
  const rows = await db
    .select()
    .from(reportingIndicators)
    .where(eq(reportingIndicators.active, true))
    .orderBy(asc(reportingIndicators.key), desc(reportingIndicators.version));
  const seen = new Set<string>();
  return rows.filter((r) => (seen.has(r.key) ? false : (seen.add(r.key), true)));
}

export async function getIndicator(db: Executor, key: string): Promise<Indicator | null> {
  const [row] = await db
    .select()
    .from(reportingIndicators)
    .where(eq(reportingIndicators.key, key))
    .orderBy(desc(reportingIndicators.version))
    .limit(1);
  return row ?? null;
}

/** Ships the definitions (a key already present keeps its rows: an administrator may have edited it). */
export async function seedIndicators(db: Executor, ownerIds: Record<string, string>): Promise<void> {
  const existing = new Set(
    (await db.select({ key: reportingIndicators.key }).from(reportingIndicators)).map((r) => r.key),
  );
  const fresh = INDICATORS.filter((d) => !existing.has(d.key));
  if (!fresh.length) return;
  await db
    .insert(reportingIndicators)
    .values(
      fresh.map(({ ownerAgencyCode, ...d }) => ({
        ...d,
        ownerAgencyId: ownerAgencyCode ? (ownerIds[ownerAgencyCode] ?? null) : null,
      })),
    )
    .onConflictDoNothing();
}

export interface ComputedValue {
  key: string;
  period: string;
  scope: { kind: ScopeKind; id: string | null };
  a: number | null;
  b: number | null;
  value: number | null;
  unit: string;
  status: 'computed' | 'unavailable' | 'entered' | 'approved' | 'returned' | 'none';
  /** The views it needs that do not exist (yet): "source not available". */
  missing: string[];
}

/**
 * Computes one indicator for one period and scope now (CONTRACTS.md §5). An entered indicator answers
 * its stored (approved first) value; a computed one over a missing view answers status 'unavailable'.
 */
export async function computeIndicator(
  db: Executor,
  key: string,
  opts: { period: Period; scope: { kind: ScopeKind; id?: string | null } },
): Promise<ComputedValue | null> {
  const ind = await getIndicator(db, key);
  if (!ind) return null;
  const scopeId = opts.scope.kind === 'province' ? '' : (opts.scope.id ?? '');
  const base = { key, period: opts.period.key, scope: { kind: opts.scope.kind, id: scopeId || null }, unit: ind.unit };
  if (ind.source.kind === 'entered') {
    const [v] = await db
      .select()
      .from(reportingIndicatorValues)
      .where(
        and(
          eq(reportingIndicatorValues.indicatorKey, key),
          eq(reportingIndicatorValues.periodKey, opts.period.key),
          eq(reportingIndicatorValues.scopeKind, opts.scope.kind),
          eq(reportingIndicatorValues.scopeId, scopeId),
        ),
      );
    return {
      ...base,
      a: v?.a ?? null,
      b: v?.b ?? null,
      value: v?.value ?? null,
      status: v?.status ?? 'none',
      missing: [],
    };
  }
  const only: ScopeFilter = opts.scope.kind === 'province' ? {} : { ids: [scopeId] };
  const c = await computeSource(db, ind.source, opts.period, opts.scope.kind, only);
  if (!c.available) return { ...base, a: null, b: null, value: null, status: 'unavailable', missing: c.missing };
  const f = c.figures.get(scopeId) ?? { a: 0, b: ind.unit === '%' ? 0 : null };
  return { ...base, a: f.a, b: f.b, value: valueOf(f, ind.unit), status: 'computed', missing: c.missing };
}

export interface Change {
  key: string;
  periodKey: string;
  scopeKind: ScopeKind;
  scopeId: string;
  before: number | null;
  after: number | null;
}

/**
 * Recomputes the open periods (those containing `at`) of every computed indicator for the province,
 * every agency and every unit, and upserts the values. Answers what changed, for the alerts.
 */
export async function refreshIndicators(db: Executor, at: Date = new Date(), keys?: string[]): Promise<Change[]> {
  const inds = (await listIndicators(db)).filter((i) => i.source.kind === 'view' && (!keys || keys.includes(i.key)));
  const changes: Change[] = [];
  for (const ind of inds) {
    for (const kind of ind.periodKinds as PeriodKind[]) {
      const period = periodOf(kind, at);
      const before = new Map(
        (
          await db
            .select({
              scopeKind: reportingIndicatorValues.scopeKind,
              scopeId: reportingIndicatorValues.scopeId,
              value: reportingIndicatorValues.value,
            })
            .from(reportingIndicatorValues)
            .where(
              and(
                eq(reportingIndicatorValues.indicatorKey, ind.key),
                eq(reportingIndicatorValues.periodKind, kind),
                eq(reportingIndicatorValues.periodKey, period.key),
              ),
            )
        ).map((r) => [`${r.scopeKind}:${r.scopeId}`, r.value]),
      );
      const rows: (typeof reportingIndicatorValues.$inferInsert)[] = [];
      for (const scope of ind.scopeKinds as ScopeKind[]) {
        const c = await computeSource(db, ind.source, period, scope);
        const status = c.available ? 'computed' : 'unavailable';
        const figures = [...c.figures.values()];
        if (scope === 'province' && !figures.length)
          figures.push({ scopeId: '', a: 0, b: ind.unit === '%' ? 0 : null });
        // Scopes seen before but without rows now fell to zero.
        for (const k of before.keys()) {
          const [sk, sid] = k.split(':') as [string, string];
          if (sk === scope && !c.figures.has(sid) && !(scope === 'province'))
            figures.push({ scopeId: sid, a: 0, b: ind.unit === '%' ? 0 : null });
        }
        for (const f of figures) {
          const value = c.available ? valueOf(f, ind.unit) : null;
          rows.push({
            indicatorKey: ind.key,
            indicatorVersion: ind.version,
            periodKind: kind,
            periodKey: period.key,
            scopeKind: scope,
            scopeId: f.scopeId,
            a: c.available ? f.a : null,
            b: c.available ? f.b : null,
            value,
            status,
            updatedAt: new Date(),
          });
          const old = before.get(`${scope}:${f.scopeId}`);
          if (old === undefined ? value !== null : old !== value)
            changes.push({
              key: ind.key,
              periodKey: period.key,
              scopeKind: scope,
              scopeId: f.scopeId,
              before: old ?? null,
              after: value,
            });
        }
      }
      for (let i = 0; i < rows.length; i += 500) {
        await db
          .insert(reportingIndicatorValues)
          .values(rows.slice(i, i + 500))
          .onConflictDoUpdate({
            target: [
              reportingIndicatorValues.indicatorKey,
              reportingIndicatorValues.periodKind,
              reportingIndicatorValues.periodKey,
              reportingIndicatorValues.scopeKind,
              reportingIndicatorValues.scopeId,
            ],
            set: {
              a: sql`excluded.a`,
              b: sql`excluded.b`,
              value: sql`excluded.value`,
              status: sql`excluded.status`,
              indicatorVersion: sql`excluded.indicator_version`,
              updatedAt: sql`excluded.updated_at`,
            },
          });
      }
    }
  }
  return changes;
}

/** Stored values of indicators for periods and a scope kind (the IOC's and the rankings' only read). */
export async function readValues(
  db: Executor,
  q: { keys: string[]; periodKeys: string[]; scopeKind: ScopeKind; scopeIds?: string[] },
): Promise<IndicatorValue[]> {
  if (!q.keys.length || !q.periodKeys.length) return [];
  return db
    .select()
    .from(reportingIndicatorValues)
    .where(
      and(
        inArray(reportingIndicatorValues.indicatorKey, q.keys),
        inArray(reportingIndicatorValues.periodKey, q.periodKeys),
        eq(reportingIndicatorValues.scopeKind, q.scopeKind),
        q.scopeIds ? inArray(reportingIndicatorValues.scopeId, q.scopeIds) : undefined,
      ),
    );
}
