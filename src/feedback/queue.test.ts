import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { testServer, type Client, type TestServer } from '../platform/testing/index.js';
import { enqueue } from '../platform/index.js';
import { AGENCIES, agencyId, reportBody, staffIn } from './test-fixtures.js';
import { feedbackReports } from './schema.js';
import { escalateOverdue } from './actions/index.js';
import { ESCALATE_JOB } from './index.js';

let s: TestServer;
let citizen: Client;
let ward: Client;
beforeAll(async () => {
  s = await testServer();
  citizen = await s.login('congdan');
  ward = await staffIn(s, AGENCIES.phuXuan, 'officer');
});
afterAll(async () => {
  await s?.close();
});

const file = async (over: Record<string, unknown> = {}) => {
  const r = await citizen.post('/api/feedback/reports', reportBody(over));
  expect(r.statusCode, r.body).toBe(201);
  return r.json().report as { id: string; publicId: string };
};
const setDue = (id: string, dueAt: Date) =>
  s.database.db.update(feedbackReports).set({ dueAt }).where(eq(feedbackReports.id, id));
const ids = (r: { json(): { items: { id: string }[] } }) => r.json().items.map((i) => i.id);

describe('queues', () => {
  it('shows an agency its new, due-soon and overdue reports, and a handler theirs; nothing of other agencies', async () => {
    const fresh = await file();
    const soon = await file();
    const late = await file();
    // An hour either side of now: well inside the 8 working hours of "due soon" (never less than 8 real hours).
    await setDue(soon.id, new Date(Date.now() + 3_600_000));
    await setDue(late.id, new Date(Date.now() - 3_600_000));
    expect(ids(await ward.get('/api/feedback/queue?view=new'))).toEqual(
      expect.arrayContaining([fresh.id, soon.id, late.id]),
    );
    const dueSoon = ids(await ward.get('/api/feedback/queue?view=due-soon'));
    expect(dueSoon).toContain(soon.id);
    expect(dueSoon).not.toContain(late.id);
    expect(ids(await ward.get('/api/feedback/queue?view=overdue'))).toEqual([late.id]);

    const assigned = await ward.post(`/api/feedback/reports/${fresh.id}/actions/assign`, {
      handlerAccountId: ward.accountId,
    });
    expect(assigned.statusCode, assigned.body).toBe(200);
    expect(ids(await ward.get('/api/feedback/queue?view=mine'))).toEqual([fresh.id]);

    const other = await staffIn(s, AGENCIES.xayDung);
    expect(ids(await other.get('/api/feedback/queue?view=new'))).not.toContain(fresh.id);
    expect((await citizen.get('/api/feedback/queue')).statusCode).toBe(403);
  });

  it('will not assign someone from another agency', async () => {
    const r = await file();
    const outsider = await staffIn(s, AGENCIES.xayDung);
    const res = await ward.post(`/api/feedback/reports/${r.id}/actions/assign`, {
      handlerAccountId: outsider.accountId,
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0].code).toBe('handler');
  });
});

describe('escalation of overdue reports', () => {
  it('moves an overdue report to the parent agency, once, as an action by the system', async () => {
    const r = await file({ lat: 16.4701, lng: 107.5781 });
    await setDue(r.id, new Date(Date.now() - 3_600_000));
    expect(await escalateOverdue(s.database.db)).toBeGreaterThanOrEqual(1);
    const view = (await s.anonymous.get(`/api/feedback/reports/${r.id}`)).json();
    expect(view.agency.code).toBe(AGENCIES.ubnd);
    const last = view.timeline.at(-1);
    expect(last).toMatchObject({ action: 'escalate', by: 'system' });
    expect(last.details.toAgency).toMatch(/Ủy ban nhân dân thành phố Huế/);
    // Already escalated for this deadline: the next run leaves it.
    await escalateOverdue(s.database.db);
    expect(
      (await s.anonymous.get(`/api/feedback/reports/${r.id}`))
        .json()
        .timeline.filter((t: { action: string }) => t.action === 'escalate'),
    ).toHaveLength(1);
    const leader = await staffIn(s, AGENCIES.ubnd, 'leader');
    expect(ids(await leader.get('/api/feedback/queue?view=overdue'))).toContain(r.id);
  });

  it('runs as the scheduled job through the job runner', async () => {
    const r = await file({ lat: 16.4705, lng: 107.5775 });
    await setDue(r.id, new Date(Date.now() - 3_600_000));
    await enqueue(s.database.db, ESCALATE_JOB, {});
    const ran = await s.ctx.jobs.drain();
    expect(ran.failed).toBe(0);
    const [row] = await s.database.db.select().from(feedbackReports).where(eq(feedbackReports.id, r.id));
    expect(row!.agencyId).toBe(await agencyId(s, AGENCIES.ubnd));
  });
});
