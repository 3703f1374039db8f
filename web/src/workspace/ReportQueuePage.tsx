import { useQuery } from '@tanstack/react-query';
import { Link, useSearchParams } from 'react-router';
import { api } from '../api/client.js';
import { feedbackKeys, QUEUE_VIEWS, type QueueView, type ReportPage } from '../api/feedback.js';
import { ErrorNotice } from '../components/ErrorNotice.js';
import { formatInstant } from '../components/format.js';
import { Empty, Loading } from '../components/States.js';
import { pick, usePageTitle, useLang, useT, type MessageKey } from '../i18n/index.js';
import { StatusBadge } from '../portal/reports/parts.js';
import { TableWrap } from '../components/TableWrap.js';

const LIMIT = 200;

/** The agency's field-report queues (hàng đợi phản ánh): new, due soon, overdue, mine, all open. */
export default function ReportQueuePage() {
  const t = useT();
  const { lang } = useLang();
  usePageTitle(t('ws.nav.feedback'));
  const [params, setParams] = useSearchParams();
  const raw = params.get('view');
  const view: QueueView = (QUEUE_VIEWS as readonly string[]).includes(raw ?? '') ? (raw as QueueView) : 'new';
  const list = useQuery({
    queryKey: feedbackKeys.queue(view),
    queryFn: ({ signal }) => api<ReportPage>('/api/feedback/queue', { query: { view, limit: LIMIT }, signal }),
  });
  const now = Date.now();
  return (
    <div className="page">
      <h1>{t('ws.nav.feedback')}</h1>
      <nav className="chips" aria-label={t('feedback.ws.views')}>
        {QUEUE_VIEWS.map((v) => (
          <button
            key={v}
            type="button"
            className={v === view ? 'button button--small button--on' : 'button button--small button--ghost'}
            aria-pressed={v === view}
            onClick={() => setParams({ view: v }, { replace: true })}
            data-testid={`queue-view-${v}`}
          >
            {t(`feedback.ws.view.${v}` as MessageKey)}
          </button>
        ))}
      </nav>
      {list.isPending ? (
        <Loading />
      ) : list.isError ? (
        <ErrorNotice error={list.error} onRetry={() => void list.refetch()} />
      ) : list.data.items.length === 0 ? (
        <Empty>{t('feedback.ws.empty')}</Empty>
      ) : (
        <TableWrap label={t(`feedback.ws.view.${view}` as MessageKey)}>
          <table className="table" data-testid="queue-table">
            <caption className="visually-hidden">{t(`feedback.ws.view.${view}` as MessageKey)}</caption>
            <thead>
              <tr>
                <th scope="col">{t('feedback.number')}</th>
                <th scope="col">{t('feedback.category')}</th>
                <th scope="col">{t('feedback.description')}</th>
                <th scope="col">{t('feedback.agency')}</th>
                <th scope="col">{t('feedback.status')}</th>
                <th scope="col">{t('feedback.due')}</th>
              </tr>
            </thead>
            <tbody>
              {list.data.items.map((r) => {
                const late = !r.resolvedAt && new Date(r.dueAt).getTime() < now;
                return (
                  <tr key={r.id} data-testid={`queue-row-${r.publicId}`}>
                    <td className="nowrap">
                      <Link to={`/workspace/feedback/${encodeURIComponent(r.publicId)}`}>{r.publicId}</Link>
                    </td>
                    <td>{pick(r.categoryName, lang)}</td>
                    <td className="reportlist__desc">{r.description}</td>
                    <td>{r.agency}</td>
                    <td>
                      <StatusBadge status={r.status} />
                    </td>
                    <td className={late ? 'nowrap text-danger' : 'nowrap'}>
                      {formatInstant(r.dueAt, lang)}
                      {late && <span className="badge badge--late">{t('feedback.ws.late')}</span>}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          {list.data.total > list.data.items.length && (
            <p className="small muted">
              {t('feedback.ws.more', { shown: list.data.items.length, total: list.data.total })}
            </p>
          )}
        </TableWrap>
      )}
    </div>
  );
}
