import { startTransition, StrictMode } from 'react';
import { createRoot, hydrateRoot } from 'react-dom/client';
import { MutationCache, QueryCache, QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { isApiError } from './api/client.js';
import { SESSION_KEY } from './auth/session.js';
import { App } from './App.js';
import { initialLang, LanguageProvider, loadEnglish } from './i18n/index.js';
import { ToastProvider } from './components/Toast.js';
import './styles.css';

/** A 401 anywhere but on the session itself means the session ended: ask again, and the guards send the user to log in. */
function onAuthError(error: unknown, key?: readonly unknown[]) {
  if (isApiError(error) && error.status === 401 && key?.[0] !== SESSION_KEY[0])
    void queryClient.invalidateQueries({ queryKey: SESSION_KEY });
}

const queryClient: QueryClient = new QueryClient({
  queryCache: new QueryCache({ onError: (error, query) => onAuthError(error, query.queryKey) }),
  mutationCache: new MutationCache({
    onError: (error, _v, _c, m) => onAuthError(error, m.options.mutationKey ?? ['mutation']),
  }),
  defaultOptions: {
    queries: {
      // Client errors will not fix themselves; network and server errors get a second try.
      retry: (count, error) => count < 2 && (!isApiError(error) || error.status === 0 || error.status >= 500),
      refetchOnWindowFocus: false,
      staleTime: 30_000,
    },
  },
});

const tree = (
  <StrictMode>
    <LanguageProvider>
      <QueryClientProvider client={queryClient}>
        <ToastProvider>
          <App />
        </ToastProvider>
      </QueryClientProvider>
    </LanguageProvider>
  </StrictMode>
);

// A public page may arrive with its first screen already drawn (web/src/prerender.tsx): the app takes that markup
// over as it is. It was drawn in Vietnamese for this path without a query, so another language or a query string
// (a search) starts afresh instead.
const root = document.getElementById('root')!;
if (root.dataset.prerendered === location.pathname && !location.search && initialLang() === 'vi') {
  // A page the server drew with its first data (prerender.tsx, DATA_PAGES) carries that data: the app starts from it,
  // so that its first render is the drawn one and nothing is asked for again.
  // Should it not be read, the page still starts: its queries ask the API, as on any other page.
  try {
    const seed = document.getElementById('prerendered-data')?.textContent;
    if (seed) for (const [key, data] of JSON.parse(seed) as [unknown[], unknown][]) queryClient.setQueryData(key, data);
  } catch {
    // drawn again from the API's answers
  }
  // Taking the drawn page over is a transition: React yields to the browser every few milliseconds instead of holding
  // the main thread for the whole tree, so that a tap or a scroll on a slow phone is answered meanwhile. What is typed
  // or sent meanwhile is kept and handed over once the app owns the page (components/Ready.tsx).
  startTransition(() => void hydrateRoot(root, tree));
} else {
  const draw = () => {
    root.replaceChildren();
    createRoot(root).render(tree);
  };
  // English is its own script (i18n/index.tsx): a reader who chose it gets the page once it has arrived; should it
  // fail to load, the page is drawn in Vietnamese rather than not at all.
  if (initialLang() === 'en') loadEnglish().then(draw, draw);
  else draw();
}
