import { useState, type FormEvent } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { feedbackKeys, reportAction, type ReportDetail } from '../../api/feedback.js';
import { useSession } from '../../auth/session.js';
import { Field, fieldErrorOf } from '../../admin/Field.js';
import { ErrorNotice } from '../../components/ErrorNotice.js';
import { useToast } from '../../components/Toast.js';
import { useLang, useT, type MessageKey } from '../../i18n/index.js';
import { PhotoPicker, type PickedPhoto } from './parts.js';

/** Performs one action on a report and refreshes what shows it. */
export function useReportAction(report: ReportDetail, action: string, done: MessageKey) {
  const { lang } = useLang();
  const t = useT();
  const qc = useQueryClient();
  const toast = useToast();
  const session = useSession();
  return useMutation({
    mutationFn: (body: Record<string, unknown>) =>
      reportAction(report.id, action, body, { csrfToken: session.data?.csrfToken ?? null, lang }),
    onSuccess: (r) => {
      qc.setQueryData(feedbackKeys.report(report.publicId), r.report);
      void qc.invalidateQueries({ queryKey: feedbackKeys.all });
      toast.success(t(done));
    },
  });
}

/** What the reporter may do now: answer a question, reopen a resolution they disagree with, rate it. */
export function ReporterActions({ report }: { report: ReportDetail }) {
  const t = useT();
  const allowed = new Set(report.allowedActions);
  if (!allowed.has('provide-info') && !allowed.has('reopen') && !allowed.has('rate')) return null;
  return (
    <section className="card" aria-labelledby="reporter-actions-heading" data-testid="reporter-actions">
      <h2 id="reporter-actions-heading">{t('feedback.yourActions')}</h2>
      {allowed.has('provide-info') && <ProvideInfo report={report} />}
      {allowed.has('rate') && <Rate report={report} />}
      {allowed.has('reopen') && <Reopen report={report} />}
    </section>
  );
}

function ProvideInfo({ report }: { report: ReportDetail }) {
  const t = useT();
  const { lang } = useLang();
  const [answer, setAnswer] = useState('');
  const [photos, setPhotos] = useState<PickedPhoto[]>([]);
  const m = useReportAction(report, 'provide-info', 'feedback.done.provide-info');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    m.mutate({ answer: answer.trim(), ...(photos.length ? { photos: photos.map((p) => p.sha256) } : {}) });
  };
  return (
    <form className="form" onSubmit={submit} noValidate>
      <h3>{t('feedback.do.provide-info')}</h3>
      <Field id="info-answer" label={t('feedback.detail.answer')} error={fieldErrorOf(m.error, 'answer', lang)}>
        <textarea
          id="info-answer"
          rows={3}
          value={answer}
          onChange={(e) => setAnswer(e.target.value)}
          data-testid="info-answer"
        />
      </Field>
      <PhotoPicker id="info-photos" value={photos} onChange={setPhotos} />
      {m.isError && <ErrorNotice error={m.error} compact />}
      <div className="form__actions">
        <button
          type="submit"
          className="button button--primary"
          disabled={m.isPending || !answer.trim()}
          data-testid="info-submit"
        >
          {t('feedback.do.provide-info')}
        </button>
      </div>
    </form>
  );
}

function Rate({ report }: { report: ReportDetail }) {
  const t = useT();
  const { lang } = useLang();
  const [rating, setRating] = useState(report.rating ?? 0);
  const [comment, setComment] = useState('');
  const m = useReportAction(report, 'rate', 'feedback.done.rate');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    m.mutate({ rating, ...(comment.trim() ? { comment: comment.trim() } : {}) });
  };
  return (
    <form className="form" onSubmit={submit} noValidate data-testid="rate-form">
      <h3>{t('feedback.rateTitle')}</h3>
      <fieldset className="fieldset stars">
        <legend>{t('feedback.rating')}</legend>
        {[1, 2, 3, 4, 5].map((n) => (
          <label key={n} className={n <= rating ? 'stars__star is-on' : 'stars__star'}>
            <input
              type="radio"
              name="rating"
              value={n}
              checked={rating === n}
              onChange={() => setRating(n)}
              data-testid={`rate-${n}`}
            />
            <span aria-hidden="true">★</span>
            <span className="visually-hidden">{t('feedback.stars', { n })}</span>
          </label>
        ))}
      </fieldset>
      <Field id="rate-comment" label={t('feedback.comment')} error={fieldErrorOf(m.error, 'comment', lang)}>
        <textarea id="rate-comment" rows={2} value={comment} onChange={(e) => setComment(e.target.value)} />
      </Field>
      {m.isError && <ErrorNotice error={m.error} compact />}
      <div className="form__actions">
        <button
          type="submit"
          className="button button--primary"
          disabled={m.isPending || rating < 1}
          data-testid="rate-submit"
        >
          {t('feedback.do.rate')}
        </button>
      </div>
    </form>
  );
}

function Reopen({ report }: { report: ReportDetail }) {
  const t = useT();
  const { lang } = useLang();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [photos, setPhotos] = useState<PickedPhoto[]>([]);
  const m = useReportAction(report, 'reopen', 'feedback.done.reopen');
  if (!open)
    return (
      <p>
        <button
          type="button"
          className="button button--secondary"
          onClick={() => setOpen(true)}
          data-testid="reopen-open"
        >
          {t('feedback.reopenAsk')}
        </button>
      </p>
    );
  const submit = (e: FormEvent) => {
    e.preventDefault();
    m.mutate({ reason: reason.trim(), photos: photos.map((p) => p.sha256) });
  };
  return (
    <form className="form" onSubmit={submit} noValidate data-testid="reopen-form">
      <h3>{t('feedback.do.reopen')}</h3>
      <p className="small muted">{t('feedback.reopenHint')}</p>
      <Field
        id="reopen-reason"
        label={`${t('feedback.detail.reason')} *`}
        error={fieldErrorOf(m.error, 'reason', lang)}
      >
        <textarea
          id="reopen-reason"
          rows={3}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          data-testid="reopen-reason"
        />
      </Field>
      <PhotoPicker id="reopen-photos" value={photos} onChange={setPhotos} required />
      {m.isError && <ErrorNotice error={m.error} compact />}
      <div className="form__actions">
        <button
          type="submit"
          className="button button--primary"
          disabled={m.isPending || reason.trim().length < 3 || photos.length === 0}
          data-testid="reopen-submit"
        >
          {t('feedback.do.reopen')}
        </button>
        <button type="button" className="button button--ghost" onClick={() => setOpen(false)}>
          {t('app.cancel')}
        </button>
      </div>
    </form>
  );
}
