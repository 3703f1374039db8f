import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { count, eq } from 'drizzle-orm';
import { testServer, type Client, type TestServer } from '../../platform/testing/index.js';
import { demoPlaces, staffWith } from '../../directory/test-fixtures.js';
import { procedures } from '../catalog/schema.js';
import { at, makeProcedure, restoreClock, submitDossier, vn, type TestProcedure } from '../dossiers/test-fixtures.js';
import { questions } from './schema.js';

let s: TestServer;
let citizen: Client;
let specialist: Client;
let places: Awaited<ReturnType<typeof demoPlaces>>;
let proc: TestProcedure;

beforeAll(async () => {
  s = await testServer();
  citizen = await s.login('congdan');
  specialist = await s.login('chuyenvien');
  places = await demoPlaces(s);
  proc = await makeProcedure(s.ctx.db);
});
afterEach(() => restoreClock());
afterAll(async () => s?.close());

const questionCount = async () => (await s.ctx.db.select({ n: count() }).from(questions))[0]!.n;
const ask = (c: Client, over: object = {}) =>
  c.post('/api/questions', {
    procedureId: proc.id,
    body: 'Tôi có thể nộp bản chụp căn cước thay cho bản sao chứng thực không?',
    ...over,
  });

describe('questions and answers on procedures (hỏi đáp)', () => {
  it('goes to the competent agency, due in working time; answered there on time, published, and found by the catalog search', async () => {
    at('2026-03-06T16:00:00'); // a Friday afternoon
    const r = await ask(s.anonymous, {
      name: 'Lê Văn Hỏi',
      contact: 'hoi@example.vn',
      body: 'Phiếu lý lịch tư pháp số 2 có cần giấy ủy quyền xyzqua không?',
    });
    expect(r.statusCode, r.body).toBe(201);
    const q = r.json() as { id: string; agencyId: string; dueAt: string; status: string };
    expect(q.agencyId).toBe(proc.agencyId);
    // Five working days from a Friday afternoon: the next Friday, same hour.
    expect(new Date(q.dueAt).getTime()).toBe(vn('2026-03-13T16:00:00').getTime());

    // The agency's staff see it in their queue; another agency's do not, and may not answer.
    const queue = (await specialist.get('/api/questions?status=open')).json().items as { id: string }[];
    expect(queue.map((x) => x.id)).toContain(q.id);
    const construction = await staffWith(
      s,
      [{ role: 'specialist', scopeKind: 'agency', scopeId: places.construction }],
      { agencyId: places.construction },
    );
    expect(
      ((await construction.get('/api/questions')).json().items as { id: string }[]).map((x) => x.id),
    ).not.toContain(q.id);
    const refused = await construction.post(`/api/questions/${q.id}/answer`, { answer: 'Không cần.' });
    expect(refused.statusCode).toBe(403);
    expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect((await citizen.post(`/api/questions/${q.id}/answer`, { answer: 'Tự trả lời.' })).statusCode).toBe(403);

    at('2026-03-10T09:00:00');
    const a = await specialist.post(`/api/questions/${q.id}/answer`, {
      answer: 'Không cần giấy ủy quyền khi tự mình yêu cầu.',
      publish: true,
    });
    expect(a.statusCode, a.body).toBe(200);
    expect(a.json()).toMatchObject({ status: 'answered', onTime: true, published: true });
    expect((await specialist.post(`/api/questions/${q.id}/answer`, { answer: 'Lần hai.' })).statusCode).toBe(409);

    const published = (await s.anonymous.get(`/api/procedures/${proc.id}/questions`)).json().items as {
      id: string;
      body: string;
      answer: string;
    }[];
    expect(published).toEqual([
      expect.objectContaining({ id: q.id, answer: 'Không cần giấy ủy quyền khi tự mình yêu cầu.' }),
    ]);
    // The asker's identity is never published.
    expect(JSON.stringify(published)).not.toContain('hoi@example.vn');
    // The catalog search finds the procedure by the words of the published question, without diacritics.
    const found = (await s.anonymous.get('/api/procedures?q=giay uy quyen xyzqua&includeInactive=true')).json()
      .items as { id: string }[];
    expect(found.map((p) => p.id)).toContain(proc.id);

    // Withdrawn from the page, it is no longer found.
    expect((await specialist.post(`/api/questions/${q.id}/publish`, { published: false })).statusCode).toBe(200);
    expect((await s.anonymous.get('/api/procedures?q=xyzqua')).json().items).toEqual([]);
  });

  it('a commune-level procedure’s question goes to the commune the asker chose, which must be competent', async () => {
    const birth = (await s.anonymous.get('/api/procedures/1.001193')).json() as { id: string };
    const none = await ask(citizen, { procedureId: birth.id });
    expect(none.statusCode).toBe(400);
    expect(none.json().errors[0]).toMatchObject({ field: '/body/agencyId', code: 'required' });
    const dept = await ask(citizen, { procedureId: birth.id, agencyId: places.justice });
    expect(dept.json().errors[0]).toMatchObject({ code: 'not-competent' });
    const ward = await ask(citizen, { procedureId: birth.id, agencyId: places.phuXuanPc });
    expect(ward.statusCode, ward.body).toBe(201);
    expect(ward.json().agencyId).toBe(places.phuXuanPc);
    // Asked about one's own dossier: its agency; someone else's dossier does not exist.
    const d = await submitDossier(citizen, proc, { receivingAgencyId: places.centre });
    const own = await ask(citizen, { dossierId: d.id });
    expect(own.statusCode, own.body).toBe(201);
    expect((await ask(s.anonymous, { dossierId: d.id, name: 'Ai đó', contact: '0912345678' })).statusCode).toBe(404);
    expect(((await citizen.get('/api/questions/mine')).json().items as { id: string }[]).length).toBeGreaterThanOrEqual(
      2,
    );
  });

  it('bad input: an inactive procedure, an anonymous question without contact — clear problem, nothing written', async () => {
    const before = await questionCount();
    const old = await makeProcedure(s.ctx.db);
    await s.ctx.db.update(procedures).set({ active: false }).where(eq(procedures.id, old.id));
    const r = await ask(citizen, { procedureId: old.id });
    expect(r.statusCode).toBe(409);
    expect(r.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(r.json()).toMatchObject({ code: 'procedure-inactive' });
    expect(r.json().messages.vi.detail).toContain('không còn được áp dụng');
    const anon = await ask(s.anonymous, { name: 'Khách' });
    expect(anon.statusCode).toBe(400);
    expect(anon.json().errors[0]).toMatchObject({ field: '/body/contact', code: 'required' });
    expect(await questionCount()).toBe(before);
  });

  it('statistics: answered on time and late, open past the deadline', async () => {
    at('2026-04-01T08:00:00');
    const late = (await ask(citizen)).json() as { id: string };
    at('2026-04-20T08:00:00');
    expect(
      (await specialist.post(`/api/questions/${late.id}/answer`, { answer: 'Trả lời muộn.' })).json(),
    ).toMatchObject({ onTime: false });
    const leader = await s.login('lanhdao');
    const rows = (await leader.get('/api/questions/stats')).json().rows as {
      agencyId: string;
      answered: number;
      onTime: number;
      late: number;
      openOverdue: number;
    }[];
    const justice = rows.find((r) => r.agencyId === proc.agencyId)!;
    expect(justice.onTime).toBeGreaterThanOrEqual(1);
    expect(justice.late).toBeGreaterThanOrEqual(1);
    expect(justice.answered).toBe(justice.onTime + justice.late);
    expect((await citizen.get('/api/questions/stats')).statusCode).toBe(403);
  });
});
