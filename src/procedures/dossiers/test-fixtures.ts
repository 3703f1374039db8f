/**
 * What dossier tests build on: a procedure of our own, written straight into the catalog's tables;
 * dossiers made through the real intake (online or at the desk), so that codes, appointments and
 * notifications come out as in production; and the dossiers' clock, set to a local time in Vietnam.
 */
import crypto from 'node:crypto';
import { expect } from 'vitest';
import type { Db } from '../../platform/index.js';
import { agencyByCode, agencyByKey } from '../../directory/index.js';
import type { Client } from '../../platform/testing/index.js';
import { multipartBody, pdfBytes } from '../../platform/files/test-fixtures.js';
import { procedureFees, procedureFields, procedurePapers, procedures, workflowSteps } from '../catalog/schema.js';
import { clock } from './clock.js';

/** An instant given as a local time in Vietnam, '2026-03-02T08:00:00'. */
export const vn = (t: string) => new Date(`${t}+07:00`);

const realNow = clock.now;
/** From now on the dossiers' clock reads this local time (until `restoreClock`). */
export function at(t: string): void {
  clock.now = () => vn(t);
}
/** The dossiers' clock follows the wall clock again (call it in afterEach when a test sets it). */
export function restoreClock(): void {
  clock.now = realNow;
}

export interface TestProcedure {
  id: string;
  code: string;
  agencyId: string;
  agencyCode: string;
  papers: { form: string; copy: string };
}

export async function agencyId(db: Db, key: string): Promise<{ id: string; code: string }> {
  const a = await agencyByKey(db, key);
  if (!a) throw new Error(`no agency ${key} in the demo directory`);
  return { id: a.id, code: a.code };
}

export interface ProcedureOptions {
  processingDays?: number;
  liaisonAgencyId?: string;
  onlineLevel?: 'full' | 'partial' | 'offline';
  /** The handling agency's code; by default the Department of Justice (STP). */
  agencyCode?: string;
  /** Fees in đồng, one row each (lệ phí). */
  fees?: number[];
}

/**
 * A procedure of the Department of Justice (STP, or the agency `agencyCode` names) with one mandatory
 * and one optional paper and a two-step workflow (appraisal by a specialist, then a check by the
 * leader); `liaison` adds an inter-agency step at another agency between them.
 */
export async function makeProcedure(db: Db, opts: ProcedureOptions = {}): Promise<TestProcedure> {
  const byCode = opts.agencyCode ? await agencyByCode(db, opts.agencyCode) : null;
  if (opts.agencyCode && !byCode) throw new Error(`no agency ${opts.agencyCode} in the demo directory`);
  const stp = byCode ? { id: byCode.id, code: byCode.code } : await agencyId(db, 'STP');
  await db.insert(procedureFields).values({ code: 'test-dossiers', name: 'Lĩnh vực thử nghiệm' }).onConflictDoNothing();
  const code = `T.${crypto.randomBytes(4).toString('hex')}`;
  const [p] = await db
    .insert(procedures)
    .values({
      code,
      name: 'Cấp Phiếu lý lịch tư pháp (thử nghiệm)',
      fieldCode: 'test-dossiers',
      levels: ['province'],
      agencyId: stp.id,
      processingDays: opts.processingDays ?? 10,
      onlineLevel: opts.onlineLevel ?? 'full',
      demo: true,
    })
    .returning();
  const [form, copy] = await db
    .insert(procedurePapers)
    .values([
      {
        procedureId: p!.id,
        ordinal: 1,
        name: 'Tờ khai yêu cầu cấp Phiếu lý lịch tư pháp',
        originals: 1,
        mandatory: true,
      },
      { procedureId: p!.id, ordinal: 2, name: 'Bản sao giấy tờ tùy thân', copies: 1, mandatory: false },
    ])
    .returning();
  const steps = [
    {
      procedureId: p!.id,
      ordinal: 1,
      name: 'Thẩm định hồ sơ',
      nameEn: 'Appraise',
      role: 'specialist' as const,
      sharePercent: opts.liaisonAgencyId ? 50 : 80,
    },
    ...(opts.liaisonAgencyId
      ? [
          {
            procedureId: p!.id,
            ordinal: 2,
            name: 'Xác minh liên thông',
            nameEn: 'Inter-agency check',
            role: 'specialist' as const,
            agencyMode: 'fixed' as const,
            agencyId: opts.liaisonAgencyId,
            sharePercent: 30,
          },
        ]
      : []),
    {
      procedureId: p!.id,
      ordinal: 3,
      name: 'Kiểm tra, trình ký',
      nameEn: 'Check and submit for signature',
      role: 'specialist' as const,
      sharePercent: 20,
    },
  ];
  await db.insert(workflowSteps).values(steps);
  const fees = (opts.fees ?? []).map((amount, i) => ({
    procedureId: p!.id,
    ordinal: i + 1,
    name: `Lệ phí ${i + 1}`,
    amount,
  }));
  if (fees.length) await db.insert(procedureFees).values(fees);
  return { id: p!.id, code, agencyId: stp.id, agencyCode: stp.code, papers: { form: form!.id, copy: copy!.id } };
}

