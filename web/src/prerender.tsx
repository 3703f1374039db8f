import { StrictMode } from 'react';
import { prerender } from 'react-dom/static';
import { MemoryRouter } from 'react-router';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { AppRoutes } from './App.js';
import { LanguageProvider } from './i18n/index.js';
import { ToastProvider } from './components/Toast.js';
import { procedureKeys } from './api/procedures.js';

/**
 * The public pages whose first screen is drawn at build time (web/delivery.ts calls `prerenderPage` for each), so
 * that a phone on a slow network sees the page — frame, headings, the skeleton of its list — as soon as the HTML
 * arrives, before any script. Only pages that read nothing from the browser while rendering belong here. The browser then hydrates this markup (main.tsx): its first render is the
 * same, since no query has data yet there either.
 */
// Beside each path, the page's own modules (loaded lazily by App.tsx, under src/): the HTML names their chunks in
// <link rel="modulepreload">, so that they arrive with the app's entry instead of after it has run.
export const PRERENDERED_PAGES: Record<string, string[]> = {
  '/': [],
  '/procedures': ['portal/ProcedureSearchPage.tsx'],
  '/lookup': ['portal/LookupPage.tsx'],
  '/login': ['auth/LoginPage.tsx'],
  // The reports map (Leaflet, which needs `window`) is not drawn here: LazyReportMap loads it in the browser.
  '/reports': ['portal/ReportsPage.tsx'],
};
export const PRERENDERED_PATHS = Object.keys(PRERENDERED_PAGES);

/** A query's answer drawn into a page: the key the page's component reads it under, and the API's answer. */
export type Seed = [key: readonly unknown[], data: unknown];

/**
 * Public pages drawn by the server when asked, with their first data (src/main.ts): their heading is the data's, so
 * that it cannot be drawn at build time. Per page: the path it answers, its modules (as above), and the public API
 * reads its first screen needs, each under the query key its component uses. The data goes into the page too
 * (`#prerendered-data`), and the browser's first render starts from it (main.tsx), so that it is the same.
 */
export interface DataPage {
  pattern: RegExp;
  modules: string[];
  reads(match: RegExpExecArray): { key: readonly unknown[]; url: string }[];
  /** The page's title, from its data, as the page sets it in the browser (usePageTitle): in the HTML for search engines, link previews and the tab before the app runs. */
  title(seed: Seed[]): string | undefined;
}
export const DATA_PAGES: Record<string, DataPage> = {
  procedure: {
    pattern: /^\/procedures\/([^/]+)$/,
    modules: ['portal/ProcedureDetailPage.tsx'],
    reads: (m) => {
      const code = decodeURIComponent(m[1]!);
      return [{ key: procedureKeys.one(code), url: `/api/procedures/${encodeURIComponent(code)}` }];
    },
    // In Vietnamese, the language the server draws in (ProcedureDetailPage: the name in the reader's language).
    title: (seed) => (seed[0]?.[1] as { name?: string } | undefined)?.name,
  },
};

/** A data page's title from its data (DataPage.title), or undefined. */
export function dataPageTitle(name: string, seed: Seed[]): string | undefined {
  return DATA_PAGES[name]?.title(seed) || undefined;
}

/** Where the server puts a data page's path, markup and data in its template (web/delivery.ts writes it). */
export const DATA_PAGE_SLOTS = {
  path: '<!--tinhso:path-->',
  markup: '<!--tinhso:markup-->',
  data: '<!--tinhso:data-->',
} as const;

/** The data page that draws `path`, and the reads it needs; none for a path that is not one or not well encoded. */
export function dataPageFor(path: string): { name: string; reads: { key: readonly unknown[]; url: string }[] } | null {
  for (const [name, page] of Object.entries(DATA_PAGES)) {
    const m = page.pattern.exec(path);
    if (!m) continue;
    try {
      return { name, reads: page.reads(m) };
    } catch {
      return null;
    }
  }
  return null;
}

/**
 * The markup of the app at `path`, in Vietnamese, as the browser's first render draws it: before any data has
 * arrived, or with the `seed` answers already there.
 */
export async function prerenderPage(path: string, seed: Seed[] = []): Promise<string> {
  // Queries start only once a component is mounted, which never happens here: each stays pending, as it is at the
  // browser's first render, unless its answer is seeded.
  const client = new QueryClient();
  for (const [key, data] of seed) client.setQueryData(key, data);
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
