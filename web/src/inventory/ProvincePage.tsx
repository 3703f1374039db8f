import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { api } from '../api/client.js';
import { ErrorNotice } from '../components/ErrorNotice.js';
import { Empty, ListSkeleton } from '../components/States.js';
import { TableWrap } from '../components/TableWrap.js';
import { usePageTitle, useT } from '../i18n/index.js';
import type { Facts } from './types.js';

const yn = (b: boolean) => (b ? '✓' : '—');

/** The province's view, for the Department of Science and Technology: every agency's figures side by side. */
export default function ProvincePage() {
  const t = useT();
  usePageTitle(t('inv.province.title'));
  const q = useQuery({
    queryKey: ['inventory', 'province'],
    queryFn: ({ signal }) => api<{ items: Facts[] }>('/api/inventory/province', { signal }),
  });
  return (
    <div className="page" data-testid="inventory-province">
      <h1>{t('inv.province.title')}</h1>
      <p className="muted">{t('inv.province.intro')}</p>
      <p>
        <Link to="/ioc/inventory/approvals">{t('inv.nav.approvals')}</Link>
      </p>
      {q.isPending ? (
        <ListSkeleton rows={8} />
      ) : q.isError ? (
        <ErrorNotice error={q.error} onRetry={() => void q.refetch()} />
      ) : !q.data.items.length ? (
        <Empty>{t('inv.province.none')}</Empty>
      ) : (
        <TableWrap label={t('inv.province.title')}>
          <table className="table" data-testid="inventory-province-table">
            <thead>
              <tr>
                <th scope="col">{t('inv.agency')}</th>
                <th scope="col">{t('inv.level')}</th>
                <th scope="col">{t('inv.fig.staff')}</th>
                <th scope="col">{t('inv.fig.desktop')}</th>
                <th scope="col">{t('inv.fig.computers')}</th>
                <th scope="col">{t('inv.fig.networks')}</th>
                <th scope="col">{t('inv.fig.systems')}</th>
                <th scope="col">{t('inv.fig.antimalware')}</th>
              </tr>
            </thead>
            <tbody>
              {q.data.items.map((f) => (
                <tr key={f.agency_id}>
                  <td>
                    <Link to={`/ioc/inventory/agency/${f.agency_id}`}>{f.agency_name}</Link>
                  </td>
                  <td>{f.agency_level}</td>
                  <td>{f.staff_count}</td>
                  <td>{f.staff_with_desktop}</td>
                  <td>
                    {f.computers_total} ({f.computers_internet})
                  </td>
                  <td>{[f.has_lan, f.has_internet, f.on_wan, f.on_dedicated_network].map(yn).join(' ')}</td>
                  <td>
                    {f.systems_total} ({f.systems_ipv6} / {f.systems_level_approved})
                  </td>
                  <td>
                    {f.endpoints_antimalware} / {f.endpoints_total}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
    </div>
  );
}
