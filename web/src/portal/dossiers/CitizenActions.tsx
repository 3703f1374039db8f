/** What the applicant can do on their own dossier: supplement papers when asked, rate after return, withdraw. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api } from '../../api/client.js';
import { dossierKeys, performAction, type DossierDetail, type UploadedFile } from '../../api/dossiers.js';
import { procedureKeys, type ProcedureDetail } from '../../api/procedures.js';
import { fieldErrorOf } from '../../admin/Field.js';
import { ErrorNotice } from '../../components/ErrorNotice.js';
import { useToast } from '../../components/Toast.js';
import { useLang, useT } from '../../i18n/index.js';
import { FileUpload } from './parts.js';

function useAct(d: DossierDetail, action: string, done?: () => void) {
  const qc = useQueryClient();
  const toast = useToast();
  const t = useT();
  return useMutation({
    mutationFn: (body: Record<string, unknown>) => performAction(d.id, action, body),
    onSuccess: (r) => {
      qc.setQueryData(dossierKeys.one(d.id), r.dossier);
      void qc.invalidateQueries({ queryKey: ['dossiers', 'mine'] });
      toast.success(t('os.done'));
      done?.();
    },
  });
}

/** The papers of a supplement: one upload per paper of the procedure, plus anything else asked for. */
export function SupplementForm({ d, testPrefix = 'supplement' }: { d: DossierDetail; testPrefix?: string }) {
  const t = useT();
  const { lang } = useLang();
  const proc = useQuery({
    queryKey: procedureKeys.one(d.procedure.id),
    queryFn: ({ signal }) => api<ProcedureDetail>(`/api/procedures/${d.procedure.id}`, { signal }),
  });
  const [papers, setPapers] = useState<Record<string, UploadedFile[]>>({});
  const [others, setOthers] = useState<UploadedFile[]>([]);
  const [note, setNote] = useState('');
  const act = useAct(d, 'supplement', () => {
    setPapers({});
    setOthers([]);
    setNote('');
  });
  const request = [...d.timeline].reverse().find((e) => e.action === 'request-supplement');
  const asked = request?.details ?? {};
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const attachments = [
      ...Object.entries(papers)
        .filter(([, fs]) => fs.length)
        .map(([paperId, fs]) => ({
          paperId,
          name: proc.data?.papers.find((p) => p.id === paperId)?.name,
          files: fs.map((f) => f.sha256),
        })),
      ...(others.length
        ? [{ paperId: null, name: t('os.submit.otherPapers'), files: others.map((f) => f.sha256) }]
        : []),
    ];
    act.mutate({ ...(attachments.length ? { attachments } : {}), ...(note.trim() ? { note: note.trim() } : {}) });
  };
  return (
    <section className="card" aria-labelledby="supplement-heading" data-testid={`${testPrefix}-form`}>
      <h2 id="supplement-heading">{t('dossier.action.supplement')}</h2>
      {typeof asked.reason === 'string' && (
        <div className="notice notice--warning">
          <p className="notice__title">{t('os.supplementAsked')}</p>
          <p>{asked.reason}</p>
          {Array.isArray(asked.papers) && asked.papers.length > 0 && (
            <ul>
              {(asked.papers as string[]).map((p, i) => (
                <li key={i}>{p}</li>
              ))}
            </ul>
          )}
        </div>
      )}
      <form className="form" onSubmit={submit}>
        {(proc.data?.papers ?? []).map((x) => (
          <FileUpload
            key={x.id}
            id={`${testPrefix}-paper-${x.id}`}
            label={`${x.ordinal}. ${x.name}`}
            files={papers[x.id] ?? []}
            onChange={(fs) => setPapers((ps) => ({ ...ps, [x.id]: fs }))}
            testId={`${testPrefix}-paper-${x.ordinal}`}
          />
        ))}
        <FileUpload
          id={`${testPrefix}-other`}
          label={t('os.submit.otherPapers')}
          files={others}
          onChange={setOthers}
          testId={`${testPrefix}-other`}
        />
        <div className="field">
          <label htmlFor={`${testPrefix}-note`}>{t('dossier.note')}</label>
          <textarea
            id={`${testPrefix}-note`}
            maxLength={2000}
            value={note}
            onChange={(e) => setNote(e.target.value)}
            aria-invalid={fieldErrorOf(act.error, 'note', lang) ? true : undefined}
            aria-describedby={fieldErrorOf(act.error, 'note', lang) ? `${testPrefix}-note-error` : undefined}
          />
          {fieldErrorOf(act.error, 'note', lang) && (
            <span className="field__error" id={`${testPrefix}-note-error`} role="alert">
              {fieldErrorOf(act.error, 'note', lang)}
            </span>
          )}
        </div>
        {act.isError && <ErrorNotice error={act.error} compact />}
        <div className="form__actions">
          <button
            type="submit"
            className="button button--primary"
            disabled={act.isPending}
            data-testid={`${testPrefix}-send`}
          >
            {t('os.supplementSend')}
          </button>
        </div>
      </form>
    </section>
  );
}

