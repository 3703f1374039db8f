/**
 * The one way a dossier changes (addAction): lock the row, check the state, run the action, append
 * its row, update the cached state, write the audit row and the outbox intents, all in one transaction.
 */
import { and, eq } from 'drizzle-orm';
import type { FastifyRequest } from 'fastify';
import {
  enqueue,
  problems,
  requireAuth,
  transact,
  type AuditFn,
  type Bilingual,
  type Files,
  type Principal,
  type ScopeResolver,
  type Tx,
  type WorkingCalendar,
} from '../../platform/index.js';
import { directoryScopes } from '../../directory/index.js';
import { actionsFrom, type DossierActionDef } from './actions/index.js';
import { isStaff, mayRead, performerOf } from './access.js';
import { clock } from './clock.js';
import { dossierActions, dossiers, type Dossier, type DossierAction } from './schema.js';

/** The outbox kind the notifier handles: tell the applicant what happened (receipt, supplement, result, delay). */
export const NOTIFY_DOSSIER = 'notify.dossier';

export const dossierWord: Bilingual = { vi: 'hồ sơ', en: 'Dossier' };

export interface ActionOutcome {
  action: DossierAction;
  replayed: boolean;
}

export function pgErrorCode(e: unknown): { code?: string; constraint?: string } {
  const x = e as { code?: string; constraint?: string; cause?: { code?: string; constraint?: string } };
  return { code: x.cause?.code ?? x.code, constraint: x.cause?.constraint ?? x.constraint };
}

export async function findDossier(
  ex: Tx | FastifyRequest['server']['ctx']['db'],
  id: string,
): Promise<Dossier | undefined> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) return undefined;
  const [d] = await ex.select().from(dossiers).where(eq(dossiers.id, id));
  return d;
}

async function priorAction(ex: FastifyRequest['server']['ctx']['db'], dossierId: string, clientTransactionId: string) {
  const [a] = await ex
    .select()
    .from(dossierActions)
    .where(and(eq(dossierActions.dossierId, dossierId), eq(dossierActions.clientTransactionId, clientTransactionId)));
  return a;
}

/** 409 with the actions the current state allows. */
export function illegal(d: Dossier, action: string, why?: Bilingual) {
  return problems.conflict(
    why ?? {
      vi: `Không thể "${action}" khi hồ sơ ở trạng thái ${d.status}.`,
      en: `Cannot ${action} a dossier that is ${d.status}.`,
    },
    {
      code: 'illegal-transition',
      extra: { currentStatus: d.status, allowed: actionsFrom(d.status) },
    },
  );
}

/** The dossier must exist and the caller must see it: strangers are told it does not exist, other agencies' staff that they may not. */
export async function visibleDossier(req: FastifyRequest, id: string): Promise<Dossier> {
  const d = await findDossier(req.server.ctx.db, id);
  if (!d) throw problems.notFound(dossierWord, { code: 'dossier-not-found' });
  if (!(await mayRead(d, req.principal, req.server.ctx.scopes))) {
    if (isStaff(req.principal)) throw problems.forbidden(undefined, { extra: { action: 'dossiers.read' } });
    throw problems.notFound(dossierWord, { code: 'dossier-not-found' });
  }
  return d;
}

export async function performAction(
  req: FastifyRequest,
  id: string,
  def: DossierActionDef<never>,
  input: unknown,
  clientTransactionId?: string,
): Promise<ActionOutcome> {
  const p = requireAuth(req);
  const { ctx } = req.server;
  const d0 = await findDossier(ctx.db, id);
  if (!d0) throw problems.notFound(dossierWord, { code: 'dossier-not-found' });
  // Who asks is decided before anything is replayed: a retried action answers only the account that made it.
  const as = await performerOf(def, d0, p, ctx.scopes);
  if (!as) {
    if (!(await mayRead(d0, p, ctx.scopes)) && !isStaff(p))
      throw problems.notFound(dossierWord, { code: 'dossier-not-found' });
    const perm = def.performers.find((x) => x.kind === 'staff');
    throw problems.forbidden(undefined, {
      extra: { action: perm && perm.kind === 'staff' ? perm.permission : 'dossiers.applicant' },
    });
  }
  if (clientTransactionId) {
    const prior = await priorAction(ctx.db, id, clientTransactionId);
    if (prior) return replayOf(prior, p);
  }
  // Read before the transaction: on PGlite a query outside an open transaction waits for it.
  const calendar = await ctx.calendar.calendar();
  const now = clock.now();
  try {
    return await transact(req, async (tx, audit) => {
      const [d] = await tx.select().from(dossiers).where(eq(dossiers.id, id)).for('update');
      if (!d) throw problems.notFound(dossierWord, { code: 'dossier-not-found' });
      // Who may act was decided on the agencies as they were; if the dossier moved meanwhile, decide again.
      if (d.currentAgencyId !== d0.currentAgencyId || d.currentHandlerId !== d0.currentHandlerId) {
        throw problems.conflict(
          { vi: 'Hồ sơ vừa được chuyển; vui lòng thử lại.', en: 'The dossier has just moved; please try again.' },
          { code: 'concurrent-change' },
        );
      }
      const { action } = await applyAction(tx, d, def, input, {
        principal: p,
        as,
        now,
        calendar,
        files: ctx.files,
        clientTransactionId,
        audit,
      });
      return { action, replayed: false };
    });
  } catch (e) {
    // Two copies of one retried request raced: the loser answers with the winner's action.
    if (clientTransactionId && pgErrorCode(e).code === '23505') {
      const prior = await priorAction(ctx.db, id, clientTransactionId);
      if (prior) return replayOf(prior, p);
    }
    throw e;
  }
}

