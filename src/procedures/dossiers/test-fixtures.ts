/** A procedure of our own for dossier tests, written straight into the catalog's tables. */
import crypto from 'node:crypto';
import { expect } from 'vitest';
import type { Db } from '../../platform/index.js';
import { agencyByKey } from '../../directory/index.js';
import type { Client } from '../../platform/testing/index.js';
import { multipartBody, pdfBytes } from '../../platform/files/test-fixtures.js';
import { procedureFields, procedurePapers, procedures, workflowSteps } from '../catalog/schema.js';

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

/**
 * A procedure of the Department of Justice (STP) with one mandatory and one optional paper and a
 * two-step workflow (appraisal by a specialist, then a check by the leader); `liaison` adds an
 * inter-agency step at another agency between them.
 */
export async function makeProcedure(db: Db, opts: { processingDays?: number; liaisonAgencyId?: string; onlineLevel?: 'full' | 'partial' | 'offline' } = {}): Promise<TestProcedure> {
  const stp = await agencyId(db, 'STP');
  await db.insert(procedureFields).values({ code: 'test-dossiers', name: 'Lĩnh vực thử nghiệm' }).onConflictDoNothing();
  const code = `T.${crypto.randomBytes(4).toString('hex')}`;
  const [p] = await db
    .insert(procedures)
    .values({ code, name: 'Cấp Phiếu lý lịch tư pháp (thử nghiệm)', fieldCode: 'test-dossiers', levels: ['province'], agencyId: stp.id, processingDays: opts.processingDays ?? 10, onlineLevel: opts.onlineLevel ?? 'full', demo: true })
    .returning();
  const [form, copy] = await db
    .insert(procedurePapers)
    .values([
      { procedureId: p!.id, ordinal: 1, name: 'Tờ khai yêu cầu cấp Phiếu lý lịch tư pháp', originals: 1, mandatory: true },
      { procedureId: p!.id, ordinal: 2, name: 'Bản sao giấy tờ tùy thân', copies: 1, mandatory: false },
    ])
    .returning();
  const steps = [
    { procedureId: p!.id, ordinal: 1, name: 'Thẩm định hồ sơ', nameEn: 'Appraise', role: 'specialist' as const, sharePercent: opts.liaisonAgencyId ? 50 : 80 },
    ...(opts.liaisonAgencyId ? [{ procedureId: p!.id, ordinal: 2, name: 'Xác minh liên thông', nameEn: 'Inter-agency check', role: 'specialist' as const, agencyMode: 'fixed' as const, agencyId: opts.liaisonAgencyId, sharePercent: 30 }] : []),
    { procedureId: p!.id, ordinal: 3, name: 'Kiểm tra, trình ký', nameEn: 'Check and submit for signature', role: 'specialist' as const, sharePercent: 20 },
  ];
  await db.insert(workflowSteps).values(steps);
  return { id: p!.id, code, agencyId: stp.id, agencyCode: stp.code, papers: { form: form!.id, copy: copy!.id } };
}

/** Uploads a small PDF through POST /api/files and returns its address. */
export async function uploadPdf(c: Client, text: string = crypto.randomUUID()): Promise<string> {
  const r = await c.request({ method: 'POST', url: '/api/files', ...multipartBody(pdfBytes(text), { filename: 'giay-to.pdf', contentType: 'application/pdf' }) });
  expect(r.statusCode, r.body).toBe(201);
  return (r.json() as { sha256: string }).sha256;
}
