import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testServer, type TestServer } from '../platform/testing/index.js';
import { act, approvedDraft, office, type Office } from './test-fixtures.js';

let s: TestServer;
let o: Office;

beforeAll(async () => {
  s = await testServer();
  o = await office(s);
}, 180_000);
afterAll(async () => s?.close());

describe('who may do what with documents (both ways)', { timeout: 180_000 }, () => {
  it('registers, agency settings and document types', async () => {
    const body = { agencyId: o.justice, direction: 'outgoing', year: 2026, series: 'quy-pham', typeCodes: ['QĐ'] };
    expect((await o.otherClerk.post('/api/documents/registers', body)).statusCode).toBe(403);
    expect((await o.specialist.post('/api/documents/registers', body)).statusCode).toBe(403);
    const r = await o.clerk.post('/api/documents/registers', body);
    expect(r.statusCode, r.body).toBe(201);
    expect((await o.clerk.post('/api/documents/registers', body)).statusCode).toBe(409);
    expect(
      (await o.clerk.post('/api/documents/registers', { ...body, series: 'x', typeCodes: ['ZZ'] })).statusCode,
    ).toBe(400);

    const settings = { abbreviation: 'STP', place: 'Huế', parentName: 'UBND THÀNH PHỐ HUẾ' };
    expect((await o.otherClerk.put(`/api/documents/agencies/${o.justice}/settings`, settings)).statusCode).toBe(403);
    expect((await o.clerk.put(`/api/documents/agencies/${o.justice}/settings`, settings)).statusCode).toBe(200);

    const type = { name: 'Thông tri', nameEn: 'Circular notice' };
    expect((await o.clerk.put('/api/documents/types/TT', type)).statusCode).toBe(403);
    const admin = await s.login('admin');
    expect((await admin.put('/api/documents/types/TT', type)).statusCode).toBe(200);
    const types = (await o.clerk.get('/api/documents/types')).json() as { code: string; letter: boolean }[];
    expect(types.find((t) => t.code === 'CV')).toMatchObject({ letter: true });
    expect(types.filter((t) => !t.letter).length).toBeGreaterThanOrEqual(27);
  });

  it('drafts: the agency’s drafters may, another agency’s may not; the drafting unit must belong to the agency', async () => {
    const draft = { agencyId: o.justice, typeCode: 'TTr', summary: 'Tờ trình thử', body: 'Nội dung' };
    expect((await o.otherClerk.post('/api/documents/drafts', draft)).statusCode).toBe(403);
    expect(
      (await o.specialist.post('/api/documents/drafts', { ...draft, draftingUnitId: o.otherClerk.accountId }))
        .statusCode,
    ).toBe(400);
    expect((await o.specialist.post('/api/documents/drafts', { ...draft, typeCode: 'ZZ' })).statusCode).toBe(400);
    const r = await o.specialist.post('/api/documents/drafts', draft);
    expect(r.statusCode, r.body).toBe(201);
    const id = (r.json() as { id: string }).id;
    // Another agency's clerk neither sees nor acts on it.
    expect((await o.otherClerk.get(`/api/documents/${id}`)).statusCode).toBe(403);
    expect((await o.otherClerk.post(`/api/documents/${id}/actions/submit`, {})).statusCode).toBe(403);
    expect((await s.anonymous.get(`/api/documents/${id}`)).statusCode).toBe(401);
  });

  it('work records: open, file a document, close only when finished, archive by the clerk', async () => {
    expect(
      (await o.otherClerk.post('/api/documents/work-records', { agencyId: o.justice, code: 'HS-01', title: 'x' }))
        .statusCode,
    ).toBe(403);
    const r = await o.specialist.post('/api/documents/work-records', {
      agencyId: o.justice,
      code: 'HS-01',
      title: 'Hồ sơ trả lời kiến nghị năm 2026',
      retentionYears: 10,
    });
    expect(r.statusCode, r.body).toBe(201);
    const wr = (r.json() as { id: string }).id;
    expect(
      (await o.specialist.post('/api/documents/work-records', { agencyId: o.justice, code: 'HS-01', title: 'lặp' }))
        .statusCode,
    ).toBe(409);
    const doc = await approvedDraft(o);
    await act(o.specialist, doc, 'file-to-record', { workRecordId: wr });
    const blocked = await o.specialist.post(`/api/documents/work-records/${wr}/close`, {});
    expect(blocked.statusCode).toBe(409);
    await act(o.clerk, doc, 'withdraw', { reason: 'Không ban hành nữa' });
    expect((await o.otherClerk.post(`/api/documents/work-records/${wr}/close`, {})).statusCode).toBe(403);
    expect((await o.specialist.post(`/api/documents/work-records/${wr}/close`, {})).statusCode).toBe(200);
    expect((await o.specialist.post(`/api/documents/work-records/${wr}/archive`, {})).statusCode).toBe(403);
    const archived = await o.clerk.post(`/api/documents/work-records/${wr}/archive`, {});
    expect(archived.statusCode, archived.body).toBe(200);
    expect(archived.json()).toMatchObject({ status: 'archived', documentCount: 1 });
    expect((await o.specialist.post(`/api/documents/work-records/${wr}/reopen`, {})).statusCode).toBe(409);
    const stats = await o.leader.get('/api/documents/stats?from=2000-01-01&to=2100-01-01');
    expect(stats.statusCode, stats.body).toBe(200);
    expect((stats.json() as { totals: { workRecords: number } }).totals.workRecords).toBeGreaterThanOrEqual(1);
    expect((await o.specialist.get('/api/documents/stats?from=2000-01-01&to=2100-01-01')).statusCode).toBe(403);
  });
});
