import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import { canUse, type Area } from '../auth/roles.js';
import { useSession } from '../auth/session.js';
import { ErrorNotice } from './ErrorNotice.js';
import { Loading } from './States.js';

/** Lets through only users who may use the area; everyone else goes to the login page, which says why. */
export function RequireArea({ area, children }: { area: Area; children: ReactNode }) {
  const session = useSession();
  const location = useLocation();
  if (session.isPending) return <Loading />;
  if (session.isError) return <ErrorNotice error={session.error} onRetry={() => void session.refetch()} />;
  const account = session.data?.account;
  if (!canUse(account, area)) {
    const returnTo = encodeURIComponent(location.pathname + location.search);
    return <Navigate to={`/login?returnTo=${returnTo}${account ? '&denied=1' : ''}`} replace />;
  }
  return <>{children}</>;
}
