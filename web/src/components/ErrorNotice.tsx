import { isApiError } from '../api/client.js';
import { pick, useLang, useT } from '../i18n/index.js';

/** Shows any error in the chosen language: a server problem with its field errors, a network failure, or an unexpected bug. */
export function ErrorNotice({ error, onRetry, compact }: { error: unknown; onRetry?: () => void; compact?: boolean }) {
  const t = useT();
  const { lang } = useLang();
  let title = t('error.title');
  let detail: string | undefined;
  let fields: { field: string; message: string }[] = [];
  if (isApiError(error)) {
    if (error.code === 'network') detail = t('error.network');
    else if (error.code === 'http') detail = t('error.http', { status: error.status });
    else {
      const text = error.text(lang);
      title = text.title;
      detail = text.detail;
      fields = error.errors.map((e) => ({
        field: e.field.replace(/^\/(body|query|params)\//, ''),
        message: pick(e.message, lang) || e.code,
      }));
    }
  } else if (error instanceof Error && error.message) {
    detail = error.message;
  }
  return (
    <div className={compact ? 'notice notice--error notice--compact' : 'notice notice--error'} role="alert">
      <p className="notice__title">{title}</p>
      {detail && detail !== title && <p>{detail}</p>}
      {fields.length > 0 && (
        <>
          <p>{t('error.fields')}</p>
          <ul>
            {fields.map((f, i) => (
              <li key={i}>
                <code>{f.field}</code>: {f.message}
              </li>
            ))}
          </ul>
        </>
      )}
      {onRetry && (
        <button type="button" className="button button--small" onClick={onRetry}>
          {t('app.retry')}
        </button>
      )}
    </div>
  );
}
