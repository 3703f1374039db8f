import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { api } from '../api/client.js';
import { keys, type Page, type Person } from '../api/directory.js';
import { DataList, type Column } from '../components/DataList.js';
import { GrantLabel } from '../components/GrantLabel.js';
import { SearchField } from '../components/SearchField.js';
import { useListSearch } from '../components/useListSearch.js';
import { usePageTitle, useT } from '../i18n/index.js';
import { useMayCreate } from './scope.js';

const LIMIT = 20;

export default function PeoplePage() {
  const t = useT();
  usePageTitle(t('people.title'));
  const { q, offset, text, setText, goTo } = useListSearch();
  const mayCreate = useMayCreate('directory.person.manage');

  const query = { q, limit: LIMIT, offset };
  const people = useQuery({
    queryKey: keys.people(query),
    queryFn: ({ signal }) => api<Page<Person>>('/api/directory/people', { query, signal }),
    placeholderData: keepPreviousData,
  });

  const columns: Column<Person>[] = [
    {
      header: t('people.name'),
      cell: (p) => (
        <span>
          <Link to={`/admin/people/${p.id}`}>{p.displayName}</Link>
          {p.disabled && <span className="badge badge--muted">{t('people.disabled')}</span>}
        </span>
      ),
    },
    { header: t('people.username'), cell: (p) => <code>{p.username}</code> },
    { header: t('people.position'), cell: (p) => p.position },
    { header: t('people.email'), cell: (p) => p.email },
    {
      header: t('people.grants'),
      cell: (p) =>
        p.grants.length === 0 ? (
          <span className="muted">{t('people.noGrants')}</span>
        ) : (
          <ul className="plainlist">
            {p.grants.map((g, i) => (
              <li key={g.id ?? i}>
                <GrantLabel grant={g} />
              </li>
            ))}
          </ul>
        ),
    },
  ];

  return (
    <div className="page">
      <div className="page__head">
        <h1>{t('people.title')}</h1>
        {mayCreate && (
          <Link to="/admin/people/new" className="button button--primary" data-testid="person-new">
            + {t('people.new')}
          </Link>
        )}
      </div>
      <SearchField
        id="people-search"
        testId="people-search"
        label={t('people.search')}
        value={text}
        onChange={setText}
      />
      <DataList
        label={t('people.title')}
        columns={columns}
        query={people}
        rowKey={(p) => p.id}
        rowTestId={(p) => `person-row-${p.username}`}
        empty={t('people.none')}
        paging={{ offset, limit: LIMIT, onPage: goTo }}
      />
    </div>
  );
}
