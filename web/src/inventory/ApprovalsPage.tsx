import { useQuery } from '@tanstack/react-query';
import { api } from '../api/client.js';
import { ErrorNotice } from '../components/ErrorNotice.js';
import { Empty, ListSkeleton } from '../components/States.js';
import { TableWrap } from '../components/TableWrap.js';
import { usePageTitle, useT } from '../i18n/index.js';
import type { Row } from './types.js';

/** Systems whose security-level approval (Nghị định 85/2016) is missing, or whose review is due, within the caller's scope. */
export default function ApprovalsPage() {
  const t = useT();
  usePageTitle(t('inv.approvals.title'));
  const list = useQuery({
    queryKey: ['inventory', 'approvals'],
    queryFn: ({ signal }) => api<{ items: Row[] }>('/api/inventory/approvals', { signal }),
  });
  return (
    <div className="page" data-testid="inventory-approvals">
      <h1>{t('inv.approvals.title')}</h1>
      <p className="muted">{t('inv.approvals.intro')}</p>
      {list.isPending ? (
        <ListSkeleton rows={5} />
      ) : list.isError ? (
        <ErrorNotice error={list.error} onRetry={() => void list.refetch()} />
      ) : !list.data.items.length ? (
        <Empty>{t('inv.approvals.none')}</Empty>
      ) : (
        <TableWrap label={t('inv.approvals.title')}>
          <table className="table">
            <thead>
              <tr>
                <th scope="col">{t('inv.agency')}</th>
                <th scope="col">{t('inv.col.name')}</th>
                <th scope="col">{t('inv.col.level')}</th>
                <th scope="col">{t('inv.col.approval')}</th>
                <th scope="col">{t('inv.col.review')}</th>
                <th scope="col">{t('inv.col.personal')}</th>
                <th scope="col">{t('inv.col.problem')}</th>
              </tr>
            </thead>
            <tbody>
              {list.data.items.map((r) => (
                <tr key={String(r.id)}>
                  <td>{String(r.agencyName)}</td>
                  <td>{String(r.name)}</td>
                  <td>{String(r.securityLevel ?? '—')}</td>
                  <td>{String(r.approvalNumber ?? r.approvalDocumentId ?? '—')}</td>
                  <td>{String(r.reviewDate ?? '—')}</td>
                  <td>{t(r.personalData ? 'inv.yes' : 'inv.no')}</td>
                  <td>{t(`inv.problem.${String(r.problem)}` as 'inv.problem.no-level')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
    </div>
  );
}
