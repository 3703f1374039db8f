import { lazy, type ReactNode } from 'react';
import { Route } from 'react-router';

const SetupPage = lazy(() => import('./SetupPage.js'));

// The setup module's pages, by area of the app. Each is a fragment of <Route> elements (pages loaded lazily),
// placed by App.tsx inside that area's shell; null where the module has no page in an area.
export const portalRoutes: ReactNode = <Route path="setup" element={<SetupPage />} />;
export const workspaceRoutes: ReactNode = null;
export const iocRoutes: ReactNode = null;
export const adminRoutes: ReactNode = null;
