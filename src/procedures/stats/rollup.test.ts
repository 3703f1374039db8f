/**
 * The rollup (dossier_stats_rollup) against the view it stands for: after lifecycle actions through
 * the API and direct writes to `dossiers` (bulk INSERT … SELECT, multi-row UPDATE, upsert, DELETE, a
 * rolled-back transaction, a change of a procedure's online level), the statistics read from the
 * rollup equal those the view procedures_dossier_stats gives, for every grouping and filter, now
 * and at chosen instants.
 */
import { sql, type SQL } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { queryRows, type Executor } from '../../platform/index.js';
import { testServer, type Client, type TestServer } from '../../platform/testing/index.js';
import { act, agencyId, at, makeProcedure, restoreClock, vn, type TestProcedure } from '../dossiers/test-fixtures.js';
import { dossierStory } from './test-story.js';
import { dossierStats, type StatsQuery, type StatsRow } from './service.js';

/**
 * The statistics as computed before the rollup: an aggregation of the view. With `at`, lateness of
 * pending dossiers is judged at that instant instead of now() (the view's own expression otherwise).
 */
async function viewStats(ex: Executor, q: StatsQuery, agencyIds: string[] | null, at?: Date): Promise<StatsRow[]> {
  const where: SQL[] = [sql`TRUE`];
  if (agencyIds) {
    const ids = `{${agencyIds.join(',')}}`;
    where.push(sql`(s.agency_id = ANY(${ids}::uuid[]) OR s.receiving_agency_id = ANY(${ids}::uuid[]))`);
  }
  if (q.from) where.push(sql`s.received_at >= (${q.from}::date - interval '7 hours')`);
  if (q.to) where.push(sql`s.received_at < (${q.to}::date + interval '1 day' - interval '7 hours')`);
  if (q.agencyId) where.push(sql`s.agency_id = ${q.agencyId}::uuid`);
  if (q.procedureId) where.push(sql`s.procedure_id = ${q.procedureId}::uuid`);
  if (q.unitId) {
    where.push(sql`s.agency_id IN (
      WITH RECURSIVE gu(id) AS (SELECT ${q.unitId}::uuid UNION SELECT u.id FROM admin_units u JOIN gu ON u.parent_id = gu.id OR u.successor_id = gu.id),
      down(id) AS (SELECT a.id FROM agencies a WHERE a.unit_id IN (SELECT id FROM gu) UNION SELECT a.id FROM agencies a JOIN down ON a.parent_id = down.id)
      SELECT id FROM down)`);
  }
  const pendingLate = at
    ? sql`(s.pending AND s.due_at IS NOT NULL AND coalesce((SELECT dd.paused_since FROM dossiers dd WHERE dd.id = s.dossier_id), ${at.toISOString()}::timestamptz) > s.due_at)`
    : sql`s.pending_late`;
  const group = q.groupBy ?? 'none';
  const key =
    group === 'agency' ? sql`s.agency_id::text` : group === 'procedure' ? sql`s.procedure_id::text` : sql`NULL::text`;
  const name =
    group === 'agency'
      ? sql`(SELECT a.name FROM agencies a WHERE a.id = s.agency_id)`
      : group === 'procedure'
        ? sql`(SELECT p.code || ' ' || p.name FROM procedures p WHERE p.id = s.procedure_id)`
        : sql`NULL::text`;
  const rows = await queryRows<Record<string, number | string | null>>(
    ex,
    sql`SELECT ${key} AS key, min(${name}) AS name,
          count(*)::int AS received,
          count(*) FILTER (WHERE s.outcome = 'early')::int AS early,
          count(*) FILTER (WHERE s.outcome = 'on_time')::int AS on_time,
          count(*) FILTER (WHERE s.outcome = 'late')::int AS late,
          count(*) FILTER (WHERE s.status = 'refused')::int AS refused,
          count(*) FILTER (WHERE s.status = 'withdrawn')::int AS withdrawn,
          count(*) FILTER (WHERE s.pending AND NOT ${pendingLate})::int AS pending_within,
          count(*) FILTER (WHERE ${pendingLate})::int AS pending_late,
          count(*) FILTER (WHERE s.channel = 'online')::int AS online,
          count(*) FILTER (WHERE s.fully_online)::int AS fully_online,
          count(s.rating)::int AS ratings,
          round(avg(s.rating), 2) AS avg_rating
        FROM procedures_dossier_stats s
        WHERE ${sql.join(where, sql` AND `)}
        GROUP BY 1
        ORDER BY 3 DESC`,
  );
  const n = (v: number | string | null | undefined) => Number(v ?? 0);
  if (!rows.length && group === 'none') rows.push({ key: null, name: null, avg_rating: null });
  const share = (a: number, of: number) => (of ? Math.round((a / of) * 10_000) / 10_000 : null);
  return rows.map((r) => {
    const finished = n(r.early) + n(r.on_time) + n(r.late);
    return {
      key: r.key as string | null,
      name: r.name as string | null,
      received: n(r.received),
      finished,
      early: n(r.early),
      onTime: n(r.on_time),
      late: n(r.late),
      refused: n(r.refused),
      withdrawn: n(r.withdrawn),
      pendingWithin: n(r.pending_within),
      pendingLate: n(r.pending_late),
      online: n(r.online),
      fullyOnline: n(r.fully_online),
      onlineShare: share(n(r.online), n(r.received)),
      fullyOnlineShare: share(n(r.fully_online), n(r.received)),
      onTimeShare: share(n(r.early) + n(r.on_time), finished),
      ratings: n(r.ratings),
      averageRating: r.avg_rating === null ? null : Number(r.avg_rating),
    };
  });
}

