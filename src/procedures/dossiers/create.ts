/**
 * A dossier begins: submitted online by its applicant (nộp trực tuyến), or received at the one-stop
 * desk for someone who came in person (tiếp nhận trực tiếp). Either way the code is allocated and the
 * dossier saved in one transaction, so a failure leaves no gap in the day's sequence.
 */
import { and, eq } from 'drizzle-orm';
import type { FastifyRequest } from 'fastify';
import { enqueue, problems, requirePermission, transact, type FieldError } from '../../platform/index.js';
import { adminUnits, agencies } from '../../directory/index.js';
import { getProcedure, type ProcedureDetail } from '../catalog/service.js';
import { missingFiles } from './attachments.js';
import { appointmentDate, clock } from './clock.js';
import { allocateCode } from './codes.js';
import { dossierActions, dossiers, type Dossier, type PaperAttachment } from './schema.js';
import { NOTIFY_DOSSIER, pgErrorCode } from './service.js';

export interface ApplicantInput {
  name?: string;
  idNumber?: string;
  phone?: string;
  email?: string;
  address?: string;
  unitId?: string | null;
}

export interface NewDossierInput {
  procedureId: string;
  agencyId?: string;
  receivingAgencyId?: string;
  applicant?: ApplicantInput;
  formData?: Record<string, unknown>;
  attachments?: PaperAttachment[];
  note?: string;
}

const invalid = (errors: FieldError[]) => problems.badRequest({ vi: 'Hồ sơ chưa hợp lệ.', en: 'The dossier is not valid.' }, { code: 'validation', errors });

const err = (field: string, code: string, vi: string, en: string): FieldError => ({ field, code, message: { vi, en } });

/** Papers the procedure requires (thành phần bắt buộc) and form fields it requires, checked against what was sent. */
function completenessErrors(p: ProcedureDetail, input: NewDossierInput): FieldError[] {
  const errors: FieldError[] = [];
  const atts = input.attachments ?? [];
  const known = new Set(p.papers.map((x) => x.id));
  atts.forEach((a, i) => {
    if (a.paperId && !known.has(a.paperId)) errors.push(err(`/body/attachments/${i}/paperId`, 'unknown-paper', 'Thành phần hồ sơ không thuộc thủ tục này.', 'This paper is not one of the procedure’s.'));
  });
  for (const paper of p.papers) {
    if (paper.mandatory && !atts.some((a) => a.paperId === paper.id && a.files.length > 0)) {
      errors.push(err(`/body/attachments/${paper.id}`, 'missing-paper', `Thiếu thành phần hồ sơ bắt buộc: ${paper.name}`, `Missing mandatory paper: ${paper.name}`));
    }
  }
  const data = input.formData ?? {};
  for (const f of p.formFields) {
    const v = data[f.key];
    if (f.required && (v === undefined || v === null || v === '' || v === false)) errors.push(err(`/body/formData/${f.key}`, 'required', `Chưa nhập: ${f.label.vi}`, `Required: ${f.label.en}`));
  }
  return errors;
}

