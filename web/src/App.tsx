import { lazy, Suspense, type ReactNode } from 'react';
import { BrowserRouter, Route, Routes } from 'react-router';
import { Shell } from './components/Shell.js';
import { ComingSoon, Loading, NotFound } from './components/States.js';
import LoginPage, { LoginDone } from './auth/LoginPage.js';
import PortalHome from './portal/PortalHome.js';
import LookupPage from './portal/LookupPage.js';
import ReportsPage from './portal/ReportsPage.js';
import WorkspaceHome from './workspace/WorkspaceHome.js';
import QueuePage from './workspace/QueuePage.js';
import AdminHome from './admin/AdminHome.js';
import UnitsPage from './admin/UnitsPage.js';
import AgenciesPage from './admin/AgenciesPage.js';
import AgencyEditPage from './admin/AgencyEditPage.js';
import PeoplePage from './admin/PeoplePage.js';
import CalendarPage from './admin/CalendarPage.js';
import AuditPage from './admin/AuditPage.js';
import { usePageTitle, useT } from './i18n/index.js';

// Charts and the map are heavy: they load only when the operations centre is opened.
const IocDashboard = lazy(() => import('./ioc/IocDashboard.js'));
const IocMapPage = lazy(() => import('./ioc/IocMapPage.js'));

const Lazy = ({ children }: { children: ReactNode }) => <Suspense fallback={<Loading />}>{children}</Suspense>;

function Indicators() {
  const t = useT();
  usePageTitle(t('ioc.nav.indicators'));
  return (
    <div className="page">
      <h1>{t('ioc.nav.indicators')}</h1>
      <ComingSoon />
    </div>
  );
}

export function App() {
  return (
    <BrowserRouter>
      <Routes>
        <Route element={<Shell area="portal" />}>
          <Route index element={<PortalHome />} />
          <Route path="lookup" element={<LookupPage />} />
          <Route path="reports" element={<ReportsPage />} />
          <Route path="login" element={<LoginPage />} />
          <Route path="login/done" element={<LoginDone />} />
          <Route path="*" element={<NotFound />} />
        </Route>
        <Route path="workspace" element={<Shell area="workspace" />}>
          <Route index element={<WorkspaceHome />} />
          <Route path=":queue" element={<QueuePage />} />
        </Route>
        <Route path="ioc" element={<Shell area="ioc" />}>
          <Route
            index
            element={
              <Lazy>
                <IocDashboard />
              </Lazy>
            }
          />
          <Route
            path="map"
            element={
              <Lazy>
                <IocMapPage />
              </Lazy>
            }
          />
          <Route path="indicators" element={<Indicators />} />
          <Route path="*" element={<NotFound />} />
        </Route>
        <Route path="admin" element={<Shell area="admin" />}>
          <Route index element={<AdminHome />} />
          <Route path="units" element={<UnitsPage />} />
          <Route path="agencies" element={<AgenciesPage />} />
          <Route path="agencies/:id" element={<AgencyEditPage />} />
          <Route path="people" element={<PeoplePage />} />
          <Route path="calendar" element={<CalendarPage />} />
          <Route path="audit" element={<AuditPage />} />
          <Route path="*" element={<NotFound />} />
        </Route>
      </Routes>
    </BrowserRouter>
  );
}
