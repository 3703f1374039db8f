import ExcelJS from 'exceljs';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { testServer, type Client, type TestServer } from '../../platform/testing/index.js';
import {
  act,
  agencyId,
  at,
  makeProcedure,
  restoreClock,
  submitDossier,
  type TestProcedure,
} from '../dossiers/test-fixtures.js';
import { dossierStory } from './test-story.js';

let s: TestServer;
let citizen: Client;
let officer: Client;
let specialist: Client;
let leader: Client;
let admin: Client;
let proc: TestProcedure;
let other: TestProcedure;
let centre: { id: string; code: string };
const { counter, complete } = dossierStory(() => ({ citizen, officer, specialist, leader, centre }));

beforeAll(async () => {
  s = await testServer();
  citizen = await s.login('congdan');
  officer = await s.login('motcua');
  specialist = await s.login('chuyenvien');
  leader = await s.login('lanhdao');
  admin = await s.login('admin');
  proc = await makeProcedure(s.ctx.db, { processingDays: 10 });
  other = await makeProcedure(s.ctx.db, { processingDays: 5, onlineLevel: 'partial' });
  centre = await agencyId(s.ctx.db, 'TTHCC');

  // March 2026; every appointment below is Monday 16/3 08:00 (10 working days from Monday 2/3 08:00).
  at('2026-03-02T07:50:00');
  const online = (await submitDossier(citizen, proc, { receivingAgencyId: centre.id })).id;
  at('2026-03-02T08:00:00');
  await act(officer, online, 'receive');
  await complete(online, '2026-03-10T10:00:00', 4); // early: days before the appointment
  await complete(await counter(proc, '2026-03-02T08:00:00'), '2026-03-16T07:50:00'); // on time: the appointment's own day
  await complete(await counter(proc, '2026-03-02T08:00:00'), '2026-03-17T09:00:00'); // late
  at('2026-03-03T08:00:00');
  await act(officer, await counter(proc, '2026-03-03T08:00:00'), 'refuse', { reasons: ['Không thuộc thẩm quyền'] });
  await counter(other, '2026-03-04T08:00:00'); // still pending, long past its appointment
  await counter(proc, '2030-01-02T08:00:00'); // pending, within its appointment (Wednesday 16/1/2030 08:00)
});
// The figures are read an hour after the last receipt: lateness is judged at the dossiers' clock, not today's date.
beforeEach(() => {
  at('2030-01-02T09:00:00');
});
afterEach(() => {
  restoreClock();
});
afterAll(async () => s?.close());

describe('GET /api/dossiers/stats', () => {
  it('counts received, early / on time / late, refused, pending, online and satisfaction for a period', async () => {
    const r = await leader.get('/api/dossiers/stats?from=2026-03-01&to=2026-03-31');
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json().rows).toEqual([
      expect.objectContaining({
        received: 5,
        finished: 3,
        early: 1,
        onTime: 1,
        late: 1,
        refused: 1,
        pendingWithin: 0,
        pendingLate: 1,
        online: 1,
        fullyOnline: 1,
        onlineShare: 0.2,
        onTimeShare: 0.6667,
        ratings: 1,
        averageRating: 4,
      }),
    ]);
    const future = (await leader.get('/api/dossiers/stats?from=2030-01-01')).json().rows[0];
    expect(future).toMatchObject({ received: 1, pendingWithin: 1, pendingLate: 0 });
    at('2030-01-16T08:00:00'); // its appointment: not yet past
    expect((await leader.get('/api/dossiers/stats?from=2030-01-01')).json().rows[0]).toMatchObject({
      pendingWithin: 1,
      pendingLate: 0,
    });
    at('2030-01-16T08:00:01');
    expect((await leader.get('/api/dossiers/stats?from=2030-01-01')).json().rows[0]).toMatchObject({
      pendingWithin: 0,
      pendingLate: 1,
    });
  });

  it('filters by procedure and groups by procedure', async () => {
    expect((await leader.get(`/api/dossiers/stats?procedureId=${other.id}`)).json().rows[0]).toMatchObject({
      received: 1,
      pendingLate: 1,
    });
    const rows = (await admin.get('/api/dossiers/stats?groupBy=procedure')).json().rows as {
      key: string;
      received: number;
      name: string;
    }[];
    expect(rows.map((x) => [x.key, x.received])).toEqual([
      [proc.id, 5],
      [other.id, 1],
    ]);
    expect(rows[0]!.name).toContain(proc.code);
  });

  it('exports CSV with Vietnamese headers', async () => {
    const r = await leader.get('/api/dossiers/stats?from=2026-03-01&to=2026-03-31&format=csv');
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toMatch(/^text\/csv/);
    const [head, row] = r.body.replace(/^\uFEFF/, '').split('\r\n');
    expect(head).toContain('Tiếp nhận (received)');
    expect(row!.split(',').slice(2, 7)).toEqual(['5', '3', '1', '1', '1']);
  });

  it('exports an Excel workbook with the same numbers', async () => {
    const r = await leader.get('/api/dossiers/stats?from=2026-03-01&to=2026-03-31&format=xlsx');
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toMatch(/spreadsheetml/);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(r.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    expect(ws.getRow(1).getCell(3).value).toBe('Tiếp nhận');
    expect([3, 4, 5, 6, 7].map((c) => ws.getRow(2).getCell(c).value)).toEqual([5, 3, 1, 1, 1]);
  });

  it('is for staff with the statistics permission only, within their scope', async () => {
    expect((await citizen.get('/api/dossiers/stats')).statusCode).toBe(403);
    expect((await specialist.get('/api/dossiers/stats')).statusCode).toBe(403);
    expect((await s.anonymous.get('/api/dossiers/stats')).statusCode).toBe(401);
    // The desk's officer sees what the centre received.
    expect((await officer.get('/api/dossiers/stats?from=2026-03-01&to=2026-03-31')).json().rows[0].received).toBe(5);
  });
});
