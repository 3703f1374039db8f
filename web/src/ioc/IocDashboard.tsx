import { useQuery } from '@tanstack/react-query';
import { api } from '../api/client.js';
import { formatNumber } from '../components/format.js';
import { usePageTitle, useLang, useT, type MessageKey } from '../i18n/index.js';
import { HolidayChart } from './HolidayChart.js';
import { MapView } from './MapView.js';
import { BackupWarning } from '../admin/BackupStatusNotice.js';

/** Headline figures; the reporting module will serve them. Until then every card shows "—". */
interface IocSummary {
  receivedThisMonth?: number;
  onTimeRate?: number;
  onlineRate?: number;
  openFeedback?: number;
}

const KPIS: { key: keyof IocSummary; label: MessageKey; percent?: boolean }[] = [
  { key: 'receivedThisMonth', label: 'ioc.kpi.received' },
  { key: 'onTimeRate', label: 'ioc.kpi.onTime', percent: true },
  { key: 'onlineRate', label: 'ioc.kpi.online', percent: true },
  { key: 'openFeedback', label: 'ioc.kpi.feedback' },
];

export default function IocDashboard() {
  const t = useT();
  const { lang } = useLang();
  usePageTitle(t('ioc.title'));
  const summary = useQuery({
    queryKey: ['reporting', 'ioc', 'summary'],
    queryFn: ({ signal }) => api<IocSummary>('/api/reporting/ioc/summary', { signal }),
    retry: false,
    staleTime: 60_000,
    meta: { quiet: true },
  });
  return (
    <div className="page page--wide" data-testid="ioc-home">
      <h1>{t('ioc.title')}</h1>
      <BackupWarning />
      <ul className="grid grid--kpis">
        {KPIS.map((k) => {
          const v = summary.data?.[k.key];
          const text = typeof v !== 'number' ? t('app.dash') : k.percent ? `${formatNumber(Math.round(v * 1000) / 10, lang)}%` : formatNumber(v, lang);
          return (
            <li key={k.key} className="statcard statcard--static">
              <span className="statcard__label">{t(k.label)}</span>
              <span className="statcard__value">{summary.isPending ? '…' : text}</span>
            </li>
          );
        })}
      </ul>
      <div className="grid grid--two">
        <HolidayChart />
        <section className="card" aria-labelledby="map-heading">
          <h2 id="map-heading">{t('ioc.map.title')}</h2>
          <MapView />
        </section>
      </div>
    </div>
  );
}