/** Rows tied on `received` come in no defined order from the view's query. */
const ordered = (rows: StatsRow[]) =>
  [...rows].sort((a, b) => b.received - a.received || String(a.key).localeCompare(String(b.key)));

let s: TestServer;
let citizen: Client;
let officer: Client;
let specialist: Client;
let leader: Client;
let proc: TestProcedure;
let other: TestProcedure;
let timed: TestProcedure;
let centre: { id: string; code: string };
let stp: string;
/** Two commune-level agencies (wards of Huế) and the units they sit in. */
let wardA: { id: string; unit: string };
let wardB: { id: string; unit: string };
let hue: string;
let timedId: string;

const { counter, online, toApproved, complete } = dossierStory(() => ({
  citizen,
  officer,
  specialist,
  leader,
  centre,
}));
const exec = (q: SQL) => s.ctx.db.execute(q);

/** The rollup as stored, and as it would be counted afresh from the dossiers. */
async function rollupVsDossiers() {
  const cols = sql`day::text AS day, agency_id, receiving_agency_id, procedure_id, channel, state, outcome, due_day::text AS due_day`;
  const stored = await queryRows(
    s.ctx.db,
    sql`SELECT ${cols}, received, ratings, rating_sum FROM dossier_stats_rollup ORDER BY 1, 2, 3, 4, 5, 6, 7, 8`,
  );
  const fresh = await queryRows(
    s.ctx.db,
    sql`SELECT ${cols}, received::int, ratings::int, rating_sum::int FROM (
          SELECT dossier_stats_local_day(received_at) AS day, agency_id, receiving_agency_id, procedure_id, channel,
                 dossier_stats_state(status) AS state, dossier_stats_outcome(status, completed_at, due_at) AS outcome,
                 dossier_stats_due_day(status, due_at, paused_since) AS due_day,
                 count(*) AS received, count(rating) AS ratings, coalesce(sum(rating), 0) AS rating_sum
          FROM dossiers WHERE received_at IS NOT NULL GROUP BY 1, 2, 3, 4, 5, 6, 7, 8) f
        ORDER BY 1, 2, 3, 4, 5, 6, 7, 8`,
  );
  return { stored, fresh };
}

