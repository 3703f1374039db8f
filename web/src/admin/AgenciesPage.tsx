import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { api } from '../api/client.js';
import { keys, type Agency } from '../api/directory.js';
import { ErrorNotice } from '../components/ErrorNotice.js';
import { formatNumber } from '../components/format.js';
import { Empty, Loading } from '../components/States.js';
import { usePageTitle, useLang, useT } from '../i18n/index.js';
import { levelLabel } from './agencyLevels.js';
import { TableWrap } from '../components/TableWrap.js';

const LIMIT = 20;

export default function AgenciesPage() {
  const t = useT();
  const { lang } = useLang();
  usePageTitle(t('agencies.title'));
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const offset = Math.max(0, Number(params.get('offset') ?? 0) || 0);
  const [text, setText] = useState(q);

  // Follow the address when it changes from outside (back button), keeping what is being typed otherwise.
  useEffect(() => setText((cur) => (cur.trim() === q ? cur : q)), [q]);
  // Search as one types, without a request per key stroke.
  useEffect(() => {
    const h = setTimeout(() => {
      if (text.trim() !== q) setParams(text.trim() ? { q: text.trim() } : {}, { replace: true });
    }, 300);
    return () => clearTimeout(h);
  }, [text, q, setParams]);

  const query = { q, limit: LIMIT, offset };
  const list = useQuery({
    queryKey: keys.agencies(query),
    queryFn: ({ signal }) => api<{ items: Agency[]; total: number }>('/api/directory/agencies', { query, signal }),
    placeholderData: keepPreviousData,
  });

  const go = (nextOffset: number) => setParams({ ...(q ? { q } : {}), ...(nextOffset ? { offset: String(nextOffset) } : {}) });
  const total = list.data?.total ?? 0;

  return (
    <div className="page">
      <div className="page__head">
        <h1>{t('agencies.title')}</h1>
        <Link to="/admin/agencies/new" className="button button--primary" data-testid="agency-new">
          + {t('agencies.new')}
        </Link>
      </div>
      <div className="field">
        <label htmlFor="agency-search">{t('agencies.search')}</label>
        <input id="agency-search" type="search" data-testid="agency-search" value={text} onChange={(e) => setText(e.target.value)} />
      </div>
      {list.isPending ? (
        <Loading />
      ) : list.isError ? (
        <ErrorNotice error={list.error} onRetry={() => void list.refetch()} />
      ) : list.data.items.length === 0 ? (
        <Empty>{t('agencies.none')}</Empty>
      ) : (
        <>
          <TableWrap label={t('agencies.title')}>
            <table className="table table--stack" aria-busy={list.isFetching}>
              <thead>
                <tr>
                  <th scope="col">{t('agencies.code')}</th>
                  <th scope="col">{t('agencies.name')}</th>
                  <th scope="col">{t('agencies.shortName')}</th>
                  <th scope="col">{t('agencies.level')}</th>
                </tr>
              </thead>
              <tbody>
                {list.data.items.map((a) => (
                  <tr key={a.id} data-testid={`agency-row-${a.code}`}>
                    <td data-label={t('agencies.code')}>
                      <code>{a.code}</code>
                    </td>
                    <td data-label={t('agencies.name')}>
                      <span>
                        <Link to={`/admin/agencies/${a.id}`}>{a.name}</Link>
                        {a.demo && <span className="badge badge--demo">{t('app.demo')}</span>}
                      </span>
                    </td>
                    <td data-label={t('agencies.shortName')}>{a.shortName}</td>
                    <td data-label={t('agencies.level')}>{levelLabel(a.level, t)}</td>
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
                to: formatNumber(offset + list.data.items.length, lang),
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
