import { LANGS, useLang, useT } from '../i18n/index.js';

export function LanguageSwitch() {
  const { lang, setLang } = useLang();
  const t = useT();
  return (
    <div className="langswitch" role="group" aria-label={t('lang.label')}>
      {LANGS.map((l) => (
        <button
          key={l}
          type="button"
          className="langswitch__btn"
          aria-pressed={lang === l}
          lang={l}
          title={t(`lang.${l}`)}
          data-testid={`lang-${l}`}
          onClick={() => setLang(l)}
        >
          {l.toUpperCase()}
        </button>
      ))}
    </div>
  );
}
