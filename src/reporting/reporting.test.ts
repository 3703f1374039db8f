/**
 * The module end to end on one server: an agency's dossiers go late, its on-time rate, its criterion
 * score and its rank change, alerts are raised and pushed over SSE; entered values and their approval
 * (both ways); periodic reports with a formula, the late list, return and resubmission; bad input.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { testServer, type Client, type TestServer } from '../platform/testing/index.js';
import { createAccount, grantRole } from '../platform/index.js';
import { addProfile, agencyByCode } from '../directory/index.js';
import { DEMO_PASSWORD } from '../demo/accounts.js';
import {
  act,
  agencyId,
  at,
  makeProcedure,
  receiveDossier,
  restoreClock,
  uploadPdf,
  type TestProcedure,
} from '../procedures/dossiers/test-fixtures.js';
import { computeSource } from './indicators/compute.js';
import { periodOf } from './indicators/periods.js';
import { OWNER_AGENCY_CODE } from './seed/constants.js';

let s: TestServer;
let officer: Client, specialist: Client, leader: Client, admin: Client;
let finSpecialist: Client, finLeader: Client, ownerLeader: Client, vpLeader: Client;
let stp: TestProcedure, fin: TestProcedure;
let centre: { id: string };
let finished = '';
const FIN = '000.00.03.H57'; // Sở Tài chính

async function staff(username: string, role: 'specialist' | 'leader', agencyCode: string): Promise<Client> {
  const a = await agencyByCode(s.ctx.db, agencyCode);
  const acc = await createAccount(s.ctx.db, { username, displayName: username, password: DEMO_PASSWORD });
  await grantRole(s.ctx.db, acc.id, { role, scopeKind: 'agency', scopeId: a!.id });
  await addProfile(s.ctx.db, acc.id, { agencyId: a!.id, position: role, email: `${username}@example.gov.vn` });
  return s.login(username);
}

/** A local time `days` ago (Vietnam), kept inside the current year so the year's figures include it. */
function daysAgo(days: number): string {
  const yearStart = periodOf('year').start.getTime() + 86400_000 * 3;
  const t = new Date(Math.max(Date.now() - days * 86400_000, yearStart) + 7 * 3600_000);
  return t.toISOString().slice(0, 19);
}

async function story(p: TestProcedure, spec: Client, lead: Client, opts: { late: boolean; receivedAt: string }) {
  at(opts.receivedAt);
  const id = (await receiveDossier(officer, p, { receivingAgencyId: centre.id, applicant: { name: 'Người nộp' } })).id;
  await act(officer, id, 'assign', { handlerId: spec.accountId });
  await act(spec, id, 'process-step');
  await act(spec, id, 'process-step');
  await act(lead, id, 'approve');
  // Processing takes one working day: a result within the hour is on time; restoring the real clock (weeks later) is late.
  if (opts.late) restoreClock();
  else
    at(
      `${opts.receivedAt.slice(0, 11)}${String(Number(opts.receivedAt.slice(11, 13)) + 1).padStart(2, '0')}${opts.receivedAt.slice(13)}`,
    );
  await act(spec, id, 'attach-result', { sha256: await uploadPdf(spec) });
  await act(officer, id, 'return');
  restoreClock();
  return id;
}

const refresh = async () => {
  const r = await admin.post('/api/reporting/refresh');
  expect(r.statusCode, r.body).toBe(200);
  return r.json() as { changes: number; alerts: number };
};

beforeAll(async () => {
  s = await testServer();
  officer = await s.login('motcua');
  specialist = await s.login('chuyenvien');
  leader = await s.login('lanhdao');
  admin = await s.login('admin');
  centre = await agencyId(s.ctx.db, 'TTHCC');
  finSpecialist = await staff('cv.taichinh', 'specialist', FIN);
  finLeader = await staff('ld.taichinh', 'leader', FIN);
  ownerLeader = await staff('ld.khcn', 'leader', OWNER_AGENCY_CODE);
  vpLeader = await staff('ld.vanphong', 'leader', '000.00.01.H57');
  stp = await makeProcedure(s.ctx.db, { processingDays: 1 });
  fin = await makeProcedure(s.ctx.db, { processingDays: 1, agencyCode: FIN });
}, 120_000);
afterEach(() => restoreClock());
afterAll(async () => s?.close());

