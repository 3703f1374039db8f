/** Fees of a dossier (phí, lệ phí): pay through the gateway or by VietQR transfer; staff confirm transfers. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import QRCode from 'qrcode';
import { useEffect, useState, type FormEvent } from 'react';
import { api } from '../../api/client.js';
import { dossierKeys, formatMoney, type DossierDetail, type Payment, type Payments } from '../../api/dossiers.js';
import { Field, fieldErrorOf } from '../../admin/Field.js';
import { ErrorNotice } from '../../components/ErrorNotice.js';
import { formatInstant } from '../../components/format.js';
import { Loading } from '../../components/States.js';
import { useLang, useT, type MessageKey } from '../../i18n/index.js';
import { FeeLineItem } from './FeeQuote.js';

function QrImage({ payload, label }: { payload: string; label: string }) {
  const [src, setSrc] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    QRCode.toDataURL(payload, { errorCorrectionLevel: 'M', margin: 2, width: 240 })
      .then((url) => live && setSrc(url))
      .catch(() => live && setSrc(null));
    return () => {
      live = false;
    };
  }, [payload]);
  return src ? <img src={src} alt={label} width={240} height={240} className="qr" data-testid="vietqr-image" /> : null;
}

function Transfer({ p, code }: { p: Payment; code: string }) {
  const t = useT();
  const { lang } = useLang();
  return (
    <div className="paybox" data-testid="vietqr">
      {p.qrPayload && (
        <QrImage payload={p.qrPayload} label={t('os.pay.qrAlt', { amount: formatMoney(p.amount, lang) })} />
      )}
      <dl className="details">
        {p.bankAccount && (
          <>
            <dt>{t('os.pay.bank')}</dt>
            <dd>{p.bankAccount.bin}</dd>
            <dt>{t('os.pay.account')}</dt>
            <dd>
              <code>{p.bankAccount.account}</code>
            </dd>
            <dt>{t('os.pay.accountName')}</dt>
            <dd>{p.bankAccount.accountName}</dd>
          </>
        )}
        <dt>{t('os.pay.amount')}</dt>
        <dd>{formatMoney(p.amount, lang)}</dd>
        <dt>{t('os.pay.content')}</dt>
        <dd>
          <code>{code.replace(/[^0-9A-Za-z-]/g, '').slice(0, 25)}</code>
        </dd>
      </dl>
      <p className="small muted">{t('os.pay.qrHint')}</p>
    </div>
  );
}

function Confirm({ p, dossierId }: { p: Payment; dossierId: string }) {
  const t = useT();
  const { lang } = useLang();
  const qc = useQueryClient();
  const [ref, setRef] = useState('');
  const m = useMutation({
    mutationFn: () => api<Payment>(`/api/payments/${p.id}/confirm`, { method: 'POST', body: { bankRef: ref.trim() } }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: dossierKeys.payments(dossierId) }),
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    m.mutate();
  };
  return (
    <form className="form form--inline" onSubmit={submit}>
      <Field
        id={`bankref-${p.id}`}
        label={t('os.pay.bankRef')}
        error={fieldErrorOf(m.error, 'bankRef', lang)}
        className="field--grow"
      >
        <input
          value={ref}
          onChange={(e) => setRef(e.target.value)}
          required
          minLength={3}
          maxLength={100}
          data-testid="payment-bankref"
        />
      </Field>
      <button type="submit" className="button" disabled={m.isPending} data-testid="payment-confirm">
        {t('os.pay.confirm')}
      </button>
      {m.isError && !fieldErrorOf(m.error, 'bankRef', lang) && <ErrorNotice error={m.error} compact />}
    </form>
  );
}

/** The one-stop officer records cash or a card at the desk: the amount is what is owed; the receipt is numbered at once. */
function DeskPayment({ dossierId, owed }: { dossierId: string; owed: number }) {
  const t = useT();
  const { lang } = useLang();
  const qc = useQueryClient();
  const [method, setMethod] = useState<'cash' | 'card'>('cash');
  const [cardRef, setCardRef] = useState('');
  const m = useMutation({
    mutationFn: () =>
      api<Payment>(`/api/dossiers/${dossierId}/payments/desk`, {
        method: 'POST',
        body: { method, amount: owed, ...(method === 'card' ? { cardRef: cardRef.trim() } : {}) },
      }),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: dossierKeys.payments(dossierId) });
      void qc.invalidateQueries({ queryKey: dossierKeys.one(dossierId) });
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    m.mutate();
  };
  return (
    <form className="form" onSubmit={submit} data-testid="desk-payment">
      <fieldset>
        <legend>{t('fees.desk.title')}</legend>
        <div className="buttons" role="radiogroup" aria-label={t('fees.desk.method')}>
          {(['cash', 'card'] as const).map((x) => (
            <label key={x} className="check">
              <input
                type="radio"
                name={`desk-method-${dossierId}`}
                value={x}
                checked={method === x}
                onChange={() => setMethod(x)}
                data-testid={`desk-method-${x}`}
              />{' '}
              {t(`fees.desk.${x}`)}
            </label>
          ))}
        </div>
        {method === 'card' && (
          <Field
            id={`cardref-${dossierId}`}
            label={t('fees.desk.cardRef')}
            error={fieldErrorOf(m.error, 'cardRef', lang)}
          >
            <input
              value={cardRef}
              onChange={(e) => setCardRef(e.target.value)}
              required
              minLength={3}
              maxLength={100}
              data-testid="desk-cardref"
            />
          </Field>
        )}
        <button type="submit" className="button button--primary" disabled={m.isPending} data-testid="desk-record">
          {t('fees.desk.record', { amount: formatMoney(owed, lang) })}
        </button>
      </fieldset>
      {m.isError && !fieldErrorOf(m.error, 'cardRef', lang) && <ErrorNotice error={m.error} compact />}
    </form>
  );
}

