/** Issue 8 items 13 and 15 through the API: typed form fields, the applicant block and unknown keys at intake and on a supplement. */
import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testServer, type Client, type TestServer } from '../../platform/testing/index.js';
import { procedures, type FormField } from '../catalog/schema.js';
import { getProcedure, type ProcedureDetail } from '../catalog/service.js';
import { dossiers } from './schema.js';
import { act, agencyId, makeProcedure, submitDossier, uploadPdf, type TestProcedure } from './test-fixtures.js';

let s: TestServer;
let citizen: Client;
let officer: Client;
let centre: { id: string };
let judicial: ProcedureDetail;
let proc: TestProcedure;

const FIELDS: FormField[] = [
  {
    key: 'copies',
    type: 'number',
    label: { vi: 'Số bản', en: 'Copies' },
    required: false,
    integer: true,
    min: 1,
    max: 100,
  },
  { key: 'purpose', type: 'text', label: { vi: 'Mục đích', en: 'Purpose' }, required: false },
];

beforeAll(async () => {
  s = await testServer();
  citizen = await s.login('congdan');
  officer = await s.login('motcua');
  centre = await agencyId(s.ctx.db, 'TTHCC');
  judicial = (await getProcedure(s.ctx.db, '2.000488'))!;
  proc = await makeProcedure(s.ctx.db);
  await s.ctx.db.update(procedures).set({ formFields: FIELDS }).where(eq(procedures.id, proc.id));
});
afterAll(() => s?.close());

/** A counter receipt of the judicial record procedure, every mandatory paper attached. */
async function counterBody(formData: Record<string, unknown>, applicant: Record<string, string>) {
  const sha = await uploadPdf(officer);
  const attachments = judicial.papers.filter((p) => p.mandatory).map((p) => ({ paperId: p.id, files: [sha] }));
  return {
    procedureId: judicial.id,
    receivingAgencyId: centre.id,
    applicant: { name: 'Trần Thị Bình', ...applicant },
    formData,
    attachments,
  };
}

const GOOD = {
  applicantName: 'Trần Thị Bình',
  applicantIdNumber: '046185004321',
  applicantAddress: 'Huế',
  birthDate: '1985-02-03',
  slipKind: '1',
  copies: 2,
  purpose: 'Xin việc',
};
const stored = async () => (await s.ctx.db.select({ n: count() }).from(dossiers))[0]!.n;

describe('typed form fields checked at intake', () => {
  it('refuses the probe’s counter receipt, one error per bad field in both languages, and stores nothing', async () => {
    const before = await stored();
    const body = await counterBody(
      {
        ...GOOD,
        applicantIdNumber: '12',
        applicantPhone: 'abc',
        applicantEmail: 'not-an-email',
        birthDate: 'yesterday',
        slipKind: '3',
        copies: 'many',
      },
      {},
    );
    const r = await officer.post('/api/dossiers/counter', body);
    expect(r.statusCode, r.body).toBe(400);
    const errors = r.json().errors as { field: string; message: { vi: string; en: string } }[];
    expect(errors.map((e) => e.field).sort()).toEqual(
      ['applicantEmail', 'applicantIdNumber', 'applicantPhone', 'birthDate', 'copies', 'slipKind'].map(
        (k) => `/body/formData/${k}`,
      ),
    );
    for (const e of errors) expect(e.message.vi && e.message.en && e.message.vi !== e.message.en).toBeTruthy();
    expect(await stored()).toBe(before);
  });

  it('checks the applicant block by the same rules, naming each bad field', async () => {
    const r = await officer.post(
      '/api/dossiers/counter',
      await counterBody(GOOD, { idNumber: '12', phone: 'abc', email: 'not-an-email' }),
    );
    expect(r.statusCode, r.body).toBe(400);
    expect(r.json().errors.map((e: { field: string }) => e.field)).toEqual([
      '/body/applicant/idNumber',
      '/body/applicant/phone',
      '/body/applicant/email',
    ]);
    const future = await officer.post(
      '/api/dossiers/counter',
      await counterBody(GOOD, { idNumber: '001299000001', phone: '1900 1234' }),
    );
    expect(future.json().errors.map((e: { field: string }) => e.field)).toEqual([
      '/body/applicant/idNumber',
      '/body/applicant/phone',
    ]);
  });

  it('keeps the form’s identity number equal to the applicant’s', async () => {
    const r = await officer.post('/api/dossiers/counter', await counterBody(GOOD, { idNumber: '046090001234' }));
    expect(r.statusCode, r.body).toBe(400);
    expect(r.json().errors).toEqual([
      expect.objectContaining({ field: '/body/formData/applicantIdNumber', code: 'mismatch' }),
    ]);
  });

  it('refuses keys the procedure’s form does not declare (formData limited by the form)', async () => {
    const r = await officer.post(
      '/api/dossiers/counter',
      await counterBody({ ...GOOD, note2: 'x', extra: { deep: 1 } }, { idNumber: '046185004321' }),
    );
    expect(r.statusCode, r.body).toBe(400);
    expect(r.json().errors.map((e: { field: string; code: string }) => [e.field, e.code])).toEqual([
      ['/body/formData/note2', 'unknown-field'],
      ['/body/formData/extra', 'unknown-field'],
    ]);
  });

  it('bounds the form’s size: thousands of keys are refused before anything is looked up', async () => {
    const huge = Object.fromEntries(Array.from({ length: 5_000 }, (_, i) => [`k${i}`, 'x'.repeat(10)]));
    const r = await citizen.post('/api/dossiers', { procedureId: judicial.id, formData: huge });
    expect(r.statusCode).toBe(400);
    expect(r.json().errors).toEqual([expect.objectContaining({ field: '/body/formData', code: 'maxProperties' })]);
  });

  it('receives a well-filled walk-in with a landline phone, as the counter form sends it', async () => {
    const r = await officer.post(
      '/api/dossiers/counter',
      await counterBody(
        { ...GOOD, applicantPhone: '(0234) 3822 111' },
        { idNumber: '046185004321', phone: '(0234) 3822.111' },
      ),
    );
    expect(r.statusCode, r.body).toBe(201);
    expect(r.json().formData).toMatchObject({ copies: 2, birthDate: '1985-02-03' });
  });
});

describe('a supplement that changes the form', () => {
  it('is checked against the procedure’s form like the intake', async () => {
    const d = await submitDossier(citizen, proc, { receivingAgencyId: centre.id, body: { formData: { copies: 1 } } });
    await act(officer, d.id, 'request-supplement', { reason: 'Ghi rõ số bản' });
    let r = await citizen.post(`/api/dossiers/${d.id}/actions/supplement`, { formData: { copies: 'many', other: 1 } });
    expect(r.statusCode, r.body).toBe(400);
    expect(r.json().errors.map((e: { field: string }) => e.field)).toEqual([
      '/body/formData/copies',
      '/body/formData/other',
    ]);
    r = await citizen.post(`/api/dossiers/${d.id}/actions/supplement`, { formData: { copies: 3 } });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json().dossier.formData).toEqual({ copies: 3 });
  });
});
