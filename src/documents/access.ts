/**
 * Who may see and act on a document: staff whose grant for the permission covers its agency (or its
 * drafting unit), and the people it was given to (handlers, readers, drafter, reviewer, signer).
 */
import { and, eq } from 'drizzle-orm';
import { can, PERMISSIONS, type Executor, type Principal, type Role, type ScopeResolver } from '../platform/index.js';
import type { DocumentActionDef, ScopeRef } from './actions/base.js';
import { documentAssignments, type Document } from './schema.js';

export const agencyOf = (d: Pick<Document, 'agencyId' | 'draftingUnitId'>, r: ScopeRef) =>
  r === 'drafting_unit' ? (d.draftingUnitId ?? d.agencyId) : d.agencyId;

export const isDocumentStaff = (p: Principal | null) =>
  Boolean(p?.grants.some((g) => (PERMISSIONS['documents.read'] as readonly Role[]).includes(g.role)));

/** Whether the account has an active assignment on the document, in one of these parts. */
export async function isAssigned(
  ex: Executor,
  documentId: string,
  accountId: string,
  roles: readonly string[] = ['lead', 'co', 'reader'],
): Promise<boolean> {
  const rows = await ex
    .select({ role: documentAssignments.role })
    .from(documentAssignments)
    .where(
      and(
        eq(documentAssignments.documentId, documentId),
        eq(documentAssignments.accountId, accountId),
        eq(documentAssignments.active, true),
      ),
    );
  return rows.some((r) => roles.includes(r.role));
}

const personal = (d: Document, accountId: string) =>
  [d.drafterId, d.reviewerId, d.signerId, d.leadHandlerId, d.createdBy].includes(accountId);

export async function mayRead(ex: Executor, d: Document, p: Principal | null, scopes: ScopeResolver): Promise<boolean> {
  if (!p) return false;
  if (await can(p, 'documents.read', { agencyId: d.agencyId }, scopes)) return true;
  if (d.draftingUnitId && (await can(p, 'documents.read', { agencyId: d.draftingUnitId }, scopes))) return true;
  if (personal(d, p.accountId)) return true;
  return isAssigned(ex, d.id, p.accountId);
}

/** Whether the caller may perform this action on this document. */
export async function mayPerform(
  ex: Executor,
  def: DocumentActionDef<never>,
  d: Document,
  p: Principal,
  scopes: ScopeResolver,
): Promise<boolean> {
  for (const perf of def.performers) {
    for (const r of perf.scopes) {
      if (!(await can(p, perf.permission, { agencyId: agencyOf(d, r) }, scopes))) continue;
      if (!perf.only || (await perf.only(d, p.accountId, ex))) return true;
    }
  }
  return false;
}
