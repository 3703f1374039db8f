import { lazy, Suspense, type ReactNode } from 'react';
import { BrowserRouter, Route, Routes } from 'react-router';
import { Shell } from './components/Shell.js';
import { Loading, NotFound } from './components/States.js';
import PortalHome from './portal/PortalHome.js';
import * as documentsRoutes from './documents/routes.js';
import * as reportingRoutes from './reporting/routes.js';
import * as gatewayRoutes from './gateway/routes.js';
import * as inventoryRoutes from './inventory/routes.js';
import * as setupRoutes from './setup/routes.js';

// Every page but the portal home loads when opened (its own chunk), so that a phone opening the home page
// downloads only the shell and that page; Shell shows a loading state meanwhile (its <Suspense>).
const LoginPage = lazy(() => import('./auth/LoginPage.js'));
const LoginDone = lazy(() => import('./auth/LoginPage.js').then((m) => ({ default: m.LoginDone })));
const LookupPage = lazy(() => import('./portal/LookupPage.js'));
const WorkspaceHome = lazy(() => import('./workspace/WorkspaceHome.js'));
const QueuePage = lazy(() => import('./workspace/QueuePage.js'));
const DossierPage = lazy(() => import('./workspace/DossierPage.js'));
const CounterPage = lazy(() => import('./workspace/CounterPage.js'));
const SubmitPage = lazy(() => import('./portal/SubmitPage.js'));
const MyDossiersPage = lazy(() => import('./portal/MyDossiersPage.js'));
const DossierDetailPage = lazy(() => import('./portal/DossierDetailPage.js'));
const AdminHome = lazy(() => import('./admin/AdminHome.js'));
const UnitsPage = lazy(() => import('./admin/UnitsPage.js'));
const AgenciesPage = lazy(() => import('./admin/AgenciesPage.js'));
const AgencyEditPage = lazy(() => import('./admin/AgencyEditPage.js'));
const PeoplePage = lazy(() => import('./admin/PeoplePage.js'));
const UnitCreatePage = lazy(() => import('./admin/UnitCreatePage.js'));
const UnitDetailPage = lazy(() => import('./admin/UnitDetailPage.js'));
const UnitMergePage = lazy(() => import('./admin/UnitMergePage.js'));
const PersonEditPage = lazy(() => import('./admin/PersonEditPage.js'));
const CalendarPage = lazy(() => import('./admin/CalendarPage.js'));
const AuditPage = lazy(() => import('./admin/AuditPage.js'));
const BackupsPage = lazy(() => import('./admin/BackupsPage.js'));
const ProcedureSearchPage = lazy(() => import('./portal/ProcedureSearchPage.js'));
const ProcedureDetailPage = lazy(() => import('./portal/ProcedureDetailPage.js'));
const ProceduresPage = lazy(() => import('./admin/ProceduresPage.js'));
const ProcedureEditPage = lazy(() => import('./admin/ProcedureEditPage.js'));
const RepositoryPage = lazy(() => import('./portal/RepositoryPage.js'));
const QuestionsPage = lazy(() => import('./workspace/questions/QuestionsPage.js'));

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

export function App() {
  return (
    <BrowserRouter>
      <AppRoutes />
    </BrowserRouter>
  );
}

/** Every page of the app, under whichever router holds the location (the browser's; a static one when prerendering). */
export function AppRoutes() {
  return (
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
        {/* In the shell's own Suspense boundary, not a nested one: the page is prerendered, and the app owns it (Ready,
            data-ready, the hand-over of early input) only once this boundary, page included, has been taken over. */}
        <Route path="reports" element={<ReportsPage />} />
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
  );
}
