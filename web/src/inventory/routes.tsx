import { lazy, Suspense, type ReactNode } from 'react';
import { Route } from 'react-router';
import { Loading } from '../components/States.js';

// The inventory module's pages, by area of the app. Each is a fragment of <Route> elements (pages loaded lazily),
// placed by App.tsx inside that area's shell; null where the module has no page in an area.
const AgencyPage = lazy(() => import('./AgencyPage.js'));
const ApprovalsPage = lazy(() => import('./ApprovalsPage.js'));
const ProvincePage = lazy(() => import('./ProvincePage.js'));
const L = ({ children }: { children: ReactNode }) => <Suspense fallback={<Loading />}>{children}</Suspense>;

export const portalRoutes: ReactNode = null;
export const workspaceRoutes: ReactNode = (
  <>
    <Route
      path="inventory"
      element={
        <L>
          <AgencyPage />
        </L>
      }
    />
    <Route
      path="inventory/approvals"
      element={
        <L>
          <ApprovalsPage />
        </L>
      }
    />
    <Route
      path="inventory/:agencyId"
      element={
        <L>
          <AgencyPage />
        </L>
      }
    />
  </>
);
export const iocRoutes: ReactNode = (
  <>
    <Route
      path="inventory"
      element={
        <L>
          <ProvincePage />
        </L>
      }
    />
    <Route
      path="inventory/approvals"
      element={
        <L>
          <ApprovalsPage />
        </L>
      }
    />
    <Route
      path="inventory/agency/:agencyId"
      element={
        <L>
          <AgencyPage />
        </L>
      }
    />
  </>
);
export const adminRoutes: ReactNode = null;
