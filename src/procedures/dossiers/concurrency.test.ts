import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, like } from 'drizzle-orm';
import { testServer, type Client, type TestServer } from '../../platform/testing/index.js';
import { clock } from './clock.js';
import { dossierCounters, dossiers } from './schema.js';
import { agencyId, makeProcedure, uploadPdf, type TestProcedure } from './test-fixtures.js';

let s: TestServer;
let citizen: Client;
let officer: Client;
let proc: TestProcedure;
let centre: { id: string; code: string };

beforeAll(async () => {
  s = await testServer();
  citizen = await s.login('congdan');
  officer = await s.login('motcua');
  proc = await makeProcedure(s.ctx.db);
  centre = await agencyId(s.ctx.db, 'TTHCC');
  // One fixed day, so the test cannot straddle midnight in Huế.
  clock.now = () => new Date('2026-11-23T09:00:00+07:00');
});
afterAll(async () => s?.close());

describe('codes under concurrency', () => {
  it('gives 200 simultaneous submissions and counter receipts at one agency on one day the codes 0001 to 0200', async () => {
    const [citizenFile, officerFile] = [await uploadPdf(citizen, 'tờ khai công dân'), await uploadPdf(officer, 'tờ khai tại quầy')];
    const attachments = (sha: string) => [{ paperId: proc.papers.form, files: [sha] }];
    // On PostgreSQL these run in parallel on the pool; on PGlite the single connection serialises them.
    const answers = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        i % 2
          ? officer.post('/api/dossiers/counter', { procedureId: proc.id, receivingAgencyId: centre.id, applicant: { name: `Người nộp ${i}` }, attachments: attachments(officerFile) })
          : citizen.post('/api/dossiers', { procedureId: proc.id, receivingAgencyId: centre.id, attachments: attachments(citizenFile) }),
      ),
    );
    for (const a of answers) expect(a.statusCode, a.body).toBe(201);
    const codes = answers.map((a) => (a.json() as { code: string }).code).sort();
    expect(new Set(codes).size).toBe(200);
    expect(codes).toEqual(Array.from({ length: 200 }, (_, i) => `${centre.code}-261123-${String(i + 1).padStart(4, '0')}`));
    const stored = await s.ctx.db.select({ code: dossiers.code }).from(dossiers).where(like(dossiers.code, `${centre.code}-261123-%`));
    expect(stored).toHaveLength(200);
    const [counter] = await s.ctx.db.select().from(dossierCounters).where(eq(dossierCounters.agencyCode, centre.code));
    expect(counter).toMatchObject({ day: '261123', last: 200 });
    // PGlite runs the 200 one after another on a shared 2-CPU machine: allow it time.
  }, 180_000);

  it('takes the next number after a receipt that failed after allocating: no gap, no duplicate', async () => {
    // The crash happens inside the transaction that took the number, before the dossier is saved.
    const { allocateCode } = await import('./codes.js');
    await expect(
      s.ctx.db.transaction(async (tx) => {
        await allocateCode(tx, centre.code, clock.now());
        throw new Error('process crashed before the dossier was saved');
      }),
    ).rejects.toThrow(/crashed/);
    const sha = await uploadPdf(citizen);
    const r = await citizen.post('/api/dossiers', { procedureId: proc.id, receivingAgencyId: centre.id, attachments: [{ paperId: proc.papers.form, files: [sha] }] });
    expect(r.statusCode, r.body).toBe(201);
    expect(r.json().code).toBe(`${centre.code}-261123-0201`);
  });
});
