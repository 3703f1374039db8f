import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { api } from '../api/client.js';
import { usePageTitle, useLang, useT } from '../i18n/index.js';
import { Exports } from './Exports.js';
import { fmtValue, type Summary } from './types.js';

interface SetRow {
  key: string;
  nameVi: string;
  nameEn: string;
  target: number | null;
  share: { criteria: number; computedCriteria: number };
  warnings: number;
}

/** Every key indicator with its value, and the criteria sets with their share computed from data. */
export default function IndicatorsPage() {
  const t = useT();
  const { lang } = useLang();
  usePageTitle(t('ioc.nav.indicators'));
  const summary = useQuery({
    queryKey: ['reporting', 'ioc', 'summary'],
    queryFn: ({ signal }) => api<Summary>('/api/reporting/ioc/summary', { signal }),
  });
  const sets = useQuery({
    queryKey: ['reporting', 'sets'],
    queryFn: ({ signal }) => api<SetRow[]>('/api/reporting/criteria-sets', { signal }),
  });
  return (
    <div className="page page--wide ioc" data-testid="ioc-indicators">
      <h1>{t('ioc.nav.indicators')}</h1>
      <section className="card" aria-labelledby="ind-heading">
        <h2 id="ind-heading">{t('rep.kpis')}</h2>
        <Exports href="/api/reporting/indicators" formats={['csv', 'xlsx']} />
        <div className="tablewrap">
          <table className="table" data-testid="indicator-table">
            <thead>
              <tr>
                <th scope="col">{t('rep.indicator')}</th>
                <th scope="col">{t('rep.kpi.month')}</th>
                <th scope="col">{t('rep.kpi.year', { year: summary.data?.year ?? '' })}</th>
                <th scope="col">
                  {t('rep.numerator')} / {t('rep.denominator')}
                </th>
              </tr>
            </thead>
            <tbody>
              {(summary.data?.indicators ?? []).map((i) => (
                <tr key={i.key}>
                  <th scope="row">
                    <Link to={`/ioc/reporting/indicator/${i.key}`}>{lang === 'vi' ? i.nameVi : i.nameEn}</Link>
                  </th>
                  <td>{i.available ? fmtValue(i.month?.value, i.unit, lang) : t('rep.unavailable')}</td>
                  <td>{i.available ? fmtValue(i.year?.value, i.unit, lang) : t('rep.unavailable')}</td>
                  <td>
                    <Link to={`/ioc/reporting/list/${i.key}`}>
                      {i.year?.a ?? '—'} / {i.year?.b ?? '—'}
                    </Link>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
      <section className="card" aria-labelledby="sets-heading">
        <h2 id="sets-heading">{t('rep.sets')}</h2>
        <ul className="plainlist">
          {(sets.data ?? []).map((s) => (
            <li key={s.key} data-testid="criteria-set">
              <Link to={`/ioc/reporting/ranking/${s.key}`}>{lang === 'vi' ? s.nameVi : s.nameEn}</Link>{' '}
              <span className="small muted">
                {t('rep.computedShare')}: {s.share.computedCriteria}/{s.share.criteria}
                {s.warnings ? ` · ${t('rep.warnings')}: ${s.warnings}` : ''}
              </span>
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}
