/** The agency's questions queue (hỏi đáp): open questions by deadline, each answered here and optionally published. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api } from '../../api/client.js';
import { papersKeys, type Question } from '../../api/papers.js';
import { ErrorNotice } from '../../components/ErrorNotice.js';
import { formatInstant } from '../../components/format.js';
import { Empty, Loading } from '../../components/States.js';
import { usePageTitle, useLang, useT } from '../../i18n/index.js';

function AnswerForm({ q }: { q: Question }) {
  const t = useT();
  const qc = useQueryClient();
  const [answer, setAnswer] = useState('');
  const [publish, setPublish] = useState(false);
  const send = useMutation({
    mutationFn: () =>
      api<Question>(`/api/questions/${q.id}/answer`, { method: 'POST', body: { answer: answer.trim(), publish } }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['questions'] }),
  });
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    send.mutate();
  };
  return (
    <form className="form" onSubmit={onSubmit} data-testid="qa-answer-form">
      <div className="field">
        <label htmlFor={`answer-${q.id}`}>{t('qa.answer')}</label>
        <textarea
          id={`answer-${q.id}`}
          value={answer}
          minLength={5}
          maxLength={8000}
          required
          onChange={(e) => setAnswer(e.target.value)}
          data-testid="qa-answer"
        />
      </div>
      <label className="checkbox">
        <input
          type="checkbox"
          checked={publish}
          onChange={(e) => setPublish(e.target.checked)}
          data-testid="qa-publish"
        />{' '}
        {t('qa.publish')}
      </label>
      {send.isError && <ErrorNotice error={send.error} />}
      <button className="button button--primary" type="submit" disabled={send.isPending} data-testid="qa-answer-submit">
        {t('qa.answerSubmit')}
      </button>
    </form>
  );
}

export default function QuestionsPage() {
  const t = useT();
  const { lang } = useLang();
  usePageTitle(t('qa.queue'));
  const [status, setStatus] = useState<'open' | 'answered'>('open');
  const list = useQuery({
    queryKey: papersKeys.queue(status),
    queryFn: ({ signal }) => api<{ items: Question[] }>('/api/questions', { query: { status }, signal }),
  });
  return (
    <div className="page" data-testid="qa-queue">
      <h1>{t('qa.queue')}</h1>
      <nav className="chips" aria-label={t('qa.queue')}>
        {(['open', 'answered'] as const).map((s) => (
          <button
            key={s}
            type="button"
            className={s === status ? 'button button--small button--on' : 'button button--small button--ghost'}
            aria-pressed={s === status}
            onClick={() => setStatus(s)}
          >
            {t(`qa.status.${s}`)}
          </button>
        ))}
      </nav>
      {list.isPending ? (
        <Loading />
      ) : list.isError ? (
        <ErrorNotice error={list.error} onRetry={() => void list.refetch()} />
      ) : list.data.items.length === 0 ? (
        <Empty>{t('qa.empty')}</Empty>
      ) : (
        <ul className="plainlist">
          {list.data.items.map((q) => (
            <li key={q.id} className="card" data-testid="qa-item">
              <p>
                <strong>{q.askerName}</strong> <span className="small muted">{q.askerContact}</span> ·{' '}
                {formatInstant(q.askedAt, lang)}
              </p>
              <p>{q.body}</p>
              <p className="small">
                {t('qa.due', { due: formatInstant(q.dueAt, lang) })}
                {q.overdue && <span className="badge badge--late">{t('qa.overdue')}</span>}
                {q.onTime === false && <span className="badge badge--late">{t('qa.late')}</span>}
                {q.published && <span className="badge">{t('qa.published')}</span>}
              </p>
              {q.status === 'open' ? <AnswerForm q={q} /> : <p data-testid="qa-answer-text">{q.answer}</p>}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
