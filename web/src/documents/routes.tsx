import { lazy, Suspense, type ReactNode } from 'react';
import { Route } from 'react-router';
import { Loading } from '../components/States.js';

// The documents module's pages, by area of the app. Each is a fragment of <Route> elements (pages loaded lazily),
// placed by App.tsx inside that area's shell; null where the module has no page in an area.
const DocumentsPage = lazy(() => import('./DocumentsPage.js'));
const DocumentPage = lazy(() => import('./DocumentPage.js'));
const IncomingFormPage = lazy(() => import('./IncomingFormPage.js'));
const DraftFormPage = lazy(() => import('./DraftFormPage.js'));
const RegistersPage = lazy(() => import('./RegistersPage.js'));
const ExchangePage = lazy(() => import('./exchange/ExchangePage.js'));
const L = ({ children }: { children: ReactNode }) => <Suspense fallback={<Loading />}>{children}</Suspense>;

export const portalRoutes: ReactNode = null;
export const workspaceRoutes: ReactNode = (
  <>
    <Route
      path="documents"
      element={
        <L>
          <DocumentsPage />
        </L>
      }
    />
    <Route
      path="documents/registers"
      element={
        <L>
          <RegistersPage />
        </L>
      }
    />
    <Route
      path="documents/exchange"
      element={
        <L>
          <ExchangePage />
        </L>
      }
    />
    <Route
      path="documents/incoming/new"
      element={
        <L>
          <IncomingFormPage />
        </L>
      }
    />
    <Route
      path="documents/drafts/new"
      element={
        <L>
          <DraftFormPage />
        </L>
      }
    />
    <Route
      path="documents/:id"
      element={
        <L>
          <DocumentPage />
        </L>
      }
    />
  </>
);
export const iocRoutes: ReactNode = null;
export const adminRoutes: ReactNode = null;
