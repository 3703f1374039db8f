import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { testServer, type Client, type TestServer } from '../testing/index.js';
import { queryRows } from '../db/client.js';
import { enqueue } from '../jobs/enqueue.js';
import { idempotencyClock } from './idempotency.js';

const H = 3_600_000;
const wallClock = idempotencyClock.now;

let s: TestServer;
let admin: Client;
beforeAll(async () => {
  s = await testServer();
  admin = await s.login('admin');
});
afterEach(() => {
  idempotencyClock.now = wallClock;
});
afterAll(() => s?.close());

const count = async (table: 'api_tokens' | 'audit_log' | 'calendar_overrides') =>
  Number(
    (await queryRows<{ n: number }>(s.database.db, sql`SELECT count(*)::int AS n FROM ${sql.identifier(table)}`))[0]!.n,
  );

describe('Idempotency-Key on state-changing requests', () => {
  it('a resent request with the same key gets the first answer and changes nothing more', async () => {
    const headers = { 'idempotency-key': 'e4b3c2a1-0000-4000-8000-000000000001' };
    const tokens = await count('api_tokens');
    const audits = await count('audit_log');
    const first = await admin.request({
      method: 'POST',
      url: '/api/auth/tokens',
      payload: { name: 'cổng quốc gia' },
      headers,
    });
    expect(first.statusCode).toBe(201);
    const again = await admin.request({
      method: 'POST',
      url: '/api/auth/tokens',
      payload: { name: 'cổng quốc gia' },
      headers,
    });
    expect(again.statusCode).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.json()).toEqual(first.json());
    expect(await count('api_tokens')).toBe(tokens + 1);
    expect(await count('audit_log')).toBe(audits + 1);
  });

  it('the same key with a different body is refused with 422 and changes nothing', async () => {
    const headers = { 'idempotency-key': 'e4b3c2a1-0000-4000-8000-000000000002' };
    expect(
      (await admin.request({ method: 'POST', url: '/api/auth/tokens', payload: { name: 'a' }, headers })).statusCode,
    ).toBe(201);
    const tokens = await count('api_tokens');
    const r = await admin.request({ method: 'POST', url: '/api/auth/tokens', payload: { name: 'b' }, headers });
    expect(r.statusCode).toBe(422);
    expect(r.json()).toMatchObject({
      code: 'idempotency-key-reused',
      messages: { vi: { detail: expect.any(String) }, en: { detail: expect.any(String) } },
    });
    expect(await count('api_tokens')).toBe(tokens);
  });

  it('keys belong to one account: another account’s request with the same key is a new request', async () => {
    const headers = { 'idempotency-key': 'e4b3c2a1-0000-4000-8000-000000000003' };
    const other = await s.login('lanhdao');
    const a = await admin.request({ method: 'POST', url: '/api/auth/tokens', payload: { name: 'x' }, headers });
    const b = await other.request({ method: 'POST', url: '/api/auth/tokens', payload: { name: 'x' }, headers });
    expect(a.statusCode).toBe(201);
    expect(b.statusCode).toBe(201);
    expect(b.headers['idempotent-replayed']).toBeUndefined();
    expect(b.json().id).not.toBe(a.json().id);
  });

  it('a failed request keeps no key: fixing the body and resending with the same key applies it', async () => {
    const headers = { 'idempotency-key': 'e4b3c2a1-0000-4000-8000-000000000004' };
    const body = { date: '2027-03-01', kind: 'day_off', name: { vi: 'Nghỉ', en: 'Off' } };
    const before = await count('calendar_overrides');
    const bad = await admin.request({
      method: 'POST',
      url: '/api/calendar/overrides',
      payload: { ...body, date: '2025-01-27' },
      headers,
    });
    expect(bad.statusCode).toBe(409);
    const ok = await admin.request({ method: 'POST', url: '/api/calendar/overrides', payload: body, headers });
    expect(ok.statusCode).toBe(201);
    expect(await count('calendar_overrides')).toBe(before + 1);
  });

  it('concurrent twins: exactly one applies, the other replays or is told it is in progress', async () => {
    const headers = { 'idempotency-key': 'e4b3c2a1-0000-4000-8000-000000000005' };
    const tokens = await count('api_tokens');
    const rs = await Promise.all(
      [1, 2, 3].map(() =>
        admin.request({ method: 'POST', url: '/api/auth/tokens', payload: { name: 'twin' }, headers }),
      ),
    );
    expect(rs.filter((r) => r.statusCode === 201 && !r.headers['idempotent-replayed'])).toHaveLength(1);
    for (const r of rs) expect([201, 409]).toContain(r.statusCode);
    expect(await count('api_tokens')).toBe(tokens + 1);
  });

  it('refuses a malformed key with a 400', async () => {
    const r = await admin.request({
      method: 'POST',
      url: '/api/auth/tokens',
      payload: { name: 'x' },
      headers: { 'idempotency-key': 'short' },
    });
    expect(r.statusCode).toBe(400);
    expect(r.json().code).toBe('idempotency-key-invalid');
  });

  it('replays an answer for 24 hours; then the scheduled purge forgets the key and a resend is a new request', async () => {
    const key = 'e4b3c2a1-0000-4000-8000-000000000024';
    const send = () =>
      admin.request({
        method: 'POST',
        url: '/api/auth/tokens',
        payload: { name: 'giữ một ngày' },
        headers: { 'idempotency-key': key },
      });
    const keyRows = () =>
      queryRows<{ created_at: Date | string }>(
        s.database.db,
        sql`SELECT created_at FROM idempotency_keys WHERE key = ${key}`,
      );
    const tokens = await count('api_tokens');
    const first = await send();
    expect(first.statusCode).toBe(201);
    const [row] = await keyRows();
    const createdAt = new Date(row!.created_at).getTime();
    /** The purge the job runner runs every hour, as if run `ms` after the first answer. */
    const purgeAfter = async (ms: number) => {
      idempotencyClock.now = () => new Date(createdAt + ms);
      await enqueue(s.database.db, 'platform.idempotency-purge', {}); // the kind main.ts schedules
      await s.ctx.jobs.drain();
    };

    await purgeAfter(23 * H + 59 * 60_000);
    const replay = await send();
    expect(replay.statusCode).toBe(201);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.json()).toEqual(first.json());
    expect(await count('api_tokens')).toBe(tokens + 1);

    await purgeAfter(24 * H + 1);
    expect(await keyRows()).toEqual([]);
    const again = await send();
    expect(again.statusCode).toBe(201);
    expect(again.headers['idempotent-replayed']).toBeUndefined();
    expect(again.json().id).not.toBe(first.json().id);
    expect(await count('api_tokens')).toBe(tokens + 2);
  });
});