export function RatingForm({ d }: { d: DossierDetail }) {
  const t = useT();
  const { lang } = useLang();
  const [rating, setRating] = useState(0);
  const [comment, setComment] = useState('');
  const act = useAct(d, 'rate');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (rating < 1) return;
    act.mutate({ rating, ...(comment.trim() ? { comment: comment.trim() } : {}) });
  };
  return (
    <section className="card" aria-labelledby="rate-heading" data-testid="rate-form">
      <h2 id="rate-heading">{t('os.rate.title')}</h2>
      <form className="form" onSubmit={submit}>
        <fieldset className="fieldset stars">
          <legend>{t('os.rate.question')}</legend>
          {[1, 2, 3, 4, 5].map((n) => (
            <label key={n} className="stars__star">
              <input
                type="radio"
                name="rating"
                value={n}
                checked={rating === n}
                onChange={() => setRating(n)}
                required
                data-testid={`rate-${n}`}
              />
              <span aria-hidden="true">{n <= rating ? '★' : '☆'}</span>
              <span className="visually-hidden">{t(`os.rate.${n}` as 'os.rate.1')}</span>
            </label>
          ))}
          <span className="small muted">{rating ? t(`os.rate.${rating}` as 'os.rate.1') : ''}</span>
          {fieldErrorOf(act.error, 'rating', lang) && (
            <span className="field__error" role="alert">
              {fieldErrorOf(act.error, 'rating', lang)}
            </span>
          )}
        </fieldset>
        <div className="field">
          <label htmlFor="rate-comment">{t('os.rate.comment')}</label>
          <textarea
            id="rate-comment"
            maxLength={2000}
            value={comment}
            onChange={(e) => setComment(e.target.value)}
            data-testid="rate-comment"
          />
        </div>
        {act.isError && <ErrorNotice error={act.error} compact />}
        <div className="form__actions">
          <button
            type="submit"
            className="button button--primary"
            disabled={act.isPending || rating < 1}
            data-testid="rate-send"
          >
            {t('os.rate.send')}
          </button>
        </div>
      </form>
    </section>
  );
}

export function WithdrawForm({ d }: { d: DossierDetail }) {
  const t = useT();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const act = useAct(d, 'withdraw', () => setOpen(false));
  if (!open)
    return (
      <p>
        <button
          type="button"
          className="button button--ghost"
          onClick={() => setOpen(true)}
          data-testid="withdraw-open"
        >
          {t('dossier.action.withdraw')}
        </button>
      </p>
    );
  return (
    <form
      className="form card"
      onSubmit={(e) => {
        e.preventDefault();
        act.mutate(reason.trim() ? { reason: reason.trim() } : {});
      }}
    >
      <p>{t('os.withdrawConfirm')}</p>
      <div className="field">
        <label htmlFor="withdraw-reason">{t('os.reason')}</label>
        <textarea id="withdraw-reason" maxLength={2000} value={reason} onChange={(e) => setReason(e.target.value)} />
      </div>
      {act.isError && <ErrorNotice error={act.error} compact />}
      <div className="form__actions">
        <button type="button" className="button" onClick={() => setOpen(false)}>
          {t('app.cancel')}
        </button>
        <button type="submit" className="button button--danger" disabled={act.isPending} data-testid="withdraw-send">
          {t('dossier.action.withdraw')}
        </button>
      </div>
    </form>
  );
}
