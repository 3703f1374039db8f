import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { count, eq } from 'drizzle-orm';
import { testServer, type Client, type TestServer } from '../../platform/testing/index.js';
import { accounts } from '../../platform/auth/schema.js';
import { citizenAccount, demoPlaces } from '../../directory/test-fixtures.js';
import { procedurePapers } from '../catalog/schema.js';
import { dossiers } from '../dossiers/schema.js';
import { makeProcedure, uploadPdf, type TestProcedure } from '../dossiers/test-fixtures.js';
import { nationalDatabases } from './national.js';
import { nationalLookups } from './schema.js';
import { TestPopulationDatabase } from './testing/population.js';

let s: TestServer;
let citizen: Client;
let officer: Client;
let places: Awaited<ReturnType<typeof demoPlaces>>;
let proc: TestProcedure;
let identityPaper: string;
let deskPaper: string;
const population = new TestPopulationDatabase([
  { idNumber: '046090001234', fullName: 'Nguyễn Văn Dân', dateOfBirth: '1990-05-01' },
]);

beforeAll(async () => {
  s = await testServer();
  citizen = await citizenAccount(s, 'Nguyễn Văn Dân');
  officer = await s.login('motcua');
  places = await demoPlaces(s);
  proc = await makeProcedure(s.ctx.db);
  const [id, desk] = await s.ctx.db
    .insert(procedurePapers)
    .values([
      {
        procedureId: proc.id,
        ordinal: 3,
        name: 'Giấy tờ tùy thân để xuất trình',
        kindCode: 'giay-to-tuy-than',
        provision: 'national',
        nationalSource: 'population',
        mandatory: true,
      },
      { procedureId: proc.id, ordinal: 4, name: 'Bản chính giấy tờ để đối chiếu', provision: 'desk', mandatory: true },
    ])
    .returning();
  identityPaper = id!.id;
  deskPaper = desk!.id;
  nationalDatabases.use(population);
});
afterEach(() => nationalDatabases.use(population));
afterAll(async () => {
  nationalDatabases.clear();
  await s?.close();
});

const applicant = { name: 'Nguyễn Văn Dân', idNumber: '046090001234', phone: '0912345678' };
const dossierCount = async () => (await s.ctx.db.select({ n: count() }).from(dossiers))[0]!.n;
const lookupCount = async () => (await s.ctx.db.select({ n: count() }).from(nationalLookups))[0]!.n;
const send = async (c: Client, extra: object[] = [], over: object = {}) =>
  c.post('/api/dossiers', {
    procedureId: proc.id,
    receivingAgencyId: places.centre,
    applicant,
    attachments: [{ paperId: proc.papers.form, files: [await uploadPdf(c)] }, ...extra],
    ...over,
  });
const sources = (d: { attachments: { paperId: string; source?: string }[] }) =>
  Object.fromEntries(d.attachments.map((a) => [a.paperId, a.source]));

