import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { ErrorNotice } from '../components/ErrorNotice.js';
import { Empty, ListSkeleton } from '../components/States.js';
import { usePageTitle, useT } from '../i18n/index.js';
import { gw, gwKeys } from './api.js';

/** The developer portal's catalog: every service behind the gateway, and how to get access to one. */
export default function DevelopersPage() {
  const t = useT();
  usePageTitle(t('gw.dev.title'));
  const [text, setText] = useState('');
  const [q, setQ] = useState('');
  const list = useQuery({
    queryKey: gwKeys.services(q),
    queryFn: ({ signal }) => gw.services(q, signal),
    placeholderData: keepPreviousData,
  });
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    setQ(text.trim());
  };
  return (
    <div className="page">
      <h1>{t('gw.dev.title')}</h1>
      <p className="muted">{t('gw.dev.lead')}</p>
      <section className="card" aria-labelledby="gw-how">
        <h2 id="gw-how">{t('gw.how.title')}</h2>
        <ol>
          <li>{t('gw.how.1')}</li>
          <li>{t('gw.how.2')}</li>
          <li>{t('gw.how.3')}</li>
          <li>{t('gw.how.4')}</li>
        </ol>
        <pre className="small">{`curl -u CLIENT_ID:CLIENT_SECRET -d grant_type=client_credentials ${location.origin}/lgsp/token\ncurl -H "Authorization: Bearer ACCESS_TOKEN" ${location.origin}/lgsp/{member}/{service}/...`}</pre>
        <p>
          <Link to="/developers/consumers">{t('gw.consumers.link')}</Link>
        </p>
      </section>
      <form className="searchbox" role="search" onSubmit={onSubmit}>
        <label htmlFor="gw-q" className="visually-hidden">
          {t('gw.dev.search')}
        </label>
        <input
          id="gw-q"
          type="search"
          value={text}
          onChange={(e) => setText(e.target.value)}
          placeholder={t('gw.dev.search')}
        />
        <button className="button button--primary" type="submit">
          {t('gw.dev.searchButton')}
        </button>
      </form>
      {list.isPending ? (
        <ListSkeleton rows={4} label={t('gw.dev.loading')} />
      ) : list.isError ? (
        <ErrorNotice error={list.error} onRetry={() => void list.refetch()} />
      ) : list.data.length === 0 ? (
        <Empty>{t('gw.dev.none')}</Empty>
      ) : (
        <ul className="list" data-testid="gw-service-list">
          {list.data.map((s) => (
            <li key={s.id} className="list__item">
              <div className="list__main">
                <Link className="list__title" to={`/developers/services/${s.id}`}>
                  {s.name}
                </Link>
                <p className="small muted">
                  {s.memberName} · <code>{s.path}</code> · {t('gw.version', { v: s.version })}
                </p>
                {s.description && <p className="small">{s.description}</p>}
              </div>
              <span className="badge">{t('gw.level', { n: s.classification })}</span>
              {s.personalData && <span className="badge">{t('gw.personalData')}</span>}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
