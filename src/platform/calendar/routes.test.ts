import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { testServer, type Client, type TestServer } from '../testing/index.js';
import { auditLog } from '../audit/schema.js';

let s: TestServer;
let admin: Client;
beforeAll(async () => {
  s = await testServer();
  admin = await s.login('admin');
});
afterAll(async () => {
  await s?.close();
});

const add = async (from: string, workingDays: number) => {
  const r = await s.anonymous.get(`/api/calendar/add?from=${encodeURIComponent(from)}&workingDays=${workingDays}`);
  expect(r.statusCode, r.body).toBe(200);
  return r.json().due as string;
};

describe('GET /api/calendar/add?workingDays=0', () => {
  it('means within the day: the end of the working day of `from`, or of the next one from the cut-off on', async () => {
    expect(await add('2026-03-06T10:00:00+07:00', 0)).toBe('2026-03-06T10:00:00.000Z');
    const cut = async (from: string) =>
      (await s.anonymous.get(`/api/calendar/add?from=${encodeURIComponent(from)}&workingDays=0&cutoff=15:00`)).json()
        .due;
    expect(await cut('2026-03-06T14:00:00+07:00')).toBe('2026-03-06T10:00:00.000Z');
    expect(await cut('2026-03-06T16:00:00+07:00')).toBe('2026-03-09T10:00:00.000Z');
    expect(
      (await s.anonymous.get('/api/calendar/add?from=2026-03-06T16:00:00%2B07:00&workingDays=0&cutoff=25:00'))
        .statusCode,
    ).toBe(400);
  });
});

describe('GET /api/calendar/holidays', () => {
  it('lists 2026 with Tết from the lunar calendar and the Hùng Kings’ day with its substitute', async () => {
    const r = await s.anonymous.get('/api/calendar/holidays?year=2026');
    expect(r.statusCode).toBe(200);
    const list = r.json() as { date: string; kind: string; name: { vi: string; en: string } }[];
    expect(list.filter((h) => h.kind === 'tet').map((h) => h.date)).toEqual([
      '2026-02-16',
      '2026-02-17',
      '2026-02-18',
      '2026-02-19',
      '2026-02-20',
    ]);
    expect(list.find((h) => h.date === '2026-04-26')?.name.vi).toMatch(/Hùng Vương/);
    expect(list.find((h) => h.date === '2026-04-27')?.kind).toBe('substitute');
    expect(list.map((h) => h.date)).toEqual(
      expect.arrayContaining(['2026-01-01', '2026-04-30', '2026-05-01', '2026-09-01', '2026-09-02']),
    );
    for (const h of list) expect(h.name.en.length).toBeGreaterThan(0);
  });

  it('applies the shipped official decisions: Tết 2025 starts on the 27th of January', async () => {
    const list = (await s.anonymous.get('/api/calendar/holidays?year=2025')).json() as { date: string; kind: string }[];
    expect(list.find((h) => h.date === '2025-01-27')?.kind).toBe('official');
    expect(list.some((h) => h.date === '2025-02-03')).toBe(false);
  });

  it('refuses a missing or absurd year with a bilingual 400', async () => {
    for (const q of ['', '?year=abc', '?year=99999']) {
      const r = await s.anonymous.get(`/api/calendar/holidays${q}`);
      expect(r.statusCode).toBe(400);
      expect(r.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(r.json().messages.en.title).toBeTruthy();
    }
  });
});

describe('GET /api/calendar/add', () => {
  it('skips Tết and the weekend: 1 working day from Friday 13 Feb 2026, 09:00', async () => {
    // Friday: 2.5 h in the morning + 4 h in the afternoon; the last 1.5 h fall after Tết, on Monday 23 Feb.
    expect(await add('2026-02-13T09:00:00+07:00', 1)).toBe('2026-02-23T02:00:00.000Z');
  });

  it('counts half days: half a day from 13:00 is 17:00 the same day', async () => {
    expect(await add('2026-11-23T13:00:00+07:00', 0.5)).toBe('2026-11-23T10:00:00.000Z');
  });

  it('starts counting at the next session when asked outside office hours', async () => {
    expect(await add('2026-11-21T20:00:00+07:00', 0.5)).toBe('2026-11-23T04:30:00.000Z');
  });

  it('refuses a quarter day, a negative count and a date without time zone', async () => {
    for (const q of [
      'from=2026-11-23T13:00:00%2B07:00&workingDays=0.3',
      'from=2026-11-23T13:00:00%2B07:00&workingDays=-1',
      'from=yesterday&workingDays=1',
      'workingDays=1',
    ]) {
      const r = await s.anonymous.get(`/api/calendar/add?${q}`);
      expect(r.statusCode, q).toBe(400);
      expect(r.json().code).toBe('validation');
    }
  });
});

describe('official overrides are data an administrator edits', () => {
  it('an extra day off moves deadlines and shows in the holidays; deleting it restores them', async () => {
    expect(await add('2026-11-23T13:00:00+07:00', 1)).toBe('2026-11-24T04:30:00.000Z');
    const r = await admin.post('/api/calendar/overrides', {
      date: '2026-11-24',
      kind: 'day_off',
      name: { vi: 'Nghỉ thử nghiệm', en: 'Test day off' },
      decision: 'Quyết định thử 1/QĐ-UBND',
    });
    expect(r.statusCode, r.body).toBe(201);
    const id = r.json().id as string;
    expect(await add('2026-11-23T13:00:00+07:00', 1)).toBe('2026-11-25T04:30:00.000Z');
    const holidays = (await s.anonymous.get('/api/calendar/holidays?year=2026')).json() as {
      date: string;
      kind: string;
    }[];
    expect(holidays.find((h) => h.date === '2026-11-24')?.kind).toBe('official');
    const [row] = await s.database.db.select().from(auditLog).where(eq(auditLog.targetId, id));
    expect(row).toMatchObject({ action: 'calendar.override.add', actorLabel: 'admin' });

    expect((await admin.delete(`/api/calendar/overrides/${id}`)).statusCode).toBe(204);
    expect(await add('2026-11-23T13:00:00+07:00', 1)).toBe('2026-11-24T04:30:00.000Z');
    expect((await admin.delete(`/api/calendar/overrides/${id}`)).statusCode).toBe(404);
  });

  it('a make-up Saturday is a working day', async () => {
    const r = await admin.post('/api/calendar/overrides', {
      date: '2026-11-28',
      kind: 'working_day',
      name: { vi: 'Làm bù', en: 'Make-up day' },
    });
    expect(r.statusCode, r.body).toBe(201);
    expect(await add('2026-11-27T13:00:00+07:00', 1)).toBe('2026-11-28T04:30:00.000Z');
    const listed = (await s.anonymous.get('/api/calendar/overrides?year=2026')).json().items as {
      date: string;
      kind: string;
    }[];
    expect(listed).toContainEqual(expect.objectContaining({ date: '2026-11-28', kind: 'working_day' }));
    await admin.delete(`/api/calendar/overrides/${r.json().id}`);
  });

  it('a second decision on the same date is a 409; an impossible date a 400; nothing is written', async () => {
    const before = (await s.anonymous.get('/api/calendar/overrides')).json().items.length as number;
    const dup = await admin.post('/api/calendar/overrides', {
      date: '2025-01-27',
      kind: 'day_off',
      name: { vi: 'x', en: 'x' },
    });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().code).toBe('override-exists');
    const bad = await admin.post('/api/calendar/overrides', {
      date: '2026-02-30',
      kind: 'day_off',
      name: { vi: 'x', en: 'x' },
    });
    expect(bad.statusCode).toBe(400);
    const badKind = await admin.post('/api/calendar/overrides', {
      date: '2026-12-01',
      kind: 'holiday',
      name: { vi: 'x', en: 'x' },
    });
    expect(badKind.statusCode).toBe(400);
    expect((await s.anonymous.get('/api/calendar/overrides')).json().items).toHaveLength(before);
  });

  it('only an administrator may change the calendar', async () => {
    const body = { date: '2026-12-01', kind: 'day_off', name: { vi: 'x', en: 'x' } };
    expect((await s.anonymous.post('/api/calendar/overrides', body)).statusCode).toBe(401);
    for (const u of ['congdan', 'motcua', 'lanhdao'])
      expect((await (await s.login(u)).post('/api/calendar/overrides', body)).statusCode, u).toBe(403);
    expect(
      (
        await (
          await s.login('congdan')
        ).put('/api/calendar/office-hours', { days: [1], sessions: [{ start: '08:00', end: '12:00' }] })
      ).statusCode,
    ).toBe(403);
  });
});

