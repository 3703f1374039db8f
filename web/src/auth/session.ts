import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, isApiError, setCsrfToken } from '../api/client.js';
import type { Session } from './roles.js';

export const SESSION_KEY = ['session'] as const;

async function fetchSession(): Promise<Session | null> {
  // The server answers an anonymous caller with 200 `{ authenticated: false }`, not a 401 the console would log.
  const s = await api<Session | { authenticated: false }>('/api/auth/session');
  if (!('account' in s)) {
    setCsrfToken(null);
    return null;
  }
  setCsrfToken(s.csrfToken);
  return s;
}

/** The current session, or `null` when nobody is logged in. */
export function useSession() {
  return useQuery({ queryKey: SESSION_KEY, queryFn: fetchSession, staleTime: 5 * 60_000, retry: 1 });
}

export function useLogin() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { username: string; password: string }) =>
      api<Session>('/api/auth/login', { method: 'POST', body }),
    onSuccess: (s) => {
      setCsrfToken(s.csrfToken);
      // Nothing cached for the previous user may leak into this one's screens.
      qc.removeQueries({ predicate: (q) => q.queryKey[0] !== SESSION_KEY[0] });
      qc.setQueryData(SESSION_KEY, s);
    },
  });
}

export function useLogout() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async () => {
      try {
        await api<void>('/api/auth/logout', { method: 'POST' });
      } catch (e) {
        // Already logged out (expired session): the outcome is the same.
        if (!(isApiError(e) && e.status === 401)) throw e;
      }
    },
    onSuccess: () => {
      setCsrfToken(null);
      qc.removeQueries({ predicate: (q) => q.queryKey[0] !== SESSION_KEY[0] });
      qc.setQueryData(SESSION_KEY, null);
    },
  });
}