describe('the operations centre sees an agency’s dossiers go late', () => {
  it('moves the on-time rate, the criterion score and the rank, and raises alerts pushed over SSE', async () => {
    const when = daysAgo(20);
    finished = await story(stp, specialist, leader, { late: false, receivedAt: when });
    await story(fin, finSpecialist, finLeader, { late: false, receivedAt: when });
    await refresh();
    const year = periodOf('year').key;
    const before = (await admin.get('/api/reporting/criteria-sets/platform-service-index/ranking')).json() as {
      items: { agencyId: string; rank: number; score: number }[];
    };
    const stpBefore = before.items.find((x) => x.agencyId === stp.agencyId)!;
    const finBefore = before.items.find((x) => x.agencyId === fin.agencyId)!;
    expect(stpBefore.rank).toBe(1);
    expect(finBefore.rank).toBe(1);
    expect(stpBefore.score).toBe(finBefore.score);
    const rate0 = (
      await admin.get(
        `/api/reporting/indicators/dossiers.on_time_rate/compute?period=${year}&scopeKind=agency&scopeId=${stp.agencyId}`,
      )
    ).json();
    expect(rate0).toMatchObject({ status: 'computed', a: 1, b: 1, value: 1 });

    // A browser of the IOC listens on a real socket.
    const address = await s.app.listen({ port: 0, host: '127.0.0.1' });
    const port = (s.app.server.address() as AddressInfo).port;
    const cookie = (
      await s.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username: 'admin', password: DEMO_PASSWORD },
      })
    ).cookies
      .map((c) => `${c.name}=${c.value}`)
      .join('; ');
    const events: string[] = [];
    const req = http.get({
      host: '127.0.0.1',
      port,
      path: '/api/reporting/alerts/stream',
      headers: { cookie, accept: 'text/event-stream' },
    });
    const connected = new Promise<http.IncomingMessage>((resolve) => req.on('response', resolve));
    const res = await connected;
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/text\/event-stream/);
    const gotRank = new Promise<void>((resolve) =>
      res.on('data', (c: Buffer) => {
        events.push(c.toString());
        if (events.join('').includes('"kind":"rank_fell"')) resolve();
      }),
    );
    void address;

    // Two more STP dossiers finish late.
    await story(stp, specialist, leader, { late: true, receivedAt: daysAgo(19) });
    await story(stp, specialist, leader, { late: true, receivedAt: daysAgo(18) });
    const r = await refresh();
    expect(r.alerts).toBeGreaterThanOrEqual(2);
    await gotRank;
    req.destroy();

    const rate1 = (
      await admin.get(
        `/api/reporting/indicators/dossiers.on_time_rate/compute?period=${year}&scopeKind=agency&scopeId=${stp.agencyId}`,
      )
    ).json();
    expect(rate1).toMatchObject({ a: 1, b: 3 });
    const after = (await admin.get('/api/reporting/criteria-sets/platform-service-index/ranking')).json() as {
      items: { agencyId: string; rank: number; score: number; lastRank: number | null }[];
    };
    const stpAfter = after.items.find((x) => x.agencyId === stp.agencyId)!;
    expect(stpAfter.score).toBeLessThan(stpBefore.score);
    // The on-time criterion is 20 points × the rate: 20 → 20/3.
    expect(stpBefore.score - stpAfter.score).toBeCloseTo(20 - 20 / 3, 2);
    expect(stpAfter.rank).toBe(2);
    expect(stpAfter.lastRank).toBe(1);
    const alerts = (await admin.get('/api/reporting/alerts')).json() as {
      kind: string;
      agencyId: string;
      titleVi: string;
    }[];
    expect(alerts.map((a) => a.kind)).toEqual(expect.arrayContaining(['rank_fell', 'on_time_fell']));
    expect(alerts.find((a) => a.kind === 'on_time_fell')!.titleVi).toMatch(/100\.0% → 33\.3%/);
    expect(events.join('')).toMatch(/event: alert/);

    // The IOC summary reads the stored figures.
    const sum = (await admin.get('/api/reporting/ioc/summary')).json();
    const onTime = sum.indicators.find((i: { key: string }) => i.key === 'dossiers.on_time_rate');
    expect(onTime.year.value).toBeCloseTo(2 / 4, 5);
    expect(onTime.trend).toHaveLength(12);
    expect(sum.rankings.map((x: { key: string }) => x.key)).toEqual(
      expect.arrayContaining(['hue-222-pl4', 'platform-service-index']),
    );
    // Every figure clicks through to its list.
    const list = (await admin.get(`/api/reporting/ioc/list/dossiers.on_time_rate?agencyId=${stp.agencyId}`)).json();
    expect(list.available).toBe(true);
    expect(list.rows.length).toBe(1);
    const by = (
      await admin.get(`/api/reporting/ioc/breakdown?key=dossiers.on_time_rate&by=agency&period=${year}`)
    ).json();
    expect(by.items.find((i: { scopeId: string }) => i.scopeId === stp.agencyId)).toMatchObject({ a: 1, b: 3 });
    for (const format of ['csv', 'xlsx', 'pdf']) {
      const x = await admin.get(`/api/reporting/criteria-sets/platform-service-index/ranking?format=${format}`);
      expect(x.statusCode).toBe(200);
      expect(x.headers['content-disposition']).toContain(`.${format}`);
    }
  }, 120_000);

  it('answers "source not available" for a view that does not exist, without failing', async () => {
    const c = await computeSource(
      s.ctx.db,
      { kind: 'view', parts: [{ view: 'no_such_view', time: null, agency: 'agency_id', a: { agg: 'count' } }] },
      periodOf('year'),
      'province',
    );
    expect(c).toMatchObject({ available: false, missing: ['no_such_view'] });
  });
});

