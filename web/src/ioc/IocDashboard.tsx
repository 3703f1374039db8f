import { useMemo } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { api } from '../api/client.js';
import { usePageTitle, useLang, useT } from '../i18n/index.js';
import { BackupWarning } from '../admin/BackupStatusNotice.js';
import { EChart, type ChartOption } from './EChart.js';
import { LiveAlerts } from './LiveAlerts.js';
import { Choropleth } from './Choropleth.js';
import { fmtValue, type KeyIndicator, type Summary } from '../reporting/types.js';
import './ioc.css';

/** The indicators shown as cards (the others are one click away on the indicators page). */
const CARDS = [
  'dossiers.on_time_rate',
  'dossiers.online_share',
  'dossiers.satisfaction',
  'dossiers.pending_late',
  'feedback.on_time_rate',
  'feedback.overdue_open',
  'documents.signed_digitally',
  'documents.pending_late',
];

function Trend({ ind }: { ind: KeyIndicator }) {
  const t = useT();
  const { lang } = useLang();
  const name = lang === 'vi' ? ind.nameVi : ind.nameEn;
  const option = useMemo<ChartOption>(
    () => ({
      aria: { enabled: true },
      grid: { left: 44, right: 12, top: 16, bottom: 28 },
      tooltip: { trigger: 'axis' },
      xAxis: { type: 'category', data: ind.trend.map((p) => p.period.slice(2)) },
      yAxis: { type: 'value', ...(ind.unit === '%' ? { min: 0, max: 100 } : {}) },
      series: [
        {
          type: 'line',
          name,
          smooth: true,
          data: ind.trend.map((p) =>
            p.value === null ? null : ind.unit === '%' ? Math.round(p.value * 1000) / 10 : p.value,
          ),
          connectNulls: true,
        },
      ],
    }),
    [ind, name],
  );
  return <EChart option={option} label={t('rep.trend.label', { name })} height={200} />;
}

