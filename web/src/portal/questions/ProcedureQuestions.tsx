/**
 * A procedure's questions and answers (hỏi đáp): the answers its agency published as frequent questions,
 * and a form to ask (logged in, or with a name and a contact to be answered at).
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api } from '../../api/client.js';
import { papersKeys, type PublishedQuestion, type Question } from '../../api/papers.js';
import type { ProcedureDetail } from '../../api/procedures.js';
import { useSession } from '../../auth/session.js';
import { fieldErrorOf } from '../../admin/Field.js';
import { ErrorNotice } from '../../components/ErrorNotice.js';
import { formatInstant } from '../../components/format.js';
import { useLang, useT } from '../../i18n/index.js';
import { CompetentAgencySelect } from '../papers/CompetentAgencySelect.js';

export function ProcedureQuestions({ procedure }: { procedure: ProcedureDetail }) {
  const t = useT();
  const { lang } = useLang();
  const qc = useQueryClient();
  const session = useSession();
  const published = useQuery({
    queryKey: papersKeys.published(procedure.id),
    queryFn: ({ signal }) =>
      api<{ items: PublishedQuestion[] }>(`/api/procedures/${procedure.id}/questions`, { signal }),
  });
  const [body, setBody] = useState('');
  const [name, setName] = useState('');
  const [contact, setContact] = useState('');
  const [agencyId, setAgencyId] = useState('');
  const ask = useMutation({
    mutationFn: (b: Record<string, string>) => api<Question>('/api/questions', { method: 'POST', body: b }),
    onSuccess: () => {
      setBody('');
      void qc.invalidateQueries({ queryKey: papersKeys.published(procedure.id) });
    },
  });
  const anonymous = !session.data;
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    ask.mutate({
      procedureId: procedure.id,
      body: body.trim(),
      ...(procedure.agencyId ? {} : { agencyId }),
      ...(anonymous ? { name: name.trim(), contact: contact.trim() } : {}),
    });
  };
  const err = (f: string) => fieldErrorOf(ask.error, f, lang);
  return (
    <section className="card" aria-labelledby="qa-heading" data-testid="procedure-questions">
      <h2 id="qa-heading">{t('qa.title')}</h2>
      {published.isError ? (
        <ErrorNotice error={published.error} onRetry={() => void published.refetch()} />
      ) : published.data?.items.length ? (
        <dl className="details" data-testid="qa-published">
          {published.data.items.map((q) => (
            <div key={q.id} className="details__pair">
              <dt>{q.body}</dt>
              <dd>
                {q.answer} <span className="small muted">({formatInstant(q.answeredAt, lang)})</span>
              </dd>
            </div>
          ))}
        </dl>
      ) : (
        <p className="muted">{t('qa.none')}</p>
      )}
      {procedure.active && (
        <form className="form" onSubmit={onSubmit} data-testid="qa-ask">
          <h3>{t('qa.ask')}</h3>
          {!procedure.agencyId && (
            <CompetentAgencySelect
              procedureId={procedure.id}
              id="qa-agency"
              label={t('qa.agency')}
              value={agencyId}
              onChange={setAgencyId}
              error={err('agencyId')}
              testId="qa-agency"
            />
          )}
          <div className={`field ${err('body') ? 'has-error' : ''}`}>
            <label htmlFor="qa-body">{t('qa.question')}</label>
            <textarea
              id="qa-body"
              value={body}
              minLength={10}
              maxLength={4000}
              required
              onChange={(e) => setBody(e.target.value)}
              data-testid="qa-body"
            />
          </div>
          {anonymous && (
            <>
              <div className="field">
                <label htmlFor="qa-name">{t('qa.name')}</label>
                <input id="qa-name" value={name} maxLength={200} required onChange={(e) => setName(e.target.value)} />
              </div>
              <div className={`field ${err('contact') ? 'has-error' : ''}`}>
                <label htmlFor="qa-contact">{t('qa.contact')}</label>
                <input
                  id="qa-contact"
                  value={contact}
                  maxLength={254}
                  required
                  onChange={(e) => setContact(e.target.value)}
                />
              </div>
            </>
          )}
          {ask.isError && <ErrorNotice error={ask.error} />}
          {ask.isSuccess && (
            <p className="notice notice--success" role="status" data-testid="qa-sent">
              {t('qa.sent', { due: formatInstant(ask.data.dueAt, lang) })}
            </p>
          )}
          <button className="button button--primary" type="submit" disabled={ask.isPending} data-testid="qa-submit">
            {t('qa.send')}
          </button>
        </form>
      )}
    </section>
  );
}