describe('Huế’s appendix 4 in the database', () => {
  it('serves the set with its warnings and the share computed from data', async () => {
    const r = await leader.get('/api/reporting/criteria-sets/hue-222-pl4');
    expect(r.statusCode).toBe(200);
    const b = r.json();
    expect(b.rows).toHaveLength(161);
    expect(
      b.warnings.filter((w: { kind: string }) => w.kind === 'sum_differs').map((w: { code: string }) => w.code),
    ).toEqual(['2.2', '3.1', '4', '5', '5.4', '6']);
    expect(b.share).toMatchObject({ criteria: 109, computedCriteria: 32 });
  });

  it('gives the ranking and the IOC the same live share, read with the ranking', async () => {
    const ranking = (await leader.get('/api/reporting/criteria-sets/hue-222-pl4/ranking')).json();
    const ioc = (await leader.get('/api/reporting/ioc/summary')).json();
    const set = ioc.rankings.find((s: { key: string }) => s.key === 'hue-222-pl4');
    // Of the 109 criteria, at most the 32 with a data source can have their data this year.
    expect(ranking.live.criteria).toBe(109);
    expect(ranking.live.computedCriteria).toBeLessThanOrEqual(32);
    expect(ranking.live.computedPoints).toBeLessThanOrEqual(ranking.live.points);
    expect(set.live).toEqual(ranking.live);
    expect(set.top[0]).toMatchObject({ agencyId: ranking.items[0].agencyId, rank: 1 });
  });

  it('refuses a criterion with an unknown rule kind, naming it', async () => {
    const r = await admin.post('/api/reporting/criteria-sets', {
      key: 'bad-set',
      nameVi: 'x',
      nameEn: 'x',
      nodes: [
        { code: 'I', parent: null, kind: 'group', title: 'g', printedMax: 10 },
        { code: '1', parent: 'I', kind: 'criterion', title: 'c', printedMax: 10, rule: { kind: 'magic' } },
      ],
    });
    expect(r.statusCode).toBe(400);
    expect(r.json().errors[0].field).toBe('/body/nodes/1/rule/kind');
    expect((await admin.get('/api/reporting/criteria-sets/bad-set')).statusCode).toBe(404);
  });
});

describe('entered indicator values', () => {
  it('are approved only by the department that owns the indicator', async () => {
    const year = periodOf('year').key;
    const bad = await specialist.put('/api/reporting/indicators/procedures.fully_online_offered/entries', {
      period: '2020',
      agencyId: stp.agencyId,
      a: 5,
      b: 10,
      evidence: { url: 'https://example.gov.vn/qd.pdf' },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0]).toMatchObject({ field: '/body/period', code: 'period-closed' });
    const insecure = await specialist.put('/api/reporting/indicators/procedures.fully_online_offered/entries', {
      period: year,
      agencyId: stp.agencyId,
      a: 5,
      b: 10,
      evidence: { url: 'http://example.gov.vn/qd.pdf' },
    });
    expect(insecure.statusCode).toBe(400);
    const r = await specialist.put('/api/reporting/indicators/procedures.fully_online_offered/entries', {
      period: year,
      agencyId: stp.agencyId,
      a: 5,
      b: 10,
      evidence: { url: 'https://example.gov.vn/qd.pdf' },
    });
    expect(r.statusCode, r.body).toBe(200);
    const id = r.json().id;
    // Another agency's staff cannot enter for STP.
    expect(
      (
        await finSpecialist.put('/api/reporting/indicators/procedures.fully_online_offered/entries', {
          period: year,
          agencyId: stp.agencyId,
          a: 5,
          b: 10,
          evidence: { url: 'https://example.gov.vn/qd.pdf' },
        })
      ).statusCode,
    ).toBe(403);
    // The agency's own leader, the administrator and another department's leader may not approve.
    for (const c of [leader, admin, finLeader])
      expect((await c.post(`/api/reporting/indicator-values/${id}/approve`, {})).statusCode).toBe(403);
    const ok = await ownerLeader.post(`/api/reporting/indicator-values/${id}/approve`, {});
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().status).toBe('approved');
    expect((await ownerLeader.post(`/api/reporting/indicator-values/${id}/approve`, {})).statusCode).toBe(409);
  });
});

