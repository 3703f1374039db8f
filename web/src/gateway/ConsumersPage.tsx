import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { useSession } from '../auth/session.js';
import { ErrorNotice } from '../components/ErrorNotice.js';
import { formatInstant, formatNumber } from '../components/format.js';
import { Empty, Loading } from '../components/States.js';
import { TableWrap } from '../components/TableWrap.js';
import { useLang, usePageTitle, useT } from '../i18n/index.js';
import { gw, gwKeys, type GwConsumer } from './api.js';

function Usage({ consumer }: { consumer: GwConsumer }) {
  const t = useT();
  const { lang } = useLang();
  const usage = useQuery({
    queryKey: gwKeys.usage(consumer.id),
    queryFn: ({ signal }) => gw.usage(consumer.id, signal),
  });
  if (usage.isPending) return <Loading />;
  if (usage.isError) return <ErrorNotice error={usage.error} compact />;
  if (!usage.data.length) return <p className="small muted">{t('gw.usage.none')}</p>;
  const calls = usage.data.reduce((n, u) => n + u.calls, 0);
  const errors = usage.data.reduce((n, u) => n + u.errors, 0);
  return (
    <>
      <p className="small">
        {t('gw.usage.summary', { calls: formatNumber(calls, lang), errors: formatNumber(errors, lang) })}
      </p>
      <TableWrap label={t('gw.usage.title', { name: consumer.name })}>
        <table className="table">
          <thead>
            <tr>
              <th scope="col">{t('gw.usage.hour')}</th>
              <th scope="col">{t('gw.usage.service')}</th>
              <th scope="col">{t('gw.usage.calls')}</th>
              <th scope="col">{t('gw.usage.errors')}</th>
              <th scope="col">{t('gw.usage.p95')}</th>
            </tr>
          </thead>
          <tbody>
            {usage.data.slice(0, 48).map((u) => (
              <tr key={`${u.hour}-${u.serviceCode}`}>
                <td>{formatInstant(u.hour, lang)}</td>
                <td>{u.serviceCode}</td>
                <td>{formatNumber(u.calls, lang)}</td>
                <td>{formatNumber(u.errors, lang)}</td>
                <td>{formatNumber(Math.round(u.latencyMsP95), lang)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
    </>
  );
}

/** A member system's consumers: their client credentials (the secret shown once), usage, and access requests. */
export default function ConsumersPage() {
  const t = useT();
  const { lang } = useLang();
  usePageTitle(t('gw.consumers.title'));
  const qc = useQueryClient();
  const session = useSession();
  const consumers = useQuery({
    queryKey: gwKeys.consumers,
    queryFn: ({ signal }) => gw.consumers(signal),
    enabled: !!session.data,
  });
  const members = useQuery({
    queryKey: gwKeys.members,
    queryFn: ({ signal }) => gw.members(signal),
    enabled: !!session.data,
  });
  const requests = useQuery({
    queryKey: gwKeys.requests,
    queryFn: ({ signal }) => gw.requests(signal),
    enabled: !!session.data,
  });
  const [memberId, setMemberId] = useState('');
  const [name, setName] = useState('');
  const [secret, setSecret] = useState<GwConsumer | null>(null);
  const create = useMutation({
    mutationFn: () => gw.createConsumer({ memberId: memberId || members.data?.[0]?.id || '', name }),
    onSuccess: (c) => {
      setSecret(c);
      setName('');
      void qc.invalidateQueries({ queryKey: gwKeys.consumers });
    },
  });
  const rotate = useMutation({ mutationFn: (id: string) => gw.rotate(id), onSuccess: (c) => setSecret(c) });

  if (session.isPending) return <Loading />;
  if (!session.data)
    return (
      <div className="page page--narrow">
        <h1>{t('gw.consumers.title')}</h1>
        <p>{t('gw.ask.login')}</p>
      </div>
    );
  const onCreate = (e: FormEvent) => {
    e.preventDefault();
    create.mutate();
  };
  return (
    <div className="page">
      <nav className="crumbs" aria-label={t('gw.crumbs')}>
        <Link to="/developers">{t('gw.dev.title')}</Link>
      </nav>
      <h1>{t('gw.consumers.title')}</h1>
      {secret?.clientSecret && (
        <div className="notice notice--info" role="status">
          <p>{t('gw.secret.once')}</p>
          <p>
            client_id: <code>{secret.clientId}</code>
          </p>
          <p>
            client_secret: <code>{secret.clientSecret}</code>
          </p>
        </div>
      )}
      {consumers.isPending ? (
        <Loading />
      ) : consumers.isError ? (
        <ErrorNotice error={consumers.error} />
      ) : consumers.data.length === 0 ? (
        <Empty>{t('gw.consumers.none')}</Empty>
      ) : (
        consumers.data.map((c) => (
          <section key={c.id} className="card" aria-labelledby={`gw-c-${c.id}`}>
            <h2 id={`gw-c-${c.id}`}>{c.name}</h2>
            <p className="small">
              client_id: <code>{c.clientId}</code> · {c.memberCode}
              {c.certSha256 ? ` · ${t('gw.consumers.cert')}` : ''}
            </p>
            <p className="small muted">
              {t('gw.consumers.limits', {
                rate: formatNumber(c.rateMax, lang),
                minutes: Math.round(c.rateWindowMs / 60000),
                daily: formatNumber(c.dailyQuota, lang),
              })}
            </p>
            <button
              className="button button--small"
              type="button"
              onClick={() => rotate.mutate(c.id)}
              disabled={rotate.isPending}
            >
              {t('gw.secret.rotate')}
            </button>
            <Usage consumer={c} />
          </section>
        ))
      )}
      {rotate.isError && <ErrorNotice error={rotate.error} compact />}
      <section aria-labelledby="gw-new">
        <h2 id="gw-new">{t('gw.consumers.new')}</h2>
        <form className="form form--boxed" onSubmit={onCreate}>
          <div className="field">
            <label htmlFor="gw-member">{t('gw.consumers.member')}</label>
            <select id="gw-member" value={memberId} onChange={(e) => setMemberId(e.target.value)}>
              {(members.data ?? []).map((m) => (
                <option key={m.id} value={m.id}>
                  {m.name} ({m.code})
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="gw-name">{t('gw.consumers.name')}</label>
            <input id="gw-name" value={name} onChange={(e) => setName(e.target.value)} required />
          </div>
          {create.isError && <ErrorNotice error={create.error} compact />}
          <div className="form__actions">
            <button className="button button--primary" type="submit" disabled={create.isPending}>
              {t('gw.consumers.create')}
            </button>
          </div>
        </form>
      </section>
      <section aria-labelledby="gw-reqs">
        <h2 id="gw-reqs">{t('gw.requests.title')}</h2>
        {requests.isPending ? (
          <Loading />
        ) : requests.isError ? (
          <ErrorNotice error={requests.error} compact />
        ) : requests.data.length === 0 ? (
          <p className="muted">{t('gw.requests.none')}</p>
        ) : (
          <ul className="list">
            {requests.data.map((r) => (
              <li key={r.id} className="list__item">
                <div className="list__main">
                  <span className="list__title">
                    {r.consumerName} → {r.serviceName}
                  </span>
                  <p className="small">
                    <code>{r.methods.join(', ')}</code> <code>{r.pathPattern}</code> · {r.purpose}
                  </p>
                  <p className="small muted">{formatInstant(r.createdAt, lang)}</p>
                </div>
                <span className="badge">{t(`gw.status.${r.status}`)}</span>
                {r.reason && <p className="small">{r.reason}</p>}
              </li>
            ))}
          </ul>
        )}
      </section>
      <p className="small muted" lang={lang}>
        {t('gw.consumers.tokenHint')}
      </p>
    </div>
  );
}
