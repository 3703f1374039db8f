import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { setApiLanguage } from '../api/client.js';
import { en } from './en.js';
import { vi, type MessageKey } from './vi.js';

export type Lang = 'vi' | 'en';
export type { MessageKey };
export const LANGS: Lang[] = ['vi', 'en'];
const DICTS: Record<Lang, Record<MessageKey, string>> = { vi, en };
const STORAGE_KEY = 'tinhso.lang';

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
  const s = DICTS[lang][key] ?? vi[key] ?? key;
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

export function LanguageProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Lang>(() => {
    const l = initialLang();
    setApiLanguage(l);
    return l;
  });
  const setLang = useCallback((l: Lang) => {
    setApiLanguage(l);
    setLangState(l);
    try {
      localStorage.setItem(STORAGE_KEY, l);
    } catch {
      /* not persisted; still switched for this page */
    }
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
