/**
 * The operations centre behind a load balancer: an alert raised on one instance (its figures
 * recomputed after a dossier went past its due date) reaches a browser connected to the other
 * instance's server-sent event stream, through PostgreSQL LISTEN/NOTIFY.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { counterIntake, login, send, startCluster, type Cluster, type Headers } from './cluster.js';

let c: Cluster;
let officerA: Headers;
let adminA: Headers;
let leaderB: Headers;

beforeAll(async () => {
  c = await startCluster('reporting');
  officerA = await login(c.a, 'motcua');
  adminA = await login(c.a, 'admin');
  leaderB = await login(c.b, 'admin');
}, 600_000);
afterAll(() => c?.close());

describe('live alerts across instances', () => {
  it('an alert raised on A is pushed to an SSE client of B', { timeout: 180_000 }, async () => {
    // Figures as they stand, so that only the change below raises an alert.
    expect((await send(c.a, 'POST', '/api/reporting/refresh', adminA)).status).toBe(200);
    const startedAt = (await c.pool.query('SELECT now() AS t')).rows[0].t as Date;

    const abort = new AbortController();
    const res = await fetch(`${c.b.url}/api/reporting/alerts/stream`, {
      headers: { cookie: leaderB.cookie!, accept: 'text/event-stream' },
      signal: abort.signal,
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/event-stream/);
    const reader = res.body!.getReader();
    let seen = '';
    const read = (async () => {
      const dec = new TextDecoder();
      while (!seen.includes('"kind":"dossiers_late"')) {
        const { value, done } = await reader.read();
        if (done) break;
        seen += dec.decode(value);
      }
    })();

    // A dossier received on A whose appointment has just passed (the clock of a test cannot move the instances').
    const intake = await counterIntake(c.a, officerA, c.pool);
    const r = await send(
      c.a,
      'POST',
      '/api/dossiers/counter',
      officerA,
      intake.body({ name: 'Người nộp trễ hạn', phone: '0912345678' }),
    );
    expect(r.status, r.text).toBe(201);
    await c.pool.query(`UPDATE dossiers SET due_at = now() - interval '1 minute' WHERE id = $1`, [r.json.id]);
    const refreshed = await send(c.a, 'POST', '/api/reporting/refresh', adminA);
    expect(refreshed.status, refreshed.text).toBe(200);
    // The alert is raised once, by whichever refresh counts the change first: this one, or an instance's periodic
    // refresh that ran in between (under load it did, and this refresh then found nothing new to raise).
    const raised = await c.pool.query(
      `SELECT count(*)::int AS n FROM reporting_alerts WHERE kind = 'dossiers_late' AND created_at >= $1`,
      [startedAt],
    );
    expect(raised.rows[0].n).toBeGreaterThanOrEqual(1);

    await Promise.race([
      read,
      new Promise((_, reject) => setTimeout(() => reject(new Error(`no alert on B; got: ${seen}`)), 20_000)),
    ]);
    abort.abort();
    expect(seen).toMatch(/event: alert/);
    const alert = JSON.parse(
      seen
        .split('\n')
        .find((l) => l.startsWith('data: ') && l.includes('dossiers_late'))!
        .slice(6),
    );
    expect(alert).toMatchObject({ kind: 'dossiers_late', titleVi: expect.stringContaining('quá hạn') });
    const stored = await c.pool.query('SELECT count(*)::int AS n FROM reporting_alerts WHERE id = $1', [alert.id]);
    expect(stored.rows[0].n).toBe(1);
  });
});
