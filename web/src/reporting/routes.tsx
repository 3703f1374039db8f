import { lazy, Suspense, type ReactNode } from 'react';
import { Route } from 'react-router';
import { Loading } from '../components/States.js';

// The reporting module's pages, by area of the app. Each is a fragment of <Route> elements (pages loaded lazily),
// placed by App.tsx inside that area's shell; null where the module has no page in an area.
const IndicatorsPage = lazy(() => import('./IndicatorsPage.js'));
const RankingPage = lazy(() => import('./RankingPage.js'));
const IndicatorPage = lazy(() => import('./IndicatorPage.js'));
const ListPage = lazy(() => import('./ListPage.js'));
const LateReportsPage = lazy(() => import('./LateReportsPage.js'));
const PeriodicReportsPage = lazy(() => import('./PeriodicReportsPage.js'));
const ReceivedReportsPage = lazy(() => import('./ReceivedReportsPage.js'));
const ReportFillPage = lazy(() => import('./ReportFillPage.js'));
const L = ({ children }: { children: ReactNode }) => <Suspense fallback={<Loading />}>{children}</Suspense>;

export const portalRoutes: ReactNode = null;
export const workspaceRoutes: ReactNode = (
  <>
    <Route
      path="reports"
      element={
        <L>
          <PeriodicReportsPage />
        </L>
      }
    />
    <Route
      path="reports/received"
      element={
        <L>
          <ReceivedReportsPage />
        </L>
      }
    />
    <Route
      path="reports/:id"
      element={
        <L>
          <ReportFillPage />
        </L>
      }
    />
  </>
);
export const iocRoutes: ReactNode = (
  <>
    <Route
      path="indicators"
      element={
        <L>
          <IndicatorsPage />
        </L>
      }
    />
    <Route
      path="reporting/ranking/:key"
      element={
        <L>
          <RankingPage />
        </L>
      }
    />
    <Route
      path="reporting/indicator/:key"
      element={
        <L>
          <IndicatorPage />
        </L>
      }
    />
    <Route
      path="reporting/list/:key"
      element={
        <L>
          <ListPage />
        </L>
      }
    />
    <Route
      path="reporting/reports-late"
      element={
        <L>
          <LateReportsPage />
        </L>
      }
    />
  </>
);
export const adminRoutes: ReactNode = null;
