import { useQuery } from '@tanstack/react-query';
import { useId } from 'react';
import { Link, useSearchParams } from 'react-router';
import { api, withQuery } from '../api/client.js';
import { ErrorNotice } from '../components/ErrorNotice.js';
import { Loading } from '../components/States.js';
import { pick, usePageTitle, useLang, useT } from '../i18n/index.js';
import { Exports } from './Exports.js';
import { dateOf, type PeriodicReport } from './periodic.js';
import { ReportStatusCell } from './ReportStatusCell.js';
import { ReviewActions } from './ReviewActions.js';

/** The receiving agency's inbox: the reports other agencies sent for a period, each accepted or returned here. */
export default function ReceivedReportsPage() {
  const t = useT();
  const { lang } = useLang();
  const selectId = useId();
  usePageTitle(t('rep.periodic.received'));
  const [params, setParams] = useSearchParams();
  const period = params.get('period') ?? '';
  // Every period's reports, so that the periods can be offered; the table shows the chosen one.
  const reports = useQuery({
    queryKey: ['reporting', 'periodic', 'received'],
    queryFn: ({ signal }) => api<PeriodicReport[]>('/api/reporting/reports', { query: { box: 'received' }, signal }),
  });
  const periods = [...new Set((reports.data ?? []).map((r) => r.periodKey))];
  const shown = (reports.data ?? []).filter((r) => !period || r.periodKey === period);
  return (
    <div className="page page--wide">
      <h1>{t('rep.periodic.received')}</h1>
      <p className="muted">{t('rep.periodic.receivedIntro')}</p>
      <p>
        <Link to="/workspace/reports">{t('rep.periodic.toMine')}</Link>
      </p>
      <div className="filters">
        <div className="field">
          <label htmlFor={selectId}>{t('rep.periodic.period')}</label>
          <select
            id={selectId}
            value={period}
            onChange={(e) => setParams(e.target.value ? { period: e.target.value } : {})}
            data-testid="received-period"
          >
            <option value="">{t('rep.periodic.allPeriods')}</option>
            {periods.map((p) => (
              <option key={p} value={p}>
                {p}
              </option>
            ))}
          </select>
        </div>
      </div>
      <Exports
        href={withQuery('/api/reporting/reports', { box: 'received', period: period || undefined })}
        formats={['xlsx', 'pdf']}
      />
      {reports.isPending ? (
        <Loading />
      ) : reports.isError ? (
        <ErrorNotice error={reports.error} onRetry={() => void reports.refetch()} />
      ) : shown.length === 0 ? (
        <p className="muted" data-testid="received-reports">
          {t('rep.periodic.empty')}
        </p>
      ) : (
        <div className="tablewrap">
          <table className="table" data-testid="received-reports">
            <caption className="visually-hidden">{t('rep.periodic.received')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('rep.agency')}</th>
                <th scope="col">{t('rep.periodic.template')}</th>
                <th scope="col">{t('rep.periodic.period')}</th>
                <th scope="col">{t('rep.periodic.submittedAt')}</th>
                <th scope="col">{t('rep.periodic.status')}</th>
                <th scope="col">{t('rep.periodic.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {shown.map((r) => {
                const label = `${r.agencyName ?? ''} ${r.periodKey}`;
                return (
                  <tr key={r.id} data-testid="received-row" data-report-id={r.id}>
                    <th scope="row">{r.agencyName}</th>
                    <td>{pick({ vi: r.templateNameVi ?? '', en: r.templateNameEn ?? '' }, lang)}</td>
                    <td>{r.periodKey}</td>
                    <td>{dateOf(r.submittedAt, lang)}</td>
                    <td>
                      <ReportStatusCell report={r} />
                    </td>
                    <td>
                      <p className="buttons">
                        <Link className="button button--ghost button--small" to={`/workspace/reports/${r.id}`}>
                          {t('rep.periodic.view')}
                          <span className="visually-hidden"> — {label}</span>
                        </Link>
                        {(['xlsx', 'pdf'] as const).map((f) => (
                          <a
                            key={f}
                            className="button button--ghost button--small"
                            href={`/api/reporting/reports/${r.id}/export?format=${f}`}
                            download
                          >
                            {f.toUpperCase()}
                            <span className="visually-hidden"> — {label}</span>
                          </a>
                        ))}
                      </p>
                      {r.status === 'submitted' && <ReviewActions report={r} label={label} />}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
