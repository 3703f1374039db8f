import { useQuery } from '@tanstack/react-query';
import { Link, useSearchParams } from 'react-router';
import { api } from '../../api/client.js';
import { ErrorNotice } from '../../components/ErrorNotice.js';
import { Empty, ListSkeleton } from '../../components/States.js';
import { TableWrap } from '../../components/TableWrap.js';
import { useLang, usePageTitle, useT, type MessageKey } from '../../i18n/index.js';
import type { ReceivedItem, SentItem } from '../api.js';
import { fmtDate, statusKey } from '../labels.js';
import { RecipientReceipts } from './Receipts.js';

const REFRESH_MS = 10_000;

/**
 * Liên thông văn bản: the inbox of documents other agencies sent (registered on arrival with their arrival number;
 * those not yet assigned wait for the agency) and the outbox of documents sent, each recipient with its receipts.
 */
export default function ExchangePage() {
  const t = useT();
  const { lang } = useLang();
  usePageTitle(t('doc.exchange.title'));
  const [params, setParams] = useSearchParams();
  const box = params.get('box') === 'all' ? 'all' : 'waiting';
  const received = useQuery({
    queryKey: ['documents', 'exchange', 'received', box],
    queryFn: ({ signal }) =>
      api<{ items: ReceivedItem[] }>('/api/documents/exchange/received', { query: { box }, signal }),
    refetchInterval: REFRESH_MS,
  });
  const sent = useQuery({
    queryKey: ['documents', 'exchange', 'sent', 'all'],
    queryFn: ({ signal }) => api<{ items: SentItem[] }>('/api/documents/exchange/sent', { signal }),
    refetchInterval: REFRESH_MS,
  });
  return (
    <div className="page" data-testid="exchange-page">
      <h1>{t('doc.exchange.title')}</h1>
      <p className="lead">{t('doc.exchange.lead')}</p>
      <p>
        <Link to="/workspace/documents">{t('doc.title')}</Link>
      </p>

      <section aria-labelledby="exchange-inbox-h" data-testid="exchange-inbox">
        <h2 id="exchange-inbox-h">{t('doc.exchange.inbox')}</h2>
        <label className="checkbox">
          <input
            type="checkbox"
            checked={box === 'all'}
            onChange={(e) => {
              const next = new URLSearchParams(params);
              if (e.target.checked) next.set('box', 'all');
              else next.delete('box');
              setParams(next);
            }}
            data-testid="exchange-inbox-all"
          />{' '}
          {t('doc.exchange.showAll')}
        </label>
        {received.isPending ? (
          <ListSkeleton rows={3} />
        ) : received.isError ? (
          <ErrorNotice error={received.error} onRetry={() => void received.refetch()} />
        ) : !received.data.items.length ? (
          <Empty>{box === 'all' ? t('doc.exchange.inboxNone') : t('doc.exchange.inboxNoneWaiting')}</Empty>
        ) : (
          <TableWrap label={t('doc.exchange.inbox')}>
            <table className="table" data-testid="exchange-inbox-table">
              <thead>
                <tr>
                  <th scope="col">{t('doc.exchange.arrival')}</th>
                  <th scope="col">{t('doc.col.summary')}</th>
                  <th scope="col">{t('doc.incoming.sender')}</th>
                  <th scope="col">{t('doc.exchange.receivedAt')}</th>
                  <th scope="col">{t('doc.col.status')}</th>
                </tr>
              </thead>
              <tbody>
                {received.data.items.map((d) => (
                  <tr key={d.id} data-testid={`exchange-in-${d.id}`} data-waiting={d.waiting}>
                    <td>{d.arrivalNumber ?? '—'}</td>
                    <td>
                      <Link to={`/workspace/documents/${d.id}`}>{d.summary}</Link>
                      <div className="muted">{d.agencyName}</div>
                    </td>
                    <td>
                      {d.senderName ?? '—'}
                      {d.originalNumberSymbol ? (
                        <div className="muted">
                          {d.originalNumberSymbol}
                          {d.originalDate ? ` — ${d.originalDate}` : ''}
                        </div>
                      ) : null}
                    </td>
                    <td>{fmtDate(d.receivedAt, lang)}</td>
                    <td>
                      {t(statusKey(d.status))}
                      {d.urgency !== 'normal' ? ` · ${t(`doc.urgency.${d.urgency}` as MessageKey)}` : ''}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
        )}
      </section>

      <section aria-labelledby="exchange-outbox-h" data-testid="exchange-outbox">
        <h2 id="exchange-outbox-h">{t('doc.exchange.outbox')}</h2>
        {sent.isPending ? (
          <ListSkeleton rows={3} />
        ) : sent.isError ? (
          <ErrorNotice error={sent.error} onRetry={() => void sent.refetch()} />
        ) : !sent.data.items.length ? (
          <Empty>{t('doc.exchange.outboxNone')}</Empty>
        ) : (
          <ul className="exchange-sent">
            {sent.data.items.map((d) => (
              <li key={d.id} className="card" data-testid={`exchange-out-${d.id}`}>
                <h3>
                  <Link to={`/workspace/documents/${d.id}`}>
                    {d.numberSymbol ? `${d.numberSymbol} — ` : ''}
                    {d.summary}
                  </Link>
                </h3>
                <p className="muted">
                  {d.agencyName} · {t(statusKey(d.status))} · {t('doc.exchange.sentAt')}: {fmtDate(d.sentAt, lang)}
                </p>
                <RecipientReceipts recipients={d.recipients} />
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
