import { StrictMode } from 'react';
import { prerender } from 'react-dom/static';
import { MemoryRouter } from 'react-router';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { AppRoutes } from './App.js';
import { LanguageProvider } from './i18n/index.js';
import { ToastProvider } from './components/Toast.js';

/**
 * The public pages whose first screen is drawn at build time (web/delivery.ts calls `prerenderPage` for each), so
 * that a phone on a slow network sees the page — frame, headings, the skeleton of its list — as soon as the HTML
 * arrives, before any script. Only pages that read nothing from the browser while rendering belong here. The browser then hydrates this markup (main.tsx): its first render is the
 * same, since no query has data yet there either.
 */
// /procedures is not prerendered: its list, drawn again once the catalog loads, moved the page (desktop CLS 0.12).
// Beside each path, the page's own modules (loaded lazily by App.tsx, under src/): the HTML names their chunks in
// <link rel="modulepreload">, so that they arrive with the app's entry instead of after it has run.
export const PRERENDERED_PAGES: Record<string, string[]> = {
  '/': [],
  '/lookup': ['portal/LookupPage.tsx'],
  '/login': ['auth/LoginPage.tsx'],
  // The reports map (Leaflet, which needs `window`) is not drawn here: LazyReportMap loads it in the browser.
  '/reports': ['portal/ReportsPage.tsx'],
};
export const PRERENDERED_PATHS = Object.keys(PRERENDERED_PAGES);

/** The markup of the app at `path` before any data has arrived, in Vietnamese, as the browser's first render draws it. */
export async function prerenderPage(path: string): Promise<string> {
  // Queries start only once a component is mounted, which never happens here: each stays pending, as it is at the
  // browser's first render.
  const client = new QueryClient();
  const { prelude } = await prerender(
    <StrictMode>
      <LanguageProvider>
        <QueryClientProvider client={client}>
          <ToastProvider>
            <MemoryRouter initialEntries={[path]}>
              <AppRoutes />
            </MemoryRouter>
          </ToastProvider>
        </QueryClientProvider>
      </LanguageProvider>
    </StrictMode>,
  );
  return new Response(prelude).text();
}
