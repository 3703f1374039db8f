import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testServer, type TestServer } from '../testing/index.js';
import { selectKept } from './retention.js';
import type { Sidecar } from './manifest.js';
import { tmpDir } from './test-fixtures.js';
import { BACKUP_CHECK_JOB } from './schedule.js';
import { enqueue } from '../jobs/enqueue.js';

const archive = (name: string, createdAt: string, base?: string, files: string[] = []): Sidecar =>
  ({
    archive: name,
    createdAt,
    base: base ? { archive: base, manifestSha256: 'x' } : null,
    files: files.map((a, i) => ({ sha256: String(i), size: 1, archive: a })),
  }) as unknown as Sidecar;

describe('retention (grandfather-father-son)', () => {
  it('keeps the newest of each of the last 7 days, 4 weeks and 12 months, and the bases they need', () => {
    const all: Sidecar[] = [];
    // One full backup a week (Sundays), incrementals on the other days, for 120 days up to 6 December 2026.
    let full = '';
    for (let d = 119; d >= 0; d--) {
      const at = new Date(Date.UTC(2026, 11, 6, 18, 30) - d * 86_400_000).toISOString();
      const name = `a-${at.slice(0, 10)}`;
      const isFull = new Date(at).getUTCDay() === 6 || !full;
      all.push(archive(name, at, isFull ? undefined : full, isFull ? [name] : [full, name]));
      if (isFull) full = name;
    }
    const kept = selectKept(all, { daily: 7, weekly: 4, monthly: 12 });
    const days = [...kept].map((n) => n.slice(2)).sort();
    // The last 7 days…
    for (let d = 0; d < 7; d++)
      expect(kept.has(`a-${new Date(Date.UTC(2026, 11, 6, 18, 30) - d * 86_400_000).toISOString().slice(0, 10)}`)).toBe(
        true,
      );
    // …and every kept incremental's full backup.
    for (const n of kept) {
      const a = all.find((x) => x.archive === n)!;
      if (a.base) expect(kept.has(a.base.archive), `${n} needs ${a.base.archive}`).toBe(true);
    }
    // The months: August (the oldest here) to December.
    expect(new Set(days.map((d) => d.slice(0, 7)))).toEqual(
      new Set(['2026-08', '2026-09', '2026-10', '2026-11', '2026-12']),
    );
    expect(kept.size).toBeLessThan(30);
  });
});

describe('backups through the API and the job runner', () => {
  let s: TestServer;
  let dir: string;
  beforeAll(async () => {
    dir = tmpDir('scheduled');
    s = await testServer({
      config: {
        backup: { dir, key: undefined, at: '00:00', fullEveryDays: 7, keep: { daily: 7, weekly: 4, monthly: 12 } },
      },
    });
  }, 120_000);
  afterAll(async () => {
    await s?.close();
  });

  it('an administrator backs up now; the run, its archive and size are shown, and the status is ok', async () => {
    const admin = await s.login('admin');
    expect((await admin.get('/api/backups/status')).json()).toMatchObject({ state: 'never', configured: true });
    const r = await admin.post('/api/backups', {});
    expect(r.statusCode, r.body).toBe(202);
    await s.ctx.jobs.drain();
    const list = (await admin.get('/api/backups')).json() as {
      status: { state: string; lastSuccess: { archive: string; sizeBytes: number } };
      runs: { status: string; kind: string; archive: string }[];
    };
    // The day's scheduled backup (after 00:00 here) ran in the same drain, one after the other: both succeed.
    expect(
      list.runs.find((r) => (r as { trigger?: string }).trigger === 'manual'),
      JSON.stringify(list.runs),
    ).toMatchObject({ status: 'succeeded' });
    expect(list.runs.every((r) => r.status === 'succeeded')).toBe(true);
    expect(list.runs.filter((r) => r.kind === 'full').length).toBe(1);
    expect(list.status.state).toBe('ok');
    expect(list.status.lastSuccess.sizeBytes).toBeGreaterThan(0);
    const audit = (await admin.get('/api/audit?targetType=backup-run')).json() as { items: { action: string }[] };
    expect(audit.items.map((a) => a.action)).toContain('backup.request');
  }, 120_000);

  it('the daily check takes its day once: a second check the same day runs nothing, and the next backup is incremental', async () => {
    await enqueue(s.ctx.db, BACKUP_CHECK_JOB, {});
    await s.ctx.jobs.drain();
    await enqueue(s.ctx.db, BACKUP_CHECK_JOB, {});
    await s.ctx.jobs.drain();
    const admin = await s.login('admin');
    type Runs = { runs: { trigger: string; kind: string; status: string }[] };
    const runs = ((await admin.get('/api/backups')).json() as Runs).runs;
    expect(runs.filter((r) => r.trigger === 'scheduled')).toEqual([expect.objectContaining({ status: 'succeeded' })]);
    // A full backup exists from today: the next one copies only what is new.
    expect((await admin.post('/api/backups', {})).statusCode).toBe(202);
    await s.ctx.jobs.drain();
    expect(((await admin.get('/api/backups')).json() as Runs).runs[0]).toMatchObject({
      trigger: 'manual',
      status: 'succeeded',
      kind: 'incremental',
    });
  }, 120_000);

  it('without BACKUP_DIR the state is not-configured; a ward administrator and a citizen may not read or start backups', async () => {
    const other = await testServer();
    try {
      expect((await (await other.login('admin')).get('/api/backups/status')).json()).toMatchObject({
        state: 'not-configured',
        configured: false,
      });
      const citizen = await other.login('congdan');
      expect((await citizen.get('/api/backups')).statusCode).toBe(403);
      expect((await citizen.post('/api/backups', {})).statusCode).toBe(403);
    } finally {
      await other.close();
    }
  }, 120_000);
});
