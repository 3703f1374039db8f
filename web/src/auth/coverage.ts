import { useQuery } from '@tanstack/react-query';
import { api } from '../api/client.js';
import { useSession } from './session.js';

/** GET /api/auth/coverage: where the logged-in user may do an action (all of it with a province-level grant). */
export interface Coverage {
  action: string;
  province: boolean;
  agencyIds: string[];
  unitIds: string[];
}

/** Whose record it is: an agency's, a unit's, or (neither) the province's, which only a province-level grant reaches. */
export interface Owner {
  agencyId?: string | null;
  unitId?: string | null;
}

/** Does a coverage reach this record? The same rule as the server's `coverageReaches`. */
export function reaches(c: Coverage | undefined, owner: Owner): boolean {
  if (!c) return false;
  if (c.province) return true;
  return Boolean(
    (owner.agencyId && c.agencyIds.includes(owner.agencyId)) || (owner.unitId && c.unitIds.includes(owner.unitId)),
  );
}

/** Does the coverage reach anything at all (may the user create something somewhere)? */
export const reachesAny = (c: Coverage | undefined) =>
  Boolean(c && (c.province || c.agencyIds.length || c.unitIds.length));

/**
 * Where the user may do `action`, so that pages offer an edit only where the server would accept it (it checks
 * every change again). Cached per account: another user's grants never answer for this one.
 */
export function useCoverage(action: string) {
  const session = useSession();
  const accountId = session.data?.account.id;
  return useQuery({
    queryKey: ['coverage', accountId ?? '', action],
    queryFn: ({ signal }) => api<Coverage>('/api/auth/coverage', { query: { action }, signal }),
    enabled: !!accountId,
    staleTime: 5 * 60_000,
  });
}
