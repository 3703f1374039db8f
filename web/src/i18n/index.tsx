import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { setApiLanguage } from '../api/client.js';
import { vi, type MessageKey } from './vi.js';

export type Lang = 'vi' | 'en';
export type { MessageKey };
export const LANGS: Lang[] = ['vi', 'en'];
const STORAGE_KEY = 'tinhso.lang';

/**
 * English, loaded the first time it is chosen: most people read Vietnamese, and the English text would otherwise be a
 * third of the script every page loads before it can draw (web/src/i18n/en.ts and areas/*.en.ts).
 */
let en: Record<MessageKey, string> | null = null;
let loadingEn: Promise<void> | null = null;
export function loadEnglish(): Promise<void> {
  loadingEn ??= import('./en.js').then(
    (m) => {
      en = m.en;
    },
    (e: unknown) => {
      loadingEn = null; // a failed download may be tried again
      throw e;
    },
  );
  return loadingEn;
}

/** Text the server gives either in both languages or as a single string. */
export type Localized = string | { vi: string; en: string } | null | undefined;

export function pick(text: Localized, lang: Lang): string {
  if (text == null) return '';
  if (typeof text === 'string') return text;
  return text[lang] || text.vi || text.en || '';
}

export type Vars = Record<string, string | number>;
export type Translate = (key: MessageKey, vars?: Vars) => string;

export function translate(lang: Lang, key: MessageKey, vars?: Vars): string {
  const s = (lang === 'en' && en ? en[key] : undefined) ?? vi[key] ?? key;
  return vars ? s.replace(/\{(\w+)\}/g, (m, k: string) => (k in vars ? String(vars[k]) : m)) : s;
}

/** The language the app starts in: the one the user chose before (stored), else Vietnamese. */
export function initialLang(): Lang {
  try {
    const saved = localStorage.getItem(STORAGE_KEY);
    if (saved === 'vi' || saved === 'en') return saved;
  } catch {
    // Storage may be unavailable (private mode); Vietnamese is the default anyway.
  }
  return 'vi';
}

interface LangState {
  lang: Lang;
  setLang: (l: Lang) => void;
}
const LangContext = createContext<LangState | null>(null);

/**
 * The chosen language. The app starts in English only once English is loaded (main.tsx waits for it); a switch to
 * English takes effect when its text has arrived, so no page is ever drawn half in one language.
 */
export function LanguageProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Lang>(() => {
    const l = initialLang() === 'en' && en ? 'en' : 'vi';
    setApiLanguage(l);
    return l;
  });
  const setLang = useCallback((l: Lang) => {
    try {
      localStorage.setItem(STORAGE_KEY, l);
    } catch {
      /* not persisted; still switched for this page */
    }
    const apply = () => {
      setApiLanguage(l);
      setLangState(l);
    };
    if (l === 'vi' || en) apply();
    else
      loadEnglish().then(apply, () => {
        /* offline: the page stays in Vietnamese; choosing English again tries again */
      });
  }, []);
  useEffect(() => {
    document.documentElement.lang = lang;
  }, [lang]);
  const value = useMemo(() => ({ lang, setLang }), [lang, setLang]);
  return <LangContext.Provider value={value}>{children}</LangContext.Provider>;
}

export function useLang(): LangState {
  const ctx = useContext(LangContext);
  if (!ctx) throw new Error('useLang outside LanguageProvider');
  return ctx;
}

/** The translate function for the chosen language. */
export function useT(): Translate {
  const { lang } = useLang();
  return useCallback<Translate>((key, vars) => translate(lang, key, vars), [lang]);
}

/** Sets the document title to "<page> · Tỉnh số". */
export function usePageTitle(title: string | undefined) {
  const t = useT();
  useEffect(() => {
    document.title = title ? `${title} · ${t('app.name')}` : t('app.name');
  }, [title, t]);
}
