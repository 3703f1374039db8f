/**
 * Criteria sets in the database: loading, seeding, scoring every assessed agency for a year from the
 * stored indicator values and the approved answers, and the ranking with its change.
 */
import { and, asc, desc, eq, inArray } from 'drizzle-orm';
import type { Executor } from '../../platform/index.js';
import { agencies } from '../../directory/index.js';
import { reportingCriteria, reportingCriteriaSets, reportingCriterionAnswers, reportingRankings } from '../schema.js';
import type { SeedSet } from '../seed/types.js';
import { readValues } from '../indicators/service.js';
import { computedShare, dataQualityWarnings, liveShare, scoreUnit, type CriterionRow } from './tree.js';
import type { RuleInput } from './rules.js';

export type CriteriaSet = typeof reportingCriteriaSets.$inferSelect;
/** The agencies ranked: departments and district- and commune-level people's committees. */
export const ASSESSED_LEVELS = ['department', 'district', 'commune'] as const;

export async function seedCriteriaSet(db: Executor, set: SeedSet): Promise<void> {
  const [found] = await db
    .select({ id: reportingCriteriaSets.id })
    .from(reportingCriteriaSets)
    .where(and(eq(reportingCriteriaSets.key, set.key), eq(reportingCriteriaSets.version, set.version)));
  if (found) return;
  const [row] = await db
    .insert(reportingCriteriaSets)
    .values({
      key: set.key,
      version: set.version,
      nameVi: set.nameVi,
      nameEn: set.nameEn,
      source: set.source,
      targetComputedShare: set.target.computedShare,
    })
    .returning();
  await db.insert(reportingCriteria).values(
    set.nodes.map((n, i) => ({
      setId: row!.id,
      code: n.code,
      printedCode: n.printedCode,
      parentCode: n.parent,
      kind: n.kind,
      position: i,
      title: n.title,
      ruleText: n.ruleText,
      note: n.note,
      printedMax: n.printedMax,
      sourceLine: n.line,
      rule: n.rule ?? null,
      subject: n.subject ?? null,
      source: n.source ?? null,
    })),
  );
}

export async function listSets(db: Executor): Promise<CriteriaSet[]> {
  return db
    .select()
    .from(reportingCriteriaSets)
    .orderBy(asc(reportingCriteriaSets.key), desc(reportingCriteriaSets.version));
}

export async function getSet(db: Executor, key: string): Promise<CriteriaSet | null> {
  const [s] = await db
    .select()
    .from(reportingCriteriaSets)
    .where(eq(reportingCriteriaSets.key, key))
    .orderBy(desc(reportingCriteriaSets.version))
    .limit(1);
  return s ?? null;
}

export async function setRows(
  db: Executor,
  setId: string,
): Promise<(CriterionRow & { id: string; ruleText: string; note: string; sourceLine: number | null })[]> {
  const rows = await db
    .select()
    .from(reportingCriteria)
    .where(eq(reportingCriteria.setId, setId))
    .orderBy(asc(reportingCriteria.position));
  return rows.map((r) => ({
    id: r.id,
    code: r.code,
    printedCode: r.printedCode,
    parentCode: r.parentCode,
    kind: r.kind,
    title: r.title,
    printedMax: r.printedMax,
    rule: r.rule,
    subject: r.subject,
    source: r.source,
    ruleText: r.ruleText,
    note: r.note,
    sourceLine: r.sourceLine,
  }));
}

/** The set's tree with its warnings and the share computed from data. */
export async function describeSet(db: Executor, set: CriteriaSet) {
  const rows = await setRows(db, set.id);
  return { set, rows, warnings: dataQualityWarnings(rows), share: computedShare(rows) };
}

export interface RankedAgency {
  agencyId: string;
  name: string;
  level: string;
  score: number;
  max: number;
  rank: number;
  scored: number;
  computed: number;
  previousYearScore: number | null;
  previousYearRank: number | null;
  /** The rank at the previous refresh (a change since: this refresh moved it). */
  lastRank: number | null;
  byCode?: Record<string, number | null>;
}

/** Inputs of every assessed agency for a year: indicator values (computed) and approved answers. */
async function inputsFor(db: Executor, setId: string, rows: CriterionRow[], year: number, agencyIds: string[]) {
  const keys = new Set<string>();
  for (const r of rows) {
    if (r.source?.kind === 'indicator') keys.add(r.source.indicator);
    if (r.source?.kind === 'indicators') Object.values(r.source.inputs).forEach((k) => keys.add(k));
  }
  const values = await readValues(db, { keys: [...keys], periodKeys: [String(year)], scopeKind: 'agency' });
  const byKey = new Map(values.map((v) => [`${v.indicatorKey}:${v.scopeId}`, v]));
  const answers = agencyIds.length
    ? await db
        .select()
        .from(reportingCriterionAnswers)
        .where(
          and(
            eq(reportingCriterionAnswers.setId, setId),
            eq(reportingCriterionAnswers.year, year),
            eq(reportingCriterionAnswers.status, 'approved'),
          ),
        )
    : [];
  const out = new Map<string, Map<string, { input: RuleInput; computed: boolean }>>();
  for (const id of agencyIds) out.set(id, new Map());
  for (const a of answers) out.get(a.agencyId)?.set(a.code, { input: a.input as RuleInput, computed: false });
  for (const id of agencyIds) {
    const m = out.get(id)!;
    for (const r of rows) {
      if (r.source?.kind === 'indicator') {
        const v = byKey.get(`${r.source.indicator}:${id}`);
        if (v?.status === 'computed' && v.value !== null) m.set(r.code, { input: v.value, computed: true });
      } else if (r.source?.kind === 'indicators') {
        const input: Record<string, number> = {};
        let ok = true;
        for (const [name, key] of Object.entries(r.source.inputs)) {
          const v = byKey.get(`${key}:${id}`);
          if (v?.status !== 'computed' || v.a === null) ok = false;
          else input[name] = v.a;
        }
        if (ok) m.set(r.code, { input, computed: true });
      }
    }
  }
  return out;
}

