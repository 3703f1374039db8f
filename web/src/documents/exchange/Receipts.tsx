import { useLang, useT, type MessageKey } from '../../i18n/index.js';
import type { ExchangeRecipient } from '../api.js';
import { fmtDate } from '../labels.js';

export const envelopeKey = (s: string) => `doc.exchange.envelope.${s}` as MessageKey;

/** Each recipient of a sent document: where its envelope stands and every receipt (gói tin trạng thái) it sent back. */
export function RecipientReceipts({ recipients }: { recipients: ExchangeRecipient[] }) {
  const t = useT();
  const { lang } = useLang();
  return (
    <ul className="exchange-recipients" data-testid="exchange-recipients">
      {recipients.map((r) => (
        <li
          key={r.organId}
          data-testid={`exchange-recipient-${r.organId}`}
          data-latest={r.latest ?? ''}
          data-state={r.state}
        >
          <strong>{r.organName}</strong> <span className="muted">({r.organId})</span> — {t(envelopeKey(r.state))}
          {r.state === 'pending' && r.attempts > 0 ? ` (${t('doc.exchange.attempts', { n: r.attempts })})` : ''}
          {r.lastError && r.state !== 'delivered' ? <div className="muted">{r.lastError}</div> : null}
          {r.receipts.length ? (
            <ol aria-label={t('doc.exchange.receiptsOf', { name: r.organName })}>
              {r.receipts.map((x, i) => (
                <li key={i} data-code={x.statusCode}>
                  <span className="badge badge--status">{x.statusCode}</span> {x.label ? x.label[lang] : x.statusCode} —{' '}
                  {fmtDate(x.at, lang)}
                  {x.description && x.description !== x.label?.vi ? <div className="muted">{x.description}</div> : null}
                </li>
              ))}
            </ol>
          ) : (
            <div className="muted">{t('doc.exchange.noReceipt')}</div>
          )}
        </li>
      ))}
    </ul>
  );
}
