import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { api } from '../api/client.js';
import { keys, type Page, type Person } from '../api/directory.js';
import { ErrorNotice } from '../components/ErrorNotice.js';
import { GrantLabel } from '../components/GrantLabel.js';
import { Empty, Loading } from '../components/States.js';
import { usePageTitle, useT } from '../i18n/index.js';

export default function PeoplePage() {
  const t = useT();
  usePageTitle(t('people.title'));
  const [text, setText] = useState('');
  const [q, setQ] = useState('');
  useEffect(() => {
    const h = setTimeout(() => setQ(text.trim()), 300);
    return () => clearTimeout(h);
  }, [text]);
  const people = useQuery({
    queryKey: keys.people(q),
    queryFn: ({ signal }) => api<Page<Person>>('/api/directory/people', { query: { q }, signal }),
    placeholderData: keepPreviousData,
  });
  return (
    <div className="page">
      <h1>{t('people.title')}</h1>
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
        <div className="tablewrap">
          <table className="table table--stack" aria-busy={people.isFetching}>
            <thead>
              <tr>
                <th scope="col">{t('people.name')}</th>
                <th scope="col">{t('people.username')}</th>
                <th scope="col">{t('people.email')}</th>
                <th scope="col">{t('people.grants')}</th>
              </tr>
            </thead>
            <tbody>
              {people.data.items.map((p) => (
                <tr key={p.id} data-testid={`person-row-${p.username}`}>
                  <td data-label={t('people.name')}>{p.displayName}</td>
                  <td data-label={t('people.username')}>
                    <code>{p.username}</code>
                  </td>
                  <td data-label={t('people.email')}>{p.email}</td>
                  <td data-label={t('people.grants')}>
                    <ul className="plainlist">
                      {p.grants.map((g, i) => (
                        <li key={i}>
                          <GrantLabel grant={g} />
                        </li>
                      ))}
                    </ul>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