describe('office hours are data', () => {
  it('defaults to 07:30–11:30 and 13:00–17:00, Monday to Friday', async () => {
    expect((await s.anonymous.get('/api/calendar/office-hours')).json()).toEqual({
      days: [1, 2, 3, 4, 5],
      sessions: [
        { start: '07:30', end: '11:30' },
        { start: '13:00', end: '17:00' },
      ],
    });
  });

  it('a Saturday-morning office changes deadlines at once; overlapping sessions are refused', async () => {
    const bad = await admin.put('/api/calendar/office-hours', {
      days: [1, 2, 3, 4, 5],
      sessions: [
        { start: '08:00', end: '12:00' },
        { start: '11:00', end: '17:00' },
      ],
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().code).toBe('calendar-invalid');

    const r = await admin.put('/api/calendar/office-hours', {
      days: [1, 2, 3, 4, 5, 6],
      sessions: [{ start: '08:00', end: '12:00' }],
    });
    expect(r.statusCode, r.body).toBe(200);
    // Friday 27 Nov 2026 from 08:00: one 4-hour day ends at 12:00 Friday; two end at 12:00 Saturday.
    expect(await add('2026-11-27T08:00:00+07:00', 2)).toBe('2026-11-28T05:00:00.000Z');
    const reset = await admin.put('/api/calendar/office-hours', {
      days: [1, 2, 3, 4, 5],
      sessions: [
        { start: '07:30', end: '11:30' },
        { start: '13:00', end: '17:00' },
      ],
    });
    expect(reset.statusCode).toBe(200);
    expect(await add('2026-11-23T13:00:00+07:00', 0.5)).toBe('2026-11-23T10:00:00.000Z');
  });
});
