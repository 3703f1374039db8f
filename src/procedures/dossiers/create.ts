/**
 * A dossier begins: submitted online by its applicant (nộp trực tuyến), or received at the one-stop
 * desk for someone who came in person (tiếp nhận trực tiếp). Either way the code is allocated and the
 * dossier saved in one transaction, so a failure leaves no gap in the day's sequence.
 */
import { and, eq, sql } from 'drizzle-orm';
import type { FastifyRequest } from 'fastify';
import {
  preparedStatement,
  problems,
  requirePermission,
  requireRoleFor,
  type FieldError,
} from '../../platform/index.js';
import { agencyBriefs, type AgencyBrief } from '../../directory/index.js';
import { cachedProcedure } from '../catalog/cache.js';
import type { ProcedureDetail } from '../catalog/service.js';
import { notUploadedErrors } from './attachments.js';
import { resolvePapers, runLookups, type IntakeAttachment } from '../papers/intake.js';
import { formDataErrors } from './form-data.js';
import { assessFee } from '../fees/rules.js';
import type { FeeQuote } from '../fees/compute.js';
import { appointmentDate, clock } from './clock.js';
import { intake, MissingFiles, type IntakeItem } from './intake.js';
import { snapshotOf } from './workflow.js';
import type { Preloaded } from './queries.js';
import { dossiers, type Dossier, type PaperAttachment } from './schema.js';
import { pgErrorCode } from './service.js';

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
  attachments?: IntakeAttachment[];
  note?: string;
  /** A fee reduction or exemption claimed, with the attached files that prove it. */
  fee?: { category?: string; evidence?: string[] };
}

const invalid = (errors: FieldError[]) =>
  problems.badRequest({ vi: 'Hồ sơ chưa hợp lệ.', en: 'The dossier is not valid.' }, { code: 'validation', errors });

const err = (field: string, code: string, vi: string, en: string): FieldError => ({ field, code, message: { vi, en } });

/** Form fields the procedure requires, checked against what was sent (the papers are ../papers/intake.ts's). */
export function completenessErrors(p: ProcedureDetail, input: NewDossierInput, now: Date = clock.now()): FieldError[] {
  const errors: FieldError[] = [];
  const data = input.formData ?? {};
  for (const f of p.formFields) {
    const v = data[f.key];
    if (f.required && (v === undefined || v === null || v === '' || v === false))
      errors.push(err(`/body/formData/${f.key}`, 'required', `Chưa nhập: ${f.label.vi}`, `Required: ${f.label.en}`));
  }
  errors.push(...formDataErrors(p.formFields, input, { now }));
  return errors;
}

/**
 * Is this agency competent for the procedure (cơ quan có thẩm quyền)? The procedure's own agency or
 * one under it; for a procedure of "the People's Committee of the level that receives it" (no agency
 * named: civil status at the commune), a People's Committee of one of its levels, as the applicant chose.
 */
async function competent(req: FastifyRequest, procedure: ProcedureDetail, agency: AgencyBrief): Promise<boolean> {
  if (procedure.agencyId) return (await req.server.ctx.scopes.agencyAncestors(agency.id)).includes(procedure.agencyId);
  return (procedure.levels as string[]).includes(agency.level);
}

const unitExists = preparedStatement<{ found: boolean }, { unitId: string }>(
  'dossier_intake_unit',
  sql`SELECT EXISTS (SELECT 1 FROM admin_units u WHERE u.id = ${sql.placeholder('unitId')}::uuid) AS found`,
);

/**
 * What the submission names, without a round trip in the common case: the agencies from the
 * directory's process cache, the applicant's unit (when given) from the database. The files are
 * checked by the intake batch, for all its dossiers at once.
 */
async function lookUpFacts(req: FastifyRequest, agencyIds: string[], unitId: string | null) {
  const { ctx } = req.server;
  const agencies = await agencyBriefs(ctx.db, agencyIds);
  const unitFound = unitId ? !!(await unitExists(ctx.database, { unitId }))[0]?.found : false;
  return { agencies, unitFound };
}

