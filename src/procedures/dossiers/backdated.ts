/**
 * Dossiers at a past instant, for the living demo (src/demo/dossiers.ts), which opens with a year of
 * them. The same checks, rows, first actions, actions, outbox intents and audit rows as the API's
 * (`createDossier`, `performAction`), inside the caller's transaction and at the time it names: the
 * API's own clock is now, and a demo loaded in one transaction cannot go through requests.
 * No route reaches this; an applicant or an officer always acts now.
 */
import { eq, inArray, sql } from 'drizzle-orm';
import {
  appendAudit,
  can,
  problems,
  queryRows,
  type Executor,
  type Files,
  type Grant,
  type Principal,
  type ScopeResolver,
  type Tx,
  type WorkingCalendar,
} from '../../platform/index.js';
import { agencies, directoryScopes } from '../../directory/index.js';
import { getProcedure } from '../catalog/service.js';
import { resolvePapers } from '../papers/intake.js';
import { assessFee } from '../fees/rules.js';
import { performerOf } from './access.js';
import { actionByName } from './actions/index.js';
import { appointmentDate } from './clock.js';
import { completenessErrors, newDossierItem, type NewDossierInput } from './create.js';
import { MissingFiles, writeBatch } from './intake.js';
import { dossiers, type Dossier } from './schema.js';
import { applyAction } from './service.js';

/** An account as it would be signed in: its enabled grants (role_grants), as a session's principal carries them. */
export async function principalOf(ex: Executor, username: string): Promise<Principal> {
  const [r] = await queryRows<{
    id: string;
    username: string;
    display_name: string;
    kind: 'person' | 'system';
    grants: Grant[] | string;
  }>(
    ex,
    sql`SELECT a.id, a.username, a.display_name, a.kind,
          coalesce((SELECT json_agg(json_build_object('role', g.role, 'scopeKind', g.scope_kind, 'scopeId', g.scope_id))
                    FROM role_grants g WHERE g.account_id = a.id AND g.revoked_at IS NULL), '[]'::json) AS grants
        FROM accounts a WHERE a.username = ${username.toLowerCase()} AND NOT a.disabled`,
  );
  if (!r) throw new Error(`no enabled account ${username}`);
  const grants = typeof r.grants === 'string' ? (JSON.parse(r.grants) as Grant[]) : r.grants;
  return { accountId: r.id, username: r.username, displayName: r.display_name, kind: r.kind, grants, via: 'session' };
}

export interface PastContext {
  tx: Tx;
  files: Files;
  calendar: WorkingCalendar;
  /** When it happened. */
  at: Date;
  /** Who did it: the applicant online, the desk's officer at the counter, the staff member for an action. */
  principal: Principal;
  /** One resolver for the whole transaction keeps its answers (`directoryScopes(tx)` when absent). */
  scopes?: ScopeResolver;
}

const refused = (what: string, detail: unknown) =>
  problems.badRequest(
    { vi: `Không thực hiện được: ${what}.`, en: `Not possible: ${what}.` },
    { code: 'validation', extra: { detail } },
  );

/**
 * A dossier submitted online by its applicant or received at the desk, at `at`: the procedure and the
 * agencies checked, the form and the papers as `createDossier` checks them, the fee by the procedure's
 * rules, the appointment on the working calendar, and the code of the receiving desk's day.
 */
export async function intakeAt(
  c: PastContext,
  channel: 'online' | 'counter',
  input: NewDossierInput,
  clientTransactionId: string,
): Promise<Dossier> {
  const { tx, principal, at } = c;
  const scopes = c.scopes ?? directoryScopes(tx);
  const procedure = await getProcedure(tx, input.procedureId);
  if (!procedure?.active) throw refused('procedure', input.procedureId);
  const agencyId = input.agencyId ?? procedure.agencyId;
  const receivingAgencyId = input.receivingAgencyId ?? agencyId;
  if (!agencyId || !receivingAgencyId) throw refused('agency', input);
  const rows = await tx
    .select({ id: agencies.id, code: agencies.code, level: agencies.level, active: agencies.active })
    .from(agencies)
    .where(inArray(agencies.id, [agencyId, receivingAgencyId]));
  const handling = rows.find((a) => a.id === agencyId);
  const desk = rows.find((a) => a.id === receivingAgencyId);
  if (!handling?.active || !desk?.active) throw refused('agency', input);
  const competent = procedure.agencyId
    ? (await scopes.agencyAncestors(handling.id)).includes(procedure.agencyId)
    : (procedure.levels as string[]).includes(handling.level);
  if (!competent) throw refused('competent agency', handling.code);
  const allowed =
    channel === 'counter'
      ? await can(principal, 'dossiers.receive', { agencyId: receivingAgencyId }, scopes)
      : await can(principal, 'dossiers.submit', { agencyId }, scopes);
  if (!allowed)
    throw refused(`${principal.username} may not ${channel === 'counter' ? 'receive' : 'submit'} here`, desk.code);
  const name = input.applicant?.name?.trim() || (channel === 'online' ? principal.displayName : '');
  const papers = await resolvePapers(
    tx,
    {
      procedure,
      channel,
      accountId: principal.accountId,
      applicant: { name, idNumber: input.applicant?.idNumber },
      now: at,
    },
    input.attachments ?? [],
  );
  const errors = [...completenessErrors(procedure, input, at), ...papers.errors];
  // A paper taken from a national database needs a lookup made now, with the applicant's consent: not for a past dossier.
  if (!name || errors.length || papers.lookups.length) throw refused('form or papers', errors);
  const atts = papers.attachments;
  const fee = assessFee(
    procedure.fees,
    { formData: input.formData ?? {}, channel, category: input.fee?.category, evidence: input.fee?.evidence, at },
    atts.flatMap((a) => a.files),
  );
  const dueAt = channel === 'counter' ? appointmentDate(c.calendar, at, procedure) : null;
  const item = newDossierItem({
    procedure,
    channel,
    agencyId,
    receivingAgencyId,
    deskCode: desk.code,
    name,
    input,
    attachments: atts,
    fee,
    at,
    dueAt,
    actor: { id: principal.accountId, displayName: principal.displayName, username: principal.username },
    clientTransactionId,
    requestId: 'living-demo',
    claim: null,
    files: papers.uploads,
  });
  const [written] = await writeBatch(c.files, tx, [item], { notify: false });
  if (written instanceof MissingFiles) throw written;
  return written!.dossier;
}

/** An action on the dossier at `at`, by whoever `principal` is, if the action lets them (as the API decides). */
export async function actAt(
  c: PastContext,
  dossierId: string,
  action: string,
  input: Record<string, unknown> = {},
): Promise<Dossier> {
  const { tx, principal: p, at } = c;
  const def = actionByName(action);
  if (!def) throw refused('action', action);
  const [d] = await tx.select().from(dossiers).where(eq(dossiers.id, dossierId)).for('update');
  if (!d) throw refused('dossier', dossierId);
  const scopes = c.scopes ?? directoryScopes(tx);
  const as = await performerOf(def, d, p, scopes);
  if (!as) throw refused(`${p.username} may not ${action} ${d.code}`, d.status);
  const audit = (e: Parameters<Parameters<typeof applyAction>[4]['audit']>[0]) =>
    appendAudit(tx, {
      ...e,
      actorId: p.accountId,
      actorLabel: p.username,
      details: { ...e.details, at: at.toISOString() },
    });
  const { dossier } = await applyAction(tx, d, def, input, {
    principal: p,
    as,
    now: at,
    calendar: c.calendar,
    files: c.files,
    audit,
    scopes,
    notify: false,
  });
  return dossier;
}
