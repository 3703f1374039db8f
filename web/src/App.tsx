import { lazy, Suspense, type ReactNode } from 'react';
import { BrowserRouter, Route, Routes } from 'react-router';
import { Shell } from './components/Shell.js';
import { ComingSoon, Loading, NotFound } from './components/States.js';
import LoginPage, { LoginDone } from './auth/LoginPage.js';
import PortalHome from './portal/PortalHome.js';
import LookupPage from './portal/LookupPage.js';
import WorkspaceHome from './workspace/WorkspaceHome.js';
import QueuePage from './workspace/QueuePage.js';
import DossierPage from './workspace/DossierPage.js';
import CounterPage from './workspace/CounterPage.js';
import SubmitPage from './portal/SubmitPage.js';
import MyDossiersPage from './portal/MyDossiersPage.js';
import DossierDetailPage from './portal/DossierDetailPage.js';
import AdminHome from './admin/AdminHome.js';
import UnitsPage from './admin/UnitsPage.js';
import AgenciesPage from './admin/AgenciesPage.js';
import AgencyEditPage from './admin/AgencyEditPage.js';
import PeoplePage from './admin/PeoplePage.js';
import UnitCreatePage from './admin/UnitCreatePage.js';
import UnitDetailPage from './admin/UnitDetailPage.js';
import UnitMergePage from './admin/UnitMergePage.js';
import PersonEditPage from './admin/PersonEditPage.js';
import CalendarPage from './admin/CalendarPage.js';
import AuditPage from './admin/AuditPage.js';
import BackupsPage from './admin/BackupsPage.js';
import ProcedureSearchPage from './portal/ProcedureSearchPage.js';
import ProcedureDetailPage from './portal/ProcedureDetailPage.js';
import ProceduresPage from './admin/ProceduresPage.js';
import ProcedureEditPage from './admin/ProcedureEditPage.js';
import RepositoryPage from './portal/RepositoryPage.js';
import QuestionsPage from './workspace/questions/QuestionsPage.js';
import { usePageTitle, useT } from './i18n/index.js';
import * as documentsRoutes from './documents/routes.js';
import * as reportingRoutes from './reporting/routes.js';
import * as gatewayRoutes from './gateway/routes.js';
import * as inventoryRoutes from './inventory/routes.js';
import * as setupRoutes from './setup/routes.js';

// Charts and the map are heavy: they load only when the operations centre is opened.
const IocDashboard = lazy(() => import('./ioc/IocDashboard.js'));
const IocMapPage = lazy(() => import('./ioc/IocMapPage.js'));
// Field reports carry the map (Leaflet): loaded when opened.
const ReportsPage = lazy(() => import('./portal/ReportsPage.js'));
const ReportNewPage = lazy(() => import('./portal/ReportNewPage.js'));
const ReportDetailPage = lazy(() => import('./portal/ReportDetailPage.js'));
const ReportQueuePage = lazy(() => import('./workspace/ReportQueuePage.js'));
const ReportWorkPage = lazy(() => import('./workspace/ReportWorkPage.js'));
// Open data pages carry charts and a map: loaded when opened.
const OpendataSearchPage = lazy(() => import('./opendata/SearchPage.js'));
const OpendataDatasetPage = lazy(() => import('./opendata/DatasetPage.js'));
const OpendataDashboardPage = lazy(() => import('./opendata/DashboardPage.js'));

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
          <Route path="procedures" element={<ProcedureSearchPage />} />
          <Route path="procedures/:code" element={<ProcedureDetailPage />} />
          <Route path="procedures/:code/submit" element={<SubmitPage />} />
          <Route path="my-dossiers" element={<MyDossiersPage />} />
          <Route path="my-dossiers/:id" element={<DossierDetailPage />} />
          <Route path="my-repository" element={<RepositoryPage />} />
          <Route path="lookup" element={<LookupPage />} />
          <Route
            path="reports"
            element={
              <Lazy>
                <ReportsPage />
              </Lazy>
            }
          />
          <Route
            path="reports/new"
            element={
              <Lazy>
                <ReportNewPage />
              </Lazy>
            }
          />
          <Route
            path="reports/:id"
            element={
              <Lazy>
                <ReportDetailPage />
              </Lazy>
            }
          />
          <Route
            path="opendata"
            element={
              <Lazy>
                <OpendataSearchPage />
              </Lazy>
            }
          />
          <Route
            path="opendata/datasets/:name"
            element={
              <Lazy>
                <OpendataDatasetPage />
              </Lazy>
            }
          />
          {documentsRoutes.portalRoutes}
          {reportingRoutes.portalRoutes}
          {gatewayRoutes.portalRoutes}
          {inventoryRoutes.portalRoutes}
          {setupRoutes.portalRoutes}
          <Route path="login" element={<LoginPage />} />
          <Route path="login/done" element={<LoginDone />} />
          <Route path="*" element={<NotFound />} />
        </Route>
        <Route path="workspace" element={<Shell area="workspace" />}>
          <Route index element={<WorkspaceHome />} />
          <Route
            path="feedback"
            element={
              <Lazy>
                <ReportQueuePage />
              </Lazy>
            }
          />
          <Route
            path="feedback/:id"
            element={
              <Lazy>
                <ReportWorkPage />
              </Lazy>
            }
          />
          <Route path="counter" element={<CounterPage />} />
          <Route
            path="opendata"
            element={
              <Lazy>
                <OpendataDashboardPage />
              </Lazy>
            }
          />
          {documentsRoutes.workspaceRoutes}
          {reportingRoutes.workspaceRoutes}
          {gatewayRoutes.workspaceRoutes}
          {inventoryRoutes.workspaceRoutes}
          {setupRoutes.workspaceRoutes}
          <Route path="questions" element={<QuestionsPage />} />
          <Route path=":queue" element={<QueuePage />} />
          <Route path="dossiers/:id" element={<DossierPage />} />
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
          {documentsRoutes.iocRoutes}
          {reportingRoutes.iocRoutes}
          {gatewayRoutes.iocRoutes}
          {inventoryRoutes.iocRoutes}
          {setupRoutes.iocRoutes}
          <Route path="indicators" element={<Indicators />} />
          <Route path="*" element={<NotFound />} />
        </Route>
        <Route path="admin" element={<Shell area="admin" />}>
          <Route index element={<AdminHome />} />
          <Route path="units" element={<UnitsPage />} />
          <Route path="units/new" element={<UnitCreatePage />} />
          <Route path="units/merge" element={<UnitMergePage />} />
          <Route path="units/:id" element={<UnitDetailPage />} />
          <Route path="agencies" element={<AgenciesPage />} />
          <Route path="agencies/:id" element={<AgencyEditPage />} />
          <Route path="people" element={<PeoplePage />} />
          <Route path="people/:id" element={<PersonEditPage />} />
          <Route path="calendar" element={<CalendarPage />} />
          <Route path="audit" element={<AuditPage />} />
          <Route path="backups" element={<BackupsPage />} />
          {documentsRoutes.adminRoutes}
          {reportingRoutes.adminRoutes}
          {gatewayRoutes.adminRoutes}
          {inventoryRoutes.adminRoutes}
          {setupRoutes.adminRoutes}
          <Route path="procedures" element={<ProceduresPage />} />
          <Route path="procedures/:id" element={<ProcedureEditPage />} />
          <Route path="*" element={<NotFound />} />
        </Route>
      </Routes>
    </BrowserRouter>
  );
}