export interface NewDossierFacts {
  procedure: ProcedureDetail;
  channel: 'online' | 'counter';
  agencyId: string;
  receivingAgencyId: string;
  /** The code of the desk that receives it (its counter numbers the dossier). */
  deskCode: string;
  /** The applicant's name as checked (the account's own online). */
  name: string;
  input: NewDossierInput;
  attachments: PaperAttachment[];
  fee: FeeQuote;
  at: Date;
  /** At the desk, the appointment from `at`; online none until the desk receives it. */
  dueAt: Date | null;
  actor: IntakeItem['actor'];
  clientTransactionId?: string;
  requestId: string;
  claim: IntakeItem['claim'];
  files: string[];
}

/**
 * The checked submission as the intake writes it: the dossier's row and its first action. Online it
 * waits for the desk (submitted); at the desk it is received now and follows the workflow as it stands.
 */
export function newDossierItem(f: NewDossierFacts): IntakeItem {
  const { procedure, channel, input } = f;
  return {
    deskCode: f.deskCode,
    at: f.at,
    values: {
      procedureId: procedure.id,
      agencyId: f.agencyId,
      receivingAgencyId: f.receivingAgencyId,
      currentAgencyId: f.agencyId,
      applicantUnitId: input.applicant?.unitId ?? null,
      applicantAccountId: channel === 'online' ? f.actor.id : null,
      applicantName: f.name,
      applicantIdNumber: input.applicant?.idNumber ?? null,
      applicantPhone: input.applicant?.phone ?? null,
      applicantEmail: input.applicant?.email ?? null,
      applicantAddress: input.applicant?.address ?? null,
      channel,
      formData: input.formData ?? {},
      attachments: f.attachments,
      fee: f.fee,
      feeTotal: f.fee.total,
      status: channel === 'online' ? 'submitted' : 'received',
      receivedAt: channel === 'counter' ? f.at : null,
      dueAt: f.dueAt,
      createdBy: f.actor.id,
      createTransactionId: f.clientTransactionId ?? null,
      // A walk-in dossier is received now: it follows the workflow as it stands now.
      workflow: channel === 'counter' ? snapshotOf(procedure.workflow) : null,
    },
    action: channel === 'online' ? 'submit' : 'receive',
    actionDetails: {
      channel,
      ...(f.dueAt ? { dueAt: f.dueAt.toISOString() } : {}),
      ...(input.note ? { note: input.note } : {}),
    },
    actor: f.actor,
    requestId: f.requestId,
    claim: f.claim,
    files: f.files,
  };
}

