import { useQuery } from '@tanstack/react-query';
import { api } from '../../api/client.js';
import { ErrorNotice } from '../../components/ErrorNotice.js';
import { useLang, useT } from '../../i18n/index.js';
import type { DocDetail, ExchangeMessage, SentItem } from '../api.js';
import { fmtDate } from '../labels.js';
import { RecipientReceipts } from './Receipts.js';

/** Until every recipient has completed the document, its receipts are asked for again now and then. */
const REFRESH_MS = 5000;

/** A sent document's exchange: each recipient agency with its receipts (the sender sees every one). */
export function ExchangePanel({ doc }: { doc: DocDetail }) {
  const t = useT();
  const sent = useQuery({
    queryKey: ['documents', 'exchange', 'sent', doc.id],
    queryFn: ({ signal }) =>
      api<{ items: SentItem[] }>('/api/documents/exchange/sent', { query: { documentId: doc.id }, signal }),
    refetchInterval: (q) =>
      q.state.data?.items[0]?.recipients.every((r) => r.latest === '06' || r.state === 'failed') ? false : REFRESH_MS,
  });
  const item = sent.data?.items[0];
  return (
    <section aria-labelledby="doc-exchange-h" data-testid="doc-exchange">
      <h2 id="doc-exchange-h">{t('doc.exchange.sentTitle')}</h2>
      {sent.isError && <ErrorNotice error={sent.error} onRetry={() => void sent.refetch()} />}
      {sent.data && !item && <p className="muted">{t('doc.exchange.notSent')}</p>}
      {item && <RecipientReceipts recipients={item.recipients} />}
    </section>
  );
}

/** A document received through the exchange: the receipts this agency sent back to the sender. */
export function ReceivedExchangePanel({ doc }: { doc: DocDetail }) {
  const t = useT();
  const { lang } = useLang();
  const msgs = useQuery({
    queryKey: ['documents', 'exchange', 'messages', doc.id],
    queryFn: ({ signal }) => api<{ messages: ExchangeMessage[] }>(`/api/documents/${doc.id}/exchange`, { signal }),
  });
  const back = msgs.data?.messages.filter((m) => m.direction === 'out' && m.kind === 'status') ?? [];
  return (
    <section aria-labelledby="doc-exchange-h" data-testid="doc-exchange-received">
      <h2 id="doc-exchange-h">{t('doc.exchange.receivedTitle')}</h2>
      {msgs.isError && <ErrorNotice error={msgs.error} onRetry={() => void msgs.refetch()} />}
      <ol>
        {back.map((m) => (
          <li key={m.messageId} data-code={m.statusCode ?? ''}>
            <span className="badge badge--status">{m.statusCode}</span>{' '}
            {m.statusLabel ? m.statusLabel[lang] : m.statusCode} — {fmtDate(m.createdAt, lang)} (
            {t(`doc.exchange.envelope.${m.state}` as 'doc.exchange.envelope.pending')})
          </li>
        ))}
      </ol>
    </section>
  );
}
