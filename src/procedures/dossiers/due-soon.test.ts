import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { testServer, type Client, type TestServer } from '../../platform/testing/index.js';
import { jobs } from '../../platform/jobs/schema.js';
import { clock } from './clock.js';
import { NOTIFY_DUE_SOON, scanDueSoon } from './due-soon.js';
import { agencyId, makeProcedure, uploadPdf } from './test-fixtures.js';

let s: TestServer;
let officer: Client;
const realNow = clock.now;
const vn = (t: string) => new Date(`${t}+07:00`);
let dossierId: string;

beforeAll(async () => {
  s = await testServer();
  officer = await s.login('motcua');
  const proc = await makeProcedure(s.ctx.db, { processingDays: 10 });
  const centre = await agencyId(s.ctx.db, 'TTHCC');
  clock.now = () => vn('2026-03-02T08:00:00');
  const sha = await uploadPdf(officer);
  const r = await officer.post('/api/dossiers/counter', {
    procedureId: proc.id,
    receivingAgencyId: centre.id,
    applicant: { name: 'Lê Thị C' },
    attachments: [{ paperId: proc.papers.form, files: [sha] }],
  });
  expect(r.statusCode, r.body).toBe(201);
  // Due Monday 16/3/2026 08:00.
  dossierId = r.json().id;
});
afterEach(() => {
  clock.now = realNow;
});
afterAll(async () => s?.close());

const intents = () => s.ctx.db.select().from(jobs).where(eq(jobs.kind, NOTIFY_DUE_SOON));

describe('the due-soon warning', () => {
  it('leaves nothing while the appointment is more than 8 working hours away', async () => {
    expect(await scanDueSoon(s.ctx.db, await s.ctx.calendar.calendar(), vn('2026-03-12T17:00:00'))).toEqual({
      found: 0,
      enqueued: 0,
    });
    expect(await intents()).toHaveLength(0);
  });

  it('leaves one durable intent per dossier and appointment, however often it scans', async () => {
    const cal = await s.ctx.calendar.calendar();
    // Friday 13/3 09:00 + 8 working hours reaches Monday 16/3 09:00, past the 08:00 appointment (the weekend does not count).
    expect(await scanDueSoon(s.ctx.db, cal, vn('2026-03-13T09:00:00'))).toEqual({ found: 1, enqueued: 1 });
    expect(await scanDueSoon(s.ctx.db, cal, vn('2026-03-13T10:00:00'))).toEqual({ found: 1, enqueued: 0 });
    const rows = await intents();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      status: 'pending',
      payload: expect.objectContaining({ dossierId, dueAt: vn('2026-03-16T08:00:00').toISOString() }),
    });
  });

  it('runs as a scheduled job on the runner', async () => {
    await s.ctx.db.delete(jobs).where(eq(jobs.kind, NOTIFY_DUE_SOON));
    clock.now = () => vn('2026-03-13T15:00:00');
    await s.ctx.jobs.drain();
    expect((await intents()).map((j) => (j.payload as { dossierId: string }).dossierId)).toEqual([dossierId]);
  });

  it('does not warn about a dossier already late', async () => {
    await s.ctx.db.delete(jobs).where(eq(jobs.kind, NOTIFY_DUE_SOON));
    expect(await scanDueSoon(s.ctx.db, await s.ctx.calendar.calendar(), vn('2026-03-16T09:00:00'))).toEqual({
      found: 0,
      enqueued: 0,
    });
  });
});