/** The new dossier; for one just written, also what its detail view needs, so that it is not read back. */
export async function createDossier(
  req: FastifyRequest,
  channel: 'online' | 'counter',
  input: NewDossierInput,
  clientTransactionId?: string,
): Promise<{ dossier: Dossier; replayed: boolean; preloaded?: Preloaded }> {
  const { ctx } = req.server;
  const db = ctx.db;
  // An officer of any agency may start; the receiving agency is checked once the body names it.
  const principal = requireRoleFor(req, channel === 'online' ? 'dossiers.submit' : 'dossiers.receive');
  if (clientTransactionId) {
    const [prior] = await db
      .select()
      .from(dossiers)
      .where(and(eq(dossiers.createdBy, principal.accountId), eq(dossiers.createTransactionId, clientTransactionId)));
    if (prior) return { dossier: prior, replayed: true };
  }
  const procedure = await cachedProcedure(db, input.procedureId);
  if (!procedure || !procedure.active)
    throw problems.invalidField(
      '/body/procedureId',
      { vi: 'Không có thủ tục hành chính này.', en: 'No such procedure.' },
      'unknown-procedure',
    );
  const agencyId = input.agencyId ?? procedure.agencyId;
  if (!agencyId)
    throw problems.invalidField(
      '/body/agencyId',
      { vi: 'Cần chọn cơ quan giải quyết.', en: 'Choose the agency that handles it.' },
      'required',
    );
  // At the desk the officer says which desk receives (any desk may, Nghị định 118/2025); online, the handling agency does.
  if (channel === 'counter' && !input.receivingAgencyId) {
    throw problems.invalidField(
      '/body/receivingAgencyId',
      {
        vi: 'Cần chọn nơi tiếp nhận hồ sơ (bộ phận một cửa của cán bộ).',
        en: 'Choose the desk that receives the dossier (the officer’s one-stop desk).',
      },
      'required',
    );
  }
  const receivingAgencyId = input.receivingAgencyId ?? agencyId;
  const unitId = input.applicant?.unitId ?? null;
  const facts = await lookUpFacts(req, [agencyId, receivingAgencyId], unitId);
  const desk = facts.agencies.get(receivingAgencyId);
  const errors: FieldError[] = [];
  const handling = facts.agencies.get(agencyId);
  if (!handling?.active)
    errors.push(err('/body/agencyId', 'unknown-agency', 'Không có cơ quan này.', 'No such agency.'));
  else if (!(await competent(req, procedure, handling)))
    errors.push(
      err(
        '/body/agencyId',
        'not-competent',
        'Cơ quan này không có thẩm quyền giải quyết thủ tục này.',
        'This agency is not competent for this procedure.',
      ),
    );
  if (!desk?.active)
    errors.push(err('/body/receivingAgencyId', 'unknown-agency', 'Không có cơ quan này.', 'No such agency.'));
  if (unitId && !facts.unitFound)
    errors.push(
      err('/body/applicant/unitId', 'unknown-unit', 'Không có đơn vị hành chính này.', 'No such administrative unit.'),
    );
  const name = input.applicant?.name?.trim() || (channel === 'online' ? principal.displayName : '');
  if (!name)
    errors.push(err('/body/applicant/name', 'required', 'Cần họ tên người nộp.', 'The applicant’s name is required.'));
  errors.push(...completenessErrors(procedure, input));
  const now = clock.now();
  const paperCtx = {
    procedure,
    channel,
    accountId: principal.accountId,
    applicant: { name, idNumber: input.applicant?.idNumber },
    now,
  };
  const papers = await resolvePapers(db, paperCtx, input.attachments ?? []);
  errors.push(...papers.errors);
  if (errors.length) throw invalid(errors);
  // The desk receives for the agency it serves: the officer's grant must cover the receiving agency.
  if (channel === 'counter') await requirePermission(req, 'dossiers.receive', { agencyId: receivingAgencyId });
  else await requirePermission(req, 'dossiers.submit', { agencyId });
  // Only now, with everything else in order, is the applicant looked up in a national database they consented to.
  const lookupErrors = await runLookups(db, paperCtx, papers);
  if (lookupErrors.length) throw invalid(lookupErrors);
  const atts = papers.attachments;
  // The fee by the procedure's rules from the form as sent (../fees); the evidence of a reduction is one of the papers attached.
  const fee = assessFee(
    procedure.fees,
    { formData: input.formData ?? {}, channel, category: input.fee?.category, evidence: input.fee?.evidence, at: now },
    atts.flatMap((a) => a.files),
  );

  const calendar = await ctx.calendar.calendar();
  const dueAt = channel === 'counter' ? appointmentDate(calendar, now, procedure) : null;
  const claim = req.idempotency && !req.idempotency.reserved ? req.idempotency : null;
  try {
    const { dossier, action: first } = await intake(
      req,
      newDossierItem({
        procedure,
        channel,
        agencyId,
        receivingAgencyId,
        deskCode: desk!.code,
        name,
        input,
        attachments: atts,
        fee,
        at: now,
        dueAt,
        actor: { id: principal.accountId, displayName: principal.displayName, username: principal.username },
        clientTransactionId,
        requestId: req.id,
        claim,
        files: papers.uploads,
      }),
    );
    const agencyList = [...facts.agencies.values()].map(({ id, code, name }) => ({ id, code, name }));
    const procedureRef = {
      id: procedure.id,
      code: procedure.code,
      name: procedure.name,
      processingDays: procedure.processingDays,
    };
    return { dossier, replayed: false, preloaded: { procedure: procedureRef, agencies: agencyList, actions: [first] } };
  } catch (e) {
    if (e instanceof MissingFiles) {
      const missing = new Set(e.shas);
      throw invalid(notUploadedErrors(atts, (sha) => missing.has(sha), '/body/attachments'));
    }
    if (clientTransactionId && pgErrorCode(e).code === '23505') {
      const [prior] = await db
        .select()
        .from(dossiers)
        .where(and(eq(dossiers.createdBy, principal.accountId), eq(dossiers.createTransactionId, clientTransactionId)));
      if (prior) return { dossier: prior, replayed: true };
    }
    throw e;
  }
}
