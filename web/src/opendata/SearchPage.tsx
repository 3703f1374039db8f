import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useEffect, useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router';
import { ErrorNotice } from '../components/ErrorNotice.js';
import { formatInstant, formatNumber } from '../components/format.js';
import { Empty, ListSkeleton } from '../components/States.js';
import { usePageTitle, useLang, useT } from '../i18n/index.js';
import { ckan, extra, FACETS, opendataKeys, type Facet, type SearchResult } from './api.js';

const ROWS = 20;

/** fq from the chosen facet values: each a field:"value" term, all of them required. */
const fqOf = (chosen: [Facet, string][]) => chosen.map(([f, v]) => `${f}:"${v.replace(/"/g, '\\"')}"`).join(' AND ');

export default function SearchPage() {
  const t = useT();
  const { lang } = useLang();
  usePageTitle(t('od.search.title'));
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const start = Math.max(0, Number(params.get('start') ?? 0) || 0);
  const chosen = FACETS.flatMap((f) => params.getAll(f).map((v) => [f, v] as [Facet, string]));
  const [text, setText] = useState(q);
  useEffect(() => setText(q), [q]);

  const query = {
    q,
    fq: fqOf(chosen),
    rows: ROWS,
    start,
    'facet.field': JSON.stringify(FACETS),
    'facet.limit': 15,
    sort: q ? 'score desc, metadata_modified desc' : 'metadata_modified desc',
  };
  const list = useQuery({
    queryKey: opendataKeys.search(query),
    queryFn: ({ signal }) => ckan<SearchResult>('package_search', query, signal),
    placeholderData: keepPreviousData,
  });

  const toggle = (f: Facet, v: string) => {
    const next = new URLSearchParams(params);
    const values = next.getAll(f);
    next.delete(f);
    for (const x of values.includes(v) ? values.filter((x) => x !== v) : [...values, v]) next.append(f, x);
    next.delete('start');
    setParams(next);
  };
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    const next = new URLSearchParams(params);
    if (text.trim()) next.set('q', text.trim());
    else next.delete('q');
    next.delete('start');
    setParams(next);
  };
  const page = (s: number) => {
    const next = new URLSearchParams(params);
    next.set('start', String(s));
    setParams(next);
  };

  return (
    <div className="page" data-testid="opendata-search">
      <h1>{t('od.search.title')}</h1>
      <p className="muted">{t('od.search.intro')}</p>
      <form className="searchbox" role="search" onSubmit={onSubmit}>
        <label htmlFor="opendata-q" className="visually-hidden">
          {t('od.search.label')}
        </label>
        <input
          id="opendata-q"
          type="search"
          data-testid="opendata-q"
          placeholder={t('od.search.placeholder')}
          value={text}
          onChange={(e) => setText(e.target.value)}
        />
        <button type="submit" className="button button--accent">
          {t('portal.search.submit')}
        </button>
      </form>
      <div className="grid grid--two">
        <aside aria-label={t('od.facets')} data-testid="opendata-facets">
          {FACETS.map((f) => {
            const items = list.data?.search_facets[f]?.items ?? [];
            if (!items.length) return null;
            return (
              <fieldset key={f} className="card">
                <legend>{t(`od.facet.${f}`)}</legend>
                {items.map((i) => (
                  <label key={i.name} className="checkbox">
                    <input
                      type="checkbox"
                      checked={chosen.some(([cf, cv]) => cf === f && cv === i.name)}
                      onChange={() => toggle(f, i.name)}
                    />{' '}
                    {i.display_name} ({formatNumber(i.count, lang)})
                  </label>
                ))}
              </fieldset>
            );
          })}
        </aside>
        <section>
          {list.isPending ? (
            <ListSkeleton rows={8} lines={3} />
          ) : list.isError ? (
            <ErrorNotice error={list.error} onRetry={() => void list.refetch()} />
          ) : list.data.results.length === 0 ? (
            <Empty>{t('od.search.none')}</Empty>
          ) : (
            <>
              <p className="muted">{t('od.search.total', { total: formatNumber(list.data.count, lang) })}</p>
              <ul className="list" data-testid="opendata-results" aria-busy={list.isFetching}>
                {list.data.results.map((p) => (
                  <li key={p.id} className="list__item">
                    <Link className="list__title" to={`/opendata/datasets/${p.name}`}>
                      {lang === 'en' ? extra(p, 'title_en') || p.title : p.title}
                    </Link>
                    <div className="muted">
                      {p.organization.title} · {t('od.modified')} {formatInstant(`${p.metadata_modified}Z`, lang)}
                    </div>
                    <div>
                      {[...new Set(p.resources.map((r) => r.format))].map((f) => (
                        <span key={f} className="badge">
                          {f}
                        </span>
                      ))}
                    </div>
                  </li>
                ))}
              </ul>
              <nav className="pager" aria-label={t('od.pages')}>
                <button
                  type="button"
                  className="button"
                  disabled={start === 0}
                  onClick={() => page(Math.max(0, start - ROWS))}
                >
                  {t('app.previous')}
                </button>
                <span className="muted">
                  {t('app.pageOf', {
                    from: formatNumber(start + 1, lang),
                    to: formatNumber(Math.min(start + ROWS, list.data.count), lang),
                    total: formatNumber(list.data.count, lang),
                  })}
                </span>
                <button
                  type="button"
                  className="button"
                  disabled={start + ROWS >= list.data.count}
                  onClick={() => page(start + ROWS)}
                >
                  {t('app.next')}
                </button>
              </nav>
            </>
          )}
          <p className="muted">
            {t('od.machine')} <a href="/api/3/action/package_search">/api/3/action/package_search</a> ·{' '}
            <a href="/catalog.ttl">/catalog.ttl</a> · <a href="/catalog.jsonld">/catalog.jsonld</a> ·{' '}
            <a href="/catalog.rdf">/catalog.rdf</a>
          </p>
        </section>
      </div>
    </div>
  );
}