describe('papers the state already holds', () => {
  it('online, a paper shown at the desk or taken from the population database is not asked for: without consent it is shown at the desk', async () => {
    const before = population.queries.length;
    const r = await send(citizen);
    expect(r.statusCode, r.body).toBe(201);
    expect(sources(r.json())).toEqual({ [proc.papers.form]: 'upload', [identityPaper]: 'desk', [deskPaper]: 'desk' });
    // Without consent, nobody was looked up.
    expect(population.queries.length).toBe(before);
  });

  it('with the applicant’s consent the identity comes from the population database, and the consent is recorded', async () => {
    const r = await send(citizen, [{ paperId: identityPaper, source: 'national', consent: true }]);
    expect(r.statusCode, r.body).toBe(201);
    const d = r.json() as { id: string; attachments: { paperId: string; source?: string; lookupId?: string }[] };
    const att = d.attachments.find((a) => a.paperId === identityPaper)!;
    expect(att.source).toBe('national');
    const [lookup] = await s.ctx.db.select().from(nationalLookups).where(eq(nationalLookups.id, att.lookupId!));
    expect(lookup).toMatchObject({
      source: 'population',
      outcome: 'found',
      idNumber: '046090001234',
      procedureId: proc.id,
      accountId: citizen.accountId,
    });
    // The officer sees where each paper came from.
    const papers = (await officer.get(`/api/dossiers/${d.id}/papers`)).json().items as {
      paperId: string;
      source: string;
      verified: boolean;
      lookup: { outcome: string } | null;
    }[];
    expect(papers.find((p) => p.paperId === identityPaper)).toMatchObject({
      source: 'national',
      verified: true,
      lookup: { outcome: 'found' },
    });
    expect(papers.find((p) => p.paperId === deskPaper)).toMatchObject({ source: 'desk', verified: false });
    expect(papers.find((p) => p.paperId === proc.papers.form)).toMatchObject({ source: 'upload' });
  });

  it('a lookup under another name is refused, the lookup recorded, no dossier written; without consent the source is refused', async () => {
    const dossiersBefore = await dossierCount();
    const lookupsBefore = await lookupCount();
    const wrong = await send(citizen, [{ paperId: identityPaper, source: 'national', consent: true }], {
      applicant: { ...applicant, name: 'Trần Thị Khác' },
    });
    expect(wrong.statusCode, wrong.body).toBe(400);
    expect(wrong.json().errors).toEqual([expect.objectContaining({ field: '/body/attachments/1', code: 'mismatch' })]);
    expect(await lookupCount()).toBe(lookupsBefore + 1);
    const noConsent = await send(citizen, [{ paperId: identityPaper, source: 'national' }]);
    expect(noConsent.statusCode).toBe(400);
    expect(noConsent.json().errors).toEqual([expect.objectContaining({ code: 'consent-required' })]);
    expect(await lookupCount()).toBe(lookupsBefore + 1);
    // A paper to upload cannot be claimed from a national database.
    const notNational = await send(citizen, [{ paperId: proc.papers.copy, source: 'national', consent: true }]);
    expect(notNational.json().errors).toEqual([expect.objectContaining({ code: 'upload-required' })]);
    expect(await dossierCount()).toBe(dossiersBefore);
  });

  it('an account verified by the national identity provider needs no lookup', async () => {
    const verified = await citizenAccount(s, 'Nguyễn Văn Dân');
    await s.ctx.db
      .update(accounts)
      .set({ oidcIssuer: 'https://vneid.example', oidcSubject: `sub-${verified.accountId}` })
      .where(eq(accounts.id, verified.accountId!));
    const before = population.queries.length;
    const r = await send(verified);
    expect(r.statusCode, r.body).toBe(201);
    expect(sources(r.json())[identityPaper]).toBe('identity');
    expect(population.queries.length).toBe(before);
  });

  it('without a population adapter the consented paper falls back to the desk, the attempt recorded as unavailable', async () => {
    nationalDatabases.clear();
    const r = await send(citizen, [{ paperId: identityPaper, source: 'national', consent: true }]);
    expect(r.statusCode, r.body).toBe(201);
    expect(sources(r.json())[identityPaper]).toBe('desk');
    const rows = await s.ctx.db.select().from(nationalLookups).where(eq(nationalLookups.outcome, 'unavailable'));
    expect(rows.length).toBe(1);
  });

  it('at the desk, the identity and desk papers are shown there', async () => {
    const r = await officer.post('/api/dossiers/counter', {
      procedureId: proc.id,
      receivingAgencyId: places.centre,
      applicant,
      attachments: [{ paperId: proc.papers.form, files: [await uploadPdf(officer)] }],
    });
    expect(r.statusCode, r.body).toBe(201);
    expect(sources(r.json())).toEqual({ [proc.papers.form]: 'upload', [identityPaper]: 'desk', [deskPaper]: 'desk' });
  });

  it('the demo birth registration no longer asks for an upload of the identity paper', async () => {
    const birth = (await s.anonymous.get('/api/procedures/1.001193')).json() as {
      id: string;
      resultKindCode: string;
      papers: { id: string; provision: string; nationalSource: string | null; mandatory: boolean }[];
    };
    expect(birth.resultKindCode).toBe('giay-khai-sinh');
    const id = birth.papers.find((p) => p.provision === 'national')!;
    expect(id.nationalSource).toBe('population');
    const sha = await uploadPdf(citizen);
    const attachments = birth.papers
      .filter((p) => p.mandatory && p.provision === 'upload')
      .map((p) => ({ paperId: p.id, files: [sha] }));
    const r = await citizen.post('/api/dossiers', {
      procedureId: birth.id,
      agencyId: places.thuanHoaPc,
      receivingAgencyId: places.thuanHoaPc,
      applicant,
      attachments,
      formData: {},
    });
    expect(r.json().errors ?? []).not.toEqual(
      expect.arrayContaining([expect.objectContaining({ code: 'missing-paper' })]),
    );
  });

  it('the kinds of paper are data, listed publicly', async () => {
    const kinds = (await s.anonymous.get('/api/paper-kinds')).json() as {
      code: string;
      nationalSource: string | null;
    }[];
    expect(kinds.find((k) => k.code === 'giay-to-tuy-than')).toMatchObject({ nationalSource: 'population' });
  });
});

