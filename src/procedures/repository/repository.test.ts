import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { count, eq } from 'drizzle-orm';
import { testServer, type Client, type TestServer } from '../../platform/testing/index.js';
import { citizenAccount, demoPlaces } from '../../directory/test-fixtures.js';
import { procedurePapers, procedures } from '../catalog/schema.js';
import { dossiers } from '../dossiers/schema.js';
import { act, makeProcedure, submitDossier, uploadPdf, type TestProcedure } from '../dossiers/test-fixtures.js';
import { repositoryDocuments } from './schema.js';

let s: TestServer;
let citizen: Client;
let other: Client;
let officer: Client;
let specialist: Client;
let leader: Client;
let places: Awaited<ReturnType<typeof demoPlaces>>;
/** Issues a certificate of marital status (its result kind). */
let issuing: TestProcedure;
/** Asks for a certificate of marital status among its papers. */
let asking: TestProcedure;

const KIND = 'giay-xac-nhan-tinh-trang-hon-nhan';
const applicant = { idNumber: '046090001234', phone: '0912345678', address: '12 Lê Lợi, phường Thuận Hóa' };

beforeAll(async () => {
  s = await testServer();
  citizen = await s.login('congdan');
  other = await citizenAccount(s);
  officer = await s.login('motcua');
  specialist = await s.login('chuyenvien');
  leader = await s.login('lanhdao');
  places = await demoPlaces(s);
  const db = s.ctx.db;
  issuing = await makeProcedure(db);
  await db
    .update(procedures)
    .set({ resultKindCode: KIND, resultType: 'Giấy xác nhận tình trạng hôn nhân' })
    .where(eq(procedures.id, issuing.id));
  asking = await makeProcedure(db);
  // Its optional copy paper becomes the mandatory certificate the later procedure needs.
  await db
    .update(procedurePapers)
    .set({ name: 'Giấy xác nhận tình trạng hôn nhân', kindCode: KIND, mandatory: true })
    .where(eq(procedurePapers.id, asking.papers.copy));
});
afterAll(async () => s?.close());

/** Through every step to the result, with the result's number, and returned. */
async function resultOf(p: TestProcedure, c: Client) {
  const d = await submitDossier(c, p, { receivingAgencyId: places.centre, applicant });
  await act(officer, d.id, 'receive');
  await act(officer, d.id, 'assign', {
    handlerId: (await specialist.get('/api/auth/me')).json().account?.id ?? specialist.accountId,
  });
  await act(specialist, d.id, 'process-step');
  await act(specialist, d.id, 'process-step');
  await act(leader, d.id, 'approve');
  const sha = await uploadPdf(specialist, `Giấy xác nhận ${d.code}`);
  await act(specialist, d.id, 'attach-result', { sha256: sha, number: '125/XNHN', validUntil: '2099-12-31' });
  await act(officer, d.id, 'return');
  return { dossier: d, sha };
}

const docCount = async () => (await s.ctx.db.select({ n: count() }).from(repositoryDocuments))[0]!.n;