describe('periodic reports', () => {
  it('refuse a submission that breaks a formula, list a late report, and take a correction after a return', async () => {
    const q = periodOf('quarter');
    expect((await admin.post(`/api/reporting/templates/tthc-quarterly/periods/${q.key}/open`)).statusCode).toBe(200);
    const mine = (await specialist.get(`/api/reporting/reports?template=tthc-quarterly&period=${q.key}`)).json() as {
      id: string;
      agencyId: string;
      computedFields: string[];
      values: Record<string, unknown>;
    }[];
    const rep = mine.find((x) => x.agencyId === stp.agencyId)!;
    expect(rep).toBeTruthy();
    expect(rep.computedFields).toEqual(expect.arrayContaining(['on_time_rate']));
    const broken = await specialist.post(`/api/reporting/reports/${rep.id}/submit`, {
      values: { received: 10, resolved: 8, on_time: 6, late: 3 },
    });
    expect(broken.statusCode).toBe(400);
    expect(broken.json().errors.map((e: { field: string }) => e.field)).toContain('/body/values/late');
    expect(broken.json().messages.vi.detail).toMatch(/không khớp công thức/);
    const sent = await specialist.post(`/api/reporting/reports/${rep.id}/submit`, {
      values: {
        received: 10,
        resolved: 8,
        on_time: 6,
        issues: [
          { area: 'Hộ tịch', count: 2 },
          { area: 'Chứng thực', count: 1 },
        ],
      },
    });
    expect(sent.statusCode, sent.body).toBe(200);
    expect(sent.json().values).toMatchObject({ late: 2, issues_total: 3 });
    // Only the receiving agency reviews.
    expect((await leader.post(`/api/reporting/reports/${rep.id}/return`, { reason: 'Thiếu số liệu' })).statusCode).toBe(
      403,
    );
    const back = await vpLeader.post(`/api/reporting/reports/${rep.id}/return`, {
      reason: 'Thiếu số liệu hồ sơ trực tuyến',
    });
    expect(back.statusCode, back.body).toBe(200);
    expect(back.json()).toMatchObject({ status: 'returned', reason: 'Thiếu số liệu hồ sơ trực tuyến' });
    expect((await vpLeader.post(`/api/reporting/reports/${rep.id}/accept`)).statusCode).toBe(409);
    const again = await specialist.post(`/api/reporting/reports/${rep.id}/submit`, { values: { notes: 'Đã bổ sung' } });
    expect(again.statusCode, again.body).toBe(200);
    expect((await vpLeader.post(`/api/reporting/reports/${rep.id}/accept`)).json().status).toBe('accepted');
    const detail = (await specialist.get(`/api/reporting/reports/${rep.id}`)).json();
    expect(detail.actions.map((a: { action: string }) => a.action)).toEqual([
      'open',
      'submit',
      'return',
      'submit',
      'accept',
    ]);
    const agg = (await admin.get(`/api/reporting/templates/tthc-quarterly/periods/${q.key}/aggregate`)).json();
    expect(agg.totals).toMatchObject({ received: 10, resolved: 8 });
    const pdf = await specialist.get(`/api/reporting/reports/${rep.id}/export?format=pdf`);
    expect(pdf.statusCode).toBe(200);
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');

    // The previous quarter's reports are past due and never sent: listed late, and alerted once.
    const prev = periodOf('quarter', new Date(q.start.getTime() - 86400_000));
    await admin.post(`/api/reporting/templates/tthc-quarterly/periods/${prev.key}/open`);
    const late = (await admin.get('/api/reporting/reports/late')).json() as {
      agencyId: string;
      periodKey: string;
      late: boolean;
    }[];
    expect(late.some((x) => x.agencyId === stp.agencyId && x.periodKey === prev.key && x.late)).toBe(true);
    await refresh();
    const alerts = (await admin.get('/api/reporting/alerts?limit=200')).json() as { kind: string }[];
    expect(alerts.filter((a) => a.kind === 'report_overdue').length).toBeGreaterThan(0);
  });

  it('refuses a template whose formula does not parse, naming the field', async () => {
    const r = await admin.post('/api/reporting/templates', {
      key: 'bad-template',
      nameVi: 'x',
      nameEn: 'x',
      periodKind: 'month',
      deadlineDays: 5,
      agencyIds: [stp.agencyId],
      fields: [
        { key: 'a', labelVi: 'A', labelEn: 'A', type: 'number' },
        { key: 'b', labelVi: 'B', labelEn: 'B', type: 'number', formula: 'a * (2 +' },
      ],
    });
    expect(r.statusCode).toBe(400);
    expect(r.json().errors[0].field).toBe('/body/fields/1/formula');
  });
});