/**
 * Reads in one transaction, so that both see one now(): without an instant, each side judges lateness
 * by the database's clock, and an appointment falling between two statements would tell them apart.
 */
const sameNow = <T>(read: (tx: Executor) => Promise<T>) => s.ctx.db.transaction((tx) => read(tx));

/** Every grouping × period × dimension filter × visibility: the rollup's answer equals the view's. */
async function expectSameEverywhere(instant?: Date) {
  const periods: StatsQuery[] = [
    {},
    { from: '2026-03-01', to: '2026-03-31' },
    { from: '2026-03-03' },
    { to: '2026-03-02' },
  ];
  const dims: StatsQuery[] = [
    {},
    { agencyId: stp },
    { agencyId: wardA.id },
    { procedureId: proc.id },
    { procedureId: other.id },
    { unitId: hue },
    { unitId: wardA.unit },
  ];
  const scopes: (string[] | null)[] = [null, [centre.id], [stp], [wardB.id]];
  let compared = 0;
  for (const groupBy of ['none', 'agency', 'procedure'] as const)
    for (const period of periods)
      for (const dim of dims)
        for (const scope of scopes) {
          const q = { ...period, ...dim, groupBy };
          const [want, got] = await sameNow(async (tx) => [
            ordered(await viewStats(tx, q, scope, instant)),
            await dossierStats(tx, q, scope, instant ? { at: instant } : {}),
          ]);
          expect(got, JSON.stringify({ q, scope, instant })).toEqual(want);
          compared += got.length;
        }
  return compared;
}