function Refund({ p, amount, dossierId }: { p: Payment; amount: number; dossierId: string }) {
  const t = useT();
  const { lang } = useLang();
  const qc = useQueryClient();
  const m = useMutation({
    mutationFn: () => api<Payment>(`/api/payments/${p.id}/refund`, { method: 'POST', body: {} }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: dossierKeys.payments(dossierId) }),
  });
  return (
    <>
      <button
        type="button"
        className="button button--small"
        disabled={m.isPending}
        onClick={() => m.mutate()}
        data-testid="payment-refund"
      >
        {t('fees.refund', { amount: formatMoney(amount, lang) })}
      </button>
      {m.isError && <ErrorNotice error={m.error} compact />}
    </>
  );
}

export function PaymentPanel({ dossier, staff }: { dossier: DossierDetail; staff?: boolean }) {
  const t = useT();
  const { lang } = useLang();
  const qc = useQueryClient();
  const key = dossierKeys.payments(dossier.id);
  const q = useQuery({
    queryKey: key,
    queryFn: ({ signal }) => api<Payments>(`/api/dossiers/${dossier.id}/payments`, { signal }),
    // While a gateway payment is pending, its callback may land any moment.
    refetchInterval: (query) => (query.state.data?.items.some((p) => p.status === 'pending') ? 5000 : false),
  });
  // Only the providers the province configured are offered.
  const providers = useQuery({
    queryKey: ['payments', 'providers'],
    queryFn: ({ signal }) =>
      api<{ gateway: boolean; vnpay: boolean; vietqr: boolean }>('/api/payments/providers', { signal }),
    staleTime: 5 * 60_000,
  });
  const create = useMutation({
    mutationFn: (provider: 'gateway' | 'vnpay' | 'vietqr') =>
      api<Payment>(`/api/dossiers/${dossier.id}/payments`, {
        method: 'POST',
        body: {
          provider,
          ...(provider === 'gateway' ? { returnUrl: `${window.location.origin}/my-dossiers/${dossier.id}` } : {}),
        },
      }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: key }),
  });

  if (q.isPending) return <Loading />;
  if (q.isError) return <ErrorNotice error={q.error} onRetry={() => void q.refetch()} />;
  const { total, items, account } = q.data;
  if (account.exempt)
    return (
      <p className="notice" data-testid="payment-exempt">
        {t('fees.exempt')}
      </p>
    );
  if (total <= 0) return <p className="muted">{t('procedures.noFees')}</p>;
  const paidItems = items.filter((p) => p.status === 'paid');
  const pending = items.find((p) => p.status === 'pending');
  const closed = dossier.status === 'withdrawn' || dossier.status === 'refused';
  return (
    <div data-testid="payment-panel">
      <ul className="list">
        {(account.fee?.items ?? []).map((l, i) => (
          <FeeLineItem key={i} line={l} />
        ))}
        <li className="list__item">
          <strong>{t('os.pay.total')}</strong>
          <strong>{formatMoney(total, lang)}</strong>
        </li>
        {account.paid > 0 && (
          <li className="list__item">
            <span>{t('fees.paid')}</span>
            <span>{formatMoney(account.paid, lang)}</span>
          </li>
        )}
        <li className="list__item" data-testid="payment-owed">
          <strong>{t('fees.owed')}</strong>
          <strong>{formatMoney(account.owed, lang)}</strong>
        </li>
        {account.refundDue > 0 && (
          <li className="list__item" data-testid="payment-refund-due">
            <span>{t('fees.refundDue')}</span>
            <span>{formatMoney(account.refundDue, lang)}</span>
          </li>
        )}
      </ul>
      {paidItems.map((paid) => (
        <p key={paid.id} className="notice notice--success" data-testid="payment-paid">
          {t('os.pay.paid', { receipt: paid.receiptNo ?? '', at: formatInstant(paid.paidAt, lang) })}{' '}
          <a
            href={`/api/payments/${paid.id}/receipt.pdf`}
            target="_blank"
            rel="noreferrer"
            data-testid="payment-receipt"
          >
            {t('os.pay.receipt')}
          </a>
          {paid.refundedAmount ? ` ${t('fees.refunded', { amount: formatMoney(paid.refundedAmount, lang) })}` : ''}
          {staff && account.refundDue > 0 && !paid.refundedAmount && (
            <>
              {' '}
              <Refund p={paid} amount={Math.min(account.refundDue, paid.amount)} dossierId={dossier.id} />
            </>
          )}
        </p>
      ))}
      {staff && account.owed > 0 && !closed && <DeskPayment dossierId={dossier.id} owed={account.owed} />}
      {account.owed <= 0 ? null : pending ? (
        <div data-testid="payment-pending">
          <p>
            <span className="badge badge--status">{t(`os.pay.status.${pending.status}` as MessageKey)}</span>{' '}
            {t(`os.pay.provider.${pending.provider}` as MessageKey)}
          </p>
          {(pending.provider === 'gateway' || pending.provider === 'vnpay') && pending.payUrl && !staff && (
            <p>
              <a className="button button--primary" href={pending.payUrl} data-testid="payment-go">
                {t('os.pay.goGateway')}
              </a>
            </p>
          )}
          {pending.provider === 'vietqr' && <Transfer p={pending} code={dossier.code} />}
          {staff && pending.provider === 'vietqr' && <Confirm p={pending} dossierId={dossier.id} />}
          {!staff && (
            <p className="small muted">
              {t('os.pay.waiting')}{' '}
              <button
                type="button"
                className="button button--small button--ghost"
                onClick={() => void q.refetch()}
                data-testid="payment-refresh"
              >
                {t('os.pay.refresh')}
              </button>
            </p>
          )}
        </div>
      ) : staff || closed ? (
        <p className="muted" data-testid="payment-none">
          {t('os.pay.none')}
        </p>
      ) : (
        <div className="buttons" role="group" aria-label={t('os.pay.choose')}>
          {providers.data?.vnpay && (
            <button
              type="button"
              className="button button--primary"
              disabled={create.isPending}
              onClick={() => create.mutate('vnpay')}
              data-testid="pay-vnpay"
            >
              {t('os.pay.provider.vnpay')}
            </button>
          )}
          {providers.data?.gateway !== false && (
            <button
              type="button"
              className="button button--primary"
              disabled={create.isPending}
              onClick={() => create.mutate('gateway')}
              data-testid="pay-gateway"
            >
              {t('os.pay.provider.gateway')}
            </button>
          )}
          {providers.data?.vietqr !== false && (
            <button
              type="button"
              className="button"
              disabled={create.isPending}
              onClick={() => create.mutate('vietqr')}
              data-testid="pay-vietqr"
            >
              {t('os.pay.provider.vietqr')}
            </button>
          )}
        </div>
      )}
      {create.isError && <ErrorNotice error={create.error} compact />}
      {items.filter((p) => p.status === 'failed' || p.status === 'cancelled').length > 0 && (
        <p className="small muted">
          {t('os.pay.failedBefore', {
            n: items.filter((p) => p.status === 'failed' || p.status === 'cancelled').length,
          })}
        </p>
      )}
    </div>
  );
}
