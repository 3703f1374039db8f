/** The fee computed on the server from the form as filled in (the wizard's review step): the same rules as the dossier's fee. */
import { useQuery } from '@tanstack/react-query';
import { formatMoney } from '../../api/dossiers.js';
import { feeKeys, fetchFeeQuote, type FeeLine } from '../../api/fees.js';
import { ErrorNotice } from '../../components/ErrorNotice.js';
import { Loading } from '../../components/States.js';
import { useLang, useT, type MessageKey } from '../../i18n/index.js';

/** One fee line with what it counted (copies) and its reductions. */
export function FeeLineItem({ line }: { line: FeeLine }) {
  const t = useT();
  const { lang } = useLang();
  const notes = [
    ...(line.quantity !== undefined ? [t('fees.quantity', { n: line.quantity })] : []),
    ...line.reductions.map((r) =>
      t(`fees.reduction.${r.reason === 'online' ? 'online' : 'category'}` as MessageKey, { percent: r.percent }),
    ),
  ];
  return (
    <li className="list__item">
      <span className="list__title">
        {line.name}
        {notes.length > 0 && <span className="small muted"> ({notes.join('; ')})</span>}
      </span>
      <span>{formatMoney(line.amount, lang)}</span>
    </li>
  );
}

export function FeeQuote({ procedureId, formData }: { procedureId: string; formData: Record<string, unknown> }) {
  const t = useT();
  const { lang } = useLang();
  const q = useQuery({
    queryKey: feeKeys.quote(procedureId, formData),
    queryFn: ({ signal }) => fetchFeeQuote(procedureId, formData, signal),
  });
  if (q.isPending) return <Loading />;
  if (q.isError) return <ErrorNotice error={q.error} onRetry={() => void q.refetch()} compact />;
  const { quote } = q.data;
  if (quote.items.length === 0) return <p className="muted">{t('procedures.noFees')}</p>;
  return (
    <>
      <ul className="list" data-testid="submit-fees">
        {quote.items.map((l, i) => (
          <FeeLineItem key={i} line={l} />
        ))}
        <li className="list__item">
          <strong>{t('os.pay.total')}</strong>{' '}
          <strong data-testid="submit-fee-total">{formatMoney(quote.total, lang)}</strong>
        </li>
      </ul>
      {quote.total > 0 && <p className="small muted">{t('os.submit.payLater')}</p>}
    </>
  );
}
