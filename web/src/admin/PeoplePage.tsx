import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { api } from '../api/client.js';
import { keys, type Page, type Person } from '../api/directory.js';
import { ErrorNotice } from '../components/ErrorNotice.js';
import { formatNumber } from '../components/format.js';
import { GrantLabel } from '../components/GrantLabel.js';
import { Empty, Loading } from '../components/States.js';
import { usePageTitle, useLang, useT } from '../i18n/index.js';
import { TableWrap } from '../components/TableWrap.js';

const LIMIT = 20;

export default function PeoplePage() {
  const t = useT();
  const { lang } = useLang();
  usePageTitle(t('people.title'));
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const offset = Math.max(0, Number(params.get('offset') ?? 0) || 0);
  const [text, setText] = useState(q);
  useEffect(() => setText((cur) => (cur.trim() === q ? cur : q)), [q]);
  useEffect(() => {
    const h = setTimeout(() => {
      if (text.trim() !== q) setParams(text.trim() ? { q: text.trim() } : {}, { replace: true });
    }, 300);
    return () => clearTimeout(h);
  }, [text, q, setParams]);

  const query = { q, limit: LIMIT, offset };
  const people = useQuery({
    queryKey: keys.people(query),
    queryFn: ({ signal }) => api<Page<Person>>('/api/directory/people', { query, signal }),
    placeholderData: keepPreviousData,
  });
  const go = (nextOffset: number) => setParams({ ...(q ? { q } : {}), ...(nextOffset ? { offset: String(nextOffset) } : {}) });
  const total = people.data?.total ?? 0;

  return (
    <div className="page">
      <div className="page__head">
        <h1>{t('people.title')}</h1>
        <Link to="/admin/people/new" className="button button--primary" data-testid="person-new">
          + {t('people.new')}
        </Link>
      </div>
      <div className="field">
        <label htmlFor="people-search">{t('people.search')}</label>
        <input id="people-search" type="search" data-testid="people-search" value={text} onChange={(e) => setText(e.target.value)} />
      </div>
      {people.isPending ? (
        <Loading />
      ) : people.isError ? (
        <ErrorNotice error={people.error} onRetry={() => void people.refetch()} />
      ) : people.data.items.length === 0 ? (
        <Empty>{t('people.none')}</Empty>
      ) : (
        <>
          <TableWrap label={t('people.title')}>
            <table className="table table--stack" aria-busy={people.isFetching}>
              <thead>
                <tr>
                  <th scope="col">{t('people.name')}</th>
                  <th scope="col">{t('people.username')}</th>
                  <th scope="col">{t('people.position')}</th>
                  <th scope="col">{t('people.email')}</th>
                  <th scope="col">{t('people.grants')}</th>
                </tr>
              </thead>
              <tbody>
                {people.data.items.map((p) => (
                  <tr key={p.id} data-testid={`person-row-${p.username}`}>
                    <td data-label={t('people.name')}>
                      <span>
                        <Link to={`/admin/people/${p.id}`}>{p.displayName}</Link>
                        {p.disabled && <span className="badge badge--muted">{t('people.disabled')}</span>}
                      </span>
                    </td>
                    <td data-label={t('people.username')}>
                      <code>{p.username}</code>
                    </td>
                    <td data-label={t('people.position')}>{p.position}</td>
                    <td data-label={t('people.email')}>{p.email}</td>
                    <td data-label={t('people.grants')}>
                      {p.grants.length === 0 ? (
                        <span className="muted">{t('people.noGrants')}</span>
                      ) : (
                        <ul className="plainlist">
                          {p.grants.map((g, i) => (
                            <li key={g.id ?? i}>
                              <GrantLabel grant={g} />
                            </li>
                          ))}
                        </ul>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
          <div className="pager">
            <button type="button" className="button button--small button--ghost" disabled={offset === 0} onClick={() => go(Math.max(0, offset - LIMIT))}>
              ‹ {t('app.previous')}
            </button>
            <span className="muted small">
              {t('app.pageOf', {
                from: formatNumber(offset + 1, lang),
                to: formatNumber(offset + people.data.items.length, lang),
                total: formatNumber(total, lang),
              })}
            </span>
            <button type="button" className="button button--small button--ghost" disabled={offset + LIMIT >= total} onClick={() => go(offset + LIMIT)}>
              {t('app.next')} ›
            </button>
          </div>
        </>
      )}
    </div>
  );
}
