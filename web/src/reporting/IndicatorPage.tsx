import { useMemo } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Link, useParams, useSearchParams } from 'react-router';
import { api } from '../api/client.js';
import { usePageTitle, useLang, useT } from '../i18n/index.js';
import { EChart, type ChartOption } from '../ioc/EChart.js';
import { Exports } from './Exports.js';
import { fmtValue } from './types.js';

interface Breakdown {
  key: string;
  nameVi: string;
  nameEn: string;
  unit: string;
  period: string;
  by: string;
  items: { scopeId: string; name: string; a: number | null; b: number | null; value: number | null; status: string }[];
}
interface Values {
  items: { period: string; value: number | null }[];
}

/** One indicator: its trend and its breakdown by agency (or unit); each row clicks through to its list. */
export default function IndicatorPage() {
  const { key = '' } = useParams();
  const [params] = useSearchParams();
  const by = params.get('by') === 'unit' ? 'unit' : 'agency';
  const t = useT();
  const { lang } = useLang();
  const data = useQuery({
    queryKey: ['reporting', 'breakdown', key, by],
    queryFn: ({ signal }) => api<Breakdown>(`/api/reporting/ioc/breakdown?key=${key}&by=${by}`, { signal }),
  });
  const trend = useQuery({
    queryKey: ['reporting', 'values', key],
    queryFn: ({ signal }) => api<Values>(`/api/reporting/indicators/${key}/values`, { signal }),
  });
  const d = data.data;
  const name = d ? (lang === 'vi' ? d.nameVi : d.nameEn) : key;
  usePageTitle(name);
  const pct = d?.unit === '%';
  const option = useMemo<ChartOption>(
    () => ({
      aria: { enabled: true },
      grid: { left: 44, right: 12, top: 16, bottom: 28 },
      tooltip: { trigger: 'axis' },
      xAxis: { type: 'category', data: (trend.data?.items ?? []).map((p) => p.period) },
      yAxis: { type: 'value' },
      series: [
        {
          type: 'line',
          name,
          data: (trend.data?.items ?? []).map((p) =>
            p.value === null ? null : pct ? Math.round(p.value * 1000) / 10 : p.value,
          ),
          connectNulls: true,
        },
      ],
    }),
    [trend.data, name, pct],
  );
  return (
    <div className="page page--wide ioc" data-testid="indicator-page">
      <h1>{name}</h1>
      <section className="card" aria-labelledby="trend-heading">
        <h2 id="trend-heading">{t('rep.trend')}</h2>
        <EChart option={option} label={t('rep.trend.label', { name })} height={260} />
        <Exports href={`/api/reporting/indicators/${key}/values`} formats={['csv', 'xlsx']} />
      </section>
      <section className="card" aria-labelledby="by-heading">
        <h2 id="by-heading">
          {t('rep.byAgency')} · {d?.period}
        </h2>
        <Exports href={`/api/reporting/ioc/breakdown?key=${key}&by=${by}`} />
        <div className="tablewrap">
          <table className="table" data-testid="breakdown-table">
            <thead>
              <tr>
                <th scope="col">{t('rep.agency')}</th>
                <th scope="col">{t('rep.value')}</th>
                <th scope="col">{t('rep.numerator')}</th>
                <th scope="col">{t('rep.denominator')}</th>
              </tr>
            </thead>
            <tbody>
              {(d?.items ?? []).map((i) => (
                <tr key={i.scopeId}>
                  <th scope="row">
                    {by === 'agency' ? (
                      <Link to={`/ioc/reporting/list/${key}?agencyId=${i.scopeId}`}>{i.name}</Link>
                    ) : (
                      i.name
                    )}
                  </th>
                  <td>{i.status === 'unavailable' ? t('rep.unavailable') : fmtValue(i.value, d!.unit, lang)}</td>
                  <td>{i.a ?? '—'}</td>
                  <td>{i.b ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
    </div>
  );
}
