/**
 * Plans (kế hoạch, đề án): their targets (chỉ tiêu) with progress computed from the linked indicator,
 * their tasks and projects with the lead agency's progress notes. Shipped from plans.json, built
 * from the seed plans' text with each row's source line.
 */
import { asc, eq, inArray } from 'drizzle-orm';
import type { Executor } from '../../platform/index.js';
import { reportingPlans, reportingPlanTargets, reportingPlanTasks } from '../schema.js';
import { readValues } from '../indicators/service.js';
import plansData from '../seed/plans.json' with { type: 'json' };

export interface SeedPlan {
  key: string;
  nameVi: string;
  issuer: string;
  source: string;
  targets: {
    textVi: string;
    value: number | null;
    unit: string | null;
    year: number | null;
    scope: string | null;
    responsible: string | null;
    indicatorKey: string | null;
    sourceLine: number;
  }[];
  tasks: {
    kind: 'task' | 'project';
    content: string;
    lead: string | null;
    partners: string | null;
    deadline: string | null;
    budget: string | null;
    sourceLine: number;
  }[];
}
export const SEED_PLANS = plansData as unknown as SeedPlan[];

export async function seedPlans(db: Executor, plans: SeedPlan[] = SEED_PLANS): Promise<void> {
  const have = new Set((await db.select({ key: reportingPlans.key }).from(reportingPlans)).map((p) => p.key));
  for (const p of plans.filter((x) => !have.has(x.key))) {
    const [row] = await db
      .insert(reportingPlans)
      .values({ key: p.key, nameVi: p.nameVi, issuer: p.issuer, source: p.source })
      .returning();
    for (let i = 0; i < p.targets.length; i += 200)
      await db.insert(reportingPlanTargets).values(p.targets.slice(i, i + 200).map((t) => ({ ...t, planId: row!.id })));
    for (let i = 0; i < p.tasks.length; i += 200)
      await db.insert(reportingPlanTasks).values(p.tasks.slice(i, i + 200).map((t) => ({ ...t, planId: row!.id })));
  }
}

export async function listPlans(db: Executor) {
  return db.select().from(reportingPlans).orderBy(asc(reportingPlans.key));
}

/** Targets with the current value of their indicator (province, the year's period) and the progress toward them. */
export async function planTargetsProgress(db: Executor, year: number, planId?: string) {
  const targets = await db
    .select({ t: reportingPlanTargets, planKey: reportingPlans.key, planName: reportingPlans.nameVi })
    .from(reportingPlanTargets)
    .innerJoin(reportingPlans, eq(reportingPlans.id, reportingPlanTargets.planId))
    .where(planId ? eq(reportingPlanTargets.planId, planId) : undefined)
    .orderBy(asc(reportingPlans.key), asc(reportingPlanTargets.sourceLine));
  const keys = [...new Set(targets.map((x) => x.t.indicatorKey).filter((k): k is string => !!k))];
  const values = await readValues(db, { keys, periodKeys: [String(year)], scopeKind: 'province' });
  const by = new Map(values.map((v) => [v.indicatorKey, v]));
  return targets.map(({ t, planKey, planName }) => {
    const v = t.indicatorKey ? by.get(t.indicatorKey) : undefined;
    const current =
      v && v.status === 'computed' && v.value !== null ? (t.unit === '%' ? v.value * 100 : v.value) : null;
    const progress = current !== null && t.value ? Math.min(1, current / t.value) : null;
    return {
      id: t.id,
      planKey,
      planName,
      textVi: t.textVi,
      value: t.value,
      unit: t.unit,
      year: t.year,
      scope: t.scope,
      responsible: t.responsible,
      indicatorKey: t.indicatorKey,
      sourceLine: t.sourceLine,
      current,
      progress,
      status: v?.status ?? (t.indicatorKey ? 'none' : 'manual'),
    };
  });
}

export async function planTasks(db: Executor, planIds: string[]) {
  if (!planIds.length) return [];
  return db
    .select()
    .from(reportingPlanTasks)
    .where(inArray(reportingPlanTasks.planId, planIds))
    .orderBy(asc(reportingPlanTasks.sourceLine));
}
