import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { useLang, useT } from '../i18n/index.js';
import type { Alert } from '../reporting/types.js';

/**
 * The alerts the server pushes (server-sent events, /api/reporting/alerts/stream): every instance
 * relays what any instance raised (PostgreSQL LISTEN/NOTIFY), so nothing needs a reload.
 */
export function LiveAlerts({ initial }: { initial: Alert[] }) {
  const t = useT();
  const { lang } = useLang();
  const [alerts, setAlerts] = useState<Alert[]>(initial);
  const [live, setLive] = useState(false);
  useEffect(() => setAlerts((cur) => (cur.length ? cur : initial)), [initial]);
  useEffect(() => {
    const es = new EventSource('/api/reporting/alerts/stream');
    es.onopen = () => setLive(true);
    es.onerror = () => setLive(false);
    es.addEventListener('alert', (e) => {
      const a = JSON.parse((e as MessageEvent<string>).data) as Alert;
      setAlerts((cur) => [a, ...cur.filter((x) => x.id !== a.id)].slice(0, 50));
    });
    return () => es.close();
  }, []);
  return (
    <section className="card ioc-alerts" aria-labelledby="alerts-heading">
      <h2 id="alerts-heading">{t('rep.live')}</h2>
      <p className="small muted" role="status" data-testid="ioc-live-status" data-live={live ? 'yes' : 'no'}>
        {live ? t('rep.live.connected') : t('rep.live.offline')}
      </p>
      {alerts.length === 0 ? (
        <p className="muted">{t('rep.live.none')}</p>
      ) : (
        <ul className="plainlist" data-testid="ioc-alerts" aria-live="polite">
          {alerts.map((a) => (
            <li key={a.id} className={`ioc-alert ioc-alert--${a.kind}`} data-testid="ioc-alert" data-kind={a.kind}>
              <time dateTime={a.createdAt} className="small muted">
                {new Date(a.createdAt).toLocaleString(lang === 'vi' ? 'vi-VN' : 'en-GB', {
                  timeZone: 'Asia/Ho_Chi_Minh',
                })}
              </time>{' '}
              {a.link ? (
                <Link to={a.link}>{lang === 'vi' ? a.titleVi : a.titleEn}</Link>
              ) : (
                <span>{lang === 'vi' ? a.titleVi : a.titleEn}</span>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
