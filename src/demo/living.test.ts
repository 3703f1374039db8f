import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { queryRows } from '../platform/index.js';
import { testServer, type TestServer } from '../platform/testing/index.js';
import { seeded, seedLivingDemo, type LivingResult } from './living.js';

let s: TestServer;
let loaded: LivingResult;
const NOW = new Date();
beforeAll(async () => {
  s = await testServer();
  // Fewer than `npm start` loads (300): the same code, and the test stays lean.
  loaded = await seedLivingDemo(s.database, { now: NOW, reports: 120 });
}, 300_000);
afterAll(async () => {
  await s?.close();
});

describe('the living demo', () => {
  it('files reports over the last 90 days in every state, through the feedback actions, each with its audit rows', async () => {
    expect(loaded.reports).toBe(120);
    for (const n of Object.values(loaded.byTarget)) expect(n).toBeGreaterThan(0);
    const [span] = await queryRows<{ oldest: Date; newest: Date; n: number; statuses: string[] }>(
      s.database.db,
      sql`SELECT min(created_at) AS oldest, max(created_at) AS newest, count(*)::int AS n, array_agg(DISTINCT status ORDER BY status) AS statuses FROM feedback_reports WHERE description LIKE '(Minh hoạ)%'`,
    );
    expect(span!.n).toBe(120);
    expect(NOW.getTime() - new Date(span!.oldest).getTime()).toBeGreaterThan(60 * 86_400_000);
    expect(NOW.getTime() - new Date(span!.oldest).getTime()).toBeLessThanOrEqual(90 * 86_400_000);
    expect(span!.statuses).toEqual(expect.arrayContaining(['new', 'in_progress', 'resolved', 'rejected']));
    const [rows] = await queryRows<{
      rated: number;
      reopened: number;
      overdue: number;
      actions: number;
      audits: number;
    }>(
      s.database.db,
      sql`SELECT
        (SELECT count(*)::int FROM feedback_reports WHERE rating IS NOT NULL) AS rated,
        (SELECT count(*)::int FROM feedback_actions WHERE action = 'reopen') AS reopened,
        (SELECT count(*)::int FROM feedback_reports WHERE status IN ('new', 'in_progress') AND due_at < now()) AS overdue,
        (SELECT count(*)::int FROM feedback_actions a JOIN feedback_reports r ON r.id = a.report_id WHERE r.description LIKE '(Minh hoạ)%') AS actions,
        (SELECT count(*)::int FROM audit_log WHERE action LIKE 'feedback.%' AND details->>'demo' = 'true') AS audits`,
    );
    expect(rows!.rated).toBeGreaterThan(0);
    expect(rows!.reopened).toBeGreaterThan(0);
    expect(rows!.overdue).toBeGreaterThan(0);
    // Each report's submission and each later action wrote one audit row.
    expect(rows!.audits).toBe(120 + loaded.actions);
    expect(rows!.actions).toBeGreaterThanOrEqual(120 + loaded.actions);
  });

  it('makes the public map, Open311 and the handlers’ queues non-empty', async () => {
    const map = await s.anonymous.get('/api/feedback/reports?limit=500');
    expect(map.statusCode, map.body).toBe(200);
    expect(map.json().items.length).toBeGreaterThan(0);
    const open311 = await s.anonymous.get('/open311/v2/requests.json');
    expect(open311.statusCode, open311.body).toBe(200);
    expect(open311.json().length).toBeGreaterThan(0);
    const officer = await s.login('phuxuan');
    const queue = await officer.get('/api/feedback/queue?view=open');
    expect(queue.statusCode, queue.body).toBe(200);
    expect(queue.json().total).toBeGreaterThan(0);
  });

  it('is deterministic: the same seed draws the same numbers', () => {
    const a = seeded(7);
    const b = seeded(7);
    expect(Array.from({ length: 5 }, a)).toEqual(Array.from({ length: 5 }, b));
  });
});
