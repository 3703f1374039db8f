import { useQuery } from '@tanstack/react-query';
import { useEffect, useState, type FormEvent } from 'react';
import { useSearchParams } from 'react-router';
import { api, isApiError } from '../api/client.js';
import { dossierKeys, type PublicDossier } from '../api/dossiers.js';
import { ErrorNotice } from '../components/ErrorNotice.js';
import { formatInstant } from '../components/format.js';
import { Loading } from '../components/States.js';
import { usePageTitle, useLang, useT } from '../i18n/index.js';
import { DossierStatusBadge } from './dossiers/parts.js';

/**
 * Lookup by code without login (tra cứu hồ sơ): what the national portal shows, the status, the dates and the
 * handling agency; not the procedure, its steps or the staff, and nothing personal.
 */
export default function LookupPage() {
  const t = useT();
  const { lang } = useLang();
  usePageTitle(t('portal.lookup.title'));
  const [params, setParams] = useSearchParams();
  const code = (params.get('code') ?? '').trim();
  const [text, setText] = useState(code);
  // A link or the back button changes the code: the box follows it.
  useEffect(() => setText(code), [code]);

  const lookup = useQuery({
    queryKey: dossierKeys.lookup(code),
    queryFn: ({ signal }) => api<PublicDossier>(`/api/public/dossiers/${encodeURIComponent(code)}`, { signal }),
    enabled: code.length > 0,
    retry: false,
    meta: { quiet: true },
  });

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    const next = text.trim();
    setParams(next ? { code: next } : {});
  };
  const x = lookup.data;

  return (
    <div className="page page--narrow">
      <h1>{t('portal.lookup.title')}</h1>
      <p>{t('portal.lookup.intro')}</p>
      <form className="form form--inline" onSubmit={onSubmit} role="search">
        <div className="field field--grow">
          <label htmlFor="dossier-code">{t('portal.lookup.code')}</label>
          <input
            id="dossier-code"
            data-testid="lookup-code"
            required
            maxLength={80}
            autoCapitalize="characters"
            spellCheck={false}
            value={text}
            onChange={(e) => setText(e.target.value)}
          />
        </div>
        <button type="submit" className="button button--primary" data-testid="lookup-submit">
          {t('portal.lookup.submit')}
        </button>
      </form>
      {code && (
        <div className="card" aria-live="polite">
          {lookup.isPending ? (
            <Loading />
          ) : lookup.isError ? (
            isApiError(lookup.error) && lookup.error.status === 404 ? (
              <p data-testid="lookup-notfound">{t('portal.lookup.notFound', { code })}</p>
            ) : (
              <ErrorNotice error={lookup.error} onRetry={() => void lookup.refetch()} />
            )
          ) : (
            x && (
              <>
                <dl className="details" data-testid="lookup-result">
                  <dt>{t('portal.lookup.code')}</dt>
                  <dd>
                    <code>{x.code}</code>
                  </dd>
                  <dt>{t('portal.lookup.status')}</dt>
                  <dd data-testid="lookup-status" data-status={x.status}>
                    <DossierStatusBadge status={x.status} late={x.late} paused={x.paused} />
                  </dd>
                  <dt>{t('portal.lookup.agency')}</dt>
                  <dd data-testid="lookup-agency">{x.agency.name}</dd>
                  <dt>{t('portal.lookup.received')}</dt>
                  <dd>{x.receivedAt ? formatInstant(x.receivedAt, lang) : t('os.notYet')}</dd>
                  <dt>{t('portal.lookup.due')}</dt>
                  <dd data-testid="lookup-due">{x.dueAt ? formatInstant(x.dueAt, lang) : t('os.dueAfterReceipt')}</dd>
                  {x.newDueAt && (
                    <>
                      <dt>{t('portal.lookup.newDue')}</dt>
                      <dd>{formatInstant(x.newDueAt, lang)}</dd>
                    </>
                  )}
                  {x.returnedAt && (
                    <>
                      <dt>{t('os.returnedAt')}</dt>
                      <dd data-testid="lookup-returned">{formatInstant(x.returnedAt, lang)}</dd>
                    </>
                  )}
                </dl>
                <p className="small muted">{t('os.lookup.private')}</p>
              </>
            )
          )}
        </div>
      )}
    </div>
  );
}
