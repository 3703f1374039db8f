import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { queryRows } from '../platform/index.js';
import { testServer, type TestServer } from '../platform/testing/index.js';
import { seedDemoDossiers, type DemoDossiersResult } from './dossiers.js';

let s: TestServer;
let loaded: DemoDossiersResult;
const NOW = new Date();
beforeAll(async () => {
  s = await testServer();
  // Fewer than `npm start` loads (400): the same code, and the test stays lean.
  loaded = await seedDemoDossiers(s.database, s.ctx.files, { now: NOW, dossiers: 200 });
}, 300_000);
afterAll(async () => {
  await s?.close();
});

describe('the living demo’s dossiers', () => {
  it('files a year of dossiers online and at the desk, in every state, each action with its audit row', async () => {
    expect(loaded.loaded).toBe(true);
    expect(loaded.dossiers).toBeGreaterThan(190);
    const [r] = await queryRows<{
      n: number;
      channels: string[];
      statuses: string[];
      oldest: Date;
      rated: number;
      apologies: number;
      actions: number;
      audits: number;
      late: number;
    }>(
      s.database.db,
      sql`SELECT count(*)::int AS n, array_agg(DISTINCT channel) AS channels, array_agg(DISTINCT status) AS statuses, min(submitted_at) AS oldest,
            count(*) FILTER (WHERE rating IS NOT NULL)::int AS rated,
            count(*) FILTER (WHERE new_due_at IS NOT NULL)::int AS apologies,
            (SELECT count(*)::int FROM dossier_actions) AS actions,
            (SELECT count(*)::int FROM audit_log WHERE action LIKE 'dossier.%') AS audits,
            count(*) FILTER (WHERE status IN ('returned', 'result_ready') AND completed_at > due_at)::int AS late
          FROM dossiers WHERE create_transaction_id LIKE 'living-demo-%'`,
    );
    expect(r!.n).toBe(loaded.dossiers);
    expect(r!.channels.sort()).toEqual(['counter', 'online']);
    expect(r!.statuses).toEqual(
      expect.arrayContaining([
        'submitted',
        'processing',
        'supplement_requested',
        'awaiting_approval',
        'result_ready',
        'returned',
        'refused',
      ]),
    );
    expect(NOW.getTime() - new Date(r!.oldest).getTime()).toBeGreaterThan(200 * 86_400_000);
    expect(r!.rated).toBeGreaterThan(0);
    expect(r!.apologies).toBeGreaterThan(0);
    expect(r!.late).toBeGreaterThan(0);
    // One audit row for every action: the first (submit or receive) and each later one.
    expect(r!.actions).toBe(loaded.dossiers + loaded.actions);
    expect(r!.audits).toBe(r!.actions);
  });

  it('fills the officers’ queues, with dossiers overdue', async () => {
    const officer = await s.login('motcua');
    const toProcess = await officer.get('/api/dossiers?queue=to-process');
    expect(toProcess.statusCode, toProcess.body).toBe(200);
    expect(toProcess.json().total).toBeGreaterThan(0);
    const overdue = await officer.get('/api/dossiers?queue=overdue');
    expect(overdue.statusCode, overdue.body).toBe(200);
    expect(overdue.json().total).toBeGreaterThan(0);
    const ward = await s.login('phuxuan');
    expect((await ward.get('/api/dossiers?queue=to-process')).json().total).toBeGreaterThan(0);
    // The last days' online submissions wait at one desk or the other.
    const waiting = [
      (await officer.get('/api/dossiers?queue=to-receive')).json().total,
      (await ward.get('/api/dossiers?queue=to-receive')).json().total,
    ];
    expect(waiting[0] + waiting[1]).toBeGreaterThan(0);
  });

  it('queues no notification for actions recorded after the fact', async () => {
    const [jobs] = await queryRows<{ n: number }>(
      s.database.db,
      sql`SELECT count(*)::int AS n FROM jobs WHERE kind = 'notify.dossier'`,
    );
    expect(jobs!.n).toBe(0);
  });

  it('makes the statistics non-empty, the rollup agreeing with the view', async () => {
    const [view] = await queryRows<{ received: number; returned: number }>(
      s.database.db,
      sql`SELECT count(*)::int AS received, count(*) FILTER (WHERE status = 'returned')::int AS returned FROM procedures_dossier_stats`,
    );
    const [rollup] = await queryRows<{ received: number; ratings: number }>(
      s.database.db,
      sql`SELECT coalesce(sum(received), 0)::int AS received, coalesce(sum(ratings), 0)::int AS ratings FROM dossier_stats_rollup`,
    );
    expect(view!.received).toBeGreaterThan(0);
    expect(rollup!.received).toBe(view!.received);
    const admin = await s.login('admin');
    const stats = await admin.get('/api/dossiers/stats');
    expect(stats.statusCode, stats.body).toBe(200);
    const row = stats.json().rows[0];
    expect(row.received).toBe(view!.received);
    expect(row.early + row.onTime + row.late).toBe(row.finished);
    expect(row.late).toBeGreaterThan(0);
    expect(row.pendingLate).toBeGreaterThan(0);
    expect(row.ratings).toBe(rollup!.ratings);
  });

  it('loads once: a second run finds its dossiers and writes nothing', async () => {
    const again = await seedDemoDossiers(s.database, s.ctx.files, { now: NOW, dossiers: 200 });
    expect(again.loaded).toBe(false);
    const [r] = await queryRows<{ n: number }>(s.database.db, sql`SELECT count(*)::int AS n FROM dossiers`);
    expect(r!.n).toBe(loaded.dossiers);
  });
});