/** Scores and ranks every assessed agency for a year (dense rank by score, highest first). */
export async function rankAgencies(
  db: Executor,
  set: CriteriaSet,
  year: number,
  opts: { withDetail?: boolean } = {},
): Promise<RankedAgency[]> {
  return (await rankWithLiveShare(db, set, year, opts)).ranked;
}

/**
 * The ranking and the set's live computed share of a year (the share of criteria whose data arrives this year, over
 * every assessed agency: see liveShare) together. Both rest on the same inputs of every assessed agency for that year,
 * the dearest read here, so a page that shows both (the IOC, a set's ranking) reads them once.
 */
export async function rankWithLiveShare(
  db: Executor,
  set: CriteriaSet,
  year: number,
  opts: { withDetail?: boolean } = {},
): Promise<{ ranked: RankedAgency[]; live: ReturnType<typeof liveShare> }> {
  const rows = await setRows(db, set.id);
  const list = await db
    .select({ id: agencies.id, name: agencies.name, level: agencies.level })
    .from(agencies)
    .where(and(eq(agencies.active, true), inArray(agencies.level, [...ASSESSED_LEVELS])));
  const ids = list.map((a) => a.id);
  const score = async (y: number) => {
    const inputs = await inputsFor(db, set.id, rows, y, ids);
    return { inputs, scores: new Map(list.map((a) => [a.id, scoreUnit(rows, inputs.get(a.id)!)])) };
  };
  const { inputs: inputsNow, scores: now } = await score(year);
  const before = (await score(year - 1)).scores;
  const rankOf = (m: Map<string, { total: number }>) => {
    const sorted = [...new Set([...m.values()].map((s) => s.total))].sort((x, y) => y - x);
    return (id: string) => sorted.indexOf(m.get(id)!.total) + 1;
  };
  const rankNow = rankOf(now);
  const rankBefore = rankOf(before);
  const anyBefore = [...before.values()].some((s) => s.scored > 0);
  const stored = new Map(
    (
      await db
        .select()
        .from(reportingRankings)
        .where(and(eq(reportingRankings.setId, set.id), eq(reportingRankings.year, year)))
    ).map((r) => [r.agencyId, r]),
  );
  const ranked = list
    .map((a) => {
      const s = now.get(a.id)!;
      const st = stored.get(a.id);
      return {
        agencyId: a.id,
        name: a.name,
        level: a.level,
        score: s.total,
        max: s.max,
        rank: rankNow(a.id),
        scored: s.scored,
        computed: s.computed,
        previousYearScore: anyBefore ? before.get(a.id)!.total : null,
        previousYearRank: anyBefore ? rankBefore(a.id) : null,
        lastRank: st ? (st.score === s.total && st.rank === rankNow(a.id) ? st.previousRank : st.rank) : null,
        ...(opts.withDetail ? { byCode: s.byCode } : {}),
      };
    })
    .sort((x, y) => x.rank - y.rank || x.name.localeCompare(y.name, 'vi'));
  return { ranked, live: liveShare(rows, inputsNow.values()) };
}

/** Stores the ranking (keeping the rank before for the change) and answers the agencies whose rank fell. */
export async function storeRanking(
  db: Executor,
  set: CriteriaSet,
  year: number,
  ranked: RankedAgency[],
): Promise<{ agencyId: string; name: string; from: number; to: number; score: number; previousScore: number }[]> {
  const stored = new Map(
    (
      await db
        .select()
        .from(reportingRankings)
        .where(and(eq(reportingRankings.setId, set.id), eq(reportingRankings.year, year)))
    ).map((r) => [r.agencyId, r]),
  );
  const fell: { agencyId: string; name: string; from: number; to: number; score: number; previousScore: number }[] = [];
  const changed = ranked.filter((r) => {
    const st = stored.get(r.agencyId);
    if (st && r.rank > st.rank && r.score < st.score)
      fell.push({
        agencyId: r.agencyId,
        name: r.name,
        from: st.rank,
        to: r.rank,
        score: r.score,
        previousScore: st.score,
      });
    return !st || st.rank !== r.rank || st.score !== r.score;
  });
  for (let i = 0; i < changed.length; i += 500) {
    const chunk = changed.slice(i, i + 500).map((r) => {
      const st = stored.get(r.agencyId);
      return {
        setId: set.id,
        year,
        agencyId: r.agencyId,
        score: r.score,
        rank: r.rank,
        previousScore: st?.score ?? null,
        previousRank: st?.rank ?? null,
        updatedAt: new Date(),
      };
    });
    for (const c of chunk)
      await db
        .insert(reportingRankings)
        .values(c)
        .onConflictDoUpdate({
          target: [reportingRankings.setId, reportingRankings.year, reportingRankings.agencyId],
          set: {
            score: c.score,
            rank: c.rank,
            previousScore: c.previousScore,
            previousRank: c.previousRank,
            updatedAt: c.updatedAt,
          },
        });
  }
  return fell;
}
