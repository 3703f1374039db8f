import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, inArray, like } from 'drizzle-orm';
import { verifyAuditChain } from '../../platform/index.js';
import { auditLog } from '../../platform/audit/schema.js';
import { jobs } from '../../platform/jobs/schema.js';
import { testServer, type Client, type TestServer } from '../../platform/testing/index.js';
import { clock } from './clock.js';
import { dossierActions, dossierCounters, dossiers } from './schema.js';
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
    const [citizenFile, officerFile] = [
      await uploadPdf(citizen, 'tờ khai công dân'),
      await uploadPdf(officer, 'tờ khai tại quầy'),
    ];
    const attachments = (sha: string) => [{ paperId: proc.papers.form, files: [sha] }];
    // On PostgreSQL these run in parallel on the pool; on PGlite the single connection serialises them.
    const answers = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        i % 2
          ? officer.post('/api/dossiers/counter', {
              procedureId: proc.id,
              receivingAgencyId: centre.id,
              applicant: { name: `Người nộp ${i}` },
              attachments: attachments(officerFile),
            })
          : citizen.post('/api/dossiers', {
              procedureId: proc.id,
              receivingAgencyId: centre.id,
              attachments: attachments(citizenFile),
            }),
      ),
    );
    for (const a of answers) expect(a.statusCode, a.body).toBe(201);
    const codes = answers.map((a) => (a.json() as { code: string }).code).sort();
    expect(new Set(codes).size).toBe(200);
    expect(codes).toEqual(
      Array.from({ length: 200 }, (_, i) => `${centre.code}-261123-${String(i + 1).padStart(4, '0')}`),
    );
    const stored = await s.ctx.db
      .select({ code: dossiers.code })
      .from(dossiers)
      .where(like(dossiers.code, `${centre.code}-261123-%`));
    expect(stored).toHaveLength(200);
    const [counter] = await s.ctx.db.select().from(dossierCounters).where(eq(dossierCounters.agencyCode, centre.code));
    expect(counter).toMatchObject({ day: '261123', last: 200 });
    // Receipts arriving together are written together: each still has its first action, its
    // notification and its own audit row, and the audit chain links them all.
    const ids = answers.map((a) => (a.json() as { id: string }).id);
    expect(
      await s.ctx.db
        .select()
        .from(dossierActions)
        .where(and(inArray(dossierActions.dossierId, ids), eq(dossierActions.seq, 1))),
    ).toHaveLength(200);
    expect(
      await s.ctx.db
        .select()
        .from(jobs)
        .where(
          inArray(
            jobs.dedupeKey,
            ids.map((id) => `notify.dossier:${id}:1`),
          ),
        ),
    ).toHaveLength(200);
    const audits = await s.ctx.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.targetType, 'dossier'), inArray(auditLog.targetId, ids)));
    expect(audits).toHaveLength(200);
    expect(new Set(audits.map((a) => a.requestId)).size).toBe(200);
    expect((await verifyAuditChain(s.ctx.db)).ok).toBe(true);
    // PGlite runs the 200 one after another on a shared 2-CPU machine: allow it time.
  }, 180_000);

  it('answers a resent submission among simultaneous ones with the first dossier, and numbers the rest without a gap', async () => {
    const sha = await uploadPdf(citizen, 'gửi lại');
    const body = (clientTransactionId?: string) => ({
      procedureId: proc.id,
      receivingAgencyId: centre.id,
      attachments: [{ paperId: proc.papers.form, files: [sha] }],
      ...(clientTransactionId ? { clientTransactionId } : {}),
    });
    const [before] = await s.ctx.db.select().from(dossierCounters).where(eq(dossierCounters.agencyCode, centre.code));
    // The same click sent twice (a flaky connection), in the middle of other people's submissions.
    const answers = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        citizen.post('/api/dossiers', body(i === 3 || i === 8 ? 'tx-resent-0001' : undefined)),
      ),
    );
    for (const a of answers) expect(a.statusCode, a.body).toBe(201);
    const codes = answers.map((a) => (a.json() as { code: string }).code);
    expect(codes[3]).toBe(codes[8]);
    const distinct = [...new Set(codes)].sort();
    expect(distinct).toHaveLength(11);
    expect(distinct).toEqual(
      Array.from({ length: 11 }, (_, i) => `${centre.code}-261123-${String(before!.last + 1 + i).padStart(4, '0')}`),
    );
    expect(
      await s.ctx.db.select().from(dossiers).where(eq(dossiers.createTransactionId, 'tx-resent-0001')),
    ).toHaveLength(1);
  });

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
    const r = await citizen.post('/api/dossiers', {
      procedureId: proc.id,
      receivingAgencyId: centre.id,
      attachments: [{ paperId: proc.papers.form, files: [sha] }],
    });
    expect(r.statusCode, r.body).toBe(201);
    const [counter] = await s.ctx.db.select().from(dossierCounters).where(eq(dossierCounters.agencyCode, centre.code));
    expect(r.json().code).toBe(`${centre.code}-261123-${String(counter!.last).padStart(4, '0')}`);
    expect(
      await s.ctx.db
        .select()
        .from(dossiers)
        .where(like(dossiers.code, `${centre.code}-261123-%`)),
    ).toHaveLength(counter!.last);
  });

  it('refuses, among simultaneous submissions, only the one naming a file never uploaded: no number taken, its retry key free', async () => {
    const sha = await uploadPdf(citizen, 'hợp lệ');
    const unknown = 'f'.repeat(64);
    const [before] = await s.ctx.db.select().from(dossierCounters).where(eq(dossierCounters.agencyCode, centre.code));
    const body = (file: string) => ({
      procedureId: proc.id,
      receivingAgencyId: centre.id,
      attachments: [{ paperId: proc.papers.form, files: [file] }],
    });
    const answers = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        citizen.request({
          method: 'POST',
          url: '/api/dossiers',
          payload: body(i === 5 ? unknown : sha),
          headers: i === 5 ? { 'idempotency-key': 'missing-file-0001' } : {},
        }),
      ),
    );
    const refused = answers[5]!;
    expect(refused.statusCode, refused.body).toBe(400);
    expect(refused.headers['content-type']).toContain('application/problem+json');
    expect(refused.json().errors).toEqual([
      expect.objectContaining({ code: 'file-not-found', field: '/body/attachments/0/files/0' }),
    ]);
    const codes = answers
      .filter((_, i) => i !== 5)
      .map((a) => {
        expect(a.statusCode, a.body).toBe(201);
        return (a.json() as { code: string }).code;
      });
    // Seven dossiers, seven numbers, none left for the refused one.
    expect(codes.sort()).toEqual(
      Array.from({ length: 7 }, (_, i) => `${centre.code}-261123-${String(before!.last + 1 + i).padStart(4, '0')}`),
    );
    // The key of a refused request is free: the fixed request goes through with it.
    const fixed = await citizen.request({
      method: 'POST',
      url: '/api/dossiers',
      payload: body(sha),
      headers: { 'idempotency-key': 'missing-file-0001' },
    });
    expect(fixed.statusCode, fixed.body).toBe(201);
    expect(fixed.json().code).toBe(`${centre.code}-261123-${String(before!.last + 8).padStart(4, '0')}`);
  });
});
