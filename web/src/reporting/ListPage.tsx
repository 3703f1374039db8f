import { useQuery } from '@tanstack/react-query';
import { Link, useParams, useSearchParams } from 'react-router';
import { api } from '../api/client.js';
import { usePageTitle, useLang, useT } from '../i18n/index.js';
import { Exports } from './Exports.js';

interface List {
  nameVi?: string;
  nameEn?: string;
  available: boolean;
  columns: string[];
  rows: (Record<string, unknown> & { link: string | null })[];
}

/** The rows behind a figure (the module's published view), each linking to its record. */
export default function ListPage() {
  const { key = '' } = useParams();
  const [params] = useSearchParams();
  const agencyId = params.get('agencyId');
  const t = useT();
  const { lang } = useLang();
  const q = `/api/reporting/ioc/list/${key}${agencyId ? `?agencyId=${agencyId}` : ''}`;
  const list = useQuery({
    queryKey: ['reporting', 'list', key, agencyId],
    queryFn: ({ signal }) => api<List>(q, { signal }),
  });
  const name = list.data?.nameVi ? (lang === 'vi' ? list.data.nameVi : list.data.nameEn!) : key;
  usePageTitle(`${t('rep.list')}: ${name}`);
  const l = list.data;
  return (
    <div className="page page--wide" data-testid="list-page">
      <h1>
        {t('rep.list')}: {name}
      </h1>
      {l && !l.available && <p className="notice notice--info">{t('rep.unavailable')}</p>}
      {l?.available && (
        <>
          <Exports href={q} formats={['csv', 'xlsx']} />
          {l.rows.length === 0 ? (
            <p className="muted">{t('rep.list.empty')}</p>
          ) : (
            <div className="tablewrap">
              <table className="table table--compact" data-testid="list-table">
                <thead>
                  <tr>
                    {l.columns.map((c) => (
                      <th key={c} scope="col">
                        {c}
                      </th>
                    ))}
                    <th scope="col">
                      <span className="visually-hidden">{t('rep.open')}</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {l.rows.map((r, i) => (
                    <tr key={i}>
                      {l.columns.map((c) => (
                        <td key={c}>{r[c] === null || r[c] === undefined ? '' : String(r[c])}</td>
                      ))}
                      <td>{r.link ? <Link to={r.link}>{t('rep.open')}</Link> : null}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </>
      )}
    </div>
  );
}