/** Uploads a small PDF through POST /api/files and returns its address. */
export async function uploadPdf(c: Client, text: string = crypto.randomUUID()): Promise<string> {
  const r = await c.request({
    method: 'POST',
    url: '/api/files',
    ...multipartBody(pdfBytes(text), { filename: 'giay-to.pdf', contentType: 'application/pdf' }),
  });
  expect(r.statusCode, r.body).toBe(201);
  return (r.json() as { sha256: string }).sha256;
}

export interface ApplicantFields {
  name?: string;
  idNumber?: string;
  phone?: string;
  email?: string;
  address?: string;
}

/** A dossier as the intake answered it (its detail view). */
export interface TestDossier {
  id: string;
  code: string;
  status: string;
  dueAt: string | null;
  [k: string]: unknown;
}

export interface IntakeOptions {
  /** The one-stop desk (bộ phận một cửa) that receives it. */
  receivingAgencyId: string;
  applicant?: ApplicantFields;
  /** More of the request body (agencyId, formData, clientTransactionId…). */
  body?: Record<string, unknown>;
}

const intakeBody = (p: TestProcedure, sha: string, o: IntakeOptions) => ({
  procedureId: p.id,
  receivingAgencyId: o.receivingAgencyId,
  ...(o.applicant ? { applicant: o.applicant } : {}),
  attachments: [{ paperId: p.papers.form, files: [sha] }],
  ...o.body,
});

/** Submitted online (nộp trực tuyến) by `citizen` through POST /api/dossiers, with a form they uploaded. */
export async function submitDossier(citizen: Client, p: TestProcedure, o: IntakeOptions): Promise<TestDossier> {
  const r = await citizen.post('/api/dossiers', intakeBody(p, await uploadPdf(citizen), o));
  expect(r.statusCode, r.body).toBe(201);
  return r.json() as TestDossier;
}

/** Received at the desk (tiếp nhận trực tiếp) by `officer` through POST /api/dossiers/counter, at the dossiers' clock. */
export async function receiveDossier(
  officer: Client,
  p: TestProcedure,
  o: IntakeOptions & { applicant: ApplicantFields & { name: string } },
): Promise<TestDossier> {
  const r = await officer.post('/api/dossiers/counter', intakeBody(p, await uploadPdf(officer), o));
  expect(r.statusCode, r.body).toBe(201);
  return r.json() as TestDossier;
}

/** An action through the API, which must succeed; its answer. */
export async function act(c: Client, id: string, action: string, body: object = {}): Promise<{ dossier: TestDossier }> {
  const r = await c.post(`/api/dossiers/${id}/actions/${action}`, body);
  expect(r.statusCode, `${action}: ${r.body}`).toBe(200);
  return r.json();
}
