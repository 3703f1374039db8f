import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { count } from 'drizzle-orm';
import { testServer, type Client, type TestServer } from '../../platform/testing/index.js';
import { citizenAccount, demoPlaces } from '../../directory/test-fixtures.js';
import { dossiers } from './schema.js';
import { makeProcedure, submitDossier, uploadPdf, type TestProcedure } from './test-fixtures.js';

let s: TestServer;
let citizen: Client;
let other: Client;
let officer: Client;
let proc: TestProcedure;
let places: Awaited<ReturnType<typeof demoPlaces>>;

beforeAll(async () => {
  s = await testServer();
  citizen = await s.login('congdan');
  other = await citizenAccount(s);
  officer = await s.login('motcua');
  proc = await makeProcedure(s.ctx.db);
  places = await demoPlaces(s);
});
afterAll(async () => s?.close());

const applicant = { idNumber: '046090001234', phone: '0912345678', address: '12 Lê Lợi, phường Thuận Hóa' };
const dossierCount = async () => (await s.ctx.db.select({ n: count() }).from(dossiers))[0]!.n;
const body = (sha: string, over: Record<string, unknown> = {}) => ({
  procedureId: proc.id,
  receivingAgencyId: places.centre,
  applicant,
  attachments: [{ paperId: proc.papers.form, files: [sha] }],
  ...over,
});
/** The answer without what differs between any two requests. */
const shape = (r: { json(): unknown }) => {
  const { requestId: _r, ...rest } = r.json() as Record<string, unknown>;
  return rest;
};

describe('a dossier names only files its author uploaded', () => {
  it('refuses citizen A’s file in citizen B’s dossier exactly as a file that does not exist, and writes nothing', async () => {
    const theirs = await uploadPdf(citizen, 'Giấy khai sinh của người khác');
    const before = await dossierCount();
    const foreign = await other.post('/api/dossiers', body(theirs));
    const unknown = await other.post('/api/dossiers', body('b'.repeat(64)));
    expect(foreign.statusCode, foreign.body).toBe(400);
    expect(foreign.json().errors).toEqual([
      expect.objectContaining({ code: 'file-not-found', field: '/body/attachments/0/files/0' }),
    ]);
    // Nothing tells B that A's file exists.
    expect(shape(foreign)).toEqual(shape(unknown));
    expect(await dossierCount()).toBe(before);
    // A's own dossier takes it; and B cannot read it through the file store either.
    expect((await citizen.post('/api/dossiers', body(theirs))).statusCode).toBe(201);
    expect((await other.get(`/api/files/${theirs}`)).statusCode).toBe(404);
  });

  it('at the desk, only files the officer uploaded: not a citizen’s', async () => {
    const citizens = await uploadPdf(citizen, 'Tờ khai của công dân');
    const r = await officer.post(
      '/api/dossiers/counter',
      body(citizens, { applicant: { ...applicant, name: 'Hoàng Văn Dân' } }),
    );
    expect(r.statusCode, r.body).toBe(400);
    expect(r.json().errors[0]).toMatchObject({ code: 'file-not-found' });
    const own = await uploadPdf(officer, 'Tờ khai quét tại quầy');
    expect(
      (await officer.post('/api/dossiers/counter', body(own, { applicant: { ...applicant, name: 'Hoàng Văn Dân' } })))
        .statusCode,
    ).toBe(201);
  });

  it('a supplement names only the supplier’s own files', async () => {
    const d = await submitDossier(citizen, proc, { receivingAgencyId: places.centre, applicant });
    expect((await officer.post(`/api/dossiers/${d.id}/actions/receive`, {})).statusCode).toBe(200);
    const rs = await officer.post(`/api/dossiers/${d.id}/actions/request-supplement`, {
      reason: 'Thiếu bản sao giấy tờ tùy thân',
    });
    expect(rs.statusCode, rs.body).toBe(200);
    const strangers = await uploadPdf(other, 'Bản sao của người khác');
    const r = await citizen.post(`/api/dossiers/${d.id}/actions/supplement`, {
      attachments: [{ paperId: proc.papers.copy, files: [strangers] }],
    });
    expect(r.statusCode, r.body).toBe(400);
    expect(r.json().errors[0]).toMatchObject({ code: 'file-not-found', field: '/body/attachments/0/files/0' });
  });
});

describe('the handling agency must be competent for the procedure (Nghị định 118/2025: any desk receives)', () => {
  it('refuses a Justice procedure handled by the city police, and takes it at the Department', async () => {
    const sha = await uploadPdf(citizen);
    const r = await citizen.post('/api/dossiers', body(sha, { agencyId: places.police }));
    expect(r.statusCode, r.body).toBe(400);
    expect(r.json().errors).toEqual([expect.objectContaining({ field: '/body/agencyId', code: 'not-competent' })]);
    expect((await citizen.post('/api/dossiers', body(sha, { agencyId: places.justice }))).statusCode).toBe(201);
  });

  it('a commune-level procedure of “the People’s Committee” goes to a commune’s, as the applicant chose, not to a department', async () => {
    const birth = (await s.anonymous.get('/api/procedures?q=1.001193')).json().items[0] as { id: string };
    const procedure = (await s.anonymous.get(`/api/procedures/${birth.id}`)).json() as {
      papers: { id: string; mandatory: boolean }[];
      formFields: { key: string; required: boolean }[];
    };
    const sha = await uploadPdf(citizen);
    const attachments = procedure.papers.filter((p) => p.mandatory).map((p) => ({ paperId: p.id, files: [sha] }));
    const send = (agencyId: string) =>
      citizen.post('/api/dossiers', {
        procedureId: birth.id,
        agencyId,
        receivingAgencyId: places.centre,
        applicant,
        attachments,
        formData: {},
      });
    const toDepartment = await send(places.justice);
    expect(toDepartment.statusCode).toBe(400);
    expect(toDepartment.json().errors).toEqual(
      expect.arrayContaining([expect.objectContaining({ field: '/body/agencyId', code: 'not-competent' })]),
    );
    const toWard = await send(places.thuanHoaPc);
    expect(toWard.json().errors ?? []).not.toEqual(
      expect.arrayContaining([expect.objectContaining({ field: '/body/agencyId' })]),
    );
  });
});

describe('the desk', () => {
  it('a counter receipt without the receiving desk says that the desk is missing (400), not a bare 403', async () => {
    const sha = await uploadPdf(officer);
    const r = await officer.post('/api/dossiers/counter', {
      procedureId: proc.id,
      applicant: { ...applicant, name: 'Hoàng Văn Dân' },
      attachments: [{ paperId: proc.papers.form, files: [sha] }],
    });
    expect(r.statusCode, r.body).toBe(400);
    expect(r.json().errors).toEqual([expect.objectContaining({ field: '/body/receivingAgencyId', code: 'required' })]);
    expect(r.json().messages.vi.detail).toContain('nơi tiếp nhận');
  });
});
