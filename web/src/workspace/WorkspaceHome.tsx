import { useQueries } from '@tanstack/react-query';
import { Link } from 'react-router';
import { api } from '../api/client.js';
import { useSession } from '../auth/session.js';
import { GrantLabel } from '../components/GrantLabel.js';
import { formatNumber } from '../components/format.js';
import { usePageTitle, useLang, useT } from '../i18n/index.js';
import { QUEUES, queueKey, type QueuePage } from './queues.js';

export default function WorkspaceHome() {
  const t = useT();
  const { lang } = useLang();
  usePageTitle(t('area.workspace'));
  const account = useSession().data?.account;
  const counts = useQueries({
    queries: QUEUES.map((q) => ({
      queryKey: queueKey(q.slug, 1),
      queryFn: ({ signal }: { signal: AbortSignal }) =>
        api<QueuePage>(q.endpoint, { query: { ...q.query, limit: 1 }, signal }),
      retry: false,
      staleTime: 60_000,
      meta: { quiet: true },
    })),
  });
  if (!account) return null;

  return (
    <div className="page" data-testid="workspace-home">
      <h1>{t('ws.hello', { name: account.displayName })}</h1>
      <section className="card" aria-labelledby="roles-heading">
        <h2 id="roles-heading">{t('ws.yourRoles')}</h2>
        {account.grants.length === 0 ? (
          <p className="muted">{t('ws.noRoles')}</p>
        ) : (
          <ul className="chips" data-testid="workspace-roles">
            {account.grants.map((g, i) => (
              <li key={i} className="chip">
                <GrantLabel grant={g} />
              </li>
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="queues-heading">
        <div className="page__head">
          <h2 id="queues-heading">{t('ws.queues')}</h2>
          <Link className="button" to="/workspace/counter" data-testid="ws-counter">
            {t('os.counter.title')}
          </Link>
        </div>
        <ul className="grid grid--cards">
          {QUEUES.map((q, i) => {
            const c = counts[i];
            const total = c?.data?.total;
            const known = typeof total === 'number';
            return (
              <li key={q.slug}>
                <Link
                  to={`/workspace/${q.slug}`}
                  className={`statcard ${q.tone ? `statcard--${q.tone}` : ''}`}
                  data-testid={`queue-${q.slug}`}
                >
                  <span className="statcard__label">{t(q.label)}</span>
                  <span className="statcard__value" aria-label={known ? undefined : t('ws.countUnavailable')}>
                    {c?.isPending ? '…' : known ? formatNumber(total, lang) : t('app.dash')}
                  </span>
                  <span className="statcard__link">{t('ws.open')} →</span>
                </Link>
              </li>
            );
          })}
        </ul>
      </section>
    </div>
  );
}
