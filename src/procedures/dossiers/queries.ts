/** Reading dossiers: one with its timeline, and the queues. */
import {
  and,
  asc,
  desc,
  eq,
  gte,
  inArray,
  isNotNull,
  isNull,
  lt,
  lte,
  notInArray,
  or,
  sql,
  type SQL,
} from 'drizzle-orm';
import type { FastifyRequest } from 'fastify';
import { alias } from 'drizzle-orm/pg-core';
import type { Db, Executor, Principal, WorkingCalendar } from '../../platform/index.js';
import { agencies } from '../../directory/index.js';
import { procedures } from '../catalog/schema.js';
import { performerOf } from './access.js';
import { ACTIONS } from './actions/index.js';
import { isLate } from './late.js';
import { dossierActions, dossiers, type Dossier, type DossierAction } from './schema.js';
import { CLOSED, FINISHED, type DossierStatus } from './statuses.js';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

type ProcRef = { id: string; code: string; name: string; processingDays: number };

export function summaryView(d: Dossier, procedure: ProcRef, now: Date) {
  return {
    id: d.id,
    code: d.code,
    status: d.status,
    channel: d.channel,
    procedure,
    // What a queue shows as the line's title.
    title: procedure.name,
    agencyId: d.agencyId,
    receivingAgencyId: d.receivingAgencyId,
    currentAgencyId: d.currentAgencyId,
    applicantName: d.applicantName,
    submittedAt: d.submittedAt.toISOString(),
    receivedAt: iso(d.receivedAt),
    dueAt: iso(d.dueAt),
    newDueAt: iso(d.newDueAt),
    completedAt: iso(d.completedAt),
    paused: d.pausedSince !== null,
    late: isLate(d, now),
    currentStep: d.currentStep,
    currentHandlerId: d.currentHandlerId,
  };
}

export const timelineEntry = (a: DossierAction) => ({
  seq: a.seq,
  action: a.action,
  at: a.at.toISOString(),
  actor: a.actorLabel,
  fromStatus: a.fromStatus,
  toStatus: a.toStatus,
  details: a.details,
});

export async function timeline(ex: Executor, dossierId: string): Promise<DossierAction[]> {
  return ex
    .select()
    .from(dossierActions)
    .where(eq(dossierActions.dossierId, dossierId))
    .orderBy(asc(dossierActions.seq));
}

/** The actions this caller may perform on this dossier now. */
export async function allowedFor(req: FastifyRequest, d: Dossier, now: Date): Promise<string[]> {
  const p = req.principal;
  if (!p) return [];
  const out: string[] = [];
  for (const a of ACTIONS) {
    if (!a.from.includes(d.status) || a.guard?.(d, now)) continue;
    if (await performerOf(a, d, p, req.server.ctx.scopes)) out.push(a.name);
  }
  return out;
}

/** What a caller already holds of a dossier's detail (a dossier just written): not read again. */
export interface Preloaded {
  procedure: ProcRef;
  /** At least the dossier's handling, receiving and current agencies. */
  agencies: { id: string; code: string; name: string }[];
  actions: DossierAction[];
}

export async function detailView(req: FastifyRequest, d: Dossier, now: Date, preloaded?: Preloaded) {
  const db = req.server.ctx.db;
  const [p] = preloaded
    ? [preloaded.procedure]
    : await db
        .select({
          id: procedures.id,
          code: procedures.code,
          name: procedures.name,
          processingDays: procedures.processingDays,
        })
        .from(procedures)
        .where(eq(procedures.id, d.procedureId));
  const ids = [...new Set([d.agencyId, d.receivingAgencyId, d.currentAgencyId])];
  const ags =
    preloaded?.agencies ??
    (await db
      .select({ id: agencies.id, code: agencies.code, name: agencies.name })
      .from(agencies)
      .where(inArray(agencies.id, ids)));
  const ag = (id: string) => ags.find((a) => a.id === id)!;
  return {
    ...summaryView(d, p!, now),
    agency: ag(d.agencyId),
    receivingAgency: ag(d.receivingAgencyId),
    currentAgency: ag(d.currentAgencyId),
    applicant: {
      accountId: d.applicantAccountId,
      name: d.applicantName,
      idNumber: d.applicantIdNumber,
      phone: d.applicantPhone,
      email: d.applicantEmail,
      address: d.applicantAddress,
      unitId: d.applicantUnitId,
    },
    formData: d.formData,
    attachments: d.attachments,
    pausedMs: d.pausedMs,
    pausedSince: iso(d.pausedSince),
    returnedAt: iso(d.returnedAt),
    resultSha256: d.resultSha256,
    rating: d.rating,
    ratingComment: d.ratingComment,
    timeline: (preloaded?.actions ?? (await timeline(db, d.id))).map(timelineEntry),
    allowedActions: await allowedFor(req, d, now),
  };
}

