import type { ReactNode } from 'react';

// The reporting module's pages, by area of the app. Each is a fragment of <Route> elements (pages loaded lazily),
// placed by App.tsx inside that area's shell; null where the module has no page in an area.
export const portalRoutes: ReactNode = null;
export const workspaceRoutes: ReactNode = null;
export const iocRoutes: ReactNode = null;
export const adminRoutes: ReactNode = null;