beforeAll(async () => {
  s = await testServer();
  citizen = await s.login('congdan');
  officer = await s.login('motcua');
  specialist = await s.login('chuyenvien');
  leader = await s.login('lanhdao');
  proc = await makeProcedure(s.ctx.db, { processingDays: 10 });
  other = await makeProcedure(s.ctx.db, { processingDays: 5, onlineLevel: 'partial' });
  timed = await makeProcedure(s.ctx.db, { processingDays: 10 });
  centre = await agencyId(s.ctx.db, 'TTHCC');
  stp = (await agencyId(s.ctx.db, 'STP')).id;
  const wards = await queryRows<{ id: string; unit_id: string }>(
    s.ctx.db,
    sql`SELECT id, unit_id FROM agencies WHERE code IN ('000.00.41.H57', '000.00.42.H57') ORDER BY code`,
  );
  wardA = { id: wards[0]!.id, unit: wards[0]!.unit_id };
  wardB = { id: wards[1]!.id, unit: wards[1]!.unit_id };
  hue = (await queryRows<{ unit_id: string }>(s.ctx.db, sql`SELECT unit_id FROM agencies WHERE id = ${stp}`))[0]!
    .unit_id;

  // Through the API (appointments: 10 working days → Monday 16/3 08:00 for a Monday 2/3 08:00 receipt).
  const first = await online(proc, '2026-03-02T07:50:00');
  at('2026-03-02T08:00:00');
  await act(officer, first, 'receive');
  await complete(first, '2026-03-10T10:00:00', 4); // early
  await complete(await counter(proc, '2026-03-02T08:00:00'), '2026-03-16T07:50:00'); // on time
  await complete(await counter(proc, '2026-03-02T08:00:00'), '2026-03-17T09:00:00'); // late
  at('2026-03-03T08:00:00');
  await act(officer, await counter(proc, '2026-03-03T08:00:00'), 'refuse', { reasons: ['Không thuộc thẩm quyền'] });
  await counter(other, '2026-03-04T08:00:00'); // pending, long past its appointment
  await online(other, '2026-03-04T09:00:00'); // submitted, never received: not counted
  const supplement = await counter(proc, '2026-03-05T08:00:00');
  at('2026-03-06T08:00:00');
  await act(officer, supplement, 'request-supplement', { reason: 'Thiếu bản sao' }); // paused before its appointment
  const suspended = await counter(other, '2026-03-05T09:00:00');
  at('2026-03-06T09:00:00');
  await act(leader, suspended, 'suspend', { reason: 'Chờ ý kiến' });
  const withdrawn = await counter(proc, '2026-03-09T08:00:00');
  await act(officer, withdrawn, 'withdraw', {});
  const resumed = await counter(other, '2026-03-09T10:00:00');
  at('2026-03-10T10:00:00');
  await act(leader, resumed, 'suspend', { reason: 'Tạm dừng' });
  at('2026-03-12T10:00:00');
  await act(leader, resumed, 'resume', {}); // the appointment moves by the time stood still
  const approved = await online(other, '2026-03-11T08:00:00');
  at('2026-03-11T08:30:00');
  await act(officer, approved, 'receive');
  await toApproved(approved);
  await counter(proc, '2030-01-02T08:00:00'); // pending, within its appointment
  timedId = await counter(timed, '2026-03-02T08:00:00'); // due Monday 16/3 08:00, for the clock test below
  restoreClock();

  // Straight into the table, as a data load or a repair would: 70 dossiers of every status, at the
  // edges of local days (received 23:59:59.999 and 00:00 Huế time), due around the database's now.
  await exec(sql`
    INSERT INTO dossiers (code, procedure_id, agency_id, receiving_agency_id, current_agency_id, applicant_name, channel, status,
                          submitted_at, received_at, due_at, completed_at, paused_since, rating)
    SELECT 'SYN-' || g, CASE WHEN g % 2 = 0 THEN ${proc.id}::uuid ELSE ${other.id}::uuid END,
           a.id, CASE WHEN g % 4 = 0 THEN a.id ELSE ${centre.id}::uuid END, a.id, 'x',
           CASE WHEN g % 3 = 0 THEN 'counter' ELSE 'online' END, st.status,
           coalesce(r.t, now()), r.t, due.t,
           CASE WHEN st.status IN ('result_ready', 'returned', 'refused') THEN due.t + ((g % 5) - 2) * interval '20 hours' END,
           CASE WHEN st.status IN ('supplement_requested', 'suspended') THEN due.t + ((g % 3) - 1) * interval '1 hour' END,
           CASE WHEN st.status IN ('returned', 'result_ready') AND g % 2 = 1 THEN 1 + g % 5 END
    FROM generate_series(1, 70) g,
         LATERAL (SELECT (ARRAY[${stp}::uuid, ${wardA.id}::uuid, ${wardB.id}::uuid])[1 + g % 3] AS id) a,
         LATERAL (SELECT (ARRAY['submitted','received','processing','supplement_requested','awaiting_approval','approved',
                                'result_ready','refused','returned','withdrawn','suspended'])[1 + g % 11] AS status) st,
         LATERAL (SELECT CASE g % 7
                    WHEN 0 THEN NULL
                    WHEN 1 THEN timestamptz '2026-03-02 16:59:59.999+00'
                    WHEN 2 THEN timestamptz '2026-03-02 17:00:00+00'
                    WHEN 3 THEN timestamptz '2026-02-27 12:00:00+00'
                    WHEN 4 THEN now() - interval '3 days'
                    ELSE timestamptz '2026-03-20 02:00:00+00' END AS t) r,
         LATERAL (SELECT CASE g % 8
                    WHEN 0 THEN NULL
                    WHEN 1 THEN now() - interval '1 day'
                    WHEN 2 THEN now() - interval '1 minute'
                    WHEN 3 THEN now() + interval '1 minute'
                    WHEN 4 THEN now() + interval '2 days'
                    WHEN 5 THEN (dossier_stats_local_day(now())::timestamp - interval '7 hours') AT TIME ZONE 'UTC'
                    WHEN 6 THEN timestamptz '2026-03-16 01:00:00+00'
                    ELSE timestamptz '2026-03-13 10:00:00+00' END AS t) due`);
  // A multi-row update moving dossiers across keys, a single one moving a dossier's agency and day.
  await exec(sql`UPDATE dossiers SET channel = CASE channel WHEN 'online' THEN 'counter' ELSE 'online' END, rating = CASE WHEN rating IS NULL THEN NULL ELSE 6 - rating END
                 WHERE code LIKE 'SYN-%' AND substring(code FROM 5)::int % 5 = 0`);
  await exec(
    sql`UPDATE dossiers SET agency_id = ${wardA.id}::uuid, received_at = received_at + interval '1 day' WHERE id = ${supplement}::uuid`,
  );
  await exec(sql`UPDATE dossiers SET paused_since = due_at + interval '1 hour' WHERE id = ${suspended}::uuid`); // paused, late
  await exec(sql`UPDATE dossiers SET status = 'withdrawn' WHERE code IN ('SYN-3', 'SYN-14')`);
  await exec(sql`UPDATE dossiers SET received_at = NULL WHERE code = 'SYN-15'`); // no longer received
  await exec(sql`UPDATE dossiers SET received_at = timestamptz '2026-03-02 17:00:00+00' WHERE code = 'SYN-7'`); // received now
  await exec(sql`UPDATE dossiers SET updated_at = updated_at`); // touches every row, changes no key
  await exec(sql`DELETE FROM dossiers WHERE code LIKE 'SYN-%' AND substring(code FROM 5)::int % 9 = 0`);
  // An upsert: one new dossier, one existing moved to refused.
  await exec(sql`
    INSERT INTO dossiers (code, procedure_id, agency_id, receiving_agency_id, current_agency_id, applicant_name, channel, status, submitted_at, received_at, due_at)
    VALUES ('SYN-1', ${proc.id}::uuid, ${stp}::uuid, ${centre.id}::uuid, ${stp}::uuid, 'x', 'online', 'received', now(), now(), now() + interval '3 days'),
           ('SYN-NEW', ${other.id}::uuid, ${wardB.id}::uuid, ${centre.id}::uuid, ${wardB.id}::uuid, 'x', 'online', 'received', now(), now(), now() + interval '3 days')
    ON CONFLICT (code) DO UPDATE SET status = 'refused', completed_at = now()`);
  // Undone work leaves no trace.
  await expect(
    s.ctx.db.transaction(async (tx) => {
      await tx.execute(sql`UPDATE dossiers SET status = 'returned', completed_at = now() WHERE code LIKE 'SYN-%'`);
      throw new Error('rolled back');
    }),
  ).rejects.toThrow(/rolled back/);
  // An administrator makes the other procedure fully online: its past online dossiers count as such, as in the view.
  await exec(sql`UPDATE procedures SET online_level = 'full' WHERE id = ${other.id}::uuid`);
}, 180_000);
afterEach(() => {
  restoreClock();
});
afterAll(async () => s?.close());