export default function IocDashboard() {
  const t = useT();
  const { lang } = useLang();
  usePageTitle(t('ioc.title'));
  const summary = useQuery({
    queryKey: ['reporting', 'ioc', 'summary'],
    queryFn: ({ signal }) => api<Summary>('/api/reporting/ioc/summary', { signal }),
    refetchInterval: 60_000,
  });
  const s = summary.data;
  const cards = (s?.indicators ?? [])
    .filter((i) => CARDS.includes(i.key))
    .sort((a, b) => CARDS.indexOf(a.key) - CARDS.indexOf(b.key));
  const trends = (s?.indicators ?? []).filter((i) =>
    ['dossiers.on_time_rate', 'dossiers.online_share', 'feedback.on_time_rate'].includes(i.key),
  );
  const ranking = s?.rankings.find((r) => r.key === 'platform-service-index') ?? s?.rankings[0];
  // The plan's criteria set (Huế appendix 4) and how much of it is measured from data now.
  const hue = s?.rankings.find((r) => r.key === 'hue-222-pl4');
  const name = (x: { nameVi: string; nameEn: string }) => (lang === 'vi' ? x.nameVi : x.nameEn);
  return (
    <div className="page page--wide ioc" data-testid="ioc-home">
      <div className="page__head">
        <h1>{t('ioc.title')}</h1>
        <div className="buttons noprint">
          <button type="button" className="button button--secondary button--small" onClick={() => window.print()}>
            {t('rep.print')}
          </button>
        </div>
      </div>
      <BackupWarning />
      {s?.refreshedAt && (
        <p className="small muted">
          {t('rep.refreshed', {
            time: new Date(s.refreshedAt).toLocaleString(lang === 'vi' ? 'vi-VN' : 'en-GB', {
              timeZone: 'Asia/Ho_Chi_Minh',
            }),
          })}
        </p>
      )}
      <h2 className="visually-hidden">{t('rep.kpis')}</h2>
      <ul className="grid grid--kpis ioc-kpis" data-testid="ioc-kpis">
        {summary.isPending && <li className="statcard statcard--static">…</li>}
        {cards.map((i) => {
          const fig = i.unit === '%' ? i.year : i.month;
          const bad = i.unit !== '%' && (fig?.value ?? 0) > 0;
          return (
            <li key={i.key} className={`statcard${bad ? ' statcard--warning' : ''}`} data-testid={`kpi-${i.key}`}>
              <Link
                className="statcard__link"
                to={i.unit === '%' ? `/ioc/reporting/indicator/${i.key}` : `/ioc/reporting/list/${i.key}`}
              >
                <span className="statcard__label">{name(i)}</span>
                <span className="statcard__value" data-testid={`kpi-value-${i.key}`}>
                  {i.available ? fmtValue(fig?.value, i.unit, lang) : '—'}
                </span>
                <span className="small muted">
                  {!i.available
                    ? t('rep.unavailable')
                    : i.unit === '%'
                      ? `${t('rep.kpi.year', { year: s!.year })} · ${fig?.a ?? 0}/${fig?.b ?? 0}`
                      : t('rep.kpi.month')}
                </span>
              </Link>
            </li>
          );
        })}
      </ul>
      <div className="ioc-grid">
        <LiveAlerts initial={s?.alerts ?? []} />
        <section className="card" aria-labelledby="map-heading">
          <h2 id="map-heading">{t('rep.map')}</h2>
          <p className="small muted">{t('rep.map.legend')}</p>
          <Choropleth indicator="dossiers.on_time_rate" />
        </section>
        <section className="card" aria-labelledby="trend-heading">
          <h2 id="trend-heading">{t('rep.trend')}</h2>
          {trends.map((i) => (
            <div key={i.key}>
              <h3 className="small">
                <Link to={`/ioc/reporting/indicator/${i.key}`}>{name(i)}</Link>
              </h3>
              <Trend ind={i} />
            </div>
          ))}
        </section>
        {ranking && (
          <section className="card" aria-labelledby="rank-heading">
            <h2 id="rank-heading">{t('rep.ranking.title', { name: name(ranking).split('(')[0]!.trim() })}</h2>
            <div className="tablewrap">
              <table className="table table--compact" data-testid="ioc-ranking">
                <thead>
                  <tr>
                    <th scope="col">{t('rep.rank')}</th>
                    <th scope="col">{t('rep.agency')}</th>
                    <th scope="col">{t('rep.score')}</th>
                    <th scope="col">{t('rep.change')}</th>
                  </tr>
                </thead>
                <tbody>
                  {ranking.top.map((r) => (
                    <tr key={r.agencyId} data-testid="ioc-rank-row" data-agency={r.agencyId} data-rank={r.rank}>
                      <td>{r.rank}</td>
                      <td>{r.name}</td>
                      <td>{r.score.toLocaleString(lang === 'vi' ? 'vi-VN' : 'en-GB', { maximumFractionDigits: 2 })}</td>
                      <td>
                        {r.lastRank === null || r.lastRank === r.rank
                          ? '–'
                          : r.lastRank > r.rank
                            ? `▲ ${r.lastRank - r.rank}`
                            : `▼ ${r.rank - r.lastRank}`}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            {hue && (
              <p className="small" data-testid="ioc-computed-share">
                {t('rep.computedShare.ioc', {
                  done: hue.live.computedCriteria,
                  total: hue.live.criteria,
                  target: Math.round((hue.target ?? 0.8) * 100),
                })}
              </p>
            )}
            <p>
              <Link to={`/ioc/reporting/ranking/${ranking.key}`}>{t('rep.ranking.all')}</Link> ·{' '}
              <Link to="/ioc/reporting/ranking/hue-222-pl4">{t('rep.computedShare')}</Link>
            </p>
          </section>
        )}
        <section className="card" aria-labelledby="targets-heading">
          <h2 id="targets-heading">{t('rep.targets')}</h2>
          <ul className="plainlist ioc-targets">
            {(s?.targets ?? []).slice(0, 8).map((x) => (
              <li key={x.id}>
                <Link to={`/ioc/reporting/indicator/${x.indicatorKey}`}>
                  {x.textVi.length > 110 ? `${x.textVi.slice(0, 110)}…` : x.textVi}
                </Link>
                <div
                  className="ioc-progress"
                  role="progressbar"
                  aria-valuemin={0}
                  aria-valuemax={100}
                  aria-valuenow={Math.round((x.progress ?? 0) * 100)}
                  aria-label={x.textVi.slice(0, 80)}
                >
                  <span style={{ width: `${Math.round((x.progress ?? 0) * 100)}%` }} />
                </div>
                <span className="small muted">
                  {t('rep.target.current')}:{' '}
                  {x.current === null ? t('rep.target.none') : `${Math.round(x.current * 10) / 10}${x.unit ?? ''}`} ·{' '}
                  {t('rep.target.goal')}: {x.value ?? '—'}
                  {x.unit ?? ''}
                </span>
              </li>
            ))}
          </ul>
          <p>
            <Link to="/ioc/indicators">{t('rep.indicators')}</Link> · {t('rep.lateReports')}:{' '}
            <Link to="/ioc/reporting/reports-late" data-testid="ioc-late-reports">
              {s?.lateReports ?? 0}
            </Link>
          </p>
        </section>
      </div>
    </div>
  );
}