describe('answers, plan progress and the SIPAS survey', () => {
  it('takes an agency’s answer with evidence, reviewed only by the owning department', async () => {
    const year = Number(periodOf('year').key);
    const body = { agencyId: stp.agencyId, year, input: 7, evidence: { url: 'https://example.gov.vn/hoi-nghi.pdf' } };
    expect((await finSpecialist.put('/api/reporting/criteria-sets/hue-222-pl4/answers/1.1.1', body)).statusCode).toBe(
      403,
    );
    expect((await specialist.put('/api/reporting/criteria-sets/hue-222-pl4/answers/3.1.1', body)).statusCode).toBe(409); // computed from data
    expect(
      (await specialist.put('/api/reporting/criteria-sets/hue-222-pl4/answers/1.2.1', { ...body, input: 'chairman' }))
        .statusCode,
    ).toBe(400);
    const r = await specialist.put('/api/reporting/criteria-sets/hue-222-pl4/answers/1.1.1', body);
    expect(r.statusCode, r.body).toBe(200);
    for (const c of [leader, finLeader])
      expect((await c.post(`/api/reporting/criterion-answers/${r.json().id}/approve`, {})).statusCode).toBe(403);
    expect((await ownerLeader.post(`/api/reporting/criterion-answers/${r.json().id}/approve`, {})).statusCode).toBe(
      200,
    );
    const detail = (
      await leader.get(`/api/reporting/criteria-sets/hue-222-pl4/agencies/${stp.agencyId}?year=${year}`)
    ).json();
    expect(detail.byCode['1.1.1']).toBe(5); // 7 conferences, 1 point each, capped at 5
  });

  it('ships the plans with their source lines and takes progress notes', async () => {
    const plans = (await leader.get('/api/reporting/plans')).json() as {
      key: string;
      targets: number;
      tasks: number;
      projects: number;
    }[];
    expect(plans.map((p) => p.key)).toEqual(
      expect.arrayContaining([
        'hue-222-2020',
        'vinh-phuc-302-2021',
        'binh-dinh-59-2022',
        'lang-son-198-2020',
        'quang-binh-cqdt-2021',
      ]),
    );
    expect(plans.find((p) => p.key === 'hue-222-2020')).toMatchObject({ targets: 14, tasks: 28, projects: 56 });
    // Every task row of Bình Định's appendix II: 9 + 10 + 9 + 15 under its four groups.
    expect(plans.find((p) => p.key === 'binh-dinh-59-2022')).toMatchObject({ targets: 20, tasks: 43 });
    const hue = (await leader.get('/api/reporting/plans/hue-222-2020')).json();
    expect(hue.targets[0]).toMatchObject({
      value: 100,
      unit: '%',
      sourceLine: expect.any(Number),
      responsible: 'Văn phòng UBND tỉnh',
    });
    const task = hue.tasks[0];
    const r = await specialist.post(`/api/reporting/plan-tasks/${task.id}/progress`, {
      note: 'Đã trình dự thảo',
      status: 'in_progress',
    });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json().progress).toHaveLength(1);
  });

  it('records an anonymous SIPAS answer once per finished dossier', async () => {
    const citizen = await s.login('congdan');
    const form = (await citizen.get('/api/reporting/surveys/sipas')).json();
    const answers = Object.fromEntries(form.questions.map((q: { key: string }) => [q.key, 5]));
    expect(
      (await specialist.post('/api/reporting/surveys/sipas/responses', { dossierId: finished, answers })).statusCode,
    ).toBe(403);
    const r = await citizen.post('/api/reporting/surveys/sipas/responses', { dossierId: finished, answers });
    expect(r.statusCode, r.body).toBe(201);
    expect(
      (await citizen.post('/api/reporting/surveys/sipas/responses', { dossierId: finished, answers })).statusCode,
    ).toBe(409);
    const { reportingSurveyResponses } = await import('./schema.js');
    const rows = await s.ctx.db.select().from(reportingSurveyResponses);
    expect(JSON.stringify(rows)).not.toContain(finished);
  });
});
