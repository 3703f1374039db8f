/**
 * Receiving the result by post (bưu chính công ích, Quyết định 45/2016/QĐ-TTg): the applicant gives an
 * address and sees the fee before asking; then the shipment's status follows the carrier's updates.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api } from '../../api/client.js';
import { formatMoney, type DossierDetail } from '../../api/dossiers.js';
import { papersKeys, type PostalRate, type Shipment } from '../../api/papers.js';
import { fieldErrorOf } from '../../admin/Field.js';
import { ErrorNotice } from '../../components/ErrorNotice.js';
import { formatInstant } from '../../components/format.js';
import { pick, useLang, useT } from '../../i18n/index.js';

const CLOSED = ['returned', 'refused', 'withdrawn'];

/** The shipments of a dossier with their events, for the applicant and the desk. */
export function ShipmentList({ items }: { items: Shipment[] }) {
  const t = useT();
  const { lang } = useLang();
  return (
    <ul className="plainlist" data-testid="postal-shipments">
      {items.map((s) => (
        <li key={s.id} data-testid={`postal-${s.direction}`}>
          <strong>{t(`postal.direction.${s.direction}`)}</strong>:{' '}
          <span className="badge badge--status">{t(`postal.status.${s.status}`)}</span>
          {s.trackingCode && (
            <>
              {' '}
              {t('postal.tracking')} <code data-testid="postal-tracking">{s.trackingCode}</code>
            </>
          )}
          <div className="small muted">
            {s.address}
            {s.fee > 0 && ` · ${t('postal.fee')}: ${formatMoney(s.fee, lang)}`}
          </div>
          <ol className="small">
            {s.events.map((e, i) => (
              <li key={i}>
                {t(`postal.status.${e.status}`)} — {formatInstant(e.at, lang)}
                {e.note && ` (${e.note})`}
              </li>
            ))}
          </ol>
        </li>
      ))}
    </ul>
  );
}

export function PostalReturn({ d }: { d: DossierDetail }) {
  const t = useT();
  const { lang } = useLang();
  const qc = useQueryClient();
  const shipments = useQuery({
    queryKey: papersKeys.postal(d.id),
    queryFn: ({ signal }) => api<{ items: Shipment[] }>(`/api/dossiers/${d.id}/postal`, { signal }),
  });
  const rates = useQuery({
    queryKey: papersKeys.rates,
    queryFn: ({ signal }) => api<PostalRate[]>('/api/postal/rates', { signal }),
    staleTime: 60 * 60_000,
  });
  const [rateCode, setRateCode] = useState('');
  const [address, setAddress] = useState(d.applicant.address ?? '');
  const ask = useMutation({
    mutationFn: () =>
      api<Shipment>(`/api/dossiers/${d.id}/postal-return`, {
        method: 'POST',
        body: { rateCode, address: address.trim() },
      }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: papersKeys.postal(d.id) }),
  });
  const items = shipments.data?.items ?? [];
  const hasReturn = items.some((s) => s.direction === 'return' && s.status !== 'cancelled');
  const rate = rates.data?.find((r) => r.code === rateCode);
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    ask.mutate();
  };
  return (
    <section className="card" aria-labelledby="postal-heading" data-testid="postal-return">
      <h2 id="postal-heading">{t('postal.title')}</h2>
      {shipments.isError && <ErrorNotice error={shipments.error} onRetry={() => void shipments.refetch()} />}
      {items.length > 0 && <ShipmentList items={items} />}
      {!hasReturn && !CLOSED.includes(d.status) && (
        <form className="form" onSubmit={onSubmit}>
          <p className="small muted">{t('postal.hint')}</p>
          <div className="field">
            <label htmlFor="postal-rate">{t('postal.rate')}</label>
            <select
              id="postal-rate"
              value={rateCode}
              onChange={(e) => setRateCode(e.target.value)}
              required
              data-testid="postal-rate"
            >
              <option value="">{t('postal.chooseRate')}</option>
              {(rates.data ?? []).map((r) => (
                <option key={r.code} value={r.code}>
                  {pick({ vi: r.name, en: r.nameEn }, lang)} — {formatMoney(r.amount, lang)}
                </option>
              ))}
            </select>
          </div>
          <div className={`field ${fieldErrorOf(ask.error, 'address', lang) ? 'has-error' : ''}`}>
            <label htmlFor="postal-address">{t('postal.address')}</label>
            <input
              id="postal-address"
              value={address}
              minLength={5}
              maxLength={500}
              required
              onChange={(e) => setAddress(e.target.value)}
              data-testid="postal-address"
            />
          </div>
          {rate && (
            <p data-testid="postal-fee">
              {t('postal.fee')}: <strong>{formatMoney(rate.amount, lang)}</strong>
            </p>
          )}
          {ask.isError && <ErrorNotice error={ask.error} />}
          <button className="button" type="submit" disabled={ask.isPending || !rateCode} data-testid="postal-submit">
            {t('postal.request')}
          </button>
        </form>
      )}
    </section>
  );
}
