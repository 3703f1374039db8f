import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { limitsClock, loadConfig } from '../../platform/index.js';
import { testServer, type Client, type TestServer } from '../../platform/testing/index.js';
import { createServer, type Server } from '../../main.js';
import {
  act,
  agencyId,
  makeProcedure,
  receiveDossier,
  submitDossier,
  type TestDossier,
  type TestProcedure,
} from '../dossiers/test-fixtures.js';

let s: TestServer;
let citizen: Client;
let officer: Client;
let proc: TestProcedure;
let centre: { id: string; code: string };
let d: TestDossier;

beforeAll(async () => {
  s = await testServer({ config: { lookupRateLimit: { max: 20, timeWindowMs: 60_000 } } });
  citizen = await s.login('congdan');
  officer = await s.login('motcua');
  proc = await makeProcedure(s.ctx.db);
  centre = await agencyId(s.ctx.db, 'TTHCC');
  d = await submitDossier(citizen, proc, {
    receivingAgencyId: centre.id,
    applicant: { idNumber: '046090001234', phone: '0912345678', address: '12 Lê Lợi, phường Thuận Hóa' },
  });
  await act(officer, d.id, 'receive', { note: 'Công dân Hoàng Văn Dân nộp đủ giấy tờ' });
});
afterAll(() => s?.close());
const realNow = limitsClock.now;
afterEach(() => {
  limitsClock.now = realNow;
});

/** A lookup from its own client address (the peer, as no proxy is configured). */
let n = 0;
const lookup = (code: string, remoteAddress = `10.1.${Math.floor(++n / 250)}.${n % 250}`) =>
  s.anonymous.request({ method: 'GET', url: `/api/public/dossiers/${encodeURIComponent(code)}`, remoteAddress });

describe('GET /api/public/dossiers/:code', () => {
  it('shows what the national portal shows, status, dates and the handling agency, and nothing else', async () => {
    const r = await lookup(d.code);
    expect(r.statusCode, r.body).toBe(200);
    const body = r.json();
    const staffView = (await officer.get(`/api/dossiers/${d.id}`)).json();
    expect(Object.keys(body).sort()).toEqual([
      'agency',
      'code',
      'dueAt',
      'late',
      'newDueAt',
      'paused',
      'receivedAt',
      'returnedAt',
      'status',
    ]);
    expect(body).toMatchObject({
      code: d.code,
      status: 'received',
      agency: { code: proc.agencyCode },
      receivedAt: staffView.receivedAt,
      dueAt: staffView.dueAt,
      late: false,
    });
    // Not the procedure (it can say much about a person), its steps, the staff or their notes.
    for (const secret of [
      proc.code,
      'lý lịch tư pháp',
      'timeline',
      '"action"',
      'procedure',
      'receivingAgency',
      '046090001234',
      '0912345678',
      'Lê Lợi',
      'Hoàng Văn Dân',
      'applicant',
      'actor',
      'note',
    ])
      expect(r.body).not.toContain(secret);
  });

  it('answers an unknown code with a 404 problem', async () => {
    const r = await lookup('000.00.00.H57-991231-9999');
    expect(r.statusCode).toBe(404);
    expect(r.json()).toMatchObject({ code: 'dossier-not-found' });
  });

  it('answers one client at most the limit in a window, found or not, then 429 problem+json with Retry-After', async () => {
    const t0 = new Date('2026-03-02T01:00:00Z');
    limitsClock.now = () => t0;
    const codes: number[] = [];
    for (let i = 0; i < 25; i++)
      codes.push(
        (await lookup(i % 2 ? d.code : `000.00.00.H57-260302-${String(i).padStart(4, '0')}`, '10.2.0.1')).statusCode,
      );
    expect(codes.slice(0, 20).every((c) => c === 200 || c === 404)).toBe(true);
    expect(codes.slice(20)).toEqual([429, 429, 429, 429, 429]);
    limitsClock.now = () => new Date(t0.getTime() + 45_000);
    const r = await lookup(d.code, '10.2.0.1');
    expect(r.statusCode).toBe(429);
    expect(r.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(r.headers['retry-after']).toBe('15');
    expect(r.json().messages.vi.detail).toContain('15 giây');
    expect(r.json().messages.en.detail).toContain('15 seconds');
    // Another client is not held back; this one is let in again when its window ends.
    expect((await lookup(d.code, '10.2.0.2')).statusCode).toBe(200);
    limitsClock.now = () => new Date(t0.getTime() + 60_000);
    expect((await lookup(d.code, '10.2.0.1')).statusCode).toBe(200);
  });

  it('ignores X-Forwarded-For when no proxy is configured', async () => {
    const codes: number[] = [];
    for (let i = 0; i < 22; i++) {
      const r = await s.anonymous.request({
        method: 'GET',
        url: `/api/public/dossiers/${d.code}`,
        remoteAddress: '10.3.0.1',
        headers: { 'x-forwarded-for': `203.0.113.${i}` },
      });
      codes.push(r.statusCode);
    }
    expect(codes.filter((c) => c === 429)).toHaveLength(2);
  });

  describe('across instances', () => {
    let other: Server;
    beforeAll(async () => {
      // A second instance on the same database, as behind a load balancer.
      other = await createServer(
        loadConfig({ ...process.env, NODE_ENV: 'test' }, { lookupRateLimit: { max: 20, timeWindowMs: 60_000 } }),
        {
          database: s.database,
        },
      );
    });
    afterAll(() => other?.close());

    it('counts one client’s lookups on both together: never more than the limit in all', async () => {
      let ok = 0;
      for (let i = 0; i < 40; i++) {
        const app = i % 2 ? other.app : s.app;
        const r = await app.inject({ method: 'GET', url: `/api/public/dossiers/${d.code}`, remoteAddress: '10.4.0.1' });
        if (r.statusCode === 200) ok++;
        else expect(r.statusCode).toBe(429);
      }
      // Each instance reserves two hits at a time (a tenth of 20): the total is still exactly the limit.
      expect(ok).toBe(20);
    });
  });
});

describe('the dossier at the desk', () => {
  it('is looked up like one submitted online', async () => {
    const desk = await receiveDossier(officer, proc, {
      receivingAgencyId: centre.id,
      applicant: { name: 'Trần Thị Bình' },
    });
    const r = await lookup(desk.code);
    expect(r.json()).toMatchObject({ code: desk.code, status: 'received', agency: { code: proc.agencyCode } });
    expect(r.body).not.toContain('Trần Thị Bình');
  });
});