export interface QueueQuery {
  status?: string;
  assignedToMe?: boolean;
  dueWithin?: number;
  late?: boolean;
  agencyId?: string;
  procedureId?: string;
  q?: string;
  limit: number;
  offset: number;
}

const PENDING_EXCLUDED: DossierStatus[] = [...new Set([...FINISHED, ...CLOSED])];

/**
 * A queue: `scope` is the agencies the caller's grants reach (staff) or the applicant's own account
 * (citizens). `dueWithin` counts working days from now; `late` means pending past the appointment.
 */
export async function listDossiers(
  db: Db,
  scope: { agencyIds: string[] } | { applicant: string },
  q: QueueQuery,
  p: Principal,
  cal: WorkingCalendar,
  now: Date,
) {
  const where: SQL[] = [];
  if ('applicant' in scope) where.push(eq(dossiers.applicantAccountId, scope.applicant));
  else {
    if (!scope.agencyIds.length) return { items: [], total: 0 };
    where.push(
      or(
        inArray(dossiers.agencyId, scope.agencyIds),
        inArray(dossiers.receivingAgencyId, scope.agencyIds),
        inArray(dossiers.currentAgencyId, scope.agencyIds),
      )!,
    );
  }
  if (q.status) where.push(inArray(dossiers.status, q.status.split(',') as DossierStatus[]));
  if (q.assignedToMe) where.push(eq(dossiers.currentHandlerId, p.accountId));
  if (q.agencyId)
    where.push(
      or(
        eq(dossiers.agencyId, q.agencyId),
        eq(dossiers.receivingAgencyId, q.agencyId),
        eq(dossiers.currentAgencyId, q.agencyId),
      )!,
    );
  if (q.procedureId) where.push(eq(dossiers.procedureId, q.procedureId));
  if (q.q) where.push(sql`${dossiers.code} ILIKE ${'%' + q.q.replace(/[\\%_]/g, (c) => '\\' + c) + '%'}`);
  const pendingClockRunning = and(
    notInArray(dossiers.status, PENDING_EXCLUDED),
    isNotNull(dossiers.dueAt),
    isNull(dossiers.pausedSince),
  )!;
  if (q.late)
    where.push(
      and(
        notInArray(dossiers.status, PENDING_EXCLUDED),
        or(
          and(isNull(dossiers.pausedSince), lt(dossiers.dueAt, now)),
          sql`${dossiers.pausedSince} > ${dossiers.dueAt}`,
        ),
      )!,
    );
  if (q.dueWithin !== undefined)
    where.push(
      and(pendingClockRunning, gte(dossiers.dueAt, now), lte(dossiers.dueAt, cal.addWorkingDays(now, q.dueWithin)))!,
    );
  const cond = and(...where);
  const [{ n }] = (await db
    .select({ n: sql<number>`count(*)::int` })
    .from(dossiers)
    .where(cond)) as [{ n: number }];
  const proc = alias(procedures, 'p');
  const rows = await db
    .select({ d: dossiers, p: { id: proc.id, code: proc.code, name: proc.name, processingDays: proc.processingDays } })
    .from(dossiers)
    .innerJoin(proc, eq(proc.id, dossiers.procedureId))
    .where(cond)
    .orderBy(sql`${dossiers.dueAt} ASC NULLS LAST`, desc(dossiers.submittedAt))
    .limit(q.limit)
    .offset(q.offset);
  return { items: rows.map((r) => summaryView(r.d, r.p, now)), total: Number(n) };
}
