import { useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useSearchParams } from 'react-router';
import { api, isApiError, isMissingRoute } from '../api/client.js';
import { ErrorNotice } from '../components/ErrorNotice.js';
import { formatDay, formatInstant } from '../components/format.js';
import { ComingSoon, Loading } from '../components/States.js';
import { pick, usePageTitle, useLang, useT, type Localized } from '../i18n/index.js';

interface DossierStatus {
  code: string;
  status: Localized;
  procedureName?: Localized;
  receivedAt?: string;
  dueAt?: string;
  appointmentDate?: string;
}

export default function LookupPage() {
  const t = useT();
  const { lang } = useLang();
  usePageTitle(t('portal.lookup.title'));
  const [params, setParams] = useSearchParams();
  const code = params.get('code') ?? '';
  const [text, setText] = useState(code);

  const lookup = useQuery({
    queryKey: ['dossiers', 'lookup', code],
    queryFn: ({ signal }) => api<DossierStatus>('/api/dossiers/lookup', { query: { code }, signal }),
    enabled: code.length > 0,
    retry: false,
    meta: { quiet: true },
  });

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    const next = text.trim();
    setParams(next ? { code: next } : {});
  };

  return (
    <div className="page page--narrow">
      <h1>{t('portal.lookup.title')}</h1>
      <p>{t('portal.lookup.intro')}</p>
      <form className="form form--inline" onSubmit={onSubmit}>
        <div className="field field--grow">
          <label htmlFor="dossier-code">{t('portal.lookup.code')}</label>
          <input
            id="dossier-code"
            data-testid="lookup-code"
            required
            autoCapitalize="characters"
            spellCheck={false}
            value={text}
            onChange={(e) => setText(e.target.value)}
          />
        </div>
        <button type="submit" className="button button--primary">
          {t('portal.lookup.submit')}
        </button>
      </form>
      {code && (
        <div className="card" aria-live="polite">
          {lookup.isPending ? (
            <Loading />
          ) : lookup.isError ? (
            isMissingRoute(lookup.error) ? (
              <ComingSoon>{t('portal.lookup.coming')}</ComingSoon>
            ) : isApiError(lookup.error) && lookup.error.status === 404 ? (
              <p>{t('portal.lookup.notFound', { code })}</p>
            ) : (
              <ErrorNotice error={lookup.error} onRetry={() => void lookup.refetch()} />
            )
          ) : (
            <dl className="details">
              <dt>{t('portal.lookup.code')}</dt>
              <dd>
                <code>{lookup.data.code}</code>
              </dd>
              <dt>{t('portal.lookup.status')}</dt>
              <dd>{pick(lookup.data.status, lang)}</dd>
              {lookup.data.procedureName && (
                <>
                  <dt>{t('portal.lookup.procedure')}</dt>
                  <dd>{pick(lookup.data.procedureName, lang)}</dd>
                </>
              )}
              {lookup.data.receivedAt && (
                <>
                  <dt>{t('portal.lookup.received')}</dt>
                  <dd>{formatInstant(lookup.data.receivedAt, lang)}</dd>
                </>
              )}
              {(lookup.data.dueAt ?? lookup.data.appointmentDate) && (
                <>
                  <dt>{t('portal.lookup.due')}</dt>
                  <dd>{lookup.data.dueAt ? formatInstant(lookup.data.dueAt, lang) : formatDay(lookup.data.appointmentDate, lang)}</dd>
                </>
              )}
            </dl>
          )}
        </div>
      )}
    </div>
  );
}
