/**
 * Two app processes on one PostgreSQL database (DESIGN §4, several instances): what one does, the other
 * sees and respects at once. Every request names the instance it goes to, as a load balancer would pick.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  counterIntake,
  login,
  send,
  sequences,
  startCluster,
  type Cluster,
  type Headers,
  type Instance,
  type Intake,
} from './cluster.js';

let c: Cluster;
let officerA: Headers;
let officerB: Headers;
let adminA: Headers;
let intake: Intake;

beforeAll(async () => {
  c = await startCluster('two');
  officerA = await login(c.a, 'motcua');
  officerB = await login(c.b, 'motcua');
  adminA = await login(c.a, 'admin');
  intake = await counterIntake(c.a, officerA, c.pool);
});
afterAll(() => c?.close());

const both = (i: number): [Instance, Headers] => (i % 2 ? [c.b, officerB] : [c.a, officerA]);
const q = async <T = Record<string, unknown>>(text: string, values: unknown[] = []) =>
  (await c.pool.query(text, values)).rows as T[];
/** A client address of its own for each request, as the load balancer reports it. */
let client = 0;
const from = () => ({ 'x-forwarded-for': `198.18.${Math.floor(++client / 250)}.${client % 250}` });

describe('dossier intake on both instances', () => {
  it('codes stay gapless and unique under concurrent counter receipts on both', async () => {
    const n = 60;
    const answers = await Promise.all(
      Array.from({ length: n }, (_, i) => {
        const [inst, officer] = both(i);
        return send(
          inst,
          'POST',
          '/api/dossiers/counter',
          officer,
          intake.body({ name: `Người nộp ${i}`, phone: `09${String(10_000_000 + i)}` }),
        );
      }),
    );
    expect(answers.map((a) => a.status)).toEqual(Array(n).fill(201));
    const codes = answers.map((a) => a.json.code as string);
    expect(new Set(codes).size).toBe(n);
    expect(sequences(codes)).toEqual(Array.from({ length: n }, (_, i) => i + 1));
    const stored = await q<{ n: number }>('SELECT count(*)::int AS n FROM dossiers WHERE id = ANY($1::uuid[])', [
      answers.map((a) => a.json.id),
    ]);
    expect(stored[0]!.n).toBe(n);
  });

  it('each job runs once: both runners take jobs under leases, none twice', async () => {
    // The receipts above queued their notifications; both instances' runners work the queue.
    await expect
      .poll(
        async () =>
          (
            await q<{ n: number }>(
              `SELECT count(*)::int AS n FROM jobs WHERE status IN ('pending', 'running') AND run_at <= now()`,
            )
          )[0]!.n,
        {
          timeout: 30_000,
          interval: 100,
        },
      )
      .toBe(0);
    const jobs = await q<{ kind: string; attempts: number; status: string; locked_by: string }>(
      `SELECT kind, attempts, status, locked_by FROM jobs WHERE kind = 'notify.dossier'`,
    );
    expect(jobs.length).toBeGreaterThanOrEqual(60);
    expect(jobs.filter((j) => j.status !== 'done' || j.attempts !== 1)).toEqual([]);
    expect(new Set(jobs.map((j) => j.locked_by.split(':').slice(0, 2).join(':'))).size).toBe(2);
    // A job run twice would have sent its text message twice.
    const twice = await q(
      `SELECT "to", purpose, body, count(*)::int AS n FROM sms_outbox GROUP BY 1, 2, 3 HAVING count(*) > 1`,
    );
    expect(twice).toEqual([]);
    const sent = await q<{ n: number }>(`SELECT count(*)::int AS n FROM sms_outbox WHERE purpose LIKE 'dossier.%'`);
    expect(sent[0]!.n).toBeGreaterThanOrEqual(60);
  });
});

describe('caches: an edit on one instance is seen by the other at once', () => {
  /** Within two seconds: far under the caches' 30–60 s time-to-live, which is all there was before. */
  const soon = { timeout: 2000, interval: 20 };

  it('the working calendar: a day off added on A moves an appointment computed on B', async () => {
    const from = encodeURIComponent('2031-03-03T08:00:00+07:00'); // a Monday
    const ask = async () =>
      (await send(c.b, 'GET', `/api/calendar/add?from=${from}&workingDays=1`)).json as { result?: string; at?: string };
    const before = JSON.stringify(await ask());
    const r = await send(c.a, 'POST', '/api/calendar/overrides', adminA, {
      date: '2031-03-03',
      kind: 'day_off',
      name: { vi: 'Nghỉ thử', en: 'Test day off' },
    });
    expect(r.status, r.text).toBe(201);
    await expect.poll(async () => JSON.stringify(await ask()), soon).not.toBe(before);
    const removed = await send(c.a, 'DELETE', `/api/calendar/overrides/${r.json.id}`, adminA);
    expect(removed.status, removed.text).toBeLessThan(300);
    await expect.poll(async () => JSON.stringify(await ask()), soon).toBe(before);
  });

  it('a procedure: withdrawn on A, B refuses its receipts at once; restored, B takes them again', async () => {
    const receipt = () =>
      send(c.b, 'POST', '/api/dossiers/counter', officerB, intake.body({ name: 'Người nộp thử thủ tục' }));
    expect((await receipt()).status).toBe(201); // B has the procedure in its cache now
    const off = await send(c.a, 'PATCH', `/api/procedures/${intake.procedureId}`, adminA, { active: false });
    expect(off.status, off.text).toBe(200);
    await expect.poll(async () => (await receipt()).status, soon).toBe(400);
    expect((await send(c.a, 'PATCH', `/api/procedures/${intake.procedureId}`, adminA, { active: true })).status).toBe(
      200,
    );
    await expect.poll(async () => (await receipt()).status, soon).toBe(201);
  });

  it('the directory: a desk closed on A is refused by B at once; reopened, B takes receipts again', async () => {
    const receipt = () =>
      send(c.b, 'POST', '/api/dossiers/counter', officerB, intake.body({ name: 'Người nộp thử cơ quan' }));
    expect((await receipt()).status).toBe(201);
    const off = await send(c.a, 'PATCH', `/api/directory/agencies/${intake.receivingAgencyId}`, adminA, {
      active: false,
    });
    expect(off.status, off.text).toBe(200);
    await expect.poll(async () => (await receipt()).json?.errors?.[0]?.code, soon).toBe('unknown-agency');
    expect(
      (await send(c.a, 'PATCH', `/api/directory/agencies/${intake.receivingAgencyId}`, adminA, { active: true }))
        .status,
    ).toBe(200);
    await expect.poll(async () => (await receipt()).status, soon).toBe(201);
  });
});