describe('the citizen’s repository of results (kho dữ liệu điện tử)', () => {
  it('a result returned in one dossier is picked from the repository in a later dossier of another procedure, and the officer sees it verified', async () => {
    const { dossier, sha } = await resultOf(issuing, citizen);
    const mine = (await citizen.get('/api/repository/documents')).json().items as {
      id: string;
      kindCode: string;
      sha256: string;
      number: string;
      verified: boolean;
      origin: string;
      dossierId: string;
      issuerAgencyId: string;
    }[];
    const kept = mine.find((x) => x.dossierId === dossier.id)!;
    expect(kept).toMatchObject({
      kindCode: KIND,
      sha256: sha,
      number: '125/XNHN',
      verified: true,
      origin: 'result',
      issuerAgencyId: issuing.agencyId,
    });

    const form = await uploadPdf(citizen, 'Tờ khai đăng ký kết hôn');
    const r = await citizen.post('/api/dossiers', {
      procedureId: asking.id,
      receivingAgencyId: places.centre,
      applicant,
      attachments: [
        { paperId: asking.papers.form, files: [form] },
        { paperId: asking.papers.copy, source: 'repository', documentId: kept.id },
      ],
    });
    expect(r.statusCode, r.body).toBe(201);
    const later = r.json() as {
      id: string;
      attachments: { paperId: string; source: string; documentId?: string; files: string[] }[];
    };
    expect(later.attachments.find((a) => a.paperId === asking.papers.copy)).toMatchObject({
      source: 'repository',
      documentId: kept.id,
      files: [sha],
    });

    const papers = (await officer.get(`/api/dossiers/${later.id}/papers`)).json().items as {
      paperId: string;
      source: string;
      verified: boolean;
      document: { number: string } | null;
    }[];
    expect(papers.find((p) => p.paperId === asking.papers.form)).toMatchObject({ source: 'upload', verified: false });
    expect(papers.find((p) => p.paperId === asking.papers.copy)).toMatchObject({
      source: 'repository',
      verified: true,
      document: { number: '125/XNHN' },
    });
    // The officer can read the reused file through the later dossier.
    expect((await officer.get(`/api/dossiers/${later.id}/files/${sha}`)).statusCode).toBe(200);
  });

  it('another citizen’s document is refused as one that does not exist, and nothing is written', async () => {
    const { dossier } = await resultOf(issuing, citizen);
    const doc = (
      await s.ctx.db.select().from(repositoryDocuments).where(eq(repositoryDocuments.dossierId, dossier.id))
    )[0]!;
    expect((await other.get(`/api/repository/documents/${doc.id}`)).statusCode).toBe(404);
    expect((await other.get('/api/repository/documents')).json().items).toEqual([]);
    const before = (await s.ctx.db.select({ n: count() }).from(dossiers))[0]!.n;
    const form = await uploadPdf(other);
    const body = (documentId: string) => ({
      procedureId: asking.id,
      receivingAgencyId: places.centre,
      applicant,
      attachments: [
        { paperId: asking.papers.form, files: [form] },
        { paperId: asking.papers.copy, source: 'repository', documentId },
      ],
    });
    const foreign = await other.post('/api/dossiers', body(doc.id));
    const unknown = await other.post('/api/dossiers', body('00000000-0000-4000-8000-000000000000'));
    expect(foreign.statusCode, foreign.body).toBe(400);
    expect(foreign.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(foreign.json().errors).toEqual([
      expect.objectContaining({ field: '/body/attachments/1/documentId', code: 'document-not-found' }),
    ]);
    expect(foreign.json().errors).toEqual(unknown.json().errors);
    expect((await s.ctx.db.select({ n: count() }).from(dossiers))[0]!.n).toBe(before);
  });

  it('a document of another kind does not stand for the paper', async () => {
    const scan = await uploadPdf(citizen, 'Bằng tốt nghiệp');
    const d = (
      await citizen.post('/api/repository/documents', { kindCode: 'van-bang-chung-chi', sha256: scan, number: 'B-1' })
    ).json() as { id: string };
    const r = await citizen.post('/api/dossiers', {
      procedureId: asking.id,
      receivingAgencyId: places.centre,
      applicant,
      attachments: [
        { paperId: asking.papers.form, files: [await uploadPdf(citizen)] },
        { paperId: asking.papers.copy, source: 'repository', documentId: d.id },
      ],
    });
    expect(r.statusCode).toBe(400);
    expect(r.json().errors[0]).toMatchObject({ code: 'wrong-kind' });
  });

  it('a paper the citizen digitised is unverified until an officer of the receiving desk checks it in a dossier', async () => {
    const scan = await uploadPdf(citizen, 'Giấy xác nhận tình trạng hôn nhân cũ');
    const added = await citizen.post('/api/repository/documents', {
      kindCode: KIND,
      sha256: scan,
      number: '77/XN',
      issuerName: 'UBND xã A',
      issuedOn: '2026-01-05',
    });
    expect(added.statusCode, added.body).toBe(201);
    const doc = added.json() as { id: string; verified: boolean; origin: string };
    expect(doc).toMatchObject({ verified: false, origin: 'citizen' });
    // A file the citizen did not upload is refused, and nothing is added.
    const before = await docCount();
    const theirs = await uploadPdf(other, 'Của người khác');
    const stolen = await citizen.post('/api/repository/documents', { kindCode: KIND, sha256: theirs });
    expect(stolen.statusCode).toBe(400);
    expect(stolen.json().errors[0]).toMatchObject({ code: 'file-not-found' });
    expect(await docCount()).toBe(before);

    const d = await citizen.post('/api/dossiers', {
      procedureId: asking.id,
      receivingAgencyId: places.centre,
      applicant,
      attachments: [
        { paperId: asking.papers.form, files: [await uploadPdf(citizen)] },
        { paperId: asking.papers.copy, source: 'repository', documentId: doc.id },
      ],
    });
    expect(d.statusCode, d.body).toBe(201);
    const id = d.json().id as string;
    const provenance = async () =>
      ((await officer.get(`/api/dossiers/${id}/papers`)).json().items as { paperId: string; verified: boolean }[]).find(
        (p) => p.paperId === asking.papers.copy,
      )!;
    expect((await provenance()).verified).toBe(false);

    // Verification is the receiving desk's: a specialist of the Department is refused; the citizen too.
    expect((await specialist.post(`/api/repository/documents/${doc.id}/verify`, { dossierId: id })).statusCode).toBe(
      403,
    );
    expect((await citizen.post(`/api/repository/documents/${doc.id}/verify`, { dossierId: id })).statusCode).toBe(403);
    const v = await officer.post(`/api/repository/documents/${doc.id}/verify`, { dossierId: id });
    expect(v.statusCode, v.body).toBe(200);
    expect(v.json()).toMatchObject({ verified: true });
    expect((await provenance()).verified).toBe(true);
    expect((await officer.post(`/api/repository/documents/${doc.id}/verify`, { dossierId: id })).statusCode).toBe(409);
    // Only a document the dossier names: an officer does not reach into repositories.
    const unrelated = (
      await citizen.post('/api/repository/documents', { kindCode: KIND, sha256: await uploadPdf(citizen) })
    ).json() as { id: string };
    expect((await officer.post(`/api/repository/documents/${unrelated.id}/verify`, { dossierId: id })).statusCode).toBe(
      404,
    );
  });

  it('statistics count results digitised and papers reused', async () => {
    const leaderStats = await leader.get('/api/repository/stats');
    expect(leaderStats.statusCode, leaderStats.body).toBe(200);
    const row = (
      leaderStats.json().rows as { agencyId: string; results: number; resultsDigitised: number; papersReused: number }[]
    ).find((r) => r.agencyId === issuing.agencyId)!;
    expect(row.results).toBeGreaterThanOrEqual(2);
    expect(row.resultsDigitised).toBe(row.results);
    expect(row.papersReused).toBeGreaterThanOrEqual(2);
    expect((await citizen.get('/api/repository/stats')).statusCode).toBe(403);
  });
});