export interface ApplyOptions {
  principal: Principal;
  /** How the principal performs it (`performerOf`): the caller has decided they may. */
  as: 'applicant' | 'staff';
  now: Date;
  calendar: WorkingCalendar;
  files: Files;
  clientTransactionId?: string;
  /** Writes the action's audit row in this transaction (`transact`'s, or the caller's own). */
  audit: AuditFn;
  /** Scope checks in this transaction; one resolver for many actions keeps its answers (the living demo's). */
  scopes?: ScopeResolver;
  /** false: queue no notification (an action recorded after the fact: the living demo's past). */
  notify?: boolean;
}

/**
 * The action applied to a dossier read (and locked) in this transaction: the state checked, the action
 * run, its row appended, the cached state updated, the outbox intent and the audit row written. The
 * route's `performAction` and the living demo's past actions (src/demo/dossiers.ts) both come here.
 */
export async function applyAction(
  tx: Tx,
  d: Dossier,
  def: DossierActionDef<never>,
  input: unknown,
  o: ApplyOptions,
): Promise<{ action: DossierAction; dossier: Dossier }> {
  const { principal: p, as, now } = o;
  if (!def.from.includes(d.status)) throw illegal(d, def.name);
  const why = def.guard?.(d, now);
  if (why) throw illegal(d, def.name, why);
  const effect = await def.run({
    tx,
    dossier: d,
    input: input as never,
    principal: p,
    now,
    calendar: o.calendar,
    files: o.files,
    scopes: o.scopes ?? directoryScopes(tx),
    asApplicant: as === 'applicant',
  });
  const to = effect.to === 'same' ? d.status : effect.to;
  const seq = d.lastSeq + 1;
  const details = { ...(effect.details ?? {}), ...(as === 'applicant' ? { asApplicant: true } : {}) };
  const [action] = await tx
    .insert(dossierActions)
    .values({
      dossierId: d.id,
      seq,
      action: def.name,
      actorId: p.accountId,
      actorLabel: p.displayName,
      at: now,
      fromStatus: d.status,
      toStatus: to,
      details,
      clientTransactionId: o.clientTransactionId ?? null,
    })
    .returning();
  const [dossier] = await tx
    .update(dossiers)
    .set({ ...effect.set, status: to, lastSeq: seq, updatedAt: now })
    .where(eq(dossiers.id, d.id))
    .returning();
  if (effect.notify && o.notify !== false)
    await enqueue(
      tx,
      NOTIFY_DOSSIER,
      { dossierId: d.id, seq, action: def.name },
      { dedupeKey: `${NOTIFY_DOSSIER}:${d.id}:${seq}` },
    );
  // Seen by the readers of the agency that handles the dossier, wherever the step takes place.
  await o.audit({
    action: `dossier.${def.name}`,
    targetType: 'dossier',
    targetId: d.id,
    details: { code: d.code, seq, from: d.status, to },
    scope: { agencyId: d.agencyId },
  });
  return { action: action!, dossier: dossier! };
}

/** The earlier action of a retried request, for the account that made it; anyone else sent a taken id. */
function replayOf(prior: DossierAction, p: { accountId: string }): ActionOutcome {
  if (prior.actorId !== p.accountId) {
    throw problems.conflict(
      {
        vi: 'Mã giao dịch (clientTransactionId) này đã được dùng cho một thao tác khác; hãy tạo mã mới.',
        en: 'This clientTransactionId was used for another action; generate a new one.',
      },
      { code: 'transaction-id-taken' },
    );
  }
  return { action: prior, replayed: true };
}