describe('limits hold across both instances', () => {
  it('login: wrong passwords for one account on both, from rotating addresses, lock it on both', async () => {
    const codes: number[] = [];
    for (let i = 0; i < 14; i++) {
      const r = await send(i % 2 ? c.b : c.a, 'POST', '/api/auth/login', from(), {
        username: 'vanthu',
        password: `guess-${i}`,
      });
      codes.push(r.status);
    }
    expect(codes.slice(0, 10)).toEqual(Array(10).fill(401));
    expect(codes.slice(10)).toEqual([429, 429, 429, 429]);
    for (const inst of [c.a, c.b]) {
      const r = await send(inst, 'POST', '/api/auth/login', from(), { username: 'vanthu', password: 'TinhSo@2026' });
      expect(r.status).toBe(429);
      expect(Number(r.headers.get('retry-after'))).toBeGreaterThan(0);
    }
  });

  it('SMS: 30 code requests for one phone split over both send five messages', async () => {
    const phone = '0905111222';
    const answers = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        send(i % 2 ? c.b : c.a, 'POST', '/api/feedback/phone/code', from(), { phone }),
      ),
    );
    expect(answers.filter((a) => a.status === 200)).toHaveLength(5);
    expect(answers.filter((a) => a.status === 429)).toHaveLength(25);
    expect(
      (await q<{ n: number }>(`SELECT count(*)::int AS n FROM sms_outbox WHERE "to" = '+84905111222'`))[0]!.n,
    ).toBe(5);
  });

  it('SMS: 40 wrong codes split over both use up the five tries; the right code is refused on both', async () => {
    const phone = '0905333444';
    expect((await send(c.a, 'POST', '/api/feedback/phone/code', from(), { phone })).status).toBe(200);
    const [sms] = await q<{ body: string }>(
      `SELECT body FROM sms_outbox WHERE "to" = '+84905333444' ORDER BY id DESC LIMIT 1`,
    );
    const code = /(\d{6})/.exec(sms!.body)![1]!;
    const wrong = code === '000000' ? '000001' : '000000';
    const answers = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        send(i % 2 ? c.b : c.a, 'POST', '/api/feedback/phone/verify', from(), { phone, code: wrong }),
      ),
    );
    expect(answers.every((a) => a.status === 400)).toBe(true);
    expect(
      (await q<{ attempts: number }>(`SELECT attempts FROM feedback_phone_codes WHERE phone = '+84905333444'`))[0]!
        .attempts,
    ).toBe(5);
    for (const inst of [c.a, c.b])
      expect((await send(inst, 'POST', '/api/feedback/phone/verify', from(), { phone, code })).status).toBe(400);
  });

  it('an Idempotency-Key sent to both at once makes one dossier; a resend to either gets the first answer', async () => {
    const key = `inst-${Date.now()}`;
    const body = intake.body({ name: 'Người nộp gửi lại' });
    const [ra, rb] = await Promise.all([
      send(c.a, 'POST', '/api/dossiers/counter', { ...officerA, 'idempotency-key': key }, body),
      send(c.b, 'POST', '/api/dossiers/counter', { ...officerB, 'idempotency-key': key }, body),
    ]);
    const statuses = [ra.status, rb.status].sort();
    // The twin is either told the first is still running (409) or, if it came after, given its answer.
    expect([
      [201, 201],
      [201, 409],
    ]).toContainEqual(statuses);
    const first = [ra, rb].find((r) => r.status === 201 && r.headers.get('idempotent-replayed') !== 'true')!;
    expect(first).toBeTruthy();
    expect(
      (await q<{ n: number }>(`SELECT count(*)::int AS n FROM dossiers WHERE applicant_name = 'Người nộp gửi lại'`))[0]!
        .n,
    ).toBe(1);
    for (const [inst, officer] of [both(0), both(1)]) {
      const again = await send(inst, 'POST', '/api/dossiers/counter', { ...officer, 'idempotency-key': key }, body);
      expect(again.status).toBe(201);
      expect(again.headers.get('idempotent-replayed')).toBe('true');
      expect(again.json.id).toBe(first.json.id);
    }
  });
});
