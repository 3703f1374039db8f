/**
 * One shared base for report actions (after OpenCRVS `packages/events`): an action names the states it
 * may start from, who may perform it, its body, and its effect. `performAction` does the rest —
 * locking, who-may checks, the append-only action row, the cached state, photos, audit — in one transaction.
 */
import type { FastifyRequest } from 'fastify';
import type { TSchema } from 'typebox';
import {
  can,
  problems,
  transact,
  type Bilingual,
  type Executor,
  type Tx,
  type WorkingCalendar,
  type Principal,
} from '../../platform/index.js';
import { directoryScopes } from '../../directory/index.js';
import { feedbackActions, feedbackPhotos, feedbackReports, type Report, type ReportStatus } from '../schema.js';
import { readSettings, type FeedbackSettings } from '../settings.js';
import { requireReport } from '../load.js';
import { ownUploads } from '../photos.js';
import { currentReporter, isReporterOf, type Reporter } from '../reporter.js';
import { eq } from 'drizzle-orm';

export type ActorKind = 'staff' | 'reporter' | 'system' | 'intake';

export interface Actor {
  kind: ActorKind;
  accountId: string | null;
  phone: string | null;
  principal: Principal | null;
}

export interface ActionContext<I> {
  tx: Tx;
  report: Report;
  input: I;
  actor: Actor;
  now: Date;
  calendar: WorkingCalendar;
  settings: FeedbackSettings;
  scopes: ReturnType<typeof directoryScopes>;
}

/** What an action does: where the report goes, the columns it changes, what its row records. */
export interface ActionEffect {
  /** 'same': recorded without moving the report (a rating). */
  to: ReportStatus | 'same';
  set?: Partial<Omit<Report, 'id' | 'publicId' | 'status'>>;
  details?: Record<string, unknown>;
  /** Originals of photos the actor uploaded, attached to this action. */
  photos?: string[];
}

export interface ReportActionDef<I = Record<string, unknown>> {
  name: string;
  label: Bilingual;
  from: readonly ReportStatus[];
  /** staff: holds feedback.handle over the report's agency; reporter: the one who filed it. */
  by: 'staff' | 'reporter';
  body: TSchema;
  /** A further condition (e.g. the reopen period); answers why not, or null. */
  guard?: (r: Report, now: Date, settings: FeedbackSettings) => Bilingual | null;
  run(ctx: ActionContext<I>): Promise<ActionEffect> | ActionEffect;
}

export const defineAction = <I>(def: ReportActionDef<I>): ReportActionDef<I> => def;

/** Appends an action row, attaches its photos and updates the cached report, in the caller's transaction. */
export async function recordAction(
  tx: Tx,
  report: Report,
  a: {
    action: string;
    actor: Pick<Actor, 'kind' | 'accountId'>;
    to: ReportStatus | 'same';
    set?: ActionEffect['set'];
    details?: Record<string, unknown>;
    photos?: { original: string; public: string }[];
    now: Date;
  },
): Promise<{ actionId: number; report: Report }> {
  const to = a.to === 'same' ? report.status : a.to;
  const agencyId = a.set?.agencyId ?? report.agencyId;
  const [row] = await tx
    .insert(feedbackActions)
    .values({
      reportId: report.id,
      action: a.action,
      actorKind: a.actor.kind,
      actorAccountId: a.actor.accountId,
      agencyId,
      fromStatus: report.status,
      toStatus: to,
      details: a.details ?? {},
      at: a.now,
    })
    .returning({ id: feedbackActions.id });
  for (const p of a.photos ?? []) {
    await tx
      .insert(feedbackPhotos)
      .values({ reportId: report.id, actionId: row!.id, originalSha256: p.original, publicSha256: p.public })
      .onConflictDoNothing();
  }
  const [updated] = await tx
    .update(feedbackReports)
    .set({ ...a.set, status: to, updatedAt: a.now })
    .where(eq(feedbackReports.id, report.id))
    .returning();
  return { actionId: row!.id, report: updated! };
}

