/**
 * The refresh job (reporting.refresh): recomputes the open periods' indicator values, raises the
 * operations centre's alerts for what got worse, and re-ranks the criteria sets, all in one
 * transaction so the alerts are announced only with the figures they describe.
 */
import { inArray } from 'drizzle-orm';
import type { Db, Executor, Tx } from '../platform/index.js';
import { agencies } from '../directory/index.js';
import { refreshIndicators, type Change } from './indicators/service.js';
import { listSets, rankAgencies, storeRanking } from './criteria/service.js';
import { raiseAlert } from './alerts.js';
import { markOverdueReports } from './reports/service.js';
import { periodOf } from './indicators/periods.js';

export const REFRESH_JOB = 'reporting.refresh';
/** Open periods are recomputed every minute. */
export const REFRESH_EVERY_MS = 60_000;

const COUNT_ALERTS: Record<
  string,
  {
    kind: 'dossiers_late' | 'dossiers_due_soon' | 'feedback_overdue' | 'documents_overdue';
    vi: (n: number, name: string) => string;
    en: (n: number, name: string) => string;
    link: string;
  }
> = {
  'dossiers.pending_late': {
    kind: 'dossiers_late',
    vi: (n, a) => `${a}: ${n} hồ sơ mới quá hạn`,
    en: (n, a) => `${a}: ${n} more dossier(s) past due`,
    link: '/ioc/reporting/list/dossiers.pending_late',
  },
  'dossiers.due_soon': {
    kind: 'dossiers_due_soon',
    vi: (n, a) => `${a}: ${n} hồ sơ sắp đến hạn`,
    en: (n, a) => `${a}: ${n} more dossier(s) due within 48 hours`,
    link: '/ioc/reporting/list/dossiers.due_soon',
  },
  'feedback.overdue_open': {
    kind: 'feedback_overdue',
    vi: (n, a) => `${a}: ${n} phản ánh hiện trường mới quá hạn`,
    en: (n, a) => `${a}: ${n} more field report(s) overdue`,
    link: '/ioc/reporting/list/feedback.overdue_open',
  },
  'documents.pending_late': {
    kind: 'documents_overdue',
    vi: (n, a) => `${a}: ${n} văn bản đến mới quá hạn xử lý`,
    en: (n, a) => `${a}: ${n} more incoming document(s) overdue`,
    link: '/ioc/reporting/list/documents.pending_late',
  },
};

export interface RefreshResult {
  changes: number;
  alerts: number;
}

export async function refreshAll(db: Db | Tx, at: Date = new Date()): Promise<RefreshResult> {
  return db.transaction(async (tx) => {
    const changes = await refreshIndicators(tx, at);
    let alerts = await alertsFor(tx, changes);
    const year = Number(periodOf('year', at).key);
    for (const set of await listSets(tx)) {
      const ranked = await rankAgencies(tx, set, year);
      const fell = await storeRanking(tx, set, year, ranked);
      for (const f of fell) {
        await raiseAlert(tx, {
          kind: 'rank_fell',
          agencyId: f.agencyId,
          link: `/ioc/reporting/ranking/${set.key}`,
          titleVi: `${f.name}: tụt hạng ${f.from} → ${f.to} (${set.nameVi.split('(')[0]!.trim()}; ${f.previousScore} → ${f.score} điểm)`,
          titleEn: `${f.name}: rank fell ${f.from} → ${f.to} (${set.nameEn.split('(')[0]!.trim()}; ${f.previousScore} → ${f.score} points)`,
          details: { set: set.key, ...f },
        });
        alerts++;
      }
    }
    alerts += await markOverdueReports(tx, at);
    return { changes: changes.length, alerts };
  });
}

async function alertsFor(tx: Executor, changes: Change[]): Promise<number> {
  const worse = changes.filter(
    (c) =>
      c.scopeKind === 'agency' &&
      ((COUNT_ALERTS[c.key] && (c.after ?? 0) > (c.before ?? 0)) ||
        (c.key === 'dossiers.on_time_rate' &&
          c.periodKey.length === 4 &&
          c.before !== null &&
          c.after !== null &&
          c.after < c.before)),
  );
  if (!worse.length) return 0;
  const names = new Map(
    (
      await tx
        .select({ id: agencies.id, name: agencies.name })
        .from(agencies)
        .where(inArray(agencies.id, [...new Set(worse.map((c) => c.scopeId))]))
    ).map((a) => [a.id, a.name]),
  );
  for (const c of worse) {
    const name = names.get(c.scopeId) ?? c.scopeId;
    const spec = COUNT_ALERTS[c.key];
    if (spec) {
      const n = (c.after ?? 0) - (c.before ?? 0);
      await raiseAlert(tx, {
        kind: spec.kind,
        agencyId: c.scopeId,
        titleVi: spec.vi(n, name),
        titleEn: spec.en(n, name),
        link: `${spec.link}?agencyId=${c.scopeId}`,
        details: { indicator: c.key, before: c.before, after: c.after },
      });
    } else {
      const pct = (v: number) => `${(v * 100).toFixed(1)}%`;
      await raiseAlert(tx, {
        kind: 'on_time_fell',
        agencyId: c.scopeId,
        link: `/ioc/reporting/indicator/dossiers.on_time_rate?agencyId=${c.scopeId}`,
        titleVi: `${name}: tỷ lệ hồ sơ đúng hạn giảm ${pct(c.before!)} → ${pct(c.after!)}`,
        titleEn: `${name}: on-time rate fell ${pct(c.before!)} → ${pct(c.after!)}`,
        details: { indicator: c.key, before: c.before, after: c.after },
      });
    }
  }
  return worse.length;
}
