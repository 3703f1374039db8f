import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { ErrorNotice } from '../components/ErrorNotice.js';
import { formatInstant, formatNumber } from '../components/format.js';
import { Loading } from '../components/States.js';
import { TableWrap } from '../components/TableWrap.js';
import { useLang, usePageTitle, useT } from '../i18n/index.js';
import { gw, gwKeys } from './api.js';

/** The gateway for its operator and the providers' owners: access requests to decide, alerts, the catalog. */
export default function AdminGatewayPage() {
  const t = useT();
  const { lang } = useLang();
  usePageTitle(t('gw.admin.title'));
  const qc = useQueryClient();
  const requests = useQuery({ queryKey: gwKeys.requests, queryFn: ({ signal }) => gw.requests(signal) });
  const alerts = useQuery({ queryKey: gwKeys.alerts, queryFn: ({ signal }) => gw.alerts(signal) });
  const services = useQuery({ queryKey: gwKeys.services(''), queryFn: ({ signal }) => gw.services('', signal) });
  const [reasons, setReasons] = useState<Record<string, string>>({});
  const decide = useMutation({
    mutationFn: ({ id, approve }: { id: string; approve: boolean }) => gw.decide(id, approve, reasons[id]),
    onSuccess: () => void qc.invalidateQueries({ queryKey: gwKeys.requests }),
  });
  const pending = (requests.data ?? []).filter((r) => r.status === 'pending');
  return (
    <div className="page">
      <h1>{t('gw.admin.title')}</h1>
      <section aria-labelledby="gw-pending">
        <h2 id="gw-pending">{t('gw.admin.pending')}</h2>
        {requests.isPending ? (
          <Loading />
        ) : requests.isError ? (
          <ErrorNotice error={requests.error} />
        ) : pending.length === 0 ? (
          <p className="muted">{t('gw.requests.none')}</p>
        ) : (
          <ul className="list">
            {pending.map((r) => (
              <li key={r.id} className="list__item">
                <div className="list__main">
                  <span className="list__title">
                    {r.consumerName} → {r.serviceName}
                  </span>
                  <p className="small">
                    <code>{r.methods.join(', ')}</code> <code>{r.pathPattern}</code>
                  </p>
                  <p className="small">
                    {t('gw.ask.purpose')}: {r.purpose}
                  </p>
                  <p className="small muted">
                    {formatInstant(r.createdAt, lang)}
                    {r.expiresAt ? ` · ${t('gw.ask.expires')}: ${formatInstant(r.expiresAt, lang)}` : ''}
                  </p>
                  <div className="field">
                    <label htmlFor={`gw-reason-${r.id}`}>{t('gw.admin.reason')}</label>
                    <input
                      id={`gw-reason-${r.id}`}
                      value={reasons[r.id] ?? ''}
                      onChange={(e) => setReasons({ ...reasons, [r.id]: e.target.value })}
                    />
                  </div>
                  <div className="form__actions">
                    <button
                      className="button button--primary"
                      type="button"
                      disabled={decide.isPending}
                      onClick={() => decide.mutate({ id: r.id, approve: true })}
                    >
                      {t('gw.admin.approve')}
                    </button>
                    <button
                      className="button"
                      type="button"
                      disabled={decide.isPending}
                      onClick={() => decide.mutate({ id: r.id, approve: false })}
                    >
                      {t('gw.admin.refuse')}
                    </button>
                  </div>
                </div>
              </li>
            ))}
          </ul>
        )}
        {decide.isError && <ErrorNotice error={decide.error} compact />}
      </section>
      <section aria-labelledby="gw-alerts">
        <h2 id="gw-alerts">{t('gw.admin.alerts')}</h2>
        {alerts.isPending ? (
          <Loading />
        ) : alerts.isError ? (
          <ErrorNotice error={alerts.error} compact />
        ) : alerts.data.length === 0 ? (
          <p className="muted">{t('gw.admin.noAlerts')}</p>
        ) : (
          <TableWrap label={t('gw.admin.alerts')}>
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">{t('gw.admin.at')}</th>
                  <th scope="col">{t('gw.usage.service')}</th>
                  <th scope="col">{t('gw.admin.kind')}</th>
                  <th scope="col">{t('gw.admin.value')}</th>
                  <th scope="col">{t('gw.usage.calls')}</th>
                </tr>
              </thead>
              <tbody>
                {alerts.data.map((a) => (
                  <tr key={a.id}>
                    <td>{formatInstant(a.at, lang)}</td>
                    <td>{a.serviceCode}</td>
                    <td>{a.kind === 'error-rate' ? t('gw.admin.errorRate') : t('gw.admin.latency')}</td>
                    <td>
                      {a.kind === 'error-rate'
                        ? `${(a.value * 100).toFixed(1)}% / ${(a.threshold * 100).toFixed(1)}%`
                        : `${Math.round(a.value)} / ${a.threshold} ms`}
                    </td>
                    <td>{formatNumber(a.calls, lang)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
        )}
      </section>
      <section aria-labelledby="gw-services">
        <h2 id="gw-services">{t('gw.admin.services')}</h2>
        {services.isError ? (
          <ErrorNotice error={services.error} compact />
        ) : (
          <ul className="plainlist">
            {(services.data ?? []).map((s) => (
              <li key={s.id}>
                <Link to={`/developers/services/${s.id}`}>{s.name}</Link> <code className="small">{s.path}</code>
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
