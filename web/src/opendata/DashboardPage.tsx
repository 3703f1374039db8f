import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router';
import { api } from '../api/client.js';
import { ErrorNotice } from '../components/ErrorNotice.js';
import { formatInstant, formatNumber } from '../components/format.js';
import { Empty, ListSkeleton } from '../components/States.js';
import { TableWrap } from '../components/TableWrap.js';
import { usePageTitle, useLang, useT } from '../i18n/index.js';
import { opendataKeys } from './api.js';

interface DashboardItem {
  id: string;
  name: string;
  title: string;
  state: 'draft' | 'in_review' | 'published' | 'withdrawn';
  private: boolean;
  frequency: string;
  modifiedAt: string;
  freshness: 'fresh' | 'overdue' | 'not-scheduled';
  resources: number;
  downloads: number;
  generated: boolean;
}

/** What the next step of each state is, for the button beside it (the server decides who may). */
const NEXT: Partial<Record<DashboardItem['state'], 'submit' | 'approve'>> = { draft: 'submit', in_review: 'approve' };

/** An agency's datasets: their state, freshness against their update frequency, and downloads. */
export default function DashboardPage() {
  const t = useT();
  const { lang } = useLang();
  usePageTitle(t('od.dashboard.title'));
  const qc = useQueryClient();
  const list = useQuery({
    queryKey: opendataKeys.dashboard,
    queryFn: ({ signal }) => api<{ items: DashboardItem[] }>('/api/opendata/dashboard', { signal }),
  });
  const act = useMutation({
    mutationFn: ({ id, action }: { id: string; action: string }) =>
      api(`/api/opendata/datasets/${id}/actions/${action}`, { method: 'POST', body: {} }),
    onSettled: () => qc.invalidateQueries({ queryKey: opendataKeys.dashboard }),
  });

  return (
    <div className="page" data-testid="opendata-dashboard">
      <h1>{t('od.dashboard.title')}</h1>
      <p className="muted">{t('od.dashboard.intro')}</p>
      {act.isError && <ErrorNotice error={act.error} />}
      {list.isPending ? (
        <ListSkeleton rows={6} />
      ) : list.isError ? (
        <ErrorNotice error={list.error} onRetry={() => void list.refetch()} />
      ) : !list.data.items.length ? (
        <Empty>{t('od.dashboard.none')}</Empty>
      ) : (
        <TableWrap label={t('od.dashboard.title')}>
          <table className="table">
            <thead>
              <tr>
                <th scope="col">{t('od.dashboard.dataset')}</th>
                <th scope="col">{t('od.dashboard.state')}</th>
                <th scope="col">{t('od.frequency')}</th>
                <th scope="col">{t('od.modified')}</th>
                <th scope="col">{t('od.dashboard.freshness')}</th>
                <th scope="col">{t('od.resources')}</th>
                <th scope="col">{t('od.dashboard.downloads')}</th>
                <th scope="col">
                  <span className="visually-hidden">{t('od.dashboard.action')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {list.data.items.map((d) => {
                const next = NEXT[d.state];
                return (
                  <tr key={d.id}>
                    <td>
                      <Link to={`/opendata/datasets/${d.name}`}>{d.title}</Link>
                      {d.generated && <span className="badge badge--muted">{t('od.dashboard.generated')}</span>}
                    </td>
                    <td>{t(`od.state.${d.state}`)}</td>
                    <td>{t(`od.frequency.${d.frequency}` as 'od.frequency.irregular')}</td>
                    <td>{formatInstant(d.modifiedAt, lang)}</td>
                    <td>
                      <span className={d.freshness === 'overdue' ? 'badge badge--warn' : 'badge'}>
                        {t(`od.freshness.${d.freshness}`)}
                      </span>
                    </td>
                    <td>{formatNumber(d.resources, lang)}</td>
                    <td>{formatNumber(d.downloads, lang)}</td>
                    <td>
                      {next && (
                        <button
                          type="button"
                          className="button"
                          disabled={act.isPending}
                          onClick={() => act.mutate({ id: d.id, action: next })}
                        >
                          {t(`od.action.${next}`)}
                        </button>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </TableWrap>
      )}
    </div>
  );
}
