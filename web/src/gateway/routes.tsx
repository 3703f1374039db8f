import { lazy, Suspense, type ReactNode } from 'react';
import { Route } from 'react-router';
import { Loading } from '../components/States.js';

// The gateway module's pages, by area of the app. Each is a fragment of <Route> elements (pages loaded lazily),
// placed by App.tsx inside that area's shell; null where the module has no page in an area.
const DevelopersPage = lazy(() => import('./DevelopersPage.js'));
const ServicePage = lazy(() => import('./ServicePage.js'));
const ConsumersPage = lazy(() => import('./ConsumersPage.js'));
const AdminGatewayPage = lazy(() => import('./AdminGatewayPage.js'));

const Lazy = ({ children }: { children: ReactNode }) => <Suspense fallback={<Loading />}>{children}</Suspense>;

export const portalRoutes: ReactNode = (
  <>
    <Route
      path="developers"
      element={
        <Lazy>
          <DevelopersPage />
        </Lazy>
      }
    />
    <Route
      path="developers/services/:id"
      element={
        <Lazy>
          <ServicePage />
        </Lazy>
      }
    />
    <Route
      path="developers/consumers"
      element={
        <Lazy>
          <ConsumersPage />
        </Lazy>
      }
    />
  </>
);
export const workspaceRoutes: ReactNode = null;
export const iocRoutes: ReactNode = null;
export const adminRoutes: ReactNode = (
  <Route
    path="gateway"
    element={
      <Lazy>
        <AdminGatewayPage />
      </Lazy>
    }
  />
);
