/** Who may see and act on a dossier: its applicant, and staff whose grants cover one of its agencies. */
import { can, PERMISSIONS, type Principal, type Role, type ScopeResolver } from '../../platform/index.js';
import type { DossierActionDef, ScopeRef } from './actions/base.js';
import type { Dossier } from './schema.js';

type AgencyRefs = Pick<Dossier, 'agencyId' | 'receivingAgencyId' | 'currentAgencyId'>;

const agencyOf = (d: AgencyRefs, r: ScopeRef) =>
  r === 'receiving' ? d.receivingAgencyId : r === 'handling' ? d.agencyId : d.currentAgencyId;

export const isApplicant = (d: Pick<Dossier, 'applicantAccountId'>, p: Principal | null) =>
  Boolean(p && d.applicantAccountId && d.applicantAccountId === p.accountId);

/** Holds a staff role that reads dossiers somewhere (the queue is theirs, not the citizen's list). */
export const isStaff = (p: Principal | null) =>
  Boolean(p?.grants.some((g) => (PERMISSIONS['dossiers.read'] as readonly Role[]).includes(g.role)));

export async function mayRead(
  d: AgencyRefs & Pick<Dossier, 'applicantAccountId'>,
  p: Principal | null,
  scopes: ScopeResolver,
): Promise<boolean> {
  if (!p) return false;
  if (isApplicant(d, p)) return true;
  for (const r of ['receiving', 'handling', 'current'] as const)
    if (await can(p, 'dossiers.read', { agencyId: agencyOf(d, r) }, scopes)) return true;
  return false;
}

/** How the caller may perform this action on this dossier: as its applicant, as staff, or not at all. */
export async function performerOf(
  def: DossierActionDef<never>,
  d: Dossier,
  p: Principal,
  scopes: ScopeResolver,
): Promise<'applicant' | 'staff' | null> {
  for (const perf of def.performers) {
    if (perf.kind === 'applicant') {
      if (isApplicant(d, p) && (await can(p, 'dossiers.submit', { agencyId: d.agencyId }, scopes))) return 'applicant';
      continue;
    }
    for (const r of perf.scopes)
      if (await can(p, perf.permission, { agencyId: agencyOf(d, r) }, scopes)) return 'staff';
  }
  return null;
}