export async function createDossier(req: FastifyRequest, channel: 'online' | 'counter', input: NewDossierInput, clientTransactionId?: string): Promise<{ dossier: Dossier; replayed: boolean }> {
  const { ctx } = req.server;
  const db = ctx.db;
  // An officer of any agency may start; the receiving agency is checked once the body names it.
  const principal = await requirePermission(req, channel === 'online' ? 'dossiers.submit' : 'dossiers.receive');
  if (clientTransactionId) {
    const [prior] = await db.select().from(dossiers).where(and(eq(dossiers.createdBy, principal.accountId), eq(dossiers.createTransactionId, clientTransactionId)));
    if (prior) return { dossier: prior, replayed: true };
  }
  const procedure = await getProcedure(db, input.procedureId);
  if (!procedure || !procedure.active) throw problems.invalidField('/body/procedureId', { vi: 'Không có thủ tục hành chính này.', en: 'No such procedure.' }, 'unknown-procedure');
  const agencyId = input.agencyId ?? procedure.agencyId;
  if (!agencyId) throw problems.invalidField('/body/agencyId', { vi: 'Cần chọn cơ quan giải quyết.', en: 'Choose the agency that handles it.' }, 'required');
  const receivingAgencyId = input.receivingAgencyId ?? agencyId;
  const found = await db.select({ id: agencies.id, code: agencies.code, active: agencies.active }).from(agencies).where(eq(agencies.id, receivingAgencyId));
  const handling = agencyId === receivingAgencyId ? found : await db.select({ id: agencies.id, code: agencies.code, active: agencies.active }).from(agencies).where(eq(agencies.id, agencyId));
  const errors: FieldError[] = [];
  if (!handling[0]?.active) errors.push(err('/body/agencyId', 'unknown-agency', 'Không có cơ quan này.', 'No such agency.'));
  if (!found[0]?.active) errors.push(err('/body/receivingAgencyId', 'unknown-agency', 'Không có cơ quan này.', 'No such agency.'));
  const unitId = input.applicant?.unitId ?? null;
  if (unitId && !(await db.select({ id: adminUnits.id }).from(adminUnits).where(eq(adminUnits.id, unitId))).length) {
    errors.push(err('/body/applicant/unitId', 'unknown-unit', 'Không có đơn vị hành chính này.', 'No such administrative unit.'));
  }
  const name = input.applicant?.name?.trim() || (channel === 'online' ? principal.displayName : '');
  if (!name) errors.push(err('/body/applicant/name', 'required', 'Cần họ tên người nộp.', 'The applicant’s name is required.'));
  errors.push(...completenessErrors(procedure, input), ...(await missingFiles(db, ctx.files, input.attachments ?? [], '/body/attachments')));
  if (errors.length) throw invalid(errors);
  // The desk receives for the agency it serves: the officer's grant must cover the receiving agency.
  if (channel === 'counter') await requirePermission(req, 'dossiers.receive', { agencyId: receivingAgencyId });

  const calendar = await ctx.calendar.calendar();
  const now = clock.now();
  const dueAt = channel === 'counter' ? appointmentDate(calendar, now, procedure.processingDays) : null;
  try {
    const dossier = await transact(req, async (tx, audit) => {
      const { code } = await allocateCode(tx, found[0]!.code, now);
      const [d] = await tx
        .insert(dossiers)
        .values({
          code,
          procedureId: procedure.id,
          agencyId,
          receivingAgencyId,
          currentAgencyId: agencyId,
          applicantUnitId: unitId,
          applicantAccountId: channel === 'online' ? principal.accountId : null,
          applicantName: name,
          applicantIdNumber: input.applicant?.idNumber ?? null,
          applicantPhone: input.applicant?.phone ?? null,
          applicantEmail: input.applicant?.email ?? null,
          applicantAddress: input.applicant?.address ?? null,
          channel,
          formData: input.formData ?? {},
          attachments: input.attachments ?? [],
          status: channel === 'online' ? 'submitted' : 'received',
          submittedAt: now,
          receivedAt: channel === 'counter' ? now : null,
          dueAt,
          createdBy: principal.accountId,
          createTransactionId: clientTransactionId ?? null,
          lastSeq: 1,
          createdAt: now,
          updatedAt: now,
        })
        .returning();
      const action = channel === 'online' ? 'submit' : 'receive';
      await tx.insert(dossierActions).values({
        dossierId: d!.id,
        seq: 1,
        action,
        actorId: principal.accountId,
        actorLabel: principal.displayName,
        at: now,
        fromStatus: null,
        toStatus: d!.status,
        details: { channel, ...(dueAt ? { dueAt: dueAt.toISOString() } : {}), ...(input.note ? { note: input.note } : {}) },
      });
      await enqueue(tx, NOTIFY_DOSSIER, { dossierId: d!.id, seq: 1, action }, { dedupeKey: `${NOTIFY_DOSSIER}:${d!.id}:1` });
      await audit({ action: `dossier.${action}`, targetType: 'dossier', targetId: d!.id, details: { code, procedureId: procedure.id, channel } });
      return d!;
    });
    return { dossier, replayed: false };
  } catch (e) {
    if (clientTransactionId && pgErrorCode(e).code === '23505') {
      const [prior] = await db.select().from(dossiers).where(and(eq(dossiers.createdBy, principal.accountId), eq(dossiers.createTransactionId, clientTransactionId)));
      if (prior) return { dossier: prior, replayed: true };
    }
    throw e;
  }
}