/** Who the caller is for this report: staff over its agency, its reporter, or neither. */
export async function rolesFor(
  tx: Executor,
  req: FastifyRequest,
  report: Report,
  scopes: ReturnType<typeof directoryScopes>,
): Promise<{ staff: boolean; reporter: Reporter | null }> {
  const staff = await can(req.principal, 'feedback.handle', { agencyId: report.agencyId }, scopes);
  let reporter: Reporter | null = null;
  try {
    const r = await currentReporter(tx, req);
    if (isReporterOf(r, report)) reporter = r;
  } catch {
    reporter = null;
  }
  return { staff, reporter };
}

/** The actions this caller may take on the report now. */
export function allowedFor(
  defs: readonly ReportActionDef<never>[],
  report: Report,
  roles: { staff: boolean; reporter: unknown },
  now: Date,
  settings: FeedbackSettings,
): string[] {
  return defs
    .filter((d) => (d.by === 'staff' ? roles.staff : Boolean(roles.reporter)))
    .filter((d) => d.from.includes(report.status) && !d.guard?.(report, now, settings))
    .map((d) => d.name);
}

/**
 * Performs an action through HTTP. Answers 401/403 when the caller may not act on this report, and
 * 409 with the allowed actions when the report is not in a state the action starts from.
 */
export async function performAction<I>(
  req: FastifyRequest,
  defs: readonly ReportActionDef<never>[],
  def: ReportActionDef<I>,
  ref: string,
  input: I,
) {
  // The calendar is read before the transaction: on PGlite a query outside it would wait for it.
  const calendar = await req.server.ctx.calendar.calendar();
  return transact(req, async (tx, audit) => {
    const now = new Date();
    const report = await requireReport(tx, ref, { lock: true });
    const scopes = directoryScopes(tx);
    const settings = await readSettings(tx);
    const roles = await rolesFor(tx, req, report, scopes);
    const mayAct = def.by === 'staff' ? roles.staff : Boolean(roles.reporter);
    if (!mayAct) {
      if (!req.principal && !roles.reporter && !req.headers['x-reporter-ticket']) throw problems.unauthorized();
      throw problems.forbidden(
        def.by === 'reporter'
          ? {
              vi: 'Chỉ người gửi phản ánh mới thực hiện được thao tác này.',
              en: 'Only the person who filed the report may do this.',
            }
          : { vi: 'Phản ánh không thuộc cơ quan của bạn.', en: 'The report is not handled by your agency.' },
        { extra: { action: def.name } },
      );
    }
    const allowed = allowedFor(defs, report, roles, now, settings);
    if (!def.from.includes(report.status)) {
      throw problems.conflict(
        {
          vi: `Không thể "${def.label.vi}" khi phản ánh đang ở trạng thái ${report.status}.`,
          en: `Cannot ${def.label.en.toLowerCase()} a report that is ${report.status}.`,
        },
        { code: 'illegal-transition', extra: { reportStatus: report.status, allowed } },
      );
    }
    const why = def.guard?.(report, now, settings);
    if (why)
      throw problems.conflict(why, { code: 'action-not-allowed', extra: { reportStatus: report.status, allowed } });
    const actor: Actor =
      def.by === 'staff'
        ? { kind: 'staff', accountId: req.principal!.accountId, phone: null, principal: req.principal }
        : {
            kind: 'reporter',
            accountId: roles.reporter!.accountId,
            phone: roles.reporter!.phone,
            principal: req.principal,
          };
    const effect = await def.run({ tx, report, input, actor, now, calendar, settings, scopes });
    const photos = await ownUploads(tx, effect.photos ?? [], actor, '/body/photos');
    const done = await recordAction(tx, report, {
      action: def.name,
      actor,
      to: effect.to,
      set: effect.set,
      details: effect.details,
      photos,
      now,
    });
    await audit({
      action: `feedback.${def.name}`,
      targetType: 'feedback_report',
      targetId: report.id,
      details: { publicId: report.publicId, from: report.status, to: done.report.status },
      scope: { agencyId: done.report.agencyId },
    });
    const after = allowedFor(defs, done.report, await rolesFor(tx, req, done.report, scopes), now, settings);
    return {
      report: done.report,
      actionId: done.actionId,
      allowed: after,
      staff:
        roles.staff || (await can(req.principal, 'feedback.read-private', { agencyId: done.report.agencyId }, scopes)),
    };
  });
}
