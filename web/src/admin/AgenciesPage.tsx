import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { api } from '../api/client.js';
import { keys, type Agency } from '../api/directory.js';
import { DataList, type Column } from '../components/DataList.js';
import { SearchField } from '../components/SearchField.js';
import { useListSearch } from '../components/useListSearch.js';
import { usePageTitle, useT } from '../i18n/index.js';
import { useMayCreate } from './scope.js';
import { levelLabel } from './agencyLevels.js';

const LIMIT = 20;

export default function AgenciesPage() {
  const t = useT();
  usePageTitle(t('agencies.title'));
  const { q, offset, text, setText, goTo } = useListSearch();
  const mayCreate = useMayCreate('directory.agency.manage');

  const query = { q, limit: LIMIT, offset };
  const list = useQuery({
    queryKey: keys.agencies(query),
    queryFn: ({ signal }) => api<{ items: Agency[]; total: number }>('/api/directory/agencies', { query, signal }),
    placeholderData: keepPreviousData,
  });

  const columns: Column<Agency>[] = [
    { header: t('agencies.code'), cell: (a) => <code>{a.code}</code> },
    {
      header: t('agencies.name'),
      cell: (a) => (
        <span>
          <Link to={`/admin/agencies/${a.id}`}>{a.name}</Link>
          {a.demo && <span className="badge badge--demo">{t('app.demo')}</span>}
        </span>
      ),
    },
    { header: t('agencies.shortName'), cell: (a) => a.shortName },
    { header: t('agencies.level'), cell: (a) => levelLabel(a.level, t) },
  ];

  return (
    <div className="page">
      <div className="page__head">
        <h1>{t('agencies.title')}</h1>
        {mayCreate && (
          <Link to="/admin/agencies/new" className="button button--primary" data-testid="agency-new">
            + {t('agencies.new')}
          </Link>
        )}
      </div>
      <SearchField
        id="agency-search"
        testId="agency-search"
        label={t('agencies.search')}
        value={text}
        onChange={setText}
      />
      <DataList
        label={t('agencies.title')}
        columns={columns}
        query={list}
        rowKey={(a) => a.id}
        rowTestId={(a) => `agency-row-${a.code}`}
        empty={t('agencies.none')}
        paging={{ offset, limit: LIMIT, onPage: goTo }}
      />
    </div>
  );
}
