import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Link, useParams } from 'react-router';
import { useSession } from '../auth/session.js';
import { ErrorNotice } from '../components/ErrorNotice.js';
import { Loading } from '../components/States.js';
import { TableWrap } from '../components/TableWrap.js';
import { usePageTitle, useT } from '../i18n/index.js';
import { gw, gwKeys, type GwServiceDetail, type OpenApiDoc } from './api.js';

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;

/** The operations of an OpenAPI description, as a table: method, path, summary, parameters. */
function Operations({ doc }: { doc: OpenApiDoc }) {
  const t = useT();
  const ops = Object.entries(doc.paths ?? {}).flatMap(([path, item]) =>
    Object.entries(item ?? {})
      .filter(([m]) => ['get', 'post', 'put', 'patch', 'delete', 'head', 'options'].includes(m))
      .map(([m, op]) => ({ method: m.toUpperCase(), path, op })),
  );
  if (!ops.length) return <p className="muted">{t('gw.openapi.empty')}</p>;
  return (
    <TableWrap label={t('gw.openapi.operations')}>
      <table className="table table--stack">
        <thead>
          <tr>
            <th scope="col">{t('gw.openapi.method')}</th>
            <th scope="col">{t('gw.openapi.path')}</th>
            <th scope="col">{t('gw.openapi.summary')}</th>
            <th scope="col">{t('gw.openapi.params')}</th>
          </tr>
        </thead>
        <tbody>
          {ops.map(({ method, path, op }) => (
            <tr key={`${method} ${path}`}>
              <td>
                <code>{method}</code>
              </td>
              <td>
                <code>{path}</code>
              </td>
              <td>{op.summary ?? op.description ?? ''}</td>
              <td className="small">
                {(op.parameters ?? []).map((p) => `${p.name} (${p.in}${p.required ? ', *' : ''})`).join(', ')}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableWrap>
  );
}

function RequestAccess({ service }: { service: GwServiceDetail }) {
  const t = useT();
  const qc = useQueryClient();
  const consumers = useQuery({ queryKey: gwKeys.consumers, queryFn: ({ signal }) => gw.consumers(signal) });
  const [consumerId, setConsumerId] = useState('');
  const [methods, setMethods] = useState<string[]>(['GET']);
  const [pathPattern, setPath] = useState('/**');
  const [purpose, setPurpose] = useState('');
  const [expires, setExpires] = useState('');
  const ask = useMutation({
    mutationFn: () =>
      gw.ask({
        consumerId: consumerId || consumers.data?.[0]?.id || '',
        serviceId: service.id,
        methods,
        pathPattern,
        purpose,
        expiresAt: expires ? new Date(`${expires}T23:59:59+07:00`).toISOString() : null,
      }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: gwKeys.requests }),
  });
  if (consumers.isPending) return <Loading />;
  if (consumers.isError) return <ErrorNotice error={consumers.error} compact />;
  if (!consumers.data.length)
    return (
      <p>
        {t('gw.ask.noConsumer')} <Link to="/developers/consumers">{t('gw.consumers.link')}</Link>
      </p>
    );
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    ask.mutate();
  };
  return (
    <form className="form form--boxed" onSubmit={onSubmit}>
      <div className="field">
        <label htmlFor="gw-consumer">{t('gw.ask.consumer')}</label>
        <select id="gw-consumer" value={consumerId} onChange={(e) => setConsumerId(e.target.value)}>
          {consumers.data.map((c) => (
            <option key={c.id} value={c.id}>
              {c.name} ({c.clientId})
            </option>
          ))}
        </select>
      </div>
      <fieldset className="fieldset">
        <legend>{t('gw.ask.methods')}</legend>
        {METHODS.map((m) => (
          <label key={m} className="checkbox">
            <input
              type="checkbox"
              checked={methods.includes(m)}
              onChange={(e) => setMethods(e.target.checked ? [...methods, m] : methods.filter((x) => x !== m))}
            />{' '}
            {m}
          </label>
        ))}
      </fieldset>
      <div className="field">
        <label htmlFor="gw-path">{t('gw.ask.path')}</label>
        <input
          id="gw-path"
          value={pathPattern}
          onChange={(e) => setPath(e.target.value)}
          aria-describedby="gw-path-hint"
        />
        <p id="gw-path-hint" className="small muted">
          {t('gw.ask.pathHint')}
        </p>
      </div>
      <div className="field">
        <label htmlFor="gw-purpose">{t('gw.ask.purpose')}</label>
        <textarea
          id="gw-purpose"
          value={purpose}
          onChange={(e) => setPurpose(e.target.value)}
          rows={3}
          required
          minLength={3}
        />
      </div>
      <div className="field">
        <label htmlFor="gw-expires">{t('gw.ask.expires')}</label>
        <input id="gw-expires" type="date" value={expires} onChange={(e) => setExpires(e.target.value)} />
      </div>
      {ask.isError && <ErrorNotice error={ask.error} compact />}
      {ask.isSuccess && (
        <p className="notice notice--info" role="status">
          {t('gw.ask.sent')}
        </p>
      )}
      <div className="form__actions">
        <button className="button button--primary" type="submit" disabled={ask.isPending || methods.length === 0}>
          {t('gw.ask.submit')}
        </button>
      </div>
    </form>
  );
}

/** One service: its facts, its OpenAPI description rendered, and the request-access form. */
export default function ServicePage() {
  const t = useT();
  const { id = '' } = useParams();
  const session = useSession();
  const svc = useQuery({ queryKey: gwKeys.service(id), queryFn: ({ signal }) => gw.service(id, signal) });
  usePageTitle(svc.data?.name ?? t('gw.dev.title'));
  if (svc.isPending) return <Loading />;
  if (svc.isError)
    return (
      <div className="page">
        <ErrorNotice error={svc.error} />
      </div>
    );
  const s = svc.data;
  return (
    <div className="page">
      <nav className="crumbs" aria-label={t('gw.crumbs')}>
        <Link to="/developers">{t('gw.dev.title')}</Link>
      </nav>
      <h1>{s.name}</h1>
      {s.description && <p>{s.description}</p>}
      <dl className="facts">
        <dt>{t('gw.facts.provider')}</dt>
        <dd>
          {s.memberName} (<code>{s.memberCode}</code>)
        </dd>
        <dt>{t('gw.facts.path')}</dt>
        <dd>
          <code>{s.path}/…</code>
        </dd>
        <dt>{t('gw.facts.version')}</dt>
        <dd>{s.version}</dd>
        <dt>{t('gw.facts.classification')}</dt>
        <dd>{t('gw.level', { n: s.classification })}</dd>
        <dt>{t('gw.facts.personal')}</dt>
        <dd>{s.personalData ? t('gw.yes') : t('gw.no')}</dd>
        <dt>{t('gw.facts.limits')}</dt>
        <dd>{t('gw.facts.limitsValue', { kb: Math.round(s.bodyLimit / 1024), ms: s.timeoutMs })}</dd>
      </dl>
      <section aria-labelledby="gw-api">
        <h2 id="gw-api">{t('gw.openapi.title')}</h2>
        {s.openapi ? (
          <>
            {s.openapi.info?.title && (
              <p className="muted">
                {s.openapi.info.title} {s.openapi.info.version ?? ''}
              </p>
            )}
            <Operations doc={s.openapi} />
          </>
        ) : (
          <p className="muted">{t('gw.openapi.none')}</p>
        )}
      </section>
      <section aria-labelledby="gw-ask">
        <h2 id="gw-ask">{t('gw.ask.title')}</h2>
        {session.data ? <RequestAccess service={s} /> : <p>{t('gw.ask.login')}</p>}
      </section>
    </div>
  );
}
