import { useSession } from '../auth/session.js';

/** The caller's agency for documents: the scope of their first agency grant. */
export function useMyAgency(): { agencyId: string | null; csrf: string | null } {
  const s = useSession();
  const g = s.data?.account.grants.find((x) => x.scopeKind === 'agency' && x.scopeId);
  return { agencyId: g?.scopeId ?? null, csrf: s.data?.csrfToken ?? null };
}
