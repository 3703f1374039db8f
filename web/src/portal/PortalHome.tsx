import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router';
import { api, isApiError, isMissingRoute } from '../api/client.js';
import { ErrorNotice } from '../components/ErrorNotice.js';
import { ComingSoon, Empty, ListSkeleton } from '../components/States.js';
import { pick, usePageTitle, useLang, useT, type Localized } from '../i18n/index.js';
import { formatNumber } from '../components/format.js';

interface ProcedureSummary {
  id: string;
  code?: string;
  name: Localized;
  field?: Localized;
  fieldName?: string | null;
  agencyName?: Localized;
  onlineLevel?: string;
}

export default function PortalHome() {
  const t = useT();
  const { lang } = useLang();
  usePageTitle(t('area.portal'));
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const [text, setText] = useState(q);

  const procedures = useQuery({
    queryKey: ['procedures', 'search', q],
    queryFn: ({ signal }) =>
      api<{ items: ProcedureSummary[]; total?: number }>('/api/procedures', { query: { q, limit: 20 }, signal }),
    placeholderData: keepPreviousData,
    retry: false,
    meta: { quiet: true },
  });

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    const next = text.trim();
    setParams(next ? { q: next } : {});
  };

  return (
    <div className="page">
      <section className="hero">
        <h1>{t('portal.hero.title')}</h1>
        <p>{t('portal.hero.body')}</p>
        <form className="searchbox" role="search" onSubmit={onSubmit}>
          <label htmlFor="procedure-search" className="visually-hidden">
            {t('portal.search.label')}
          </label>
          <input
            id="procedure-search"
            type="search"
            data-testid="procedure-search"
            placeholder={t('portal.search.placeholder')}
            value={text}
            onChange={(e) => setText(e.target.value)}
          />
          <button type="submit" className="button button--accent">
            {t('portal.search.submit')}
          </button>
        </form>
      </section>

      <div className="grid grid--portal">
        <section className="card" aria-labelledby="procedures-heading">
          <h2 id="procedures-heading">{q ? t('portal.procedures.resultsFor', { q }) : t('portal.procedures.title')}</h2>
          {procedures.isPending ? (
            <ListSkeleton rows={20} />
          ) : procedures.isError ? (
            isMissingRoute(procedures.error) ||
            (isApiError(procedures.error) && (procedures.error.status === 401 || procedures.error.status === 403)) ? (
              <ComingSoon>{t('portal.procedures.coming')}</ComingSoon>
            ) : (
              <ErrorNotice error={procedures.error} onRetry={() => void procedures.refetch()} />
            )
          ) : procedures.data.items.length === 0 ? (
            <Empty>{t('portal.procedures.none')}</Empty>
          ) : (
            <>
              {typeof procedures.data.total === 'number' && (
                <p className="muted">
                  {t('portal.procedures.total', { total: formatNumber(procedures.data.total, lang) })}
                </p>
              )}
              <ul className="list" data-testid="procedure-list">
                {procedures.data.items.map((p) => (
                  <li key={p.id} className="list__item">
                    <Link className="list__title" to={`/procedures/${encodeURIComponent(p.code ?? p.id)}`}>
                      {pick(p.name, lang)}
                    </Link>
                    <span className="muted small">
                      {[p.code, pick(p.field, lang) || p.fieldName, pick(p.agencyName, lang)]
                        .filter(Boolean)
                        .join(' · ')}
                    </span>
                  </li>
                ))}
              </ul>
              <p>
                <Link
                  to={q ? `/procedures?q=${encodeURIComponent(q)}` : '/procedures'}
                  data-testid="procedure-search-all"
                >
                  {t('procedures.search.title')} ›
                </Link>
              </p>
            </>
          )}
        </section>

        <section aria-labelledby="quick-heading">
          <h2 id="quick-heading" className="visually-hidden">
            {t('portal.quick.title')}
          </h2>
          <ul className="quicklinks">
            <li>
              <Link to="/lookup" className="quicklink" data-testid="link-lookup">
                <span className="quicklink__title">{t('portal.nav.lookup')}</span>
                <span className="quicklink__body">{t('portal.quick.lookup')}</span>
              </Link>
            </li>
            <li>
              <Link to="/reports" className="quicklink" data-testid="link-reports">
                <span className="quicklink__title">{t('portal.nav.reports')}</span>
                <span className="quicklink__body">{t('portal.quick.reports')}</span>
              </Link>
            </li>
            <li>
              <Link to="/login" className="quicklink">
                <span className="quicklink__title">{t('user.login')}</span>
                <span className="quicklink__body">{t('portal.quick.login')}</span>
              </Link>
            </li>
          </ul>
        </section>
      </div>
    </div>
  );
}
