/** "Hồ sơ của tôi": the dossiers the logged-in citizen submitted, newest first, filterable by state. */
import { useQuery } from '@tanstack/react-query';
import { Link, useSearchParams } from 'react-router';
import { api } from '../api/client.js';
import { dossierKeys, type DossierPage } from '../api/dossiers.js';
import { useSession } from '../auth/session.js';
import { ErrorNotice } from '../components/ErrorNotice.js';
import { formatInstant } from '../components/format.js';
import { Empty, Loading } from '../components/States.js';
import { usePageTitle, useLang, useT } from '../i18n/index.js';
import { DossierStatusBadge } from './dossiers/parts.js';
import { TableWrap } from '../components/TableWrap.js';

const LIMIT = 20;
/** The filters a citizen thinks in, as the API's status lists. */
const FILTERS = {
  all: undefined,
  open: 'submitted,received,processing,awaiting_approval,approved,result_ready,suspended',
  supplement: 'supplement_requested',
  done: 'returned,refused,withdrawn',
} as const;
type Filter = keyof typeof FILTERS;

export default function MyDossiersPage() {
  const t = useT();
  const { lang } = useLang();
  usePageTitle(t('os.mine.title'));
  const session = useSession();
  const [params, setParams] = useSearchParams();
  const raw = params.get('filter') ?? 'all';
  const filter: Filter = raw in FILTERS ? (raw as Filter) : 'all';
  const offset = Math.max(0, Number(params.get('offset')) || 0);
  const query = { status: FILTERS[filter], limit: LIMIT, offset };
  const list = useQuery({
    queryKey: dossierKeys.mine(query),
    queryFn: ({ signal }) => api<DossierPage>('/api/dossiers/mine', { query, signal }),
    enabled: !!session.data,
  });
  if (session.isPending) return <Loading />;
  if (!session.data)
    return (
      <div className="page page--narrow">
        <h1>{t('os.mine.title')}</h1>
        <p className="notice notice--info">{t('os.mine.login')}</p>
        <Link className="button button--primary" to={`/login?returnTo=${encodeURIComponent('/my-dossiers')}`}>
          {t('user.login')}
        </Link>
      </div>
    );
  return (
    <div className="page" data-testid="my-dossiers">
      <div className="page__head">
        <h1>{t('os.mine.title')}</h1>
        <Link className="button button--primary" to="/procedures">
          {t('os.mine.new')}
        </Link>
      </div>
      <nav className="chips" aria-label={t('os.mine.filter')}>
        {(Object.keys(FILTERS) as Filter[]).map((f) => (
          <button
            key={f}
            type="button"
            className={f === filter ? 'button button--small button--on' : 'button button--small button--ghost'}
            aria-pressed={f === filter}
            onClick={() => setParams(f === 'all' ? {} : { filter: f }, { replace: true })}
            data-testid={`mine-filter-${f}`}
          >
            {t(`os.mine.filter.${f}`)}
          </button>
        ))}
      </nav>
      {list.isPending ? (
        <Loading />
      ) : list.isError ? (
        <ErrorNotice error={list.error} onRetry={() => void list.refetch()} />
      ) : list.data.items.length === 0 ? (
        <Empty>{t('os.mine.empty')}</Empty>
      ) : (
        <>
          <TableWrap label={t('os.mine.title')}>
            <table className="table table--stack" data-testid="mine-table">
              <caption className="visually-hidden">{t('os.mine.title')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('ws.col.code')}</th>
                  <th scope="col">{t('portal.lookup.procedure')}</th>
                  <th scope="col">{t('ws.col.status')}</th>
                  <th scope="col">{t('os.submittedAt')}</th>
                  <th scope="col">{t('portal.lookup.due')}</th>
                </tr>
              </thead>
              <tbody>
                {list.data.items.map((d) => (
                  <tr key={d.id} data-testid={`mine-row-${d.code}`}>
                    <td data-label={t('ws.col.code')} className="nowrap">
                      <Link to={`/my-dossiers/${d.id}`}>{d.code}</Link>
                    </td>
                    <td data-label={t('portal.lookup.procedure')}>{d.title}</td>
                    <td data-label={t('ws.col.status')}>
                      <DossierStatusBadge status={d.status} late={d.late} paused={d.paused} />
                    </td>
                    <td data-label={t('os.submittedAt')}>{formatInstant(d.submittedAt, lang)}</td>
                    <td data-label={t('portal.lookup.due')}>
                      {formatInstant(d.newDueAt ?? d.dueAt, lang) || t('app.dash')}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
          <Pager
            total={list.data.total}
            offset={offset}
            limit={LIMIT}
            onPage={(o) => setParams({ ...(filter === 'all' ? {} : { filter }), ...(o ? { offset: String(o) } : {}) })}
          />
        </>
      )}
    </div>
  );
}

export function Pager({
  total,
  offset,
  limit,
  onPage,
}: {
  total: number;
  offset: number;
  limit: number;
  onPage: (offset: number) => void;
}) {
  const t = useT();
  if (total <= limit) return null;
  return (
    <nav className="pager" aria-label={t('os.pages')}>
      <button
        type="button"
        className="button button--small"
        disabled={offset === 0}
        onClick={() => onPage(Math.max(0, offset - limit))}
      >
        ← {t('os.prev')}
      </button>
      <span>{t('os.range', { from: offset + 1, to: Math.min(total, offset + limit), total })}</span>
      <button
        type="button"
        className="button button--small"
        disabled={offset + limit >= total}
        onClick={() => onPage(offset + limit)}
      >
        {t('os.next')} →
      </button>
    </nav>
  );
}