describe('marking papers in the catalog (rules are data)', () => {
  it('an administrator marks a paper “shown at the desk” or “from the population database”; a bad mark is a clear 400, nothing changed', async () => {
    const admin = await s.login('admin');
    const created = await admin.post('/api/procedures', {
      code: `9.8${Date.now() % 100000}`,
      name: 'Thủ tục thử giấy tờ',
      fieldCode: 'ho-tich',
      levels: ['commune'],
      processingDays: 3,
      onlineLevel: 'full',
      resultKindCode: 'giay-khai-sinh',
      papers: [
        { name: 'Tờ khai', originals: 1 },
        { name: 'Giấy tờ tùy thân', kindCode: 'giay-to-tuy-than', provision: 'national', nationalSource: 'population' },
        { name: 'Sổ hộ khẩu cũ', provision: 'desk' },
      ],
    });
    expect(created.statusCode, created.body).toBe(201);
    const p = created.json() as {
      id: string;
      resultKindCode: string;
      papers: { provision: string; nationalSource: string | null; kindCode: string | null }[];
    };
    expect(p.resultKindCode).toBe('giay-khai-sinh');
    expect(p.papers.map((x) => [x.provision, x.nationalSource, x.kindCode])).toEqual([
      ['upload', null, null],
      ['national', 'population', 'giay-to-tuy-than'],
      ['desk', null, null],
    ]);
    const noSource = await admin.patch(`/api/procedures/${p.id}`, {
      papers: [{ name: 'Giấy tờ tùy thân', provision: 'national' }],
    });
    expect(noSource.statusCode).toBe(400);
    expect(noSource.json().errors).toEqual([
      expect.objectContaining({ field: '/body/papers/0/nationalSource', code: 'required' }),
    ]);
    const unknownKind = await admin.patch(`/api/procedures/${p.id}`, {
      papers: [{ name: 'X', kindCode: 'khong-co' }],
      resultKindCode: 'cung-khong-co',
    });
    expect(unknownKind.statusCode).toBe(400);
    expect(unknownKind.json().errors.map((e: { code: string }) => e.code)).toEqual(['unknown-kind', 'unknown-kind']);
    expect(((await s.anonymous.get(`/api/procedures/${p.id}`)).json() as { papers: unknown[] }).papers).toHaveLength(3);
  });
});

describe('competence: what the wizard offers is what the server takes', () => {
  it('a commune-level procedure offers the communes’ People’s Committees, a department’s only the department', async () => {
    const birth = (await s.anonymous.get('/api/procedures/1.001193/agencies')).json().items as {
      id: string;
      level: string;
    }[];
    expect(birth.map((a) => a.id)).toEqual(expect.arrayContaining([places.phuXuanPc, places.thuanHoaPc]));
    expect(birth.every((a) => a.level === 'commune')).toBe(true);
    expect(birth.map((a) => a.id)).not.toContain(places.justice);
    const judicial = (await s.anonymous.get('/api/procedures/2.000488/agencies')).json().items as { id: string }[];
    expect(judicial.map((a) => a.id)).toEqual([places.justice]);
    // The server refuses what the wizard would not offer.
    const sha = await uploadPdf(citizen);
    const r = await citizen.post('/api/dossiers', {
      procedureId: '1.001193',
      agencyId: places.justice,
      receivingAgencyId: places.centre,
      applicant,
      attachments: [{ paperId: null, name: 'x', files: [sha] }],
    });
    expect(r.statusCode).toBe(400);
    expect(r.json().errors).toEqual(
      expect.arrayContaining([expect.objectContaining({ field: '/body/agencyId', code: 'not-competent' })]),
    );
  });
});
