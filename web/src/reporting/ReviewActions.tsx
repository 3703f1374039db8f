import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import { api } from '../api/client.js';
import { ErrorNotice } from '../components/ErrorNotice.js';
import { useToast } from '../components/Toast.js';
import { useT } from '../i18n/index.js';
import type { PeriodicReport } from './periodic.js';

/** The receiving agency's decision on a sent report: accept it, or return it with a reason (required). */
export function ReviewActions({ report, label }: { report: PeriodicReport; label: string }) {
  const t = useT();
  const toast = useToast();
  const qc = useQueryClient();
  const id = useId();
  const [returning, setReturning] = useState(false);
  const [reason, setReason] = useState('');
  const [missing, setMissing] = useState(false);
  const done = (message: string) => {
    toast.success(message);
    setReturning(false);
    setReason('');
    void qc.invalidateQueries({ queryKey: ['reporting', 'periodic'] });
  };
  const accept = useMutation({
    mutationFn: () => api<PeriodicReport>(`/api/reporting/reports/${report.id}/accept`, { method: 'POST' }),
    onSuccess: () => done(t('rep.periodic.acceptedToast')),
  });
  const giveBack = useMutation({
    mutationFn: (r: string) =>
      api<PeriodicReport>(`/api/reporting/reports/${report.id}/return`, { method: 'POST', body: { reason: r } }),
    onSuccess: () => done(t('rep.periodic.returnedToast')),
  });
  const onReturn = (e: FormEvent) => {
    e.preventDefault();
    if (!reason.trim()) return setMissing(true);
    setMissing(false);
    giveBack.mutate(reason.trim());
  };
  const error = accept.error ?? giveBack.error;
  return (
    <div data-testid={`review-actions-${report.id}`}>
      {!returning ? (
        <p className="buttons">
          <button
            type="button"
            className="button button--primary button--small"
            disabled={accept.isPending}
            onClick={() => accept.mutate()}
            data-testid="review-accept"
          >
            {t('rep.periodic.accept')}
            <span className="visually-hidden"> — {label}</span>
          </button>
          <button
            type="button"
            className="button button--danger button--small"
            onClick={() => setReturning(true)}
            data-testid="review-return"
          >
            {t('rep.periodic.return')}
            <span className="visually-hidden"> — {label}</span>
          </button>
        </p>
      ) : (
        <form onSubmit={onReturn} noValidate>
          <div className={['field', missing ? 'has-error' : ''].filter(Boolean).join(' ')}>
            <label htmlFor={`${id}-reason`}>{t('rep.periodic.returnReason')}</label>
            <textarea
              id={`${id}-reason`}
              rows={3}
              required
              aria-required
              aria-invalid={missing ? true : undefined}
              aria-describedby={missing ? `${id}-reason-error` : undefined}
              value={reason}
              onChange={(e) => setReason(e.target.value)}
              data-testid="review-reason"
            />
            {missing && (
              <span className="field__error" id={`${id}-reason-error`} role="alert" data-testid="review-reason-error">
                {t('rep.periodic.reasonRequired')}
              </span>
            )}
          </div>
          <p className="buttons">
            <button
              type="submit"
              className="button button--danger button--small"
              disabled={giveBack.isPending}
              data-testid="review-return-confirm"
            >
              {t('rep.periodic.returnConfirm')}
            </button>
            <button type="button" className="button button--ghost button--small" onClick={() => setReturning(false)}>
              {t('rep.periodic.cancel')}
            </button>
          </p>
        </form>
      )}
      {error && <ErrorNotice error={error} compact />}
    </div>
  );
}