describe('dossier_stats_rollup', () => {
  it('holds exactly what counting the dossiers afresh gives', async () => {
    const { stored, fresh } = await rollupVsDossiers();
    expect(stored.length).toBeGreaterThan(20);
    expect(stored).toEqual(fresh);
  });

  it('answers as the view does for every grouping, period, agency, procedure, unit and scope', async () => {
    expect(await expectSameEverywhere()).toBeGreaterThan(100);
  }, 120_000);

  it('answers as the view does at any instant, across the day of an appointment', async () => {
    for (const t of [
      '2026-03-01T12:00:00',
      '2026-03-16T07:59:59',
      '2026-03-16T08:00:01',
      '2026-03-17T00:00:00',
      '2031-01-01T00:00:00',
    ])
      expect(await expectSameEverywhere(vn(t))).toBeGreaterThan(100);
  }, 300_000);

  it('moves a pending dossier from within to late as its appointment passes, and freezes it while paused', async () => {
    const only = { procedureId: timed.id };
    const count = async (t: string | Date) => {
      const instant = typeof t === 'string' ? vn(t) : t;
      const rows = await dossierStats(s.ctx.db, only, null, { at: instant });
      expect(rows, String(t)).toEqual(ordered(await viewStats(s.ctx.db, only, null, instant)));
      return [rows[0]!.pendingWithin, rows[0]!.pendingLate];
    };
    // Appointment Monday 16/3 08:00 (Huế time).
    expect(await count('2026-03-15T23:59:59')).toEqual([1, 0]); // the day before: from the rollup
    expect(await count('2026-03-16T00:00:00')).toEqual([1, 0]); // the day itself: read live
    expect(await count('2026-03-16T08:00:00')).toEqual([1, 0]); // at the appointment, not yet past it
    expect(await count('2026-03-16T08:00:01')).toEqual([0, 1]);
    expect(await count('2026-03-16T23:59:59')).toEqual([0, 1]);
    expect(await count('2026-03-17T00:00:00')).toEqual([0, 1]); // the day after: from the rollup

    // Paused after the appointment had passed: late, whatever the instant, until the clock restarts.
    at('2026-03-16T09:00:00');
    await act(officer, timedId, 'request-supplement', { reason: 'Thiếu tờ khai' });
    expect(await count('2026-03-10T00:00:00')).toEqual([0, 1]);
    expect(await count('2026-04-10T00:00:00')).toEqual([0, 1]);
    at('2026-03-18T09:00:00');
    await act(officer, timedId, 'supplement', { note: 'Đã bổ sung' });
    const [row] = await queryRows<{ due_at: Date | string }>(
      s.ctx.db,
      sql`SELECT due_at FROM dossiers WHERE id = ${timedId}::uuid`,
    );
    const due = new Date(row!.due_at);
    expect(due.getTime()).toBeGreaterThan(vn('2026-03-16T08:00:00').getTime()); // moved by the time stood still
    expect(await count('2026-03-16T08:00:01')).toEqual([1, 0]);
    expect(await count(due)).toEqual([1, 0]);
    expect(await count(new Date(due.getTime() + 1000))).toEqual([0, 1]);
    const { stored, fresh } = await rollupVsDossiers();
    expect(stored).toEqual(fresh);
  });

  it('counts a pending dossier late once the database clock passes its appointment, as the view does', async () => {
    const p = await makeProcedure(s.ctx.db, { processingDays: 1 });
    const q = { procedureId: p.id };
    const stats = () => sameNow(async (tx) => [await dossierStats(tx, q, null), await viewStats(tx, q, null)] as const);
    // Without an instant the statistics judge lateness by the database's now(), as the view does.
    await exec(sql`
      INSERT INTO dossiers (code, procedure_id, agency_id, receiving_agency_id, current_agency_id, applicant_name, channel, status, submitted_at, received_at, due_at)
      VALUES ('SYN-SOON', ${p.id}::uuid, ${stp}::uuid, ${centre.id}::uuid, ${stp}::uuid, 'x', 'counter', 'processing', now(), now(), now() + interval '1 hour')`);
    const [before, beforeView] = await stats();
    expect(before).toEqual(beforeView);
    expect(before[0]).toMatchObject({ received: 1, pendingWithin: 1, pendingLate: 0 });
    // Rather than wait for the clock to pass the appointment, the appointment moves just behind the clock, on the
    // same local day (or at its very start), where the live part of the figures finds it.
    await exec(sql`
      UPDATE dossiers SET due_at = greatest(now() - interval '1 millisecond', (dossier_stats_local_day(now())::timestamp - interval '7 hours') AT TIME ZONE 'UTC')
      WHERE code = 'SYN-SOON'`);
    const [later, laterView] = await stats();
    expect(later).toEqual(laterView);
    expect(later[0]).toMatchObject({ received: 1, pendingWithin: 0, pendingLate: 1 });
  });
});
